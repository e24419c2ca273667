import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/settings.js';
import '../src/screens/prizes.js';
import '../src/screens/dashboard.js';
import type { AdminSettings, ContestSettings } from '../src/screens/settings.js';
import type { AdminPrizes, ComputedResults, FlaggedWinner } from '../src/screens/prizes.js';
import type { AdminDashboard, ContestStatsResponse } from '../src/screens/dashboard.js';
import type { RoundStats } from '../../api/src/contract/rounds.js';
import { FakeAdminApi, fakeResultsRoutes, refusal } from './fake-admin-api.js';
import { button, control, deep, deepAll, describedError, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const CONTEST_PATH = `/contests/${SLUG}`;
const ROUND_2 = `/contests/${SLUG}/rounds/vong-2`;

/** Two rounds: the first long closed, the second open for decades, so their status does not depend on the day the test runs. */
const ROUNDS: ContestSettings['rounds'] = [
  {
    id: 'vong-2',
    title: 'Tuần thứ hai',
    startsAt: '2021-01-01T01:00:00.000Z',
    endsAt: '2099-01-01T01:00:00.000Z',
    questionsPerAttempt: null,
    maxAttempts: 2,
    prizes: { individual: [{ name: 'Giải tuần', count: 2, valueVnd: 500_000 }], collective: [] },
  },
  { id: 'vong-1', title: 'Tuần đầu', startsAt: '2020-01-01T01:00:00.000Z', endsAt: '2020-12-31T01:00:00.000Z', questionsPerAttempt: 10, maxAttempts: null, prizes: null },
];

function contest(overrides: Partial<ContestSettings> = {}): ContestSettings {
  return {
    slug: SLUG,
    title: 'Cuộc thi tìm hiểu Đề án 06',
    description: 'Thể lệ cuộc thi.',
    startsAt: '2026-03-20T03:00:00.000Z',
    endsAt: '2026-05-19T03:00:00.000Z',
    questionsPerAttempt: 20,
    timeLimitSeconds: 900,
    maxAttempts: 3,
    predictionQuestion: 'Theo bạn, có bao nhiêu người tham gia?',
    predictionTarget: 'participants',
    rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'],
    revealAnswers: 'afterClose',
    revealScore: 'afterSubmit',
    phoneVerification: false,
    rounds: [],
    roundsRanking: 'best',
    prizes: { individual: [{ name: 'Giải Nhất', count: 1, valueVnd: 6_000_000 }], collective: [] },
    collectiveCriterion: 'participationRate',
    topicQuotas: null,
    allowedOrigins: [],
    occupations: [{ id: 'can-bo', name: 'Cán bộ, công chức' }],
    documents: [],
    privacyNotice: { version: 1, controller: null, contact: null, purposes: null, text: null },
    personalDataRetentionUntil: '2027-05-19T03:00:00.000Z',
    minAge: null,
    practice: 'afterClose',
    status: 'upcoming',
    ...overrides,
  };
}

const COMPUTED: ComputedResults = {
  computedAt: '2026-11-28T03:00:00.000Z',
  provisional: true,
  predictionTarget: 'participants',
  actual: 150,
  rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'],
  collectiveCriterion: 'participationRate',
  individual: [
    { prize: 'Giải tuần', valueVnd: 500_000, rank: 1, contestantId: 'c1', name: 'Nguyễn Văn An', unit: 'Sở Tư pháp', birthYear: 1990, score: 10, total: 10, durationMs: 95_000, prediction: 149, decidedBy: 'score' },
  ],
  collective: [],
};

const FLAGGED: FlaggedWinner[] = [{ contestantId: 'c1', name: 'Nguyễn Văn An', unit: 'Sở Tư pháp', prize: 'Giải tuần', rank: 1, kinds: ['scoreJump'] }];

/** A round's row control, by the label a screen reader hears ("Vòng 2: Bắt đầu"). */
const roundControl = (el: Element, round: number, label: string) => control(el, `Vòng ${round}: ${label}`);

/** The round picker's choices as a person reads them. */
const pickerChoices = (el: Element) => deepAll<HTMLOptionElement>(el, '[data-round-picker] option').map((o) => o.textContent!.trim());

function pick(el: Element, value: string): void {
  const select = deep<HTMLSelectElement>(el, '[data-round-picker] select')!;
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

describe('rounds in <admin-settings>', () => {
  let api: FakeAdminApi;

  const mount = async () => {
    const el = await fixture<AdminSettings>(html`<admin-settings .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-settings>`);
    await waitForSelector(el, '#f-title');
    return el;
  };

  const addRound = async (el: AdminSettings, n: number, values: { id: string; title: string; startsAt: string; endsAt: string }) => {
    button(el, 'Thêm vòng').click();
    await el.updateComplete;
    fill(roundControl(el, n, 'Mã vòng'), values.id);
    fill(roundControl(el, n, 'Tên vòng'), values.title);
    fill(roundControl(el, n, 'Bắt đầu'), values.startsAt);
    fill(roundControl(el, n, 'Kết thúc'), values.endsAt);
    await el.updateComplete;
  };

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', CONTEST_PATH, contest()).on('PUT', CONTEST_PATH, (body: ContestSettings) => ({ ...contest(), ...body }));
  });

  it('adds two rounds in Vietnam time, one with its own prizes, chooses the overall ranking, and sends them with the contest', async () => {
    const el = await mount();
    expect(visibleText(el.shadowRoot!)).not.to.include('Xếp hạng chung');
    await addRound(el, 1, { id: 'vong-1', title: 'Tuần đầu', startsAt: '2026-03-20T10:00', endsAt: '2026-04-01T10:00' });
    // A new row starts where the previous one ends.
    button(el, 'Thêm vòng').click();
    await el.updateComplete;
    expect(roundControl(el, 2, 'Bắt đầu').value).to.equal('2026-04-01T10:00');
    expect(roundControl(el, 2, 'Mã vòng').value).to.equal('vong-2');
    fill(roundControl(el, 2, 'Tên vòng'), 'Chung kết');
    fill(roundControl(el, 2, 'Kết thúc'), '2026-05-19T10:00');
    fill(roundControl(el, 2, 'Số câu hỏi mỗi lượt'), '30');
    fill(roundControl(el, 2, 'Số lượt mỗi người'), '1');
    await el.updateComplete;
    expect(visibleText(el.shadowRoot!)).to.include('10 giờ 00, ngày 19/5/2026');

    const prizes = deepAll<HTMLInputElement>(el, 'fieldset.round input[type="checkbox"]')[1]!;
    expect(prizes.labels![0]!.textContent!.trim()).to.equal('Vòng 2 có giải riêng');
    prizes.click();
    await el.updateComplete;
    button(el, 'Thêm giải (vòng 2, giải cá nhân)').click();
    await el.updateComplete;
    fill(control(el, 'Vòng 2, giải cá nhân, dòng 1: tên giải'), 'Giải Nhất chung kết');
    fill(control(el, 'Vòng 2, giải cá nhân, dòng 1: giá trị mỗi giải'), '2.000.000');

    const ranking = control<HTMLSelectElement>(el, 'Xếp hạng chung');
    expect([...ranking.options].map((o) => o.textContent!.trim())).to.deep.equal([
      'Lượt tốt nhất ở bất kỳ vòng nào',
      'Tổng điểm các vòng (điểm tốt nhất của mỗi vòng)',
      'Chỉ vòng cuối',
    ]);
    fill(ranking, 'sum');
    await el.updateComplete;
    await expect(el).to.be.accessible();

    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Đã lưu cấu hình lúc');
    const body = api.callsTo('PUT', CONTEST_PATH)[0]!.body as ContestSettings;
    expect(body.roundsRanking).to.equal('sum');
    expect(body.rounds).to.deep.equal([
      { id: 'vong-1', title: 'Tuần đầu', startsAt: '2026-03-20T03:00:00.000Z', endsAt: '2026-04-01T03:00:00.000Z', questionsPerAttempt: null, maxAttempts: null, prizes: null },
      {
        id: 'vong-2',
        title: 'Chung kết',
        startsAt: '2026-04-01T03:00:00.000Z',
        endsAt: '2026-05-19T03:00:00.000Z',
        questionsPerAttempt: 30,
        maxAttempts: 1,
        prizes: { individual: [{ name: 'Giải Nhất chung kết', count: 1, valueVnd: 2_000_000 }], collective: [] },
      },
    ]);
  });

  it('refuses overlapping rounds before sending, with the contract’s message at the second row', async () => {
    const el = await mount();
    await addRound(el, 1, { id: 'vong-1', title: 'Tuần đầu', startsAt: '2026-03-20T10:00', endsAt: '2026-04-10T10:00' });
    await addRound(el, 2, { id: 'vong-2', title: 'Tuần hai', startsAt: '2026-04-01T10:00', endsAt: '2026-04-20T10:00' });
    button(el, 'Lưu cấu hình').click();
    await waitUntil(() => describedError(roundControl(el, 2, 'Bắt đầu')) !== '', 'no error at the second row');
    expect(describedError(roundControl(el, 2, 'Bắt đầu'))).to.equal('Vòng 2 trùng thời gian với vòng 1');
    expect(describedError(roundControl(el, 1, 'Bắt đầu'))).to.equal('');
    expect(roundControl(el, 2, 'Bắt đầu').getAttribute('aria-invalid')).to.equal('true');
    expect(visibleText(deep(el, '.error-summary')!)).to.include('Vòng 2 trùng thời gian với vòng 1');
    expect(api.callsTo('PUT', CONTEST_PATH)).to.have.length(0);

    // Also while another field is wrong: the rule is asked directly, not only after the whole form reads.
    fill(control(el, 'Tên cuộc thi'), '');
    fill(roundControl(el, 1, 'Mã vòng'), 'Vòng 1');
    button(el, 'Lưu cấu hình').click();
    await waitUntil(() => describedError(roundControl(el, 1, 'Mã vòng')) !== '');
    expect(describedError(roundControl(el, 1, 'Mã vòng'))).to.include('Mã vòng gồm chữ thường không dấu');
    // The summary names the row of a message that does not.
    expect(visibleText(deep(el, '.error-summary')!)).to.include('Vòng 1: Mã vòng gồm chữ thường không dấu');
    expect(describedError(roundControl(el, 2, 'Bắt đầu'))).to.equal('Vòng 2 trùng thời gian với vòng 1');
    expect(api.callsTo('PUT', CONTEST_PATH)).to.have.length(0);
  });

  it('shows the server’s refusal keyed rounds.1.startsAt at the second row', async () => {
    api.on('PUT', CONTEST_PATH, () => {
      throw refusal(400, { code: 'VALIDATION', message: 'Dữ liệu không hợp lệ', fields: { 'rounds.1.startsAt': 'Vòng 2 bắt đầu trước khi cuộc thi mở' } });
    });
    const el = await mount();
    await addRound(el, 1, { id: 'vong-1', title: 'Tuần đầu', startsAt: '2026-03-20T10:00', endsAt: '2026-04-01T10:00' });
    await addRound(el, 2, { id: 'vong-2', title: 'Tuần hai', startsAt: '2026-04-01T10:00', endsAt: '2026-04-20T10:00' });
    button(el, 'Lưu cấu hình').click();
    await waitUntil(() => describedError(roundControl(el, 2, 'Bắt đầu')) !== '', 'the refusal never showed at the row');
    expect(describedError(roundControl(el, 2, 'Bắt đầu'))).to.equal('Vòng 2 bắt đầu trước khi cuộc thi mở');
    expect(api.callsTo('PUT', CONTEST_PATH)).to.have.length(1);
  });

  it('shows saved rounds, reorders and removes rows, and saving unchanged sends the rounds back as they were', async () => {
    const saved = contest({ startsAt: '2020-01-01T00:00:00.000Z', endsAt: '2100-01-01T00:00:00.000Z', rounds: ROUNDS, roundsRanking: 'final', personalDataRetentionUntil: '2101-01-01T00:00:00.000Z' });
    api.on('GET', CONTEST_PATH, saved).on('PUT', CONTEST_PATH, (body: ContestSettings) => ({ ...saved, ...body }));
    const el = await mount();
    expect(roundControl(el, 1, 'Mã vòng').value).to.equal('vong-2');
    expect(roundControl(el, 1, 'Bắt đầu').value).to.equal('2021-01-01T08:00');
    expect(roundControl(el, 2, 'Số câu hỏi mỗi lượt').value).to.equal('10');
    expect(control<HTMLSelectElement>(el, 'Xếp hạng chung').value).to.equal('final');
    expect(control(el, 'Vòng 1, giải cá nhân, dòng 1: tên giải').value).to.equal('Giải tuần');

    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Đã lưu cấu hình lúc');
    const first = api.callsTo('PUT', CONTEST_PATH)[0]!.body as ContestSettings;
    expect(first.rounds).to.deep.equal(ROUNDS);
    expect(first.roundsRanking).to.equal('final');

    button(el, 'Đưa Vòng 2 lên trên').click();
    await el.updateComplete;
    expect(roundControl(el, 1, 'Mã vòng').value).to.equal('vong-1');
    button(el, 'Xoá Vòng 2').click();
    await el.updateComplete;
    expect(deepAll(el, 'fieldset.round')).to.have.length(1);
    button(el, 'Lưu cấu hình').click();
    await waitUntil(() => api.callsTo('PUT', CONTEST_PATH).length === 2 || deep(el, '.error-summary') !== null);
    expect(deep(el, '.error-summary') && visibleText(deep(el, '.error-summary')!)).to.equal(null);
    expect((api.callsTo('PUT', CONTEST_PATH)[1]!.body as ContestSettings).rounds.map((r) => r.id)).to.deep.equal(['vong-1']);
  });
});

