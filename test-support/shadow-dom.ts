import { waitUntil } from '@open-wc/testing';

// Finding things the way a person sees them in a page of custom elements: across shadow roots.
// Shared by the widget's and the organiser console's browser tests.

/** Every element matching `selector` under `root`, crossing shadow roots. */
export function deepAll<T extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): T[] {
  const out = [...root.querySelectorAll<T>(selector)];
  if (root instanceof Element && root.shadowRoot) out.push(...deepAll<T>(root.shadowRoot, selector));
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out.push(...deepAll<T>(el.shadowRoot, selector));
  return out;
}

/** The first element matching `selector` under `root`, crossing shadow roots. */
export function deep<T extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): T | null {
  return deepAll<T>(root, selector)[0] ?? null;
}

export async function waitForSelector<T extends Element = HTMLElement>(root: Element, selector: string, timeout = 4000): Promise<T> {
  await waitUntil(() => deep(root, selector), `no ${selector}`, { timeout });
  return deep<T>(root, selector)!;
}
