/**
 * The classic-script build, `<script src=".../de-an-06-quiz.js" data-contest="…" async>`: it imports
 * the ES-module build next to it (`de-an-06-quiz.mjs`, which registers `<de-an-06-quiz>`) and mounts
 * the element where the tag stands. One copy of the code and of Lit serves both builds, and only the
 * module build's first-screen part is fetched up front (decision 0013).
 */
import { loadFailed, retry } from './strings.js';

type Embed = typeof import('./embed.js');

const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

/** Where the widget would have been, a plain notice with a retry button: never a blank space. */
function showFailure() {
  const notice = document.createElement('p');
  notice.setAttribute('role', 'alert');
  notice.textContent = `${loadFailed} `;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = retry;
  button.onclick = () => {
    notice.remove();
    load();
  };
  notice.append(button);
  script!.before(notice);
}

function load() {
  import(new URL('de-an-06-quiz.mjs', script!.src).href).then(
    (embed: Embed) => embed.mount(script!),
    () => script!.dataset.contest && showFailure(),
  );
}

if (script?.src) load();
