import { waitUntil } from '@open-wc/testing';
import { deep, deepAll, waitForSelector } from '../../test-support/shadow-dom.js';

export { deep, deepAll, waitForSelector };

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
  // Lit splits interpolations into separate text nodes; no space before punctuation, as people read it.
  return parts.join(' ').replace(/\s+/g, ' ').replace(/ ([,.:;!?)])/g, '$1').replace(/\( /g, '(');
}

export async function waitForText(root: Element, text: string, timeout = 4000): Promise<void> {
  await waitUntil(() => visibleText(root).includes(text), `text "${text}" never appeared; saw: ${visibleText(root).slice(0, 600)}`, { timeout });
}

/** A button under root whose visible text or accessible label contains `label`. */
export function button(root: Element, label: string): HTMLButtonElement {
  const found = deepAll<HTMLButtonElement>(root, 'button').find(
    (b) => (b.textContent ?? '').includes(label) || (b.getAttribute('aria-label') ?? '').includes(label),
  );
  if (!found) throw new Error(`no button "${label}"`);
  return found;
}

export function buttons(root: Element): HTMLButtonElement[] {
  return deepAll<HTMLButtonElement>(root, 'button');
}

/** Types into a control the way a person does: value, then input and change events. */
export function fill(input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Puts a file into a file input as if it had been picked. */
export function pickFile(input: HTMLInputElement, file: File): void {
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** The control labelled `label` (by its <label for>), searching shadow roots. */
export function control<T extends HTMLElement = HTMLInputElement>(root: Element, label: string): T {
  for (const l of deepAll<HTMLLabelElement>(root, 'label')) {
    if ((l.textContent ?? '').trim() === label && l.htmlFor) {
      const el = (l.getRootNode() as ShadowRoot | Document).getElementById(l.htmlFor);
      if (el) return el as T;
    }
  }
  throw new Error(`no control labelled "${label}"`);
}

/** The text of the error the control points at with aria-describedby. */
export function describedError(el: HTMLElement): string {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  const root = el.getRootNode() as ShadowRoot | Document;
  return ids
    .map((id) => root.getElementById(id))
    .filter((x): x is HTMLElement => !!x && x.classList.contains('error'))
    .map((x) => x.textContent?.trim() ?? '')
    .join(' ');
}

/** Every write control still enabled: buttons, inputs, selects, textareas that are not disabled. */
export function enabledWriteControls(root: Element, allowed: (el: HTMLElement) => boolean = () => false): HTMLElement[] {
  return deepAll<HTMLElement>(root, 'button, input, select, textarea').filter(
    (el) => !el.matches(":disabled") && !allowed(el),
  );
}
