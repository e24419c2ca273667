import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import { FakeApi, sampleContest } from './fake-api.js';
import { addLearningRoutes, type LearningRoutes } from './learning-fake.js';
import { button, deep, deepActiveElement, deepAll, fill, signedInApi, STORAGE_KEY, visibleText, waitForButton, waitForText } from './helpers.js';

/** Three questions, as an attempt shows them: q1 answered right (option a), q2 answered wrong, q3 left unanswered. */
const QUESTIONS = ['q1', 'q2', 'q3'].map((id, i) => ({
  id,
  text: `Câu hỏi số ${i + 1} về định danh điện tử?`,
  options: ['a', 'b', 'c'].map((letter) => ({ id: `${id}${letter}`, text: `Phương án ${letter.toUpperCase()} của câu ${i + 1}` })),
}));

/** A submitted attempt of the signed-in contestant (c1), `n` minutes ago. */
function seedSubmitted(api: FakeApi, id: string, minutesAgo = 5, answers: Record<string, string> = { q1: 'q1a', q2: 'q2b' }) {
  const submittedAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const right = Object.entries(answers).filter(([q, o]) => o === `${q}a`).length;
  api.attempts.set(id, {
    id,
    contestantId: 'c1',
    status: 'submitted',
    startedAt: new Date(Date.parse(submittedAt) - 120_000).toISOString(),
    deadline: new Date(Date.parse(submittedAt) + 600_000).toISOString(),
    now: new Date().toISOString(),
    questions: QUESTIONS,
    answers,
    answerKeyShown: false,
    score: right,
    total: QUESTIONS.length,
    durationMs: 120_000,
    submittedAt,
    autoSubmitted: false,
  });
}

/** The list item of question `id` in the open review (or the answers view). */
const item = (el: Element, questionId: string) => deepAll<HTMLElement>(el, 'li').find((li) => li.querySelector(`[data-option^="${questionId}"]`))!;

/** What a person reads: the text of `el`, without the space text nodes leave before punctuation. */
const read = (el: Element) => visibleText(el).replace(/ ([:,.])/g, '$1');

const closed = () => sampleContest({ status: 'closed', endsAt: new Date(Date.now() - 60_000).toISOString(), practice: 'afterClose' });

