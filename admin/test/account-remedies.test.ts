import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/corrections.js';
import type { AdminCorrections, ContestantSearch } from '../src/screens/corrections.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, control, deep, deepAll, describedError, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const SQUATTER = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const ATTEMPT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const REASON = 'Chủ CCCD trình giấy tờ gốc, biên bản số 7';

const person = (releasedAt: string | null, voided: boolean): ContestantSearch => ({
  query: 'Kẻ Chiếm',
  matchedBy: 'name',
  limit: 20,
  contestants: [
    {
      id: SQUATTER,
      fullName: 'Kẻ Chiếm Chỗ',
      birthDate: '1990-01-01',
      idNumber: releasedAt ? `released:${SQUATTER}` : '034090000007',
      phone: '0987000111',
      unitId: 'so-tp',
      unitName: 'Sở Tư pháp',
      occupation: 'can-bo',
      occupationName: 'Cán bộ, công chức, viên chức',
      extraAttempts: 0,
      remainingAttempts: 2,
      createdAt: '2026-11-27T01:00:00.000Z',
      releasedAt,
      attempts: [
        {
          id: ATTEMPT,
          status: 'submitted',
          score: 20,
          total: 20,
          durationMs: 60_000,
          startedAt: '2026-11-27T02:00:00.000Z',
          submittedAt: '2026-11-27T02:01:00.000Z',
          autoSubmitted: false,
          voided,
          prediction: 1500,
          voidReason: voided ? REASON : null,
          voidedAt: voided ? '2026-12-02T03:00:00.000Z' : null,
        },
      ],
    },
  ],
});

const SEARCH = `/contests/${SLUG}/contestants/search?q=${encodeURIComponent('Kẻ Chiếm')}`;
const RELEASE = `/contests/${SLUG}/contestants/${SQUATTER}/release`;
const PHONE = `/contests/${SLUG}/contestants/${SQUATTER}/phone`;

const textOf = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
const submit = (el: Element, form: string) => deepAll<HTMLButtonElement>(el, `#${form} button[type="submit"]`)[0]!;

async function confirmDialog(el: Element, id: string, label: string): Promise<void> {
  const dialog = deep(el, `#${id}`)!.shadowRoot!.querySelector('dialog')!;
  await waitUntil(() => dialog.open, `dialog ${id} never opened`);
  [...dialog.querySelectorAll('button')].find((b) => b.textContent === label)!.click();
}