describe('rounds in <admin-prizes>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', `/contests/${SLUG}/units`, []).on('GET', CONTEST_PATH, contest({ rounds: ROUNDS }));
    fakeResultsRoutes(api, CONTEST_PATH, COMPUTED);
  });

  const mount = async () => {
    const el = await fixture<AdminPrizes>(html`<admin-prizes .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-prizes>`);
    await waitForSelector(el, '[data-round-picker]');
    await waitUntil(() => !visibleText(deep(el, '[data-published]')!).includes('Đang tải'));
    return el;
  };

  const dialog = (el: Element, id: string) => deep(el, `#${id}`)!.shadowRoot!.querySelector('dialog')!;

  it('lists the whole contest and each round in time order, with its status', async () => {
    const el = await mount();
    expect(pickerChoices(el)).to.deep.equal(['Cả cuộc thi', 'Vòng 1 · Tuần đầu (đã kết thúc)', 'Vòng 2 · Tuần thứ hai (đang mở)']);
    expect(control<HTMLSelectElement>(el, 'Xem theo vòng').value).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('computes and publishes a round’s prizes through the round’s route, acknowledging its flagged winners after the same confirmation', async () => {
    const round = fakeResultsRoutes(api, ROUND_2, { ...COMPUTED, flaggedWinners: FLAGGED }, '2026-11-28T04:00:00.000Z');
    const el = await mount();
    pick(el, 'vong-2');
    await waitUntil(() => api.callsTo('GET', `${ROUND_2}/results`).length === 1, 'the round’s published results were not asked for');
    await waitForText(el, 'Kết quả đã công bố — Vòng 2 · Tuần thứ hai');
    expect(visibleText(deep(el, '[data-round-note]')!)).to.include('chỉ xét các lượt thi của vòng này');

    button(el, 'Tính thử').click();
    await waitForSelector(el, '[data-results="dry"] table[data-individual]');
    expect(api.callsTo('POST', `${ROUND_2}/results`).map((c) => c.body)).to.deep.equal([{ publish: false }]);
    expect(visibleText(deep(el, '[data-flagged]')!)).to.include('1 người đoạt giải bị gắn cờ');

    button(el, 'Công bố kết quả').click();
    const confirm = dialog(el, 'publish-confirm');
    await waitUntil(() => confirm.open, 'the confirmation never opened');
    const words = visibleText(deep(el, '#publish-confirm')!);
    expect(words).to.include('Sẽ công bố 1 giải cá nhân và 0 giải tập thể của vòng «Vòng 2 · Tuần thứ hai»');
    expect(words).to.include('1 người đoạt giải đang bị gắn cờ');
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    await waitForText(el, 'Đã công bố kết quả lúc 11 giờ 00, ngày 28/11/2026');
    expect(api.callsTo('POST', `${ROUND_2}/results`).map((c) => c.body)).to.deep.equal([{ publish: false }, { publish: true, acknowledgeFlags: true }]);
    expect(round.published()).to.not.equal(null);
    expect(api.callsTo('POST', `${CONTEST_PATH}/results`)).to.have.length(0);

    // Republishing the round asks the second confirmation and replaces it on the round's route.
    button(el, 'Công bố lại kết quả').click();
    await waitUntil(() => confirm.open);
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    const again = dialog(el, 'republish-confirm');
    await waitUntil(() => again.open, 'no second confirmation');
    [...again.querySelectorAll('button')].find((b) => b.textContent === 'Thay thế kết quả đã công bố')!.click();
    await waitUntil(() => api.callsTo('POST', `${ROUND_2}/results`).length === 3);
    expect(api.callsTo('POST', `${ROUND_2}/results`)[2]!.body).to.deep.equal({ publish: true, replace: true, acknowledgeFlags: true });

    // Back to the whole contest: its own routes again, nothing of the round's left on screen.
    pick(el, '');
    await waitUntil(() => api.callsTo('GET', `${CONTEST_PATH}/results`).length === 2);
    expect(deep(el, '[data-results="dry"]')).to.equal(null);
    expect(deep(el, '#published-title')!.textContent).to.equal('Kết quả đã công bố');
    button(el, 'Tính thử').click();
    await waitUntil(() => api.callsTo('POST', `${CONTEST_PATH}/results`).length === 1);
  });

  it('downloads a round’s winners from the round’s export route', async () => {
    fakeResultsRoutes(api, ROUND_2, COMPUTED);
    const el = await mount();
    pick(el, 'vong-2');
    await waitForText(el, 'Danh sách đoạt giải để chi trả — Vòng 2 · Tuần thứ hai');
    button(el, 'Tải danh sách đoạt giải (Excel)').click();
    await waitUntil(() => api.callsTo('GET', `${ROUND_2}/results/export?format=xlsx`).length === 1, 'the round export was not asked for');
    expect(api.callsTo('GET', `${ROUND_2}/results/export?format=xlsx`)[0]!.body).to.equal('giai-thuong-thi-thu-vong-2.xlsx');
    await waitUntil(() => !button(el, 'Tải danh sách đoạt giải (CSV)').disabled);
    button(el, 'Tải danh sách đoạt giải (CSV)').click();
    await waitUntil(() => api.callsTo('GET', `${ROUND_2}/results/export?format=csv`).length === 1);
    expect(api.calls.some((c) => c.path === `${CONTEST_PATH}/results/export?format=xlsx`)).to.equal(false);
  });

  it('says when a round has no prizes of its own', async () => {
    fakeResultsRoutes(api, `/contests/${SLUG}/rounds/vong-1`, { ...COMPUTED, individual: [] });
    const el = await mount();
    pick(el, 'vong-1');
    await waitForText(el, 'Vòng 1 · Tuần đầu không có giải riêng');
  });
});

