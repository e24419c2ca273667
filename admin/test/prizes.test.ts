import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/screens/prizes.js';
import type { AdminPrizes, ComputedResults, PublishedResults } from '../src/screens/prizes.js';
import type { ContestUnit } from '../src/screens/units.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, deep, deepAll, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const PATH = `/contests/${SLUG}/results`;

const COMPUTED: ComputedResults = {
  computedAt: '2026-11-28T03:00:00.000Z',
  provisional: true,
  predictionTarget: 'participants',
  actual: 1500,
  rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'],
  collectiveCriterion: 'participationRate',
  individual: [
    { prize: 'Giải Nhất', valueVnd: 6_000_000, rank: 1, contestantId: 'c1', name: 'Nguyễn Văn An', unit: 'Sở Tư pháp', birthYear: 1990, score: 20, total: 20, durationMs: 185_000, prediction: 1498, decidedBy: 'prediction' },
    { prize: 'Giải Nhì', valueVnd: 3_000_000, rank: 2, contestantId: 'c2', name: 'Trần Thị Bình', unit: 'Huyện Vũ Thư', birthYear: 1985, score: 20, total: 20, durationMs: 200_000, prediction: null, decidedBy: 'score' },
  ],
  collective: [{ prize: 'Giải Nhất', valueVnd: 8_000_000, unitId: 'so-tp', unit: 'Sở Tư pháp', participants: 80, attempts: 100, rate: 0.8, averageScore: 17.25 }],
};

const UNITS_PATH = `/contests/${SLUG}/units`;
const UNITS: ContestUnit[] = [
  { id: 'khoi', name: 'Khối cơ quan tỉnh', parentId: null, kind: 'Khối', headcount: null, competes: null, competing: false },
  { id: 'cong-an', name: 'Công an tỉnh', parentId: 'khoi', kind: null, headcount: null, competes: null, competing: true },
  { id: 'so-gd-dt', name: 'Sở Giáo dục và Đào tạo', parentId: 'khoi', kind: null, headcount: 2750, competes: null, competing: true },
  { id: 'thpt-a', name: 'Trường THPT Chuyên Thái Bình', parentId: 'so-gd-dt', kind: null, headcount: 1200, competes: null, competing: false },
  { id: 'so-tp', name: 'Sở Tư pháp', parentId: 'khoi', kind: null, headcount: 100, competes: null, competing: true },
];

const PUBLISHED: PublishedResults = { publishedAt: '2026-11-27T08:30:00.000Z', publishedBy: 'Ban Tổ chức', outdated: false, payload: { ...COMPUTED, computedAt: '2026-11-27T08:30:00.000Z' } };

const notPublished = () => {
  throw refusal(404, { code: 'NOT_PUBLISHED', message: 'Kết quả cuộc thi chưa được công bố' });
};

/** An element's text as read, whitespace collapsed. */
const textOf = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

