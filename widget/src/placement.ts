/**
 * Where the widget stands on a host page, before and after its code arrives. Used by the classic
 * loader only (which runs first, so the page keeps the widget's place from its first paint); the
 * module does not carry it. No Lit here: the loader must stay tiny.
 */

const MOUNTED = 'deAn06Mounted';

/**
 * Until the element is defined it holds a first screen's height, so the host's content below does
 * not jump when the contest appears (layout shift counts against the host page). The contest view
 * is taller than the reserve on every screen width, so it only grows below the fold; the tables of
 * the other views reserve less. `--de-an-06-reserved-height` overrides both (README, "Nhúng").
 */
export const RESERVED_SPACE =
  'de-an-06-quiz{display:block}' +
  'de-an-06-quiz:not(:defined){min-height:var(--de-an-06-reserved-height,640px)}' +
  'de-an-06-quiz[view]:not([view=contest]):not(:defined){min-height:var(--de-an-06-reserved-height,320px)}';

/** Adopts the reserve once per document (a constructed sheet: allowed under a strict style-src CSP). */
export function reserveSpace(doc: Document = document): void {
  const sheets = doc.adoptedStyleSheets;
  if (!sheets || sheets.some((sheet) => (sheet as CSSStyleSheet & { deAn06?: true }).deAn06)) return;
  const sheet = new CSSStyleSheet() as CSSStyleSheet & { deAn06?: true };
  sheet.replaceSync(RESERVED_SPACE);
  sheet.deAn06 = true;
  doc.adoptedStyleSheets = [...sheets, sheet];
}

/** Puts a `<de-an-06-quiz>` right before a loader tag that names a contest (`data-contest`), once. */
export function placeElement(script: HTMLScriptElement): HTMLElement | null {
  const contest = script.dataset.contest;
  if (!contest || script.dataset[MOUNTED]) return null;
  script.dataset[MOUNTED] = 'true';
  const element = script.ownerDocument.createElement('de-an-06-quiz');
  for (const name of ['api', 'source', 'view', 'lang'] as const) {
    const value = script.dataset[name];
    if (value) element.setAttribute(name, value);
  }
  element.setAttribute('contest', contest);
  script.parentNode?.insertBefore(element, script);
  return element;
}

/** Undoes `placeElement` when the widget's code could not be fetched, so a retry places it again. */
export function unplaceElement(script: HTMLScriptElement, element: HTMLElement | null): void {
  element?.remove();
  delete script.dataset[MOUNTED];
}
