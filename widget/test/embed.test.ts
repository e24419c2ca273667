import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { DeAn06Quiz } from '../src/embed.js';
import { placeElement, RESERVED_SPACE, reserveSpace } from '../src/placement.js';
import { FakeApi } from './fake-api.js';
import { visibleText, waitForText } from './helpers.js';

describe('embedding', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
  });

  afterEach(() => {
    api.uninstall();
    fixtureCleanup();
  });

  it('mounts the widget where a loader tag with data-contest stands, passing its options', async () => {
    const host = await fixture<HTMLElement>(html`<article><p>Đoạn trước</p><script data-contest="de-an-06-thai-binh" data-lang="en" data-source="baothaibinh.com.vn"></script><p>Đoạn sau</p></article>`);
    const script = host.querySelector('script')!;
    const element = placeElement(script)!;
    expect(element.previousElementSibling!.textContent).to.equal('Đoạn trước');
    expect(element.nextElementSibling).to.equal(script);
    expect(element.getAttribute('contest')).to.equal('de-an-06-thai-binh');
    expect(element.getAttribute('lang')).to.equal('en');
    expect(element.getAttribute('source')).to.equal('baothaibinh.com.vn');
    await waitForText(element, 'Register');
    // the same tag never mounts twice
    expect(placeElement(script)).to.equal(null);
  });

  it('reserves the space of a first screen before the code arrives, once per page', () => {
    reserveSpace();
    reserveSpace();
    const adopted = document.adoptedStyleSheets.filter((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes('de-an-06-quiz:not(:defined)')));
    expect(adopted).to.have.length(1);
    expect(RESERVED_SPACE).to.include('var(--de-an-06-reserved-height,640px)');
  });

  it('holds its reserved height while the contest loads, so the host page does not jump', async () => {
    let release!: () => void;
    api.hold = new Promise((resolve) => (release = resolve));
    const host = await fixture<HTMLElement>(html`<div>
      <de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>
      <de-an-06-quiz contest="de-an-06-thai-binh" view="results"></de-an-06-quiz>
      <de-an-06-quiz contest="de-an-06-thai-binh" view="units" style="--de-an-06-reserved-height: 200px"></de-an-06-quiz>
    </div>`);
    const [contest, results, units] = [...host.querySelectorAll('de-an-06-quiz')];
    await waitForText(contest!, 'Đang tải');
    expect(contest!.getBoundingClientRect().height).to.be.at.least(640);
    expect(results!.getBoundingClientRect().height).to.be.at.least(320);
    expect(Math.round(units!.getBoundingClientRect().height)).to.equal(200);
    const reserved = results!.getBoundingClientRect().height;
    release();
    api.hold = null;
    await waitForText(contest!, 'Đăng ký dự thi');
    await waitForText(results!, 'chưa');
    // The contest grows below its reserve; a short table keeps the floor instead of pulling the page up.
    expect(contest!.getBoundingClientRect().height).to.be.at.least(640);
    expect(results!.getBoundingClientRect().height).to.equal(reserved);
  });

  it('takes the API origin from where the script was loaded', () => {
    expect(DeAn06Quiz.defaultApi).to.equal(location.origin);
  });

  it('survives a second copy of the element code being evaluated', async () => {
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    // a fresh module instance runs the guarded define again, as a second <script> tag would
    await import(`../src/de-an-06-quiz.ts?copy=${Date.now()}`);
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    expect(customElements.get('de-an-06-quiz')).to.equal(DeAn06Quiz);
  });

  it('loads the built classic script twice without an error, when the build exists', async function () {
    api.uninstall();
    const response = await fetch('/dist/widget/de-an-06-quiz.js').catch(() => null);
    api.install();
    if (!response?.ok) this.skip();
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    const host = await fixture<HTMLElement>(html`<div></div>`);
    for (let i = 0; i < 2; i += 1) {
      const script = document.createElement('script');
      script.src = '/dist/widget/de-an-06-quiz.js';
      script.dataset.contest = 'de-an-06-thai-binh';
      const loaded = new Promise((resolve) => script.addEventListener('load', resolve));
      host.append(script);
      await loaded;
    }
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    await waitUntil(() => host.querySelectorAll('de-an-06-quiz').length === 2);
    await waitForText(host.querySelector('de-an-06-quiz')!, api.contest.title);
  });

  it('keeps the host page CSS out and its own CSS in', async () => {
    const host = await fixture<HTMLElement>(html`<div>
      <style>
        .hostile * { font-size: 10px !important; color: rgb(0, 255, 0) !important; }
        .hostile button { all: unset; }
        .hostile { font-family: 'Comic Sans MS'; letter-spacing: 5px; text-transform: uppercase; }
      </style>
      <div class="hostile">
        <button id="outside">x</button>
        <de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>
      </div>
    </div>`);
    const el = host.querySelector('de-an-06-quiz')!;
    await waitForText(el, api.contest.title);
    const heading = el.shadowRoot!.querySelector('h2')!;
    const style = getComputedStyle(heading);
    expect(style.fontSize).to.equal('24px');
    expect(style.textTransform).to.equal('none');
    expect(style.letterSpacing).to.equal('normal');
    const start = [...el.shadowRoot!.querySelectorAll('button')][0];
    expect(getComputedStyle(start).minHeight).to.equal('44px');
    expect(visibleText(el.shadowRoot!)).to.include('Đăng ký dự thi');
    // and nothing of the widget's styles reaches the page
    expect(getComputedStyle(host.querySelector('#outside')!).minHeight).to.not.equal('44px');
  });
});
