import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import { FakeApi, sampleContest } from './fake-api.js';
import { deep, visibleText, waitForButton, waitForText } from './helpers.js';

describe('<de-an-06-quiz> contest information', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
  });

  afterEach(() => api.uninstall());

  async function mount(lang = 'vi') {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" lang=${lang}></de-an-06-quiz>`);
    await waitForText(el, api.contest.title);
    return el;
  }

  it('shows the status, Vietnam-time window, countdown, rules, prizes and counters', async () => {
    api.contest = sampleContest({ startsAt: '2023-03-20T03:00:00Z' });
    const el = await mount();
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Đang diễn ra');
    expect(text).to.include('10 giờ 00, ngày 20/3/2023');
    expect(text).to.include('Kết thúc sau');
    expect(text).to.include('Mỗi lượt thi gồm 5 câu hỏi');
    expect(text).to.include('Dự đoán của lượt nộp bài đầu tiên được dùng để xét giải');
    expect(text).to.include('6.000.000 đ');
    expect(text).to.include('1.234');
    expect(text).to.include('người dự thi');
    expect(deep(el, 'a[href="https://example.org/ke-hoach.pdf"]')).to.exist;
    await waitForButton(el, 'Đăng ký dự thi');
  });

  it('says in the rules when scores and ranks wait for the close', async () => {
    api.contest = sampleContest({ revealScore: 'afterClose' });
    const el = await mount();
    await waitForText(el, 'Điểm và thứ hạng được công bố khi cuộc thi kết thúc');
    api.contest = sampleContest();
    const other = await mount();
    expect(visibleText(other.shadowRoot!)).not.to.include('Điểm và thứ hạng được công bố khi cuộc thi kết thúc');
  });

  it('renders the description as plain text: paragraphs and list items, never HTML', async () => {
    const el = await mount();
    const items = [...el.shadowRoot!.querySelectorAll('section li')].map((li) => li.textContent);
    expect(items).to.include('Cán bộ, công chức');
    expect(items).to.include('<script>alert(1)</script>');
    expect(el.shadowRoot!.querySelector('section script')).to.equal(null);
  });

  it('passes an accessibility audit', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  it('counts down to the opening of an upcoming contest and offers registration', async () => {
    const now = Date.now();
    api.contest = sampleContest({ status: 'upcoming', startsAt: new Date(now + 3 * 3_600_000).toISOString() });
    const el = await mount();
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Sắp diễn ra');
    expect(text).to.match(/Mở sau\s*:\s*(2 giờ 59 phút|3 giờ 0 phút)/);
  });

  it('says plainly that a closed contest is over and offers no registration', async () => {
    api.contest = sampleContest({ status: 'closed', endsAt: new Date(Date.now() - 1000).toISOString() });
    const el = await mount();
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Đã kết thúc');
    expect(text).to.include('Cuộc thi đã kết thúc');
    expect(text).not.to.include('Đăng ký dự thi');
    await expect(el).to.be.accessible();
  });

  it('refuses to start in a closed contest with the server message', async () => {
    const token = api.seedContestant();
    localStorage.setItem(`de-an-06-quiz:${location.origin}:de-an-06-thai-binh`, JSON.stringify({ token }));
    const el = await mount();
    await waitForText(el, 'Xin chào, Nguyễn Văn An');
    api.contest = sampleContest({ status: 'closed' });
    (await waitForButton(el, 'Bắt đầu làm bài')).click();
    await waitForText(el, 'Cuộc thi chưa mở hoặc đã kết thúc.');
  });

  it('speaks English with lang="en"', async () => {
    const el = await mount('en');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Open');
    expect(text).to.include('Closes in');
    await waitForButton(el, 'Register');
  });

  it('shows an error with a retry button when the contest cannot be loaded', async () => {
    api.offline = true;
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(el, 'Không tải được cuộc thi');
    api.offline = false;
    (await waitForButton(el, 'Thử lại')).click();
    await waitForText(el, api.contest.title);
  });

  it('uses the api attribute as the API origin', async () => {
    await fixture(html`<de-an-06-quiz contest="de-an-06-thai-binh" api="https://quiz.example.vn/"></de-an-06-quiz>`);
    await waitUntil(() => api.requests.length > 0);
    expect(api.requests[0].origin).to.equal('https://quiz.example.vn');
    expect(api.requests[0].path).to.equal('/api/contests/de-an-06-thai-binh');
  });
});
