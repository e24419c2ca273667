import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/questions.js';
import '../src/screens/prizes.js';
import type { AdminPrizes, PublishedResults } from '../src/screens/prizes.js';
import type { AdminQuestions, BankQuestion, Regrade } from '../src/screens/questions.js';
import { FakeAdminApi } from './fake-admin-api.js';
import { button, control, deep, deepAll, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const LIST = `/contests/${SLUG}/questions?includeRetired=true`;
const REGRADE = `/contests/${SLUG}/regrade`;

const BANK: BankQuestion[] = [
  { id: 'q1', topic: 'VNeID', text: 'Ứng dụng định danh điện tử quốc gia tên là gì?', options: ['VNeID', 'Zalo', 'Bluezone'], answer: 1, explanation: null, source: null, sourceUrl: null, practice: false, retiredAt: null },
  { id: 'q2', topic: 'Căn cước', text: 'Thẻ căn cước gắn chip được cấp từ năm nào?', options: ['2019', '2021'], answer: 1, explanation: null, source: null, sourceUrl: null, practice: false, retiredAt: null },
];

const place = (rank: number, name: string, score: number) => ({ rank, contestantId: `c-${name}`, name, score });

const DRY: Regrade = {
  dryRun: true,
  attempts: 3,
  changed: [
    { attemptId: 'a-an', contestant: { id: 'c-an', name: 'Nguyễn Văn An' }, before: 3, after: 4 },
    { attemptId: 'a-binh', contestant: { id: 'c-binh', name: 'Trần Thị Bình' }, before: 4, after: 3 },
  ],
  rankChanges: {
    moved: 2,
    top: 20,
    before: [place(1, 'Trần Thị Bình', 4), place(2, 'Nguyễn Văn An', 3)],
    after: [place(1, 'Nguyễn Văn An', 4), place(2, 'Trần Thị Bình', 3)],
  },
  outdated: true,
};

const dialogOf = (el: Element) => deep(el, '#regrade-confirm')!.shadowRoot!.querySelector('dialog')!;

describe('regrade from the question screen', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi()
      .on('GET', LIST, BANK)
      .on('PUT', `/contests/${SLUG}/questions/q1`, (body: unknown) => ({ ...BANK[0], ...(body as object), id: 'q1', retiredAt: null, affectedAttempts: 2 }))
      .on('POST', REGRADE, (body: unknown) => ((body as { dryRun: boolean }).dryRun ? DRY : { ...DRY, dryRun: false }));
  });

  async function mount(canWrite = true): Promise<AdminQuestions> {
    const el = await fixture<AdminQuestions>(html`<admin-questions .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-questions>`);
    await waitForSelector(el, 'tbody tr');
    return el;
  }

  it('a key fix says how many attempts it affects; the dry run lists them; applying asks first, then regrades', async () => {
    const el = await mount();
    button(el, 'Sửa câu q1').click();
    await waitForSelector(el, 'form.editor');
    fill(control<HTMLSelectElement>(el, 'Đáp án đúng'), '0');
    button(el, 'Lưu câu hỏi').click();
    await waitForText(el, 'Đáp án mới làm thay đổi điểm của 2 lượt thi đã nộp');
    expect(api.callsTo('PUT', `/contests/${SLUG}/questions/q1`)[0]!.body).to.include({ answer: 0 });
    expect(api.callsTo('POST', REGRADE)).to.have.length(0);

    button(el, 'Xem trước chấm lại').click();
    await waitForSelector(el, '[data-regrade-preview]');
    const preview = deep(el, '[data-regrade-preview]')!;
    expect(visibleText(preview)).to.include('Chấm thử 3 lượt thi: 2 lượt đổi điểm, 2 người đổi hạng');
    expect(deepAll(preview, 'tbody tr').map((tr) => visibleText(tr).trim())).to.deep.equal(['Nguyễn Văn An a-an 3 4', 'Trần Thị Bình a-binh 4 3']);
    expect(visibleText(preview)).to.include('20 hạng đầu sau khi chấm lại');
    expect(api.callsTo('POST', REGRADE).map((c) => c.body)).to.deep.equal([{ dryRun: true }]);
    await expect(el).to.be.accessible();

    const apply = button(el, 'Áp dụng chấm lại');
    apply.focus();
    apply.click();
    const dialog = dialogOf(el);
    await waitUntil(() => dialog.open, 'the confirmation never opened');
    const asked = visibleText(deep(el, '#regrade-confirm')!);
    expect(asked).to.include('Điểm của 2 lượt thi sẽ đổi theo đáp án hiện tại');
    expect(asked).to.include('Kết quả đã công bố sẽ được đánh dấu cần tính lại');
    await expect(el).to.be.accessible();
    expect(api.callsTo('POST', REGRADE)).to.have.length(1);
    [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Áp dụng chấm lại')!.click();
    await waitForText(el, 'Đã chấm lại 3 lượt thi: 2 lượt đổi điểm, 2 người đổi hạng.');
    expect(visibleText(el.shadowRoot!)).to.include('hãy công bố lại ở màn hình «Giải thưởng»');
    expect(api.callsTo('POST', REGRADE).map((c) => c.body)).to.deep.equal([{ dryRun: true }, { dryRun: false }]);
    await expect(el).to.be.accessible();
  });

  it('cancelling the confirmation applies nothing', async () => {
    const el = await mount();
    button(el, 'Xem trước chấm lại').click();
    await waitForSelector(el, '[data-regrade-preview]');
    button(el, 'Áp dụng chấm lại').click();
    const dialog = dialogOf(el);
    await waitUntil(() => dialog.open);
    [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Huỷ bỏ')!.click();
    await waitUntil(() => !dialog.open);
    expect(api.callsTo('POST', REGRADE).map((c) => c.body)).to.deep.equal([{ dryRun: true }]);
  });

  it('the jury may preview a regrade but sees no apply button', async () => {
    const el = await mount(false);
    button(el, 'Xem trước chấm lại').click();
    await waitForSelector(el, '[data-regrade-preview]');
    expect(() => button(el, 'Áp dụng chấm lại')).to.throw();
    await expect(el).to.be.accessible();
  });
});

describe('the prize screen after a regrade', () => {
  const PUBLISHED: PublishedResults = {
    publishedAt: '2026-11-28T03:05:00.000Z',
    publishedBy: 'Ban Tổ chức',
    outdated: true,
    payload: {
      computedAt: '2026-11-28T03:05:00.000Z',
      provisional: false,
      predictionTarget: 'participants',
      actual: 3,
      rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'],
      collectiveCriterion: 'participants',
      individual: [],
      collective: [],
      outdated: true,
    },
  };

  it('says the published results are not recomputed yet, and offers the winners list to download', async () => {
    const api = new FakeAdminApi().on('GET', `/contests/${SLUG}/results`, PUBLISHED).on('GET', `/contests/${SLUG}/results/export?format=xlsx`, null);
    const el = await fixture<AdminPrizes>(html`<admin-prizes .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-prizes>`);
    await waitForSelector(el, '[data-outdated]');
    expect(visibleText(deep(el, '[data-outdated]')!)).to.include('Kết quả đã công bố chưa tính lại sau khi chấm lại');
    button(el, 'Tải danh sách đoạt giải (Excel)').click();
    await waitUntil(() => api.callsTo('GET', `/contests/${SLUG}/results/export?format=xlsx`).length === 1);
    expect(api.callsTo('GET', `/contests/${SLUG}/results/export?format=xlsx`)[0]!.body).to.equal(`giai-thuong-${SLUG}.xlsx`);
    await expect(el).to.be.accessible();
  });
});
