/**
 * The classic-script build, `<script src=".../de-an-06-quiz.js" data-contest="…" async>`: it places
 * `<de-an-06-quiz>` where the tag stands at once (holding its space, placement.ts), then imports the
 * ES-module build next to it (`de-an-06-quiz.mjs`, which defines the element). One copy of the code
 * and of Lit serves both builds, and only the module build's first-screen part is fetched up front
 * (decision 0013).
 */
import { placeElement, reserveSpace, unplaceElement } from './placement.js';
import { loadFailed, retry } from './strings.js';

const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

/** Where the widget would have been, a plain notice with a retry button: never a blank space. */
function showFailure(element: HTMLElement | null) {
  unplaceElement(script!, element);
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

/**
 * An `async` tag usually runs after the page's first paint. When what follows it is then in view, the
 * full reserve would push it down by 640 px, and a layout shift counts the distance moved: until the
 * element is defined it reserves only the rest of the viewport (its own `--de-an-06-reserved-height`),
 * so what follows just leaves the view; the widget then grows below the fold (decision 0038).
 */
function holdRestOfView(element: HTMLElement) {
  const room = innerHeight - element.getBoundingClientRect().top;
  const name = '--de-an-06-reserved-height';
  if (room > 0 && room < element.offsetHeight) {
    element.style.setProperty(name, `${room}px`);
    // Not before a frame has been drawn with the smaller reserve: when the module is already cached it
    // is defined at once, and growing in that same frame would move what follows by the whole reserve.
    const frame = (then: () => void) => requestAnimationFrame(() => requestAnimationFrame(then));
    customElements.whenDefined(element.localName).then(() => frame(() => element.style.removeProperty(name)));
  }
}

function load() {
  const element = placeElement(script!);
  if (element) holdRestOfView(element);
  import(new URL('de-an-06-quiz.mjs', script!.src).href).then(
    () => undefined,
    () => script!.dataset.contest && showFailure(element),
  );
}

if (script?.src) {
  reserveSpace();
  load();
}
