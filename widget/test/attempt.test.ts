import { expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import type { FakeApi } from './fake-api.js';
import { button, deep, deepActiveElement, deepAll, fill, signedInApi, STORAGE_KEY, visibleText, waitForButton, waitForText } from './helpers.js';

describe('<de-an-06-quiz> attempt', () => {
  let api: FakeApi;

  beforeEach(() => {
    api = signedInApi();
  });

  afterEach(() => api.uninstall());

  async function mount() {
    return fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" source="sotttt.thaibinh.gov.vn"></de-an-06-quiz>`);
  }

  async function startAttempt() {
    const el = await mount();
    const started = oneEvent(el, 'de-an-06-quiz:started');
    (await waitForButton(el, 'Bắt đầu làm bài')).click();
    await started;
    await waitForText(el, 'Câu 1/5');
    return el;
  }

  function radio(el: Element, optionId: string) {
    return deep<HTMLInputElement>(el, `input[type="radio"][value="${optionId}"]`)!;
  }

  it('starts with the source site, shows "Câu 1/5", a timer and progress, and focuses the question heading', async () => {
    const el = await startAttempt();
    expect(api.requestsTo('POST', '/attempts')[0].body).to.include({ source: 'sotttt.thaibinh.gov.vn' });
    expect(deep(el, '[role="timer"]')!.textContent).to.match(/14:5\d|15:00/);
    expect(deep(el, 'progress')).to.exist;
    await waitUntil(() => deepActiveElement()?.id === 'step-heading');
    expect(deepActiveElement()!.textContent).to.equal('Câu 1/5');
    expect(deep(el, '[role="radiogroup"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('saves each answer at once and says so', async () => {
    const el = await startAttempt();
    radio(el, 'q1a').click();
    await waitForText(el, 'Đã lưu');
    expect(api.requestsTo('PUT', '/answers')[0].body).to.deep.equal({ answers: { q1: 'q1a' } });
    expect(api.attempts.values().next().value!.answers).to.deep.equal({ q1: 'q1a' });
  });

  it('can be used with the keyboard: arrows choose an option, buttons move between questions', async () => {
    const el = await startAttempt();
    radio(el, 'q1a').focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => radio(el, 'q1b').checked);
    await waitForText(el, 'Đã lưu');
    button(el, 'Câu tiếp').focus();
    await sendKeys({ press: 'Enter' });
    await waitForText(el, 'Câu 2/5');
    await waitUntil(() => deepActiveElement()?.id === 'step-heading');
    expect(deepActiveElement()!.textContent).to.equal('Câu 2/5');
  });

  it('moves freely back and forth and through the question map', async () => {
    const el = await startAttempt();
    radio(el, 'q1c').click();
    button(el, 'Câu tiếp').click();
    await waitForText(el, 'Câu 2/5');
    const mapButton = deepAll<HTMLButtonElement>(el, 'nav button').find((b) => b.getAttribute('aria-label') === 'Câu 4, chưa trả lời')!;
    mapButton.click();
    await waitForText(el, 'Câu 4/5');
    button(el, 'Câu trước').click();
    await waitForText(el, 'Câu 3/5');
    const first = deepAll<HTMLButtonElement>(el, 'nav button').find((b) => b.getAttribute('aria-label') === 'Câu 1, đã trả lời')!;
    first.click();
    await waitForText(el, 'Câu 1/5');
    expect(radio(el, 'q1c').checked).to.equal(true);
    expect(first.getAttribute('aria-current')).to.equal('step');
  });

  it('asks the prediction, reviews unanswered questions, submits after confirmation and shows the result', async () => {
    const el = await startAttempt();
    radio(el, 'q1a').click();
    await waitForText(el, 'Đã lưu');
    for (let i = 1; i <= 5; i += 1) {
      button(el, i === 5 ? 'Sang câu hỏi phụ' : 'Câu tiếp').click();
      await waitForText(el, i === 5 ? 'Câu hỏi phụ' : `Câu ${i + 1}/5`);
      if (i === 2) radio(el, 'q3a').click();
    }
    await waitForText(el, 'Theo bạn, có bao nhiêu người tham gia cuộc thi?');
    await waitForText(el, 'Dự đoán của lượt nộp bài đầu tiên được dùng để xét giải');
    button(el, 'Xem lại và nộp bài').click();
    await waitForText(el, 'Vui lòng nhập một số nguyên');
    await expect(el).to.be.accessible();
    fill(deep<HTMLInputElement>(el, '#prediction')!, '1500');
    button(el, 'Xem lại và nộp bài').click();
    await waitForText(el, 'Bạn còn 3 câu chưa trả lời');
    await expect(el).to.be.accessible();
    expect(api.requestsTo('POST', '/submit')).to.have.length(0);
    const submitted = oneEvent(el, 'de-an-06-quiz:submitted');
    button(el, 'Xác nhận nộp bài').click();
    const event = await submitted;
    expect(event.detail).to.deep.equal({ score: 2, total: 5 });
    expect(api.requestsTo('POST', '/submit')[0].body.prediction).to.equal(1500);
    await waitForText(el, 'Bạn trả lời đúng 2/5 câu');
    await waitForText(el, 'Còn 2 lượt thi');
    await waitForText(el, 'Thứ hạng tạm thời');
    await waitForText(el, '(bạn)');
    // Two rows carry the contestant's name; only the one the server marked by token is theirs.
    const marked = deepAll(el, 'tr').filter((row) => row.textContent?.includes('(bạn)'));
    expect(marked.map((row) => row.querySelector('td')?.textContent?.trim())).to.deep.equal(['2']);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).attemptId).to.equal(undefined);
    await expect(el).to.be.accessible();
    button(el, 'Thi lượt mới').click();
    await waitForText(el, 'Câu 1/5');
  });

  it('keeps answers while offline, says so, and retries until they are saved', async () => {
    const el = await startAttempt();
    api.failSaves = 2;
    window.dispatchEvent(new Event('offline'));
    radio(el, 'q1b').click();
    await waitForText(el, 'Mất kết nối mạng');
    await waitForText(el, 'Chưa lưu');
    await expect(el).to.be.accessible();
    const stored = Object.keys(localStorage).find((k) => k.includes(':pending:'))!;
    expect(JSON.parse(localStorage.getItem(stored)!)).to.deep.equal({ q1: 'q1b' });
    // the retry after backoff fails once more, then the browser is back online
    await waitUntil(() => api.requestsTo('PUT', '/answers').length >= 2, 'no retry', { timeout: 4000 });
    window.dispatchEvent(new Event('online'));
    await waitForText(el, 'Đã lưu', 5000);
    expect(visibleText(el.shadowRoot!)).not.to.include('Mất kết nối mạng');
    expect(api.attempts.values().next().value!.answers).to.deep.equal({ q1: 'q1b' });
    expect(localStorage.getItem(stored)).to.equal(null);
  });

  it('resumes after a reload with the same questions, saved answers and deadline from the server', async () => {
    const el = await startAttempt();
    radio(el, 'q1d').click();
    await waitForText(el, 'Đã lưu');
    const attempt = api.attempts.values().next().value!;
    // 10 minutes already used, as the server sees it
    attempt.deadline = new Date(Date.now() + 5 * 60_000).toISOString();
    fixtureCleanup();
    const again = await mount();
    await waitForText(again, 'Câu 2/5');
    expect(api.requestsTo('GET', `/attempts/${attempt.id}`)).to.have.length(1);
    expect(deep(again, '[role="timer"]')!.textContent).to.match(/[45]:\d\d/);
    deepAll<HTMLButtonElement>(again, 'nav button')[0].click();
    await waitForText(again, 'Câu 1/5');
    expect(radio(again, 'q1d').checked).to.equal(true);
  });

  it('re-sends an answer left unsaved when the page was closed', async () => {
    const el = await startAttempt();
    const attempt = api.attempts.values().next().value!;
    api.offline = true;
    radio(el, 'q1c').click();
    await waitForText(el, 'Chưa lưu');
    fixtureCleanup();
    api.offline = false;
    const again = await mount();
    await waitUntil(() => attempt.answers.q1 === 'q1c', 'unsaved answer never re-sent');
    await waitForText(again, 'Câu');
  });

  it('turns the timer urgent in the last minute and announces it', async () => {
    api.timeLimitMs = 50_000;
    const el = await startAttempt();
    const timer = deep(el, '[role="timer"]')!;
    await waitUntil(() => deep(el, '[role="timer"]')!.classList.contains('urgent'));
    expect(timer.textContent).to.include('Còn dưới 1 phút');
    expect(deep(el, '[aria-live="assertive"]')!.textContent).to.include('Còn dưới 1 phút làm bài!');
    await expect(el).to.be.accessible();
  });

  it('submits what was saved when the time is up and tells the contestant', async () => {
    api.timeLimitMs = 2500;
    const el = await startAttempt();
    radio(el, 'q1a').click();
    await waitForText(el, 'Đã lưu');
    const submitted = oneEvent(el, 'de-an-06-quiz:submitted');
    const event = await submitted;
    expect(event.detail).to.deep.equal({ score: 1, total: 5 });
    expect(api.requestsTo('POST', '/submit')[0].body.answers).to.deep.equal({});
    await waitForText(el, 'Đã hết giờ làm bài');
    await waitForText(el, 'Bạn trả lời đúng 1/5 câu');
    await expect(el).to.be.accessible();
  });

  it('shows the result of an attempt that was finalised while the contestant was away', async () => {
    api.timeLimitMs = 300;
    const el = await startAttempt();
    fixtureCleanup();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const again = await mount();
    expect(el).to.exist;
    await waitForText(again, 'Bạn trả lời đúng 0/5 câu');
  });

  it('with scores shown only after the close, says the attempt was received and when scores and ranks appear', async () => {
    api.contest = { ...api.contest, revealScore: 'afterClose', endsAt: '2031-05-19T03:00:00.000Z' };
    const el = await startAttempt();
    radio(el, 'q1a').click();
    await waitForText(el, 'Đã lưu');
    for (let i = 1; i <= 5; i += 1) {
      button(el, i === 5 ? 'Sang câu hỏi phụ' : 'Câu tiếp').click();
      await waitForText(el, i === 5 ? 'Câu hỏi phụ' : `Câu ${i + 1}/5`);
    }
    fill(deep<HTMLInputElement>(el, '#prediction')!, '1500');
    button(el, 'Xem lại và nộp bài').click();
    await waitForText(el, 'Xác nhận nộp bài');
    const submitted = oneEvent(el, 'de-an-06-quiz:submitted');
    button(el, 'Xác nhận nộp bài').click();
    expect((await submitted).detail).to.deep.equal({ score: null, total: null });
    await waitForText(el, 'Bài thi đã được ghi nhận');
    await waitForText(el, 'Điểm và thứ hạng sẽ được công bố khi cuộc thi kết thúc (10 giờ 00, ngày 19/5/2031)');
    await waitForText(el, 'Bảng xếp hạng sẽ được công bố khi cuộc thi kết thúc');
    const text = visibleText(el.shadowRoot!);
    expect(text).not.to.include('Bạn trả lời đúng');
    expect(text).not.to.include('Thứ hạng');
    expect(text).not.to.include('Kết quả tốt nhất');
    await expect(el).to.be.accessible();
  });

  it('says when no attempts are left', async () => {
    api.maxAttempts = 0;
    const el = await mount();
    await waitForText(el, 'Bạn đã dùng hết số lượt thi.');
    expect(deepAll<HTMLButtonElement>(el, 'button').some((b) => b.textContent!.includes('Bắt đầu làm bài'))).to.equal(false);
  });
});
