/**
 * The ES-module entry, `de-an-06-quiz.mjs`: registers `<de-an-06-quiz>` and sets the API origin to
 * the origin this module was loaded from. The classic script `de-an-06-quiz.js` (loader.ts) imports
 * it after placing the element for its tag (placement.ts, which only the loader carries: the first
 * screen pays for it once).
 */
import { DeAn06Quiz } from './de-an-06-quiz.js';

export { DeAn06Quiz };

DeAn06Quiz.defaultApi ||= new URL(import.meta.url).origin;
