/**
 * The one-script-tag loader. `<script src=".../de-an-06-quiz.js" data-contest="…" async>` registers
 * `<de-an-06-quiz>` and mounts it where the tag stands; the API defaults to the script's own origin.
 */
import { DeAn06Quiz } from './de-an-06-quiz.js';

export { DeAn06Quiz };

const MOUNTED = 'deAn06Mounted';

function scriptOrigin(script: HTMLScriptElement | null): string {
  try {
    if (script?.src) return new URL(script.src).origin;
    // the ES-module build has no currentScript: its own URL says where it came from
    return new URL(import.meta.url).origin;
  } catch {
    return '';
  }
}

/** Puts a `<de-an-06-quiz>` right before a loader tag that names a contest (`data-contest`). */
export function mount(script: HTMLScriptElement): DeAn06Quiz | null {
  const contest = script.dataset.contest;
  if (!contest || script.dataset[MOUNTED]) return null;
  script.dataset[MOUNTED] = 'true';
  const element = document.createElement('de-an-06-quiz');
  for (const name of ['api', 'source', 'view', 'lang'] as const) {
    const value = script.dataset[name];
    if (value) element.setAttribute(name, value);
  }
  element.setAttribute('contest', contest);
  script.parentNode?.insertBefore(element, script);
  return element;
}

const current = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
const origin = scriptOrigin(current);
if (origin && !DeAn06Quiz.defaultApi) DeAn06Quiz.defaultApi = origin;
if (current) mount(current);