/** The element focused, looking into shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<admin-prizes>', () => {
  let api: FakeAdminApi;
  let published: PublishedResults | null;

  beforeEach(() => {
    published = null;
    api = new FakeAdminApi()
      .on('GET', UNITS_PATH, UNITS)
      .on('GET', PATH, () => (published ? structuredClone(published) : notPublished()))
      .on('POST', PATH, (body: { publish?: boolean; replace?: boolean }) => {
        if (!body.publish) return { published: false, ...structuredClone(COMPUTED) };
        if (published && !body.replace) throw refusal(409, { code: 'CONFLICT', message: 'Kết quả đã được công bố.', fields: { replace: 'Cần xác nhận công bố lại' } });
        published = { publishedAt: '2026-11-28T03:05:00.000Z', publishedBy: 'Ban Tổ chức', outdated: false, payload: structuredClone(COMPUTED) };
        return { published: true, publishedAt: published.publishedAt, ...structuredClone(COMPUTED) };
      });
  });

  const mount = async (canWrite = true) => {
    const el = await fixture<AdminPrizes>(html`<admin-prizes .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-prizes>`);
    await waitUntil(() => !visibleText(deep(el, '[data-published]')!).includes('Đang tải'));
    return el;
  };

  const dryRun = async (el: AdminPrizes) => {
    button(el, 'Tính thử').click();
    await waitForSelector(el, '[data-results="dry"] table[data-individual]');
  };

  const dialog = (el: AdminPrizes, id: string) => deep(el, `#${id}`)!.shadowRoot!.querySelector('dialog')!;

  it('a dry run shows individual and collective awards with the tie-break chain and the provisional flag', async () => {
    const el = await mount();
    expect(visibleText(el.shadowRoot!)).to.include('Chưa công bố kết quả');
    await dryRun(el);
    expect(api.callsTo('POST', PATH).map((c) => c.body)).to.deep.equal([{ publish: false }]);
    const review = deep(el, '[data-results="dry"]')!;
    const text = visibleText(review);
    expect(text).to.include('Tạm thời');
    expect(text).to.include('Số người tham gia: 1.500');
    expect(text).to.include('Điểm cao hơn → Dự đoán sát hơn → Thời gian làm bài ngắn hơn → Nộp bài sớm hơn');
    const individual = deepAll(review, 'table[data-individual] tbody tr').map(textOf);
    expect(individual).to.deep.equal([
      'Giải Nhất 1 Nguyễn Văn An 1990 Sở Tư pháp 20/20 3 phút 05,0 giây 1.498 (2) dự đoán 6.000.000 đ',
      'Giải Nhì 2 Trần Thị Bình 1985 Huyện Vũ Thư 20/20 3 phút 20,0 giây Không dự đoán điểm 3.000.000 đ',
    ]);
    const collective = deepAll(review, 'table[data-collective] tbody tr').map(textOf);
    expect(collective).to.deep.equal(['Giải Nhất Sở Tư pháp 80 80,0 % 17,25 100 — 8.000.000 đ']);
    await expect(el).to.be.accessible();
  });

  it('names the tie-break that separated each winner from the next, with tenths of a second and precise rates', async () => {
    const close = structuredClone(COMPUTED);
    close.individual = [
      { ...close.individual[0]!, prediction: 1500, durationMs: 125_300, decidedBy: 'duration' },
      { ...close.individual[1]!, prediction: 1500, durationMs: 125_800, decidedBy: null },
    ];
    close.collective = [
      { ...close.collective[0]!, rate: 0.00035, decidedBy: 'criterion' },
      { ...close.collective[0]!, prize: 'Giải Nhì', unitId: 'vu-thu', unit: 'Huyện Vũ Thư', participants: 1, rate: 0.00034, decidedBy: 'criterion' },
      { ...close.collective[0]!, prize: 'Giải Ba', unitId: 'tp', unit: 'Thành phố Thái Bình', participants: 1, rate: 0.000339, decidedBy: 'averageScore' },
    ];
    api.on('POST', PATH, () => ({ published: false, ...structuredClone(close) }));
    const el = await mount();
    await dryRun(el);
    const review = deep(el, '[data-results="dry"]')!;
    const header = deepAll(review, 'table[data-individual] thead th').map(textOf);
    expect(header).to.include('Hơn người kế tiếp nhờ');
    const decided = deepAll(review, 'table[data-individual] tbody td.decided-by').map(textOf);
    expect(decided).to.deep.equal(['thời gian', 'ngang nhau']);
    const times = deepAll(review, 'table[data-individual] tbody td.duration').map(textOf);
    expect(times).to.deep.equal(['2 phút 05,3 giây', '2 phút 05,8 giây']);
    const rates = deepAll(review, 'table[data-collective] tbody tr').map((tr) => textOf(tr.querySelectorAll('td')[2]!));
    // 0,034 % and 0,0339 % would both round to 0,034 %: the column takes a fourth decimal.
    expect(rates).to.deep.equal(['0,0350 %', '0,0340 %', '0,0339 %']);
    const unitsDecided = deepAll(review, 'table[data-collective] tbody td.decided-by').map(textOf);
    expect(unitsDecided).to.deep.equal(['tỷ lệ tham gia', 'tỷ lệ tham gia', 'điểm trung bình']);
    await expect(el).to.be.accessible();
  });

  it('publishing asks for confirmation naming what will be published, then sends publish: true', async () => {
    const el = await mount();
    await dryRun(el);
    const publish = button(el, 'Công bố kết quả');
    publish.focus();
    publish.click();
    const confirm = dialog(el, 'publish-confirm');
    await waitUntil(() => confirm.open, 'the confirmation never opened');
    expect(textOf(deep(el, '#publish-confirm')!)).to.include('Sẽ công bố 2 giải cá nhân và 1 giải tập thể của cuộc thi «thi-thu»');
    expect(textOf(deep(el, '#publish-confirm')!)).to.include('kết quả sẽ được ghi là tạm thời');
    // Focus moves into the dialog, onto the safe choice.
    expect(focused()!.textContent).to.equal('Huỷ bỏ');
    await expect(el).to.be.accessible();
    expect(api.callsTo('POST', PATH)).to.have.length(1);
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    await waitForText(el, 'Đã công bố kết quả lúc');
    expect(api.callsTo('POST', PATH).map((c) => c.body)).to.deep.equal([{ publish: false }, { publish: true }]);
    const status = visibleText(deep(el, '[data-published]')!);
    expect(status).to.include('Đã công bố lúc 10 giờ 05, ngày 28/11/2026');
    expect(status).to.include('người công bố: Ban Tổ chức');
  });

  it('Esc cancels the confirmation, sends nothing and returns focus to the button', async () => {
    const el = await mount();
    await dryRun(el);
    const publish = button(el, 'Công bố kết quả');
    publish.focus();
    publish.click();
    const confirm = dialog(el, 'publish-confirm');
    await waitUntil(() => confirm.open);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !confirm.open, 'Esc did not close the dialog');
    expect(api.callsTo('POST', PATH)).to.have.length(1);
    expect(focused()).to.equal(publish);
  });

  it('publishing again needs a second, explicit confirmation and only then sends replace: true', async () => {
    published = structuredClone(PUBLISHED);
    const el = await mount();
    expect(visibleText(deep(el, '[data-published]')!)).to.include('Đã công bố lúc 15 giờ 30, ngày 27/11/2026');
    await dryRun(el);
    const first = dialog(el, 'publish-confirm');
    const second = dialog(el, 'republish-confirm');

    // Confirming the first question alone publishes nothing; cancelling the second stops there.
    button(el, 'Công bố lại kết quả').click();
    await waitUntil(() => first.open);
    [...first.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    await waitUntil(() => second.open, 'no second confirmation');
    expect(textOf(deep(el, '#republish-confirm')!)).to.include('Kết quả đã công bố lúc 15 giờ 30, ngày 27/11/2026 (người công bố: Ban Tổ chức) sẽ bị thay thế');
    [...second.querySelectorAll('button')].find((b) => b.textContent === 'Huỷ bỏ')!.click();
    await waitUntil(() => !second.open);
    expect(api.callsTo('POST', PATH).filter((c) => (c.body as { publish: boolean }).publish)).to.have.length(0);

    button(el, 'Công bố lại kết quả').click();
    await waitUntil(() => first.open);
    [...first.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    await waitUntil(() => second.open);
    [...second.querySelectorAll('button')].find((b) => b.textContent === 'Thay thế kết quả đã công bố')!.click();
    await waitForText(el, 'Đã công bố kết quả lúc');
    expect(api.callsTo('POST', PATH).map((c) => c.body).slice(1)).to.deep.equal([{ publish: true, replace: true }]);
  });

  it('when someone published meanwhile, it asks before replacing instead of failing', async () => {
    const el = await mount();
    await dryRun(el);
    published = structuredClone(PUBLISHED);
    button(el, 'Công bố kết quả').click();
    const first = dialog(el, 'publish-confirm');
    const second = dialog(el, 'republish-confirm');
    await waitUntil(() => first.open);
    [...first.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    await waitUntil(() => second.open, 'no second confirmation after the conflict');
    [...second.querySelectorAll('button')].find((b) => b.textContent === 'Thay thế kết quả đã công bố')!.click();
    await waitForText(el, 'Đã công bố kết quả lúc');
    expect(api.callsTo('POST', PATH).map((c) => c.body)).to.deep.equal([{ publish: false }, { publish: true }, { publish: true, replace: true }]);
  });

  it('the jury may run the dry run and read what was published, but has no publish button', async () => {
    published = structuredClone(PUBLISHED);
    const el = await mount(false);
    expect(visibleText(el.shadowRoot!)).to.include('Ban Giám khảo chỉ được xem');
    await dryRun(el);
    expect(deepAll<HTMLButtonElement>(el, 'button').filter((b) => b.textContent!.includes('Công bố'))).to.have.length(0);
    expect(deep(el, '[data-publish]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows the competing units before computing, flagging those without a headcount', async () => {
    const el = await mount();
    await waitForSelector(el, '[data-competing] ul.competing');
    const section = deep(el, '[data-competing]')!;
    const text = visibleText(section);
    expect(text).to.include('3 đơn vị dự giải tập thể, 1 đơn vị chưa khai báo số người');
    expect(deepAll(section, 'ul.competing li').map(textOf)).to.deep.equal([
      'Công an tỉnh: chưa khai báo số người',
      'Sở Giáo dục và Đào tạo: 2.750 người',
      'Sở Tư pháp: 100 người',
    ]);
    expect(text).not.to.include('Khối cơ quan tỉnh');
    expect(deep<HTMLAnchorElement>(section, 'a')!.getAttribute('href')).to.equal(`#/${SLUG}/units`);
    await expect(el).to.be.accessible();
  });

  it('a 409 HEADCOUNT_MISSING lists the units with a link to the Units screen, and shows no awards', async () => {
    api.on('POST', PATH, () => {
      throw refusal(409, {
        code: 'HEADCOUNT_MISSING',
        message: 'Chưa tính được giải tập thể theo tỷ lệ tham gia: 1 đơn vị dự giải chưa khai báo số người (headcount): Công an tỉnh.',
        fields: { headcount: 'Đơn vị dự giải tập thể cần có số người' },
        units: [{ id: 'cong-an', name: 'Công an tỉnh' }],
      });
    });
    const el = await mount();
    button(el, 'Tính thử').click();
    await waitForSelector(el, '[data-headcount-missing]');
    const notice = deep(el, '[data-headcount-missing]')!;
    expect(deepAll(notice, 'li').map(textOf)).to.deep.equal(['Công an tỉnh (mã cong-an)']);
    expect(visibleText(notice)).to.include('1 đơn vị dự giải chưa khai báo số người');
    expect(deep<HTMLAnchorElement>(notice, 'a')!.getAttribute('href')).to.equal(`#/${SLUG}/units`);
    expect(visibleText(deep(el, '[role="alert"]')!)).to.include('Chưa tính được giải tập thể theo tỷ lệ tham gia');
    expect(deep(el, '[data-results="dry"]')).to.equal(null);
    expect(deep(el, '[data-publish]')).to.equal(null);
    await expect(el).to.be.accessible();

    // Once the headcounts are declared, computing works and the notice goes.
    api.on('POST', PATH, () => ({ published: false, ...structuredClone(COMPUTED) }));
    await dryRun(el);
    expect(deep(el, '[data-headcount-missing]')).to.equal(null);
    expect(visibleText(deep(el, '[data-results="dry"]')!)).to.include('Tỉ lệ người tham gia so với số người của đơn vị');
  });
});