describe('<admin-corrections>: releasing an ID number and changing a phone', () => {
  let api: FakeAdminApi;
  let searches = 0;

  beforeEach(() => {
    searches = 0;
    api = new FakeAdminApi().on('GET', SEARCH, () => (++searches === 1 ? person(null, false) : person('2026-12-02T03:00:00.000Z', true)));
  });

  const mount = (canWrite = true) =>
    fixture<AdminCorrections>(html`<admin-corrections .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-corrections>`);

  async function find(el: AdminCorrections): Promise<Element> {
    fill(control(el, 'Số định danh, số điện thoại, họ tên hoặc mã lượt thi'), 'Kẻ Chiếm');
    button(el, 'Tìm').click();
    return waitForSelector(el, `[data-contestant="${SQUATTER}"]`);
  }

  it('releases a registration after confirmation with a reason, then shows it released and voided', async () => {
    api.on('POST', RELEASE, { contestantId: SQUATTER, releasedAt: '2026-12-02T03:00:00.000Z', voidedAttempts: 1, endedSessions: 2 });
    const el = await mount();
    const found = await find(el);
    button(found, 'Giải phóng số định danh').click();
    const reason = control<HTMLTextAreaElement>(el, 'Lý do giải phóng');
    await waitUntil(() => control(el, 'Mã thí sinh cần giải phóng').value === SQUATTER, 'the contestant was not filled in');
    await waitUntil(() => deep(el, 'admin-account-remedies')!.shadowRoot!.activeElement === reason, 'focus did not move to the reason');
    await expect(el).to.be.accessible();

    fill(reason, REASON);
    submit(el, 'release-form').click();
    await waitUntil(() => deep(el, '#release-confirm')!.shadowRoot!.querySelector('dialog')!.open);
    expect(textOf(deep(el, '#release-confirm')!)).to.include(`Mọi lượt thi của thí sinh ${SQUATTER} sẽ bị huỷ kết quả`);
    expect(textOf(deep(el, '#release-confirm')!)).to.include(`Lý do: ${REASON}`);
    await confirmDialog(el, 'release-confirm', 'Giải phóng');
    await waitForText(el, `Đã giải phóng số định danh của thí sinh ${SQUATTER}: 1 lượt thi bị huỷ kết quả, 2 phiên đăng nhập đã kết thúc.`);
    expect(api.callsTo('POST', RELEASE).map((c) => c.body)).to.deep.equal([{ reason: REASON }]);

    // The search runs again and shows the registration released, its attempt voided, no more actions.
    await waitForText(el, 'Đã giải phóng số định danh lúc');
    const after = deep(el, `[data-contestant="${SQUATTER}"]`)!;
    expect(visibleText(after)).to.include(`Đã huỷ kết quả Lý do: ${REASON}`);
    expect(visibleText(after)).not.to.include('034090000007');
    expect(deepAll<HTMLButtonElement>(after, 'button').map(textOf)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('asks nothing of the server without a reason, and cancelling the confirmation releases nothing', async () => {
    const el = await mount();
    const found = await find(el);
    button(found, 'Giải phóng số định danh').click();
    await el.updateComplete;
    submit(el, 'release-form').click();
    await waitUntil(() => describedError(control<HTMLTextAreaElement>(el, 'Lý do giải phóng')) !== '');
    expect(describedError(control<HTMLTextAreaElement>(el, 'Lý do giải phóng'))).to.equal('Cần ghi rõ lý do (ít nhất 5 ký tự)');
    expect(deep(el, '#release-confirm')!.shadowRoot!.querySelector('dialog')!.open).to.equal(false);

    fill(control<HTMLTextAreaElement>(el, 'Lý do giải phóng'), REASON);
    submit(el, 'release-form').click();
    await confirmDialog(el, 'release-confirm', 'Huỷ bỏ');
    await el.updateComplete;
    expect(api.callsTo('POST', RELEASE)).to.have.length(0);
  });

  it('shows the server refusal of a second release', async () => {
    api.on('POST', RELEASE, () => {
      throw refusal(409, { code: 'CONFLICT', message: 'Đăng ký này đã được giải phóng số định danh trước đó' });
    });
    const el = await mount();
    fill(control(el, 'Mã thí sinh cần giải phóng'), SQUATTER);
    fill(control<HTMLTextAreaElement>(el, 'Lý do giải phóng'), REASON);
    submit(el, 'release-form').click();
    await confirmDialog(el, 'release-confirm', 'Giải phóng');
    await waitForText(el, 'Đăng ký này đã được giải phóng số định danh trước đó');
    await expect(el).to.be.accessible();
  });

  it('changes a phone after checking it like registration, with the server errors next to the fields', async () => {
    let tries = 0;
    api.on('PUT', PHONE, () => {
      tries += 1;
      if (tries === 1) throw refusal(400, { code: 'VALIDATION', message: 'Không thể đổi sang số điện thoại thuộc danh sách không được dự thi', fields: { phone: 'Số điện thoại này thuộc danh sách thành viên Ban Tổ chức, Ban Giám khảo, Tổ Thư ký' } });
      return { contestantId: SQUATTER, phone: '0987654321' };
    });
    const el = await mount();
    const found = await find(el);
    button(found, 'Đổi số điện thoại').click();
    const phone = control(el, 'Số điện thoại mới');
    await waitUntil(() => control(el, 'Mã thí sinh cần đổi số').value === SQUATTER, 'the contestant was not filled in');
    await waitUntil(() => deep(el, 'admin-account-remedies')!.shadowRoot!.activeElement === phone, 'focus did not move to the phone');

    fill(phone, '12345');
    fill(control<HTMLTextAreaElement>(el, 'Lý do đổi số'), 'Mất SIM, đã xác minh CCCD');
    submit(el, 'phone-form').click();
    await el.updateComplete;
    expect(describedError(phone)).to.equal('Số điện thoại di động không hợp lệ (ví dụ 0912345678 hoặc +84912345678)');
    expect(api.callsTo('PUT', PHONE)).to.have.length(0);
    await expect(el).to.be.accessible();

    fill(phone, '0977000000');
    submit(el, 'phone-form').click();
    await confirmDialog(el, 'phone-confirm', 'Đổi số');
    await waitUntil(() => describedError(phone) !== '' && describedError(phone).includes('Ban Tổ chức'));

    fill(phone, '+84 987 654 321');
    submit(el, 'phone-form').click();
    await confirmDialog(el, 'phone-confirm', 'Đổi số');
    await waitForText(el, `Đã đổi số điện thoại của thí sinh ${SQUATTER} thành 0987654321.`);
    expect(api.callsTo('PUT', PHONE).map((c) => c.body)).to.deep.equal([
      { phone: '0977000000', reason: 'Mất SIM, đã xác minh CCCD' },
      { phone: '+84 987 654 321', reason: 'Mất SIM, đã xác minh CCCD' },
    ]);
  });

  it('the jury sees neither remedy', async () => {
    const el = await mount(false);
    await find(el);
    expect(deep(el, '#release-form')).to.equal(null);
    expect(deep(el, '#phone-form')).to.equal(null);
    expect(deepAll<HTMLButtonElement>(el, 'button').map(textOf)).to.deep.equal(['Tìm']);
    await expect(el).to.be.accessible();
  });
});