describe('<de-an-06-quiz> reviewing one\'s own attempt', () => {
  let api: FakeApi;
  let routes: LearningRoutes;

  beforeEach(() => {
    api = signedInApi();
    routes = addLearningRoutes(api);
  });

  afterEach(() => api.uninstall());

  /** The result screen of a just-finished attempt, as a reload shows it (the attempt id still stored). */
  async function resultScreen() {
    seedSubmitted(api, 'a-done');
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...JSON.parse(localStorage.getItem(STORAGE_KEY)!), attemptId: 'a-done' }));
    const el = await fixture<DeAn06Quiz>(html`<div style="width: 320px"><de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz></div>`);
    const quiz = el.querySelector('de-an-06-quiz')!;
    await waitForText(quiz, 'Kết quả bài thi');
    return quiz;
  }

  it('offers "Xem lại bài làm" once the key is shown, and marks right, wrong and unanswered in words and icons', async () => {
    const el = await resultScreen();
    (await waitForButton(el, 'Xem lại bài làm')).click();
    await waitUntil(() => deepActiveElement()?.id === 'review-heading', 'the review heading takes the focus');
    expect(deepActiveElement()!.tagName).to.equal('H3');

    const right = item(el, 'q1');
    expect(visibleText(right)).to.include('✓ Trả lời đúng');
    const q1a = right.querySelector('[data-option="q1a"]')!;
    expect(visibleText(q1a)).to.include('✓ Đáp án đúng');
    expect(visibleText(q1a)).to.include('Bạn đã chọn');

    const wrong = item(el, 'q2');
    expect(visibleText(wrong)).to.include('✗ Trả lời sai');
    expect(visibleText(wrong.querySelector('[data-option="q2b"]')!)).to.include('✗ Bạn đã chọn');
    expect(visibleText(wrong.querySelector('[data-option="q2a"]')!)).to.include('✓ Đáp án đúng');
    expect(visibleText(wrong.querySelector('[data-option="q2c"]')!)).to.not.include('Đáp án đúng');

    const unanswered = item(el, 'q3');
    expect(visibleText(unanswered)).to.include('○ Không trả lời');
    expect(visibleText(unanswered)).to.not.include('Bạn đã chọn');
    expect(read(unanswered)).to.include('Giải thích: Giải thích cho q3.');
    expect(visibleText(el)).to.include('Bạn trả lời đúng 1/3 câu.');
    // the icons are decoration: a screen reader reads the words
    for (const icon of deepAll(el, '.mark > span, .verdict > span')) expect(icon.getAttribute('aria-hidden')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('links a source out only when its address is http(s), in a new tab without opener or referrer', async () => {
    const el = await resultScreen();
    (await waitForButton(el, 'Xem lại bài làm')).click();
    await waitForText(el, 'Nguồn');
    const link = item(el, 'q1').querySelector<HTMLAnchorElement>('.source a')!;
    expect(link.href).to.equal('https://example.org/qd-06');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(visibleText(link)).to.include('Quyết định 06/QĐ-TTg ngày 06/01/2022');
    // javascript: is shown as text, never as a link
    const odd = item(el, 'q2').querySelector('.source')!;
    expect(visibleText(odd)).to.include('Văn bản có liên kết lạ');
    expect(odd.querySelector('a')).to.equal(null);
    expect(item(el, 'q3').querySelector('.source a')).to.equal(null);
    expect(visibleText(item(el, 'q3'))).to.include('Luật Căn cước 2023, Điều 3');
  });

  it('is readable at 320 px: nothing wider than the screen', async () => {
    const el = await resultScreen();
    (await waitForButton(el, 'Xem lại bài làm')).click();
    await waitForText(el, 'Trả lời sai');
    const review = deep<HTMLElement>(el, '.review')!;
    expect(review.getBoundingClientRect().width).to.be.at.most(320);
    expect(review.scrollWidth).to.be.at.most(review.clientWidth);
    for (const li of deepAll<HTMLElement>(review, '.opt')) expect(li.scrollWidth).to.be.at.most(li.clientWidth);
  });

  it('closes again, giving the focus back to its button', async () => {
    const el = await resultScreen();
    (await waitForButton(el, 'Xem lại bài làm')).click();
    (await waitForButton(el, 'Đóng phần xem lại')).click();
    await waitUntil(() => deepActiveElement()?.textContent?.includes('Xem lại bài làm'), 'the button has the focus again');
    expect(deep(el, '#review-heading')).to.equal(null);
  });

  it('offers no review while the key is not shown', async () => {
    routes.keyAfterSubmit = false;
    const el = await resultScreen();
    await waitUntil(() => api.requestsTo('GET', '/attempts/a-done').length >= 2, 'the review asked for the attempt');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(visibleText(el)).to.not.include('Xem lại bài làm');
  });

  it('after the close, a contestant signing in again lists their attempts with scores and reviews any of them', async () => {
    api.contest = closed();
    seedSubmitted(api, 'a-first', 60, { q1: 'q1b' });
    seedSubmitted(api, 'a-second', 30, { q1: 'q1a', q2: 'q2a' });
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(el, 'Các lượt thi của bạn');
    const list = deep(el, 'de-an-06-my-attempts')!;
    await waitForText(list, '0/3 câu đúng');
    expect(visibleText(list)).to.include('Lượt 1');
    expect(visibleText(list)).to.include('2/3 câu đúng');
    const reviews = await waitUntil(() => deepAll<HTMLButtonElement>(list, 'button').length === 2, 'a "Xem lại" per attempt');
    void reviews;
    const second = deepAll<HTMLButtonElement>(list, 'button')[1]!;
    expect(second.textContent).to.match(/Xem lại\s+Lượt 2/);
    second.click();
    await waitUntil(() => deepActiveElement()?.id === 'review-heading', 'the review heading takes the focus');
    expect(visibleText(item(el, 'q2'))).to.include('✓ Trả lời đúng');
    await expect(el).to.be.accessible();
    button(el, 'Về danh sách lượt thi').click();
    await waitUntil(() => deepActiveElement()?.getAttribute('data-attempt') === 'a-second', 'back on the button of that attempt');
  });

  it('after the close without the key, lists the attempts without "Xem lại"', async () => {
    api.contest = closed();
    routes.keyAfterSubmit = false;
    seedSubmitted(api, 'a-first', 60);
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(el, '1/3 câu đúng');
    await waitUntil(() => api.requestsTo('GET', '/attempts/a-first').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deepAll(deep(el, 'de-an-06-my-attempts')!, 'button')).to.have.length(0);
  });
});

describe('<de-an-06-quiz view="answers">', () => {
  let api: FakeApi;
  let routes: LearningRoutes;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
    routes = addLearningRoutes(api);
  });

  afterEach(() => api.uninstall());

  const mount = (lang = 'vi') =>
    fixture<HTMLElement>(html`<div style="width: 320px"><de-an-06-quiz contest="de-an-06-thai-binh" view="answers" lang=${lang}></de-an-06-quiz></div>`).then(
      (div) => div.querySelector('de-an-06-quiz')!,
    );

  it('lists the questions with the right option marked, the explanation, the source and the share answered right', async () => {
    const el = await mount();
    await waitForText(el, '3 câu hỏi');
    expect(read(el)).to.include('Đáp án và giải thích: Cuộc thi trực tuyến tìm hiểu Đề án 06');
    const first = deep(el, '[data-question="b1"]')!;
    expect(visibleText(first)).to.include('72% trả lời đúng');
    expect(read(first)).to.include('Chủ đề: Định danh điện tử');
    expect(visibleText(first.querySelector('[data-option="o1"]')!)).to.include('✓ Đáp án đúng');
    expect(visibleText(first.querySelector('[data-option="o2"]')!)).to.not.include('Đáp án đúng');
    expect(read(first)).to.include('Giải thích: Tài khoản mức độ 2');
    expect(first.querySelector<HTMLAnchorElement>('.source a')!.rel).to.equal('noopener noreferrer');
    expect(visibleText(deep(el, '[data-question="b2"]')!)).to.include('Chưa có lượt trả lời');
    // a data: address is no link
    expect(deep(el, '[data-question="b3"]')!.querySelector('.source a')).to.equal(null);
    expect(api.requestsTo('GET', '/answers')[0]!.path).to.equal('/api/contests/de-an-06-thai-binh/answers');
    const container = el.shadowRoot!.querySelector<HTMLElement>('.container')!;
    expect(container.scrollWidth).to.be.at.most(container.clientWidth);
    await expect(el).to.be.accessible();
  });

  it('filters by topic and text, without regard to diacritics or case', async () => {
    const el = await mount();
    await waitForText(el, '3 câu hỏi');
    const search = deep<HTMLInputElement>(el, 'input[type="search"]')!;
    fill(search, 'dinh danh');
    await waitForText(el, '1/3 câu hỏi khớp với từ khoá');
    expect(deepAll(el, '[data-question]').map((q) => q.getAttribute('data-question'))).to.deep.equal(['b1']);
    fill(search, 'VNEID');
    await waitUntil(() => deepAll(el, '[data-question]').map((q) => q.getAttribute('data-question')).join() === 'b3', 'only the VNeID question');
    expect(visibleText(el)).to.include('1/3 câu hỏi khớp');
    fill(search, 'đề án 06 phê duyệt');
    await waitUntil(() => deepAll(el, '[data-question]').length === 1 && deep(el, '[data-question="b2"]') !== null);
    fill(search, 'không có câu nào như thế');
    await waitForText(el, 'Không có câu hỏi nào khớp với từ khoá.');
    fill(search, '');
    await waitUntil(() => deepAll(el, '[data-question]').length === 3, 'every question again');
  });

  it('before the close says calmly that the answers come after the contest ends', async () => {
    routes.answers = { status: 404, code: 'NOT_AVAILABLE', message: 'Đáp án được công bố sau khi cuộc thi kết thúc' };
    const el = await mount();
    await waitForText(el, 'Đáp án được công bố sau khi cuộc thi kết thúc.');
    expect(deep(el, '[role="alert"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('after a contest nobody took part in, says there is nothing to publish rather than that the search found nothing', async () => {
    routes.answers = { contest: { slug: 'de-an-06-thai-binh', title: 'Cuộc thi trực tuyến tìm hiểu Đề án 06' }, questions: [] };
    const el = await mount();
    await waitForText(el, 'Cuộc thi chưa có lượt thi nào, nên chưa có câu hỏi nào để công bố đáp án.');
    expect(visibleText(el)).to.not.include('khớp với từ khoá');
  });

  it('offers a retry when the network fails', async () => {
    routes.offline = true;
    const el = await mount();
    await waitForText(el, 'Không kết nối được máy chủ');
    routes.offline = false;
    button(el, 'Thử lại').click();
    await waitForText(el, '3 câu hỏi');
  });

  it('without the answers in English, says so in English', async () => {
    routes.answers = { status: 404, code: 'NOT_AVAILABLE', message: 'Đáp án được công bố sau khi cuộc thi kết thúc' };
    const el = await mount('en');
    await waitForText(el, 'The answers are not available yet');
    expect(visibleText(el)).to.not.include('Đáp án được công bố');
  });

  it('speaks English with lang="en"', async () => {
    const el = await mount('en');
    await waitForText(el, 'Answers and explanations');
    await waitForText(el, '72% answered correctly');
    expect(visibleText(el)).to.include('Correct answer');
    expect(visibleText(el)).to.include('Search by topic or question text');
  });
});

describe('<de-an-06-quiz> practice', () => {
  let api: FakeApi;
  let routes: LearningRoutes;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
    routes = addLearningRoutes(api);
  });

  afterEach(() => api.uninstall());

  async function answer(el: Element, questionId: string, optionId: string, check = 'Kiểm tra') {
    const li = deep(el, `[data-question="${questionId}"]`)!;
    li.querySelector<HTMLInputElement>(`input[value="${optionId}"]`)!.click();
    [...li.querySelectorAll('button')].find((b) => b.textContent!.includes(check))!.click();
    await waitUntil(() => deep(el, `[data-question="${questionId}"] .verdict`) !== null, `feedback on ${questionId}`);
    return deep(el, `[data-question="${questionId}"]`)!;
  }

  it('"Luyện tập" on the closed contest: immediate feedback, a running count, another set; never counts', async () => {
    api.contest = closed();
    const el = await fixture<DeAn06Quiz>(html`<div style="width: 320px"><de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz></div>`).then(
      (div) => div.querySelector('de-an-06-quiz')!,
    );
    (await waitForButton(el, 'Luyện tập')).click();
    await waitForText(el, 'Câu luyện tập thứ nhất?');
    await waitUntil(() => deepActiveElement()?.id === 'practice-heading', 'the practice heading takes the focus');
    expect(visibleText(el)).to.include('Luyện tập không tính điểm');
    expect(visibleText(el)).to.include('Đúng 0/0 câu đã trả lời (bộ 2 câu)');
    expect(api.requestsTo('POST', '/practice')[0]!.path).to.equal('/api/contests/de-an-06-thai-binh/practice');
    await expect(el).to.be.accessible();

    const first = await answer(el, 'p1', 'x1');
    expect(visibleText(first)).to.include('✓ Trả lời đúng');
    expect(visibleText(first.querySelector('[data-option="x1"]')!)).to.include('✓ Đáp án đúng');
    expect(read(first)).to.include('Giải thích: Giải thích của p1.');
    expect(first.querySelector<HTMLAnchorElement>('.source a')!.rel).to.equal('noopener noreferrer');
    expect(api.requestsTo('POST', '/practice/set1/check')[0]!.body).to.deep.equal({ questionId: 'p1', optionId: 'x1' });
    await waitUntil(() => deepActiveElement()?.classList.contains('feedback'), 'the feedback takes the focus');
    await waitForText(el, 'Đúng 1/1 câu đã trả lời (bộ 2 câu)');

    const second = await answer(el, 'p2', 'y1');
    expect(visibleText(second)).to.include('✗ Trả lời sai');
    expect(visibleText(second.querySelector('[data-option="y1"]')!)).to.include('✗ Bạn đã chọn');
    expect(visibleText(second.querySelector('[data-option="y2"]')!)).to.include('✓ Đáp án đúng');
    await waitForText(el, 'Bạn đã làm xong bộ câu hỏi: đúng 1/2 câu.');
    const container = el.shadowRoot!.querySelector<HTMLElement>('.container')!;
    expect(container.scrollWidth).to.be.at.most(container.clientWidth);
    await expect(el).to.be.accessible();

    button(el, 'Làm bộ khác').click();
    await waitForText(el, 'Đúng 0/0 câu đã trả lời');
    expect(routes.practiceSets).to.equal(2);
    expect(deep(el, '[data-question="p1"] .verdict')).to.equal(null);
    button(el, 'Về trang cuộc thi').click();
    await waitForButton(el, 'Luyện tập');
  });

  it('asks for a choice before checking', async () => {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" view="practice"></de-an-06-quiz>`);
    await waitForText(el, 'Câu luyện tập thứ nhất?');
    button(el, 'Kiểm tra').click();
    await waitForText(el, 'Hãy chọn một phương án trước khi kiểm tra.');
    expect(api.requestsTo('POST', '/check')).to.have.length(0);
  });

  it('view="practice" when the contest offers none says so calmly', async () => {
    routes.practice = { status: 404, code: 'NOT_AVAILABLE', message: 'Phần luyện tập mở sau khi cuộc thi kết thúc' };
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" view="practice"></de-an-06-quiz>`);
    await waitForText(el, 'Phần luyện tập mở sau khi cuộc thi kết thúc.');
    expect(visibleText(el)).to.include('Luyện tập không tính điểm');
    expect(deep(el, '[role="alert"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('rate limited: says how long to wait (Retry-After), then lets the person try again', async () => {
    routes.practice = { status: 429, code: 'RATE_LIMITED', message: 'Quá nhiều yêu cầu', retryAfter: 1 };
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" view="practice"></de-an-06-quiz>`);
    await waitForText(el, 'Vui lòng thử lại sau 1 giây.');
    const retry = button(el, 'Thử lại');
    expect(retry.disabled).to.equal(true);
    routes.practice = null;
    await waitUntil(() => !button(el, 'Thử lại').disabled, 'the retry is enabled after the wait', { timeout: 4000 });
    button(el, 'Thử lại').click();
    await waitForText(el, 'Câu luyện tập thứ nhất?');
  });

  it('network error: a message and a retry that works', async () => {
    routes.offline = true;
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" view="practice"></de-an-06-quiz>`);
    await waitForText(el, 'Không kết nối được máy chủ');
    routes.offline = false;
    button(el, 'Thử lại').click();
    await waitForText(el, 'Câu luyện tập thứ nhất?');
  });

  it('"Luyện tập" on the open contest only when practice is offered all through it', async () => {
    api.contest = sampleContest({ practice: 'always' });
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForButton(el, 'Luyện tập');
    api.contest = sampleContest({ practice: 'afterClose' });
    const other = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForButton(other, 'Xem bảng xếp hạng');
    expect(deepAll(other, 'button').some((b) => b.textContent!.includes('Luyện tập'))).to.equal(false);
  });

  it('speaks English with lang="en"', async () => {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" view="practice" lang="en"></de-an-06-quiz>`);
    await waitForText(el, 'Practice never counts');
    await waitForText(el, 'Câu luyện tập thứ nhất?');
    await answer(el, 'p1', 'x2', 'Check');
    await waitForText(el, '✗ Incorrect');
    await waitForText(el, '0/1 answered correctly (set of 2)');
  });
});