describe('rounds in <admin-dashboard>', () => {
  const STATS: ContestStatsResponse = {
    totals: { registered: 500, participants: 400, attempts: 900, perfectAttempts: 12, inProgress: 3, voided: 0 },
    byUnit: [],
    byOccupation: [],
    bySource: [],
    byDay: [],
    scoreDistribution: [],
    collectiveCriterion: 'participants',
  };
  const ROUND_STATS: RoundStats = {
    roundId: 'vong-2',
    status: 'open',
    participants: 1234,
    attempts: 2345,
    inProgress: 7,
    averageBestScore: 8.5,
    actual: 1234,
    resultsPublishedAt: '2026-11-28T04:00:00.000Z',
  };

  it('shows a round’s own figures from the round’s stats route, and the contest’s again on “Cả cuộc thi”', async () => {
    const api = new FakeAdminApi()
      .on('GET', CONTEST_PATH, contest({ rounds: ROUNDS }))
      .on('GET', `${CONTEST_PATH}/stats`, STATS)
      .on('GET', `${ROUND_2}/stats`, ROUND_STATS);
    const el = await fixture<AdminDashboard>(html`<admin-dashboard .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-dashboard>`);
    await waitForSelector(el, '[data-round-picker]');
    await waitForSelector(el, '[data-figure="registered"]');
    pick(el, 'vong-2');
    await waitForSelector(el, '[data-round-stats="vong-2"]');
    expect(api.callsTo('GET', `${ROUND_2}/stats`)).to.have.length(1);
    expect(deep(el, '[data-figure="participants"] dd')!.textContent).to.equal('1.234');
    expect(deep(el, '[data-figure="attempts"] dd')!.textContent).to.equal('2.345');
    expect(deep(el, '[data-figure="averageBestScore"] dd')!.textContent).to.equal('8,5');
    const text = visibleText(deep(el, '[data-round-stats]')!);
    expect(text).to.include('Vòng 2 · Tuần thứ hai');
    expect(text).to.include('đang mở');
    expect(text).to.include('Kết quả của vòng đã công bố lúc 11 giờ 00, ngày 28/11/2026');
    // The contest's own figures and charts are not mixed with the round's.
    expect(deep(el, '[data-figure="registered"]')).to.equal(null);
    await expect(el).to.be.accessible();

    pick(el, '');
    await waitForSelector(el, '[data-figure="registered"]');
    expect(deep(el, '[data-round-stats]')).to.equal(null);
  });
});

