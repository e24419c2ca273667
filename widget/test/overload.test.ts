import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import { ApiError } from '../src/api-client.js';
import { retryDelayMs } from '../src/controllers/retry-controller.js';
import { FakeApi } from './fake-api.js';
import { button, deep, fill, signedInApi, visibleText, waitForButton, waitForSelector, waitForText } from './helpers.js';

/**
 * An overloaded server (decision 0031) turns requests away with 503 and Retry-After until the test
 * lets them through: the widget waits, tells the contestant what is happening, tries again by
 * itself, and loses nothing. Each wait is for a condition, never for a time.
 */
describe('retryDelayMs', () => {
  it('waits what Retry-After asks, up to half as long again at random, else backs off from a second', () => {
    const busy = new ApiError(503, 'OVERLOADED', 'quá tải', {}, 3);
    expect(retryDelayMs(busy, 5, () => 0)).to.equal(3000);
    expect(retryDelayMs(busy, 1, () => 0.999)).to.equal(4499);
    const network = new ApiError(0, 'NETWORK', 'network');
    expect([1, 2, 3, 6, 7].map((n) => retryDelayMs(network, n, () => 0))).to.deep.equal([1000, 2000, 4000, 30_000, 30_000]);
  });
});

describe('<de-an-06-quiz> under an overloaded server', () => {
  let api: FakeApi;

  afterEach(() => api.uninstall());

  async function mount() {
    return fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" source="baothaibinh.com.vn"></de-an-06-quiz>`);
  }

  async function startAttempt() {
    const el = await mount();
    const started = oneEvent(el, 'de-an-06-quiz:started');
    (await waitForButton(el, 'Bắt đầu làm bài')).click();
    await started;
    await waitForText(el, 'Câu 1/5');
    return el;
  }

  const radio = (el: Element, optionId: string) => deep<HTMLInputElement>(el, `input[type="radio"][value="${optionId}"]`)!;
  const saves = () => api.requestsTo('PUT', '/answers').length;

  it('keeps answers through a burst of 503s, says so honestly, and saves every one once the server lets them through', async () => {
    api = signedInApi();
    const el = await startAttempt();
    api.overloaded = (method) => method === 'PUT';
    radio(el, 'q1b').click();
    await waitForText(el, 'Hệ thống đang có nhiều người truy cập cùng lúc. Câu trả lời của bạn vẫn được giữ trên máy');
    await waitForText(el, 'Chưa lưu, thử lại sau');
    expect(visibleText(el.shadowRoot!)).not.to.include('Đã lưu');
    await expect(el).to.be.accessible();
    // Retried after the server's Retry-After, refused again; a second answer joins the queue meanwhile.
    await waitUntil(() => saves() >= 2, 'no retry after Retry-After', { timeout: 8000 });
    button(el, 'Câu tiếp').click();
    await waitForText(el, 'Câu 2/5');
    radio(el, 'q2c').click();
    const stored = Object.keys(localStorage).find((k) => k.includes(':pending:'))!;
    expect(JSON.parse(localStorage.getItem(stored)!)).to.deep.equal({ q1: 'q1b', q2: 'q2c' });
    api.overloaded = null;
    await waitForText(el, 'Đã lưu', 8000);
    await waitUntil(() => localStorage.getItem(stored) === null, 'queue never emptied', { timeout: 8000 });
    expect(api.attempts.values().next().value!.answers).to.deep.equal({ q1: 'q1b', q2: 'q2c' });
    expect(visibleText(el.shadowRoot!)).not.to.include('Hệ thống đang có nhiều người truy cập');
  });

  it('submits again by itself after a burst of 503s, calmly saying the answers are kept, and submits once', async () => {
    api = signedInApi();
    const el = await startAttempt();
    radio(el, 'q1a').click();
    await waitForText(el, 'Đã lưu');
    for (let i = 1; i <= 5; i += 1) {
      button(el, i === 5 ? 'Sang câu hỏi phụ' : 'Câu tiếp').click();
      await waitForText(el, i === 5 ? 'Câu hỏi phụ' : `Câu ${i + 1}/5`);
    }
    fill(deep<HTMLInputElement>(el, '#prediction')!, '1500');
    button(el, 'Xem lại và nộp bài').click();
    await waitForText(el, 'Bạn còn 4 câu chưa trả lời');
    api.overloaded = (method, path) => method === 'POST' && path.endsWith('/submit');
    const submitted = oneEvent(el, 'de-an-06-quiz:submitted');
    button(el, 'Xác nhận nộp bài').click();
    await waitForText(el, 'Các câu trả lời của bạn vẫn được giữ nguyên; bài sẽ được nộp lại sau');
    await expect(el).to.be.accessible();
    await waitUntil(() => api.requestsTo('POST', '/submit').length >= 2, 'no second try', { timeout: 8000 });
    api.overloaded = null;
    const event = await submitted;
    expect(event.detail.total).to.equal(5);
    await waitForText(el, 'Bạn trả lời đúng');
    const tries = api.requestsTo('POST', '/submit');
    // Every try carried the same answers and prediction; the attempt was submitted once, with them.
    expect(new Set(tries.map((r) => JSON.stringify(r.body))).size).to.equal(1);
    expect(tries[0].body.prediction).to.equal(1500);
    const attempt = api.attempts.values().next().value!;
    expect(attempt.status).to.equal('submitted');
    expect(attempt.answers).to.deep.equal({ q1: 'q1a' });
  });

  it('waits to start while starts are shed, showing the time to the next try, then starts by itself', async () => {
    api = signedInApi();
    api.overloaded = (method, path) => method === 'POST' && path.endsWith('/attempts');
    const el = await mount();
    (await waitForButton(el, 'Bắt đầu làm bài')).click();
    await waitForText(el, 'Đang đông người truy cập. Tự động thử lại sau');
    expect(button(el, 'Bắt đầu làm bài').disabled).to.equal(true);
    await expect(el).to.be.accessible();
    await waitUntil(() => api.requestsTo('POST', '/attempts').length >= 2, 'no second try', { timeout: 8000 });
    api.overloaded = null;
    await waitForText(el, 'Câu 1/5', 8000);
    expect(api.attempts.size).to.equal(1);
  });

  it('sends a registration again by itself once the server lets it through', async () => {
    localStorage.clear();
    api = new FakeApi().install();
    api.overloaded = (method, path) => method === 'POST' && path.endsWith('/contestants');
    const el = await mount();
    (await waitForButton(el, 'Đăng ký dự thi')).click();
    await waitForSelector<HTMLFormElement>(el, 'form');
    const values = { fullName: 'Nguyễn Thị Hoa', idNumber: '034190001234', birthDate: '1990-05-01', phone: '0912 345 678', occupation: 'can-bo' };
    for (const [name, value] of Object.entries(values)) fill(deep<HTMLInputElement>(el, `#${name}`)!, value);
    await waitUntil(() => deep(el, 'option[value="xa-tan-hoa"]'));
    fill(deep<HTMLSelectElement>(el, '#unitId')!, 'xa-tan-hoa');
    deep<HTMLInputElement>(el, '#consent')!.click();
    const registered = oneEvent(el, 'de-an-06-quiz:registered');
    deep<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
    await waitForText(el, 'Đang đông người truy cập. Tự động thử lại sau');
    await expect(el).to.be.accessible();
    await waitUntil(() => api.requestsTo('POST', '/contestants').length >= 2, 'no second try', { timeout: 8000 });
    api.overloaded = null;
    await registered;
    expect(api.contestants.size).to.equal(1);
  });
});
