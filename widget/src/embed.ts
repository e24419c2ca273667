/**
 * The ES-module entry, `de-an-06-quiz.mjs`: registers `<de-an-06-quiz>` and sets the API origin to
 * the origin this module was loaded from. The classic script `de-an-06-quiz.js` (loader.ts) imports
 * it and calls `mount` for its tag.
 */
import { DeAn06Quiz } from './de-an-06-quiz.js';

export { DeAn06Quiz };

const MOUNTED = 'deAn06Mounted';

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

DeAn06Quiz.defaultApi ||= new URL(import.meta.url).origin;
