import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/corrections.js';
import type { AdminCorrections, ContestantSearch } from '../src/screens/corrections.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, control, deep, deepAll, describedError, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const ATTEMPT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const CONTESTANT = 'c0ffee00c0ffee00c0ffee00c0ffee00';

const FOUND: ContestantSearch = {
  query: '034090000001',
  matchedBy: 'idNumber',
  limit: 20,
  contestants: [
    {
      id: CONTESTANT,
      fullName: 'Nguyễn Văn An',
      birthDate: '1990-05-17',
      idNumber: '034090000001',
      phone: '0912000001',
      unitId: 'so-tp',
      unitName: 'Sở Tư pháp',
      occupation: 'can-bo',
      occupationName: 'Cán bộ, công chức, viên chức',
      extraAttempts: 0,
      remainingAttempts: 2,
      createdAt: '2026-11-27T01:00:00.000Z',
      releasedAt: null,
      attempts: [
        { id: ATTEMPT, status: 'submitted', score: 18, total: 20, durationMs: 300_000, startedAt: '2026-11-27T02:00:00.000Z', submittedAt: '2026-11-27T02:05:00.000Z', autoSubmitted: false, voided: false, prediction: 1500, voidReason: null, voidedAt: null },
      ],
    },
  ],
};

const SEARCH_PATH = (q: string) => `/contests/${SLUG}/contestants/search?q=${encodeURIComponent(q)}`;

const textOf = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

/** Clicks the confirming button of the open confirmation dialog `id`. */
async function confirmDialog(el: AdminCorrections, id: string, label: string): Promise<void> {
  const dialog = deep(el, `#${id}`)!.shadowRoot!.querySelector('dialog')!;
  await waitUntil(() => dialog.open, `dialog ${id} never opened`);
  [...dialog.querySelectorAll('button')].find((b) => b.textContent === label)!.click();
}

