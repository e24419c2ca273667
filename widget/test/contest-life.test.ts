import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import { DeAn06Board } from '../src/de-an-06-board.js';
import { loadChunk } from '../src/later-chunks.js';
import { FakeApi, sampleContest } from './fake-api.js';
import { deep, visibleText, waitForButton, waitForText } from './helpers.js';

const WINNERS = {
  publishedAt: '2023-05-25T02:00:00Z',
  provisional: false,
  predictionTarget: 'participants' as const,
  actual: 45_210,
  individual: [{ prize: 'Giải Nhất', valueVnd: 6_000_000, rank: 1, name: 'Phạm Văn Cường', unit: 'Sở Tư pháp', birthYear: 1985, score: 20, total: 20, durationMs: 150_000, prediction: 45_000 }],
  collective: [{ prize: 'Giải Nhất', valueVnd: 8_000_000, unit: 'UBND huyện Vũ Thư', participants: 3000, attempts: 4100, rate: 0.92, averageScore: 17.456 }],
};

describe('the one tag follows the contest’s life (decision 0034)', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
  });

  afterEach(() => api.uninstall());

  const mount = () => fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);

  it('before opening: the countdown and registration', async () => {
    api.contest = sampleContest({ status: 'upcoming', startsAt: new Date(Date.now() + 3 * 3_600_000).toISOString() });
    const el = await mount();
    await waitForText(el, 'Mở sau');
    await waitForButton(el, 'Đăng ký dự thi');
    await waitForButton(el, 'đăng nhập lại');
  });

  it('closed: "đăng nhập lại" stays, registration goes, and the provisional ranking is on the contest view', async () => {
    api.contest = sampleContest({ status: 'closed', endsAt: new Date(Date.now() - 1000).toISOString() });
    api.leaderboard = { provisional: true, actual: 1234, entries: [{ rank: 1, name: 'Trần Thị Bình', unit: 'Sở Tư pháp', score: 5, total: 5, durationMs: 61_000 }] };
    const el = await mount();
    await waitForText(el, 'Trần Thị Bình');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Bảng xếp hạng');
    expect(text).not.to.include('Đăng ký dự thi');
    (await waitForButton(el, 'Tôi đã đăng ký: đăng nhập lại')).click();
    await waitForText(el, 'Số định danh cá nhân');
    await expect(el).to.be.accessible();
  });

  it('published: the individual and collective winners on the contest view itself', async () => {
    api.contest = sampleContest({ status: 'closed', endsAt: new Date(Date.now() - 1000).toISOString() });
    api.results = WINNERS;
    const el = await mount();
    await waitForText(el, 'Phạm Văn Cường');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Kết quả cuộc thi');
    expect(text).to.include('Giải tập thể');
    expect(text).to.include('UBND huyện Vũ Thư');
    await waitForButton(el, 'đăng nhập lại');
    await expect(el).to.be.accessible();
  });

  it('a signed-in contestant of a closed contest sees their best result and no start button', async () => {
    api.contest = sampleContest({ status: 'closed', endsAt: new Date(Date.now() - 1000).toISOString() });
    localStorage.setItem(`de-an-06-quiz:${location.origin}:de-an-06-thai-binh`, JSON.stringify({ token: api.seedContestant() }));
    const el = await mount();
    await waitForText(el, 'Xin chào, Nguyễn Văn An');
    const text = visibleText(el.shadowRoot!);
    expect(text).not.to.include('Bắt đầu làm bài');
    // Attempts left mean nothing once the contest is over.
    expect(text).not.to.match(/Còn \d+ lượt thi/);
    await waitForButton(el, 'Dữ liệu của tôi');
  });
});

describe('a host page the contest does not allow (decision 0034)', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
  });

  afterEach(() => api.uninstall());

  it('says the organisers have not allowed this page yet, naming its origin, instead of blaming the network', async () => {
    api.originRefused = true;
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(el, 'chưa được Ban Tổ chức cho phép');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include(`Trang ${location.origin} chưa được Ban Tổ chức cho phép nhúng cuộc thi này`);
    expect(text).not.to.include('kiểm tra kết nối mạng');
    const [check] = api.requestsTo('GET', '/embed-check');
    expect(check.path).to.equal(`/api/contests/de-an-06-thai-binh/embed-check?origin=${encodeURIComponent(location.origin)}`);
    // Once the organisers add the page, "Thử lại" shows the contest.
    api.originRefused = false;
    (await waitForButton(el, 'Thử lại')).click();
    await waitForText(el, api.contest.title);
    await expect(el).to.be.accessible();
  });

  it('in English with lang="en"', async () => {
    api.originRefused = true;
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" lang="en"></de-an-06-quiz>`);
    await waitForText(el, `The organisers have not yet allowed ${location.origin}`);
  });

  it('still says the network failed when nothing answers at all', async () => {
    api.offline = true;
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(el, 'kiểm tra kết nối mạng');
    expect(visibleText(el.shadowRoot!)).not.to.include('chưa được Ban Tổ chức cho phép');
  });
});

describe('the leaderboard and units refresh themselves (decision 0034)', () => {
  let api: FakeApi;
  const refreshMs = DeAn06Board.refreshMs;
  let hidden = false;

  beforeEach(async () => {
    localStorage.clear();
    api = new FakeApi().install();
    await loadChunk('board');
    DeAn06Board.refreshMs = 40;
    hidden = false;
    Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible'), configurable: true });
  });

  afterEach(() => {
    api.uninstall();
    DeAn06Board.refreshMs = refreshMs;
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('fetches the leaderboard again after refreshMs, showing the new rows, and waits while the tab is hidden', async () => {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" view="leaderboard"></de-an-06-quiz>`);
    await waitForText(el, 'Bảng xếp hạng');
    api.leaderboard = { provisional: true, actual: 1234, entries: [{ rank: 1, name: 'Hoàng Thị Mới', unit: 'Sở Tư pháp', score: 5, total: 5, durationMs: 61_000 }] };
    await waitForText(el, 'Hoàng Thị Mới');
    // In a background tab nothing is fetched, however long it stays there…
    hidden = true;
    const count = () => api.requestsTo('GET', '/leaderboard').length;
    await waitUntil(() => count() >= 3, 'refreshes stopped too early');
    const board = deep(el, 'de-an-06-board') as unknown as { refreshDue: boolean };
    const whenHidden = count();
    await waitUntil(() => board.refreshDue, 'the refresh never came due');
    // A fetch started just before the tab was hidden may still be counted, none after it.
    expect(count()).to.be.at.most(whenHidden + 1);
    const afterWait = count();
    // …and the refresh that came due happens as soon as the tab is shown again.
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => count() > afterWait, 'no refresh when the tab came back');
  });

  it('the units view refreshes too; the results view does not', async () => {
    const units = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" view="units"></de-an-06-quiz>`);
    await waitForText(units, 'UBND huyện Vũ Thư');
    await waitUntil(() => api.requestsTo('GET', '/units/stats').length >= 2, 'the units table never refreshed');
    api.results = WINNERS;
    const results = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" view="results"></de-an-06-quiz>`);
    await waitForText(results, 'Phạm Văn Cường');
    // Published winners do not change by the minute: no refresh is even planned.
    expect((deep(results, 'de-an-06-board') as unknown as { refreshTimer?: unknown }).refreshTimer).to.equal(undefined);
  });
});
