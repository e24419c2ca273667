import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import { sha256, solveChallenge } from '../src/proof-of-work.js';
import type { FakeApi } from './fake-api.js';
import { button, deepAll, signedInApi, STORAGE_KEY, visibleText, waitForButton, waitForText } from './helpers.js';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

describe('proof of work before an attempt starts', () => {
  let api: FakeApi;

  beforeEach(() => {
    api = signedInApi();
  });

  afterEach(() => api.uninstall());

  async function mount() {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" source="sotttt.thaibinh.gov.vn"></de-an-06-quiz>`);
    await waitForText(el, 'Xin chào, Nguyễn Văn An');
    return el;
  }

  it('solves SHA-256 challenges the way the server makes them, batch edges included', async () => {
    const salt = '0123456789abcdef?contest=de-an-06-thai-binh&expires=1795864477&';
    for (const number of [0, 499, 500, 1234]) {
      const challenge = { algorithm: 'SHA-256' as const, challenge: await sha256Hex(salt + number), maxnumber: 1500, salt, signature: 'cd'.repeat(32) };
      expect(await solveChallenge(challenge)).to.deep.equal({ algorithm: 'SHA-256', challenge: challenge.challenge, number, salt, signature: challenge.signature });
    }
    expect(await solveChallenge({ algorithm: 'SHA-256', challenge: '0'.repeat(64), maxnumber: 100, salt, signature: '' })).to.equal(null);
  });

  it('shows and announces "Đang xác minh…" while it solves, then sends the solution with the start', async () => {
    api.challengeMaxNumber = 40_000;
    const el = await mount();
    const started = oneEvent(el, 'de-an-06-quiz:started');
    (await waitForButton(el, 'Bắt đầu làm bài')).click();
    // What the person sees while it solves, read in one go: the announcement and the start button.
    let startDisabledWhileVerifying: boolean | undefined;
    const announced = () => {
      if (!deepAll(el, '[role="status"]').some((region) => region.textContent?.includes('Đang xác minh…'))) return false;
      startDisabledWhileVerifying = button(el, 'Bắt đầu làm bài').disabled;
      return true;
    };
    await waitUntil(announced, 'the verifying state never showed in a status region', { interval: 5, timeout: 4000 });
    expect(startDisabledWhileVerifying).to.equal(true);
    await expect(el).to.be.accessible();
    await started;
    await waitForText(el, 'Câu 1/5');
    expect(visibleText(el)).not.to.include('Đang xác minh');
    const [challenge] = api.requestsTo('GET', '/challenge');
    const [start] = api.requestsTo('POST', '/attempts');
    expect(challenge.auth).to.equal(start.auth);
    expect(start.body.source).to.equal('sotttt.thaibinh.gov.vn');
    expect(start.body.challenge).to.include({ algorithm: 'SHA-256', number: api.challenges.get(start.body.challenge.salt) });
  });

  it('fetches and solves a new challenge once when the server refuses the solution', async () => {
    api.refuseChallenges = 1;
    const el = await mount();
    (await waitForButton(el, 'Bắt đầu làm bài')).click();
    await waitForText(el, 'Câu 1/5');
    expect(api.requestsTo('GET', '/challenge')).to.have.length(2);
    const starts = api.requestsTo('POST', '/attempts');
    expect(starts).to.have.length(2);
    expect(starts[1].body.challenge.salt).not.to.equal(starts[0].body.challenge.salt);
  });

  it('stops after one retry and says why, in Vietnamese', async () => {
    api.refuseChallenges = 2;
    const el = await mount();
    (await waitForButton(el, 'Bắt đầu làm bài')).click();
    await waitForText(el, 'Chưa xác minh được yêu cầu bắt đầu làm bài');
    expect(api.requestsTo('POST', '/attempts')).to.have.length(2);
    // The message shows before the start settles; the button comes back once it has.
    const start = await waitForButton(el, 'Bắt đầu làm bài');
    await waitUntil(() => !start.isConnected || !start.disabled, 'the start button stayed disabled after the refusal', { timeout: 4000 });
    expect(button(el, 'Bắt đầu làm bài').disabled).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('picks an attempt in progress up after a reload without solving a challenge', async () => {
    const el = await mount();
    (await waitForButton(el, 'Bắt đầu làm bài')).click();
    await waitForText(el, 'Câu 1/5');
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ token: JSON.parse(localStorage.getItem(STORAGE_KEY)!).token }));
    const again = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(again, 'Câu 1/5');
    expect(api.requestsTo('GET', '/challenge')).to.have.length(1);
  });

  it('skips the proof of work when the server asks none (ATTEMPT_CHALLENGE=off)', async () => {
    api.challengeRequired = false;
    const el = await mount();
    (await waitForButton(el, 'Bắt đầu làm bài')).click();
    await waitForText(el, 'Câu 1/5');
    const [start] = api.requestsTo('POST', '/attempts');
    expect(start.body.challenge).to.equal(undefined);
  });
});

describe('proof of work on a page without crypto.subtle (plain http)', () => {
  const hideSubtle = () => Object.defineProperty(globalThis.crypto, 'subtle', { get: () => undefined, configurable: true });
  afterEach(() => {
    delete (globalThis.crypto as { subtle?: unknown }).subtle;
  });

  it('its own SHA-256 agrees with the browser’s for every padding edge', async () => {
    for (const length of [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const text = Array.from({ length }, (_, i) => String.fromCharCode(33 + ((i * 7) % 90))).join('');
      const bytes = new TextEncoder().encode(text);
      const hex = (digest: ArrayBuffer | Uint8Array) => [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
      expect(hex(sha256(bytes)), `length ${length}`).to.equal(hex(await crypto.subtle.digest('SHA-256', bytes)));
    }
    expect([...sha256(new TextEncoder().encode('abc'))].map((b) => b.toString(16).padStart(2, '0')).join('')).to.equal(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('solves a challenge with crypto.subtle missing', async () => {
    const salt = '0123456789abcdef?contest=de-an-06-thai-binh&expires=1795864477&';
    const challenge = { algorithm: 'SHA-256' as const, challenge: await sha256Hex(salt + 777), maxnumber: 1500, salt, signature: 'cd'.repeat(32) };
    hideSubtle();
    expect(globalThis.crypto.subtle).to.equal(undefined);
    expect(await solveChallenge(challenge)).to.deep.equal({ algorithm: 'SHA-256', challenge: challenge.challenge, number: 777, salt, signature: challenge.signature });
  });
});