describe('a contest without rounds', () => {
  it('shows no round picker, no overall ranking, and asks only the contest’s own routes', async () => {
    const api = new FakeAdminApi()
      .on('GET', CONTEST_PATH, contest())
      .on('GET', `/contests/${SLUG}/units`, [])
      .on('GET', `${CONTEST_PATH}/stats`, {
        totals: { registered: 1, participants: 1, attempts: 1, perfectAttempts: 0, inProgress: 0, voided: 0 },
        byUnit: [],
        byOccupation: [],
        bySource: [],
        byDay: [],
        scoreDistribution: [],
        collectiveCriterion: 'participants',
      });
    fakeResultsRoutes(api, CONTEST_PATH, COMPUTED);
    const prizes = await fixture<AdminPrizes>(html`<admin-prizes .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-prizes>`);
    const dashboard = await fixture<AdminDashboard>(html`<admin-dashboard .api=${api.asApi()} slug=${SLUG}></admin-dashboard>`);
    const settings = await fixture<AdminSettings>(html`<admin-settings .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-settings>`);
    await waitForSelector(settings, '#f-title');
    await waitForSelector(dashboard, '[data-figure="registered"]');
    await waitUntil(() => api.callsTo('GET', CONTEST_PATH).length === 3, 'every screen reads the contest');
    await prizes.updateComplete;
    await dashboard.updateComplete;
    expect(deep(prizes, '[data-round-picker]')).to.equal(null);
    expect(deep(dashboard, '[data-round-picker]')).to.equal(null);
    expect(visibleText(settings.shadowRoot!)).not.to.include('Xếp hạng chung');
    expect(visibleText(settings.shadowRoot!)).to.include('Để trống nếu cuộc thi chỉ có một vòng');
    expect(deepAll(settings, 'fieldset.round')).to.have.length(0);
    expect(api.calls.some((c) => c.path.includes('/rounds/'))).to.equal(false);
  });
});
