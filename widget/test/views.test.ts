import { expect, fixture, html } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import { FakeApi } from './fake-api.js';
import { deep, visibleText, waitForButton, waitForText } from './helpers.js';

describe('<de-an-06-quiz> public views', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
  });

  afterEach(() => api.uninstall());

  const mount = (view: string) =>
    fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" view=${view}></de-an-06-quiz>`);

  it('view="leaderboard" lists rank, name, unit, score and time, marked provisional', async () => {
    api.leaderboard = {
      provisional: true,
      actual: 10,
      entries: [{ rank: 1, name: 'Trần Thị Bình', unit: 'Sở Tư pháp', score: 20, total: 20, durationMs: 185_000 }],
    };
    const el = await mount('leaderboard');
    await waitForText(el, 'Trần Thị Bình');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Bảng xếp hạng');
    expect(text).to.include('Kết quả tạm thời');
    expect(text).to.match(/20\s*\/\s*20/);
    expect(text).to.include('3 phút 05,0 giây');
    expect(api.requests[0].path).to.equal('/api/contests/de-an-06-thai-binh/leaderboard?limit=20');
    await expect(el).to.be.accessible();
  });

  it('view="leaderboard" says when nobody has finished', async () => {
    const el = await mount('leaderboard');
    await waitForText(el, 'Chưa có ai hoàn thành bài thi.');
  });

  it('view="leaderboard" says when the board appears, in Vietnam time, while scores wait for the close', async () => {
    api.contest = { ...api.contest, revealScore: 'afterClose', endsAt: '2031-05-19T03:00:00.000Z' };
    const el = await mount('leaderboard');
    await waitForText(el, 'Bảng xếp hạng sẽ được công bố khi cuộc thi kết thúc (10 giờ 00, ngày 19/5/2031).');
    expect(deep(el, 'table')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('view="units" shows participation by unit as a tree with rates, filterable', async () => {
    const el = await mount('units');
    await waitForText(el, 'UBND xã Tân Hòa');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Số người tham gia theo đơn vị');
    expect(text).to.include('80,0 %');
    expect(deep(el, 'tr.child')!.textContent).to.include('UBND xã Tân Hòa');
    await expect(el).to.be.accessible();
  });

  it('view="results" shows the published winners', async () => {
    api.results = {
      publishedAt: '2023-05-25T02:00:00Z',
      provisional: false,
      predictionTarget: 'participants',
      actual: 45_210,
      individual: [{ prize: 'Giải Nhất', valueVnd: 6_000_000, rank: 1, name: 'Phạm Văn Cường', unit: 'Sở Tư pháp', birthYear: 1985, score: 20, total: 20, durationMs: 150_000, prediction: 45_000 }],
      collective: [{ prize: 'Giải Nhất', valueVnd: 8_000_000, unit: 'UBND huyện Vũ Thư', participants: 3000, attempts: 4100, rate: 0.92, averageScore: 17.456 }],
    };
    const el = await mount('results');
    await waitForText(el, 'Phạm Văn Cường');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Công bố lúc 9 giờ 00, ngày 25/5/2023');
    expect(text).to.include('Đáp án câu hỏi phụ: 45210');
    expect(text).to.include('45.000');
    expect(text).to.include('92,0 %');
    await expect(el).to.be.accessible();
  });

  it('view="results" tells equal scores apart by tenths of a second and never rounds a small rate to zero', async () => {
    api.results = {
      publishedAt: '2023-05-25T02:00:00Z',
      provisional: false,
      predictionTarget: 'participants',
      actual: 45_210,
      individual: [
        { prize: 'Giải Nhất', valueVnd: 6_000_000, rank: 1, name: 'Phạm Văn Cường', unit: 'Sở Tư pháp', birthYear: 1985, score: 20, total: 20, durationMs: 125_300, prediction: 45_000 },
        { prize: 'Giải Nhì', valueVnd: 3_000_000, rank: 2, name: 'Lê Thị Dung', unit: 'Sở Tư pháp', birthYear: 1990, score: 20, total: 20, durationMs: 125_800, prediction: 45_000 },
      ],
      collective: [{ prize: 'Giải Nhất', valueVnd: 8_000_000, unit: 'UBND huyện Vũ Thư', participants: 1, attempts: 1, rate: 0.00034, averageScore: 17 }],
    };
    const el = await mount('results');
    await waitForText(el, 'Lê Thị Dung');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('2 phút 05,3 giây');
    expect(text).to.include('2 phút 05,8 giây');
    expect(text).to.include('0,034 %');
    await expect(el).to.be.accessible();
  });

  it('view="results" says when the published results await republication after a regrade', async () => {
    api.results = { publishedAt: '2023-05-25T02:00:00Z', provisional: false, predictionTarget: 'participants', actual: 10, outdated: true, individual: [], collective: [] };
    const el = await mount('results');
    await waitForText(el, 'Ban Tổ chức đã chấm lại sau khi công bố');
    await expect(el).to.be.accessible();
  });

  it('view="results" says clearly when the results are not published yet', async () => {
    const el = await mount('results');
    await waitForText(el, 'Kết quả chưa được công bố');
    await expect(el).to.be.accessible();
  });

  it('offers a retry when a view cannot be loaded', async () => {
    api.offline = true;
    const el = await mount('units');
    await waitForText(el, 'Không kết nối được máy chủ');
    api.offline = false;
    (await waitForButton(el, 'Thử lại')).click();
    await waitForText(el, 'UBND xã Tân Hòa');
  });

  it('opens the leaderboard from the contest page and comes back', async () => {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    (await waitForButton(el, 'Xem bảng xếp hạng')).click();
    await waitForText(el, 'Bảng xếp hạng');
    await expect(el).to.be.accessible();
    (await waitForButton(el, 'Về trang cuộc thi')).click();
    await waitForButton(el, 'Đăng ký dự thi');
  });
});
