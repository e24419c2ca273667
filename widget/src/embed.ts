/**
 * The ES-module entry, `de-an-06-quiz.mjs`: registers `<de-an-06-quiz>` and sets the API origin to
 * the origin this module was loaded from. The classic script `de-an-06-quiz.js` (loader.ts) imports
 * it after placing the element for its tag (placement.ts); `mount` does the same for other callers.
 */
import { DeAn06Quiz } from './de-an-06-quiz.js';
import { placeElement } from './placement.js';

export { DeAn06Quiz };

/** Puts a `<de-an-06-quiz>` right before a loader tag that names a contest (`data-contest`), once. */
export function mount(script: HTMLScriptElement): DeAn06Quiz | null {
  return placeElement(script) as DeAn06Quiz | null;
}

DeAn06Quiz.defaultApi ||= new URL(import.meta.url).origin;