describe('<admin-corrections>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', SEARCH_PATH('034090000001'), FOUND);
  });

  const mount = (canWrite = true) =>
    fixture<AdminCorrections>(html`<admin-corrections .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-corrections>`);

  it('a void without a reason shows the error next to the reason and asks nothing of the server', async () => {
    const el = await mount();
    fill(control(el, 'Mã lượt thi'), ATTEMPT);
    button(el, 'Huỷ kết quả lượt thi').click();
    await el.updateComplete;
    const reason = control<HTMLTextAreaElement>(el, 'Lý do huỷ');
    expect(reason.getAttribute('aria-invalid')).to.equal('true');
    expect(describedError(reason)).to.equal('Cần ghi rõ lý do (ít nhất 5 ký tự)');
    await waitUntil(() => deep(el, 'textarea:focus') === reason || el.shadowRoot!.activeElement === reason);
    expect(deep(el, '#void-confirm')!.shadowRoot!.querySelector('dialog')!.open).to.equal(false);
    expect(api.calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('voids an attempt after confirmation, and shows the server field errors next to the fields', async () => {
    let tries = 0;
    api.on('POST', `/attempts/${ATTEMPT}/void`, () => {
      tries += 1;
      if (tries === 1) throw refusal(400, { code: 'VALIDATION', message: 'Dữ liệu gửi lên chưa hợp lệ', fields: { reason: '«Lý do» không được dài quá 1000 ký tự' } });
      if (tries === 2) throw refusal(404, { code: 'NOT_FOUND', message: 'Không tìm thấy lượt thi' });
      return { id: ATTEMPT, voided: true };
    });
    const el = await mount();
    fill(control(el, 'Mã lượt thi'), ATTEMPT);
    fill(control<HTMLTextAreaElement>(el, 'Lý do huỷ'), 'Mất điện tại điểm thi, biên bản số 12');
    button(el, 'Huỷ kết quả lượt thi').click();
    await waitUntil(() => deep(el, '#void-confirm')!.shadowRoot!.querySelector('dialog')!.open);
    expect(textOf(deep(el, '#void-confirm')!)).to.include(`Lượt thi ${ATTEMPT} sẽ không còn được tính`);
    expect(textOf(deep(el, '#void-confirm')!)).to.include('Lý do: Mất điện tại điểm thi, biên bản số 12');
    await confirmDialog(el, 'void-confirm', 'Huỷ kết quả');
    await waitUntil(() => describedError(control<HTMLTextAreaElement>(el, 'Lý do huỷ')) !== '');
    expect(describedError(control<HTMLTextAreaElement>(el, 'Lý do huỷ'))).to.equal('«Lý do» không được dài quá 1000 ký tự');
    await expect(el).to.be.accessible();

    button(el, 'Huỷ kết quả lượt thi').click();
    await confirmDialog(el, 'void-confirm', 'Huỷ kết quả');
    await waitUntil(() => describedError(control(el, 'Mã lượt thi')) !== '');
    expect(describedError(control(el, 'Mã lượt thi'))).to.equal('Không tìm thấy lượt thi');

    button(el, 'Huỷ kết quả lượt thi').click();
    await confirmDialog(el, 'void-confirm', 'Huỷ kết quả');
    await waitForText(el, `Đã huỷ kết quả lượt thi ${ATTEMPT}`);
    expect(api.callsTo('POST', `/attempts/${ATTEMPT}/void`).map((c) => c.body)).to.deep.equal(
      Array(3).fill({ reason: 'Mất điện tại điểm thi, biên bản số 12' }),
    );
  });

  it('a void of a found contestant\'s attempt names the contestant, not only the record id', async () => {
    api.on('POST', `/attempts/${ATTEMPT}/void`, { id: ATTEMPT, voided: true });
    const el = await mount();
    fill(control(el, 'Số định danh, số điện thoại, họ tên hoặc mã lượt thi'), '034090000001');
    button(el, 'Tìm').click();
    const person = await waitForSelector(el, `[data-contestant="${CONTESTANT}"]`);
    button(person, 'Chọn để huỷ').click();
    await el.updateComplete;
    fill(control<HTMLTextAreaElement>(el, 'Lý do huỷ'), 'Thi hộ, đã có biên bản xác minh');
    button(el, 'Huỷ kết quả lượt thi').click();
    await confirmDialog(el, 'void-confirm', 'Huỷ kết quả');
    await waitForText(el, `Đã huỷ kết quả lượt thi của Nguyễn Văn An, số định danh 0340****0001 (mã ${ATTEMPT})`);
    await expect(el).to.be.accessible();
  });

  it('cancelling the confirmation voids nothing', async () => {
    const el = await mount();
    fill(control(el, 'Mã lượt thi'), ATTEMPT);
    fill(control<HTMLTextAreaElement>(el, 'Lý do huỷ'), 'Thí sinh gian lận đã xác minh');
    button(el, 'Huỷ kết quả lượt thi').click();
    await confirmDialog(el, 'void-confirm', 'Huỷ bỏ');
    await el.updateComplete;
    expect(api.calls).to.have.length(0);
  });

  it('finds a contestant, picks their attempt or grants them extra attempts with a reason', async () => {
    api.on('POST', `/contests/${SLUG}/contestants/${CONTESTANT}/grants`, { contestantId: CONTESTANT, extraAttempts: 2, remainingAttempts: 4 });
    const el = await mount();
    fill(control(el, 'Số định danh, số điện thoại, họ tên hoặc mã lượt thi'), '034090000001');
    button(el, 'Tìm').click();
    const person = await waitForSelector(el, `[data-contestant="${CONTESTANT}"]`);
    const text = visibleText(person);
    expect(text).to.include('Nguyễn Văn An');
    expect(text).to.include('Sở Tư pháp');
    expect(text).to.include('Lượt còn lại: 2');
    expect(textOf(deep(person, 'tbody tr')!)).to.include('Đã nộp 18/20 9 giờ 00, ngày 27/11/2026');
    await expect(el).to.be.accessible();

    button(person, 'Chọn để huỷ').click();
    await el.updateComplete;
    expect(control(el, 'Mã lượt thi').value).to.equal(ATTEMPT);

    button(person, 'Cấp thêm lượt').click();
    await el.updateComplete;
    const count = control(el, 'Số lượt cấp thêm');
    expect(control(el, 'Mã thí sinh').value).to.equal(CONTESTANT);
    await waitUntil(() => el.shadowRoot!.activeElement === count, 'focus did not move to the count');
    fill(count, '2');
    fill(control<HTMLTextAreaElement>(el, 'Lý do cấp thêm'), 'Lỗi mạng khi nộp bài');
    deepAll<HTMLButtonElement>(el, '#grant-form button[type="submit"]')[0]!.click();
    await confirmDialog(el, 'grant-confirm', 'Cấp thêm lượt');
    // The secretariat reads who it was, not the record id.
    await waitForText(el, 'Đã cấp thêm 2 lượt cho thí sinh Nguyễn Văn An, số định danh 0340****0001. Thí sinh còn 4 lượt.');
    expect(api.callsTo('POST', `/contests/${SLUG}/contestants/${CONTESTANT}/grants`).map((c) => c.body)).to.deep.equal([
      { attempts: 2, reason: 'Lỗi mạng khi nộp bài' },
    ]);
    // The list is searched again so it shows the correction.
    expect(api.callsTo('GET', SEARCH_PATH('034090000001'))).to.have.length(2);
  });

  it('refuses a grant count outside 1–10 before asking', async () => {
    const el = await mount();
    fill(control(el, 'Mã thí sinh'), CONTESTANT);
    fill(control(el, 'Số lượt cấp thêm'), '11');
    fill(control<HTMLTextAreaElement>(el, 'Lý do cấp thêm'), 'Lỗi mạng khi nộp bài');
    deepAll<HTMLButtonElement>(el, '#grant-form button[type="submit"]')[0]!.click();
    await el.updateComplete;
    expect(describedError(control(el, 'Số lượt cấp thêm'))).to.equal('«Số lượt» phải từ 1 đến 10');
    expect(api.calls).to.have.length(0);
  });

  it('says so when nobody matches', async () => {
    api.on('GET', SEARCH_PATH('Không Có Ai'), { query: 'Không Có Ai', matchedBy: 'name', limit: 20, contestants: [] });
    const el = await mount();
    fill(control(el, 'Số định danh, số điện thoại, họ tên hoặc mã lượt thi'), 'Không Có Ai');
    button(el, 'Tìm').click();
    await waitUntil(() => textOf(el.shadowRoot!.querySelector('[role="status"]')!).includes('Không tìm thấy thí sinh nào khớp với «Không Có Ai»'));
  });

  it('the jury can look people up but has no void or grant controls', async () => {
    const el = await mount(false);
    expect(visibleText(el.shadowRoot!)).to.include('Ban Giám khảo chỉ được xem');
    fill(control(el, 'Số định danh, số điện thoại, họ tên hoặc mã lượt thi'), '034090000001');
    button(el, 'Tìm').click();
    await waitForSelector(el, `[data-contestant="${CONTESTANT}"]`);
    expect(deep(el, '#void-form')).to.equal(null);
    expect(deep(el, '#grant-form')).to.equal(null);
    expect(deepAll<HTMLButtonElement>(el, 'button').map((b) => textOf(b))).to.deep.equal(['Tìm']);
    await expect(el).to.be.accessible();
  });
});
