import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/dashboard.js';
import type { AdminDashboard, ContestStatsResponse } from '../src/screens/dashboard.js';
import { FakeAdminApi } from './fake-admin-api.js';
import { deep, deepAll, enabledWriteControls, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const STATS_PATH = `/contests/${SLUG}/stats`;

function sampleStats(overrides: Partial<ContestStatsResponse['totals']> = {}): ContestStatsResponse {
  return {
    totals: { registered: 1_234_567, participants: 987_654, attempts: 2_345_678, perfectAttempts: 4321, inProgress: 12, voided: 3, ...overrides },
    byUnit: [
      { unitId: 'nhom-huyen', competes: null, competing: false, name: 'Các huyện, thành phố', parentId: null, kind: 'group', headcount: null, participants: 900, attempts: 1500, averageScore: 15 },
      { unitId: 'vu-thu', competes: null, competing: true, name: 'Huyện Vũ Thư', parentId: 'nhom-huyen', kind: 'district', headcount: 2000, participants: 500, attempts: 900, rate: 0.25, averageScore: 14.5 },
      { unitId: 'xa-a', competes: null, competing: false, name: 'Xã Vũ Hội', parentId: 'vu-thu', kind: 'commune', headcount: 400, participants: 200, attempts: 300, rate: 0.5, averageScore: 16 },
      { unitId: 'tp', competes: null, competing: true, name: 'Thành phố Thái Bình', parentId: 'nhom-huyen', kind: 'district', headcount: 1000, participants: 400, attempts: 600, rate: 0.4, averageScore: 15.5 },
      { unitId: 'so-tp', competes: null, competing: true, name: 'Sở Tư pháp', parentId: null, kind: 'department', headcount: 100, participants: 80, attempts: 100, rate: 0.8, averageScore: 17 },
    ],
    byOccupation: [
      { occupation: 'can-bo', name: 'Cán bộ, công chức, viên chức', participants: 700, attempts: 1100 },
      { occupation: 'hoc-sinh', name: 'Học sinh, sinh viên', participants: 280, attempts: 500 },
    ],
    bySource: [
      { source: 'baothaibinh.com.vn', participants: 600, attempts: 1000 },
      { source: '', participants: 380, attempts: 600 },
    ],
    byDay: [
      { day: '2026-11-26', participants: 300, attempts: 500 },
      { day: '2026-11-28', participants: 700, attempts: 1100 },
    ],
    scoreDistribution: [
      { score: 18, attempts: 400 },
      { score: 20, attempts: 1200 },
    ],
    collectiveCriterion: 'participationRate',
  };
}

describe('<admin-dashboard>', () => {
  let api: FakeAdminApi;
  let stats: ContestStatsResponse;

  beforeEach(() => {
    stats = sampleStats();
    api = new FakeAdminApi().on('GET', STATS_PATH, () => structuredClone(stats));
  });

  const mount = async (extra: { refreshSeconds?: number; announceGapMs?: number; canWrite?: boolean } = {}) => {
    const el = await fixture<AdminDashboard>(
      html`<admin-dashboard
        .api=${api.asApi()}
        slug=${SLUG}
        .canWrite=${extra.canWrite ?? true}
        .refreshSeconds=${extra.refreshSeconds ?? 15}
        .announceGapMs=${extra.announceGapMs ?? 60_000}
      ></admin-dashboard>`,
    );
    await waitForSelector(el, '[data-figure="participants"]');
    return el;
  };

  it('shows the totals as big vi-VN figures and when they were updated, in Vietnam time', async () => {
    const el = await mount();
    expect(deep(el, '[data-figure="registered"] dd')!.textContent).to.equal('1.234.567');
    expect(deep(el, '[data-figure="participants"] dd')!.textContent).to.equal('987.654');
    expect(deep(el, '[data-figure="attempts"] dd')!.textContent).to.equal('2.345.678');
    expect(visibleText(deep(el, '[data-figure="perfectAttempts"]')!)).to.include('Lượt đạt điểm tuyệt đối');
    expect(deep(el, '[data-updated]')!.textContent).to.match(/Cập nhật lúc \d{2}:\d{2}:\d{2}/);
    const time = deep(el, '[data-updated] time')!;
    const shown = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(time.getAttribute('datetime')!),
    );
    expect(time.textContent!.startsWith(shown)).to.equal(true);
    expect(api.callsTo('GET', STATS_PATH)).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('draws each chart as an image with a spoken summary and a table of the same figures', async () => {
    const el = await mount();
    const charts = deepAll<SVGElement>(el, 'svg.chart');
    expect(charts.length).to.equal(5);
    for (const chart of charts) {
      expect(chart.getAttribute('role')).to.equal('img');
      expect(chart.getAttribute('aria-label')).to.match(/\S+: /);
    }
    // The competing units (the server says which); headcounts are complete, so rates are charted.
    const units = deep(el, '[data-chart="units"]')!;
    expect(visibleText(units)).to.include('Tỷ lệ tham gia theo đơn vị');
    expect(deep<SVGElement>(units, 'svg')!.getAttribute('aria-label')).to.include('cao nhất là Sở Tư pháp với 80,0 %');
    const summary = deep(units, 'summary')!;
    expect(summary.textContent).to.equal('Xem bảng số liệu');
    summary.click();
    await el.updateComplete;
    const rows = deepAll<HTMLTableRowElement>(units, 'tbody tr').map((tr) => visibleText(tr).trim());
    expect(rows).to.deep.equal(['Sở Tư pháp 80 100 80,0 % 100 17', 'Thành phố Thái Bình 400 1.000 40,0 % 600 15,5', 'Huyện Vũ Thư 500 2.000 25,0 % 900 14,5']);
    // Quiet days between busy ones show as zero in the daily chart's table.
    const days = deepAll(deep(el, '[data-chart="days"]')!, 'tbody tr').map((tr) => visibleText(tr).trim());
    expect(days).to.deep.equal(['26/11/2026 500 300', '27/11/2026 0 0', '28/11/2026 1.100 700']);
    const sources = visibleText(deep(el, '[data-chart="sources"]')!);
    expect(sources).to.include('(không rõ trang)');
    await expect(el).to.be.accessible();
  });

  it('names the competing units without a headcount, with a link to the Units screen, and charts participants meanwhile', async () => {
    stats.byUnit[4] = { ...stats.byUnit[4]!, headcount: null, rate: undefined };
    const el = await mount();
    const units = deep(el, '[data-chart="units"]')!;
    expect(visibleText(units)).to.include('Người tham gia theo đơn vị');
    const hint = deep(units, '[data-headcount-missing]')!;
    expect(visibleText(hint)).to.include('1 đơn vị dự giải chưa khai báo số người: Sở Tư pháp');
    expect(visibleText(hint)).not.to.include('Xã Vũ Hội');
    expect(deep<HTMLAnchorElement>(hint, 'a')!.getAttribute('href')).to.equal(`#/${SLUG}/units`);
    await expect(el).to.be.accessible();
  });

  it('says the criterion is participants when the contest chose it', async () => {
    stats.collectiveCriterion = 'participants';
    const el = await mount();
    const units = deep(el, '[data-chart="units"]')!;
    expect(visibleText(units)).to.include('Người tham gia theo đơn vị');
    expect(visibleText(units)).to.include('Giải tập thể xét theo số người tham gia');
    expect(deep(units, '[data-headcount-missing]')).to.equal(null);
  });

  it('refreshes on its own and announces new participation, but not a refresh that changed nothing', async () => {
    const el = await mount({ refreshSeconds: 0.05, announceGapMs: 0 });
    const live = deep(el, '[data-announcement]')!;
    expect(live.getAttribute('role')).to.equal('status');
    await waitUntil(() => api.callsTo('GET', STATS_PATH).length >= 3, 'the dashboard did not refresh');
    expect(live.textContent!.trim()).to.equal('');
    stats = sampleStats({ participants: 987_659, attempts: 2_345_690 });
    await waitUntil(() => live.textContent!.includes('Có thêm'), 'no announcement of new participation');
    expect(live.textContent).to.include('Có thêm 5 người tham gia và 12 lượt thi');
    expect(deep(el, '[data-figure="participants"] dd')!.textContent).to.equal('987.659');
  });

  it('announces at most once per gap however often it refreshes', async () => {
    const el = await mount({ refreshSeconds: 0.03, announceGapMs: 60_000 });
    stats = sampleStats({ participants: 987_700 });
    await waitUntil(() => deep(el, '[data-figure="participants"] dd')!.textContent === '987.700');
    expect(deep(el, '[data-announcement]')!.textContent!.trim()).to.equal('');
  });

  it('stops asking the server once it leaves the page', async () => {
    const el = await mount({ refreshSeconds: 0.03 });
    await waitUntil(() => api.callsTo('GET', STATS_PATH).length >= 2);
    el.remove();
    await aTimeout(20);
    const count = api.callsTo('GET', STATS_PATH).length;
    await aTimeout(200);
    expect(api.callsTo('GET', STATS_PATH).length).to.equal(count);
  });

  it('pauses while the tab is hidden and catches up when shown again', async () => {
    const hidden = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')!;
    let isHidden = false;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => isHidden });
    try {
      await mount({ refreshSeconds: 0.03 });
      isHidden = true;
      document.dispatchEvent(new Event('visibilitychange'));
      await aTimeout(20);
      const count = api.callsTo('GET', STATS_PATH).length;
      await aTimeout(200);
      expect(api.callsTo('GET', STATS_PATH).length).to.equal(count);
      isHidden = false;
      document.dispatchEvent(new Event('visibilitychange'));
      await waitUntil(() => api.callsTo('GET', STATS_PATH).length > count, 'no refresh after the tab came back');
    } finally {
      delete (document as { hidden?: boolean }).hidden;
      Object.defineProperty(Document.prototype, 'hidden', hidden);
    }
  });

  it('keeps the last figures and says so when a refresh fails', async () => {
    const el = await mount({ refreshSeconds: 0.05 });
    api.on('GET', STATS_PATH, () => {
      throw new (class extends Error {})('down');
    });
    await waitForText(el, 'Đã có lỗi không mong muốn');
    expect(deep(el, '[data-figure="participants"] dd')!.textContent).to.equal('987.654');
    expect(deep(el, '[data-announcement]')!.textContent).to.include('Không cập nhật được số liệu');
  });

  it('reminds of data requests awaiting an answer, with the overdue ones, and links to them', async () => {
    api.on('GET', `/contests/${SLUG}/data-requests`, { requests: [], counts: { open: 3, dueSoon: 1, overdue: 2 } });
    const el = await mount();
    await waitForSelector(el, '[data-data-requests]');
    const notice = deep(el, '[data-data-requests]')!;
    expect(visibleText(notice)).to.include('3 đang chờ trả lời, 2 quá hạn 15 ngày, 1 sắp đến hạn');
    expect(deep<HTMLAnchorElement>(notice, 'a')!.getAttribute('href')).to.equal(`#/${SLUG}/privacy`);
  });

  it('is read-only for the jury: the only control refreshes the figures', async () => {
    const el = await mount({ canWrite: false });
    const enabled = enabledWriteControls(el);
    expect(enabled.map((b) => b.textContent!.trim())).to.deep.equal(['Cập nhật ngay']);
    await expect(el).to.be.accessible();
  });
});
