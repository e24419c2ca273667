import { waitUntil } from '@open-wc/testing';
import { deep, deepAll, waitForSelector } from '../../test-support/shadow-dom.js';
import { FakeApi } from './fake-api.js';

export { deep, deepAll, waitForSelector };

/** Where the widget keeps the demo contest's session on this page (decision 0006). */
export const STORAGE_KEY = `de-an-06-quiz:${location.origin}:de-an-06-thai-binh`;

/** A fresh fake API with a contestant already signed in on this device. */
export function signedInApi(): FakeApi {
  localStorage.clear();
  const api = new FakeApi().install();
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ token: api.seedContestant() }));
  return api;
}

/** All text a person sees under `root`, shadow roots included, whitespace collapsed. */
export function visibleText(root: Element | ShadowRoot): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof HTMLElement && (node.hidden || node.tagName === 'STYLE')) return;
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element && node.shadowRoot) node.shadowRoot.childNodes.forEach(walk);
    node.childNodes.forEach(walk);
  };
  walk(root);
  return parts.join(' ').replace(/\s+/g, ' ');
}

export async function waitForText(root: Element, text: string, timeout = 4000): Promise<void> {
  await waitUntil(() => visibleText(root).includes(text), `text "${text}" never appeared; saw: ${visibleText(root).slice(0, 400)}`, { timeout });
}

/** A button anywhere under root whose text contains `label`. */
export function button(root: Element, label: string): HTMLButtonElement {
  const found = deepAll<HTMLButtonElement>(root, 'button').find((b) => (b.textContent ?? '').includes(label));
  if (!found) throw new Error(`no button "${label}"`);
  return found;
}

export async function waitForButton(root: Element, label: string): Promise<HTMLButtonElement> {
  await waitUntil(() => deepAll<HTMLButtonElement>(root, 'button').some((b) => (b.textContent ?? '').includes(label)), `no button "${label}"`, { timeout: 4000 });
  return button(root, label);
}

export function fill(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

export const STORAGE_PREFIX = 'de-an-06-quiz:';
