import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/screens/ranking.js';
import type { AdminRanking, ConsoleRanking } from '../src/screens/ranking.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { control, deepAll, enabledWriteControls, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const path = (limit: number) => `/contests/${SLUG}/ranking.json?limit=${limit}`;

function ranking(limit: number): ConsoleRanking {
  return {
    provisional: true,
    predictionTarget: 'participants',
    actual: 1500,
    rankingOrder: ['score', 'duration', 'prediction', 'submittedAt'],
    participants: 1500,
    limit,
    entries: [
      { rank: 1, contestantId: 'c1', attemptId: 'a1', fullName: 'Nguyễn Văn An', birthYear: 1990, unitId: 'so-tp', unitName: 'Sở Tư pháp', occupation: 'can-bo', score: 20, total: 20, durationMs: 185_000, prediction: 1498, submittedAt: '2026-11-27T02:05:00.000Z' },
      { rank: 2, contestantId: 'c2', attemptId: 'a2', fullName: 'Trần Thị Bình', birthYear: 1985, unitId: 'vu-thu', unitName: 'Huyện Vũ Thư', occupation: 'can-bo', score: 19, total: 20, durationMs: 300_000, prediction: null, submittedAt: '2026-11-27T16:30:00.000Z' },
    ],
  };
}

const textOf = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

describe('<admin-ranking>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi();
    for (const limit of [20, 100]) api.on('GET', path(limit), ranking(limit));
  });

  const mount = async (canWrite = true) => {
    const el = await fixture<AdminRanking>(html`<admin-ranking .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-ranking>`);
    await waitForSelector(el, 'table[data-ranking]');
    return el;
  };

  it('lists the head of the ranking with names, unit, score, time, prediction and submission time in Vietnam time', async () => {
    const el = await mount();
    expect(api.callsTo('GET', path(100))).to.have.length(1);
    const rows = deepAll(el, 'table[data-ranking] tbody tr').map(textOf);
    expect(rows).to.deep.equal([
      '1 Nguyễn Văn An 1990 Sở Tư pháp 20/20 3 phút 05,0 giây 1.498 (2) 9 giờ 05, ngày 27/11/2026',
      '2 Trần Thị Bình 1985 Huyện Vũ Thư 19/20 5 phút 00,0 giây Không dự đoán 23 giờ 30, ngày 27/11/2026',
    ]);
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Tạm tính');
    expect(text).to.include('Điểm cao hơn → Thời gian làm bài ngắn hơn → Dự đoán sát hơn → Nộp bài sớm hơn');
    expect(textOf(deepAll(el, 'caption')[0]!)).to.equal('2 người đầu bảng trong tổng số 1.500 người tham gia');
    await expect(el).to.be.accessible();
  });

  it('shows a dash, not year 0, for a person whose birth date was purged after the retention date', async () => {
    const purged = ranking(100);
    purged.entries[1] = { ...purged.entries[1]!, fullName: 'T. T. B.', birthYear: null };
    api.on('GET', path(100), purged);
    const el = await mount();
    const rows = deepAll(el, 'table[data-ranking] tbody tr').map(textOf);
    expect(rows[1]).to.equal('2 T. T. B. — Huyện Vũ Thư 19/20 5 phút 00,0 giây Không dự đoán 23 giờ 30, ngày 27/11/2026');
  });

  it('shows fewer or more people when asked, and says so', async () => {
    const el = await mount();
    const select = control<HTMLSelectElement>(el, 'Số người hiển thị');
    const changed = oneEvent(el, 'admin-ranking:limit-change');
    fill(select, '20');
    expect((await changed).detail).to.deep.equal({ limit: 20 });
    await waitUntil(() => api.callsTo('GET', path(20)).length === 1, 'the ranking was not asked for 20 rows');
  });

  it('shows the server refusal as it is', async () => {
    api.on('GET', path(100), () => {
      throw refusal(404, { code: 'NOT_FOUND', message: 'Không tìm thấy cuộc thi' });
    });
    const el = await fixture<AdminRanking>(html`<admin-ranking .api=${api.asApi()} slug=${SLUG}></admin-ranking>`);
    await waitForText(el, 'Không tìm thấy cuộc thi');
  });

  it('is read-only for the jury: only the row count and reload controls', async () => {
    const el = await mount(false);
    expect(enabledWriteControls(el).map((c) => c.id || textOf(c))).to.deep.equal(['limit', 'Tải lại']);
    await expect(el).to.be.accessible();
  });
});
