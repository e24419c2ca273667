import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/access.js';
import type { AdminAccess } from '../src/screens/access.js';
import type { AccessCode } from '../../api/src/contract/admin.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, control, deep, deepAll, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const CODES: AccessCode[] = [
  { id: 1, name: 'Ban Tổ chức', role: 'organiser', createdAt: '2026-11-01T01:00:00Z', revokedAt: null },
  { id: 2, name: 'Ban Giám khảo', role: 'jury', createdAt: '2026-11-02T01:00:00Z', revokedAt: null },
  { id: 3, name: 'Tổ Thư ký cũ', role: 'jury', createdAt: '2026-11-03T01:00:00Z', revokedAt: '2026-11-04T01:00:00Z' },
];
const TOKEN = 'Zq3vX0m9b1c2d3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s';

describe('<admin-access>', () => {
  let api: FakeAdminApi;
  let codes: AccessCode[];

  beforeEach(() => {
    codes = structuredClone(CODES);
    api = new FakeAdminApi().on('GET', '/access-codes', () => structuredClone(codes));
  });

  const mount = async (canWrite = true) => {
    const el = await fixture<AdminAccess>(
      html`<admin-access .api=${api.asApi()} slug="thi-thu" .canWrite=${canWrite} .me=${{ name: 'Ban Tổ chức', role: 'organiser' }}></admin-access>`,
    );
    await waitForSelector(el, 'table[data-codes]');
    return el;
  };

  const dialog = (el: AdminAccess) => deep(el, 'admin-confirm-dialog')!.shadowRoot!.querySelector('dialog')!;

  it('lists codes by name, role, date (Vietnam time) and status, never a value', async () => {
    const el = await mount();
    const rows = deepAll(el, 'table[data-codes] tbody tr').map((tr) => visibleText(tr));
    expect(rows[0]).to.include('Ban Tổ chức bạn Ban Tổ chức (toàn quyền) 8 giờ 00, ngày 1/11/2026 Đang dùng Thu hồi');
    expect(rows[2]).to.include('Tổ Thư ký cũ Ban Giám khảo (chỉ xem)');
    expect(rows[2]).to.include('Đã thu hồi');
    expect(rows[2]).not.to.include('Thu hồi:');
    expect(visibleText(el.shadowRoot!)).to.include('2 mã đang dùng');
    await expect(el).to.be.accessible();
  });

  it('creates a code and shows its value once, with a copy button; hiding it removes it from the page', async () => {
    api.on('POST', '/access-codes', (body: { name: string; role: 'jury' | 'organiser' }) => {
      const code = { id: 4, name: body.name, role: body.role, createdAt: '2026-11-05T01:00:00Z', revokedAt: null };
      codes.push(code);
      return { code, token: TOKEN };
    });
    const el = await mount();
    button(el, 'Tạo mã truy cập').click();
    await waitForText(el, 'phải có ít nhất 2 ký tự');
    expect(api.callsTo('POST', '/access-codes')).to.have.length(0);

    fill(control(el, 'Tên người hoặc bộ phận dùng mã'), 'Nguyễn Thị Hoa (Tổ Thư ký)');
    fill(control<HTMLSelectElement>(el, 'Vai trò'), 'organiser');
    button(el, 'Tạo mã truy cập').click();
    await waitForSelector(el, '[data-created-code]');
    expect(api.callsTo('POST', '/access-codes')[0]!.body).to.deep.equal({ name: 'Nguyễn Thị Hoa (Tổ Thư ký)', role: 'organiser' });
    const shown = control(el, 'Mã truy cập mới');
    expect(shown.value).to.equal(TOKEN);
    expect(shown.readOnly).to.equal(true);
    expect(visibleText(deep(el, '[data-created-code]')!)).to.include('Mã chỉ hiện một lần');
    // The list shows the new code and the form is empty for the next one.
    await waitUntil(() => !!deep(el, 'tr[data-code="4"]'), 'the new code never appeared in the list');
    expect(visibleText(deep(el, 'tr[data-code="4"]')!)).to.include('Nguyễn Thị Hoa (Tổ Thư ký) Ban Tổ chức (toàn quyền)');
    expect(control(el, 'Tên người hoặc bộ phận dùng mã').value).to.equal('');
    expect(deep(el, '[role=alert]')).to.equal(null);
    await expect(el).to.be.accessible();

    button(el, 'Sao chép mã').click();
    await waitUntil(() => /sao chép|Ctrl\+C/.test(visibleText(deep(el, '[data-created-code]')!)), 'copying said nothing');

    button(el, 'Đã lưu mã, ẩn đi').click();
    await waitUntil(() => !deep(el, '[data-created-code]'));
    expect(el.shadowRoot!.innerHTML).not.to.include(TOKEN);
  });

  it('revokes after a confirmation naming the code; the server’s refusal is shown as it is', async () => {
    api.on('DELETE', '/access-codes/2', () => {
      codes[1]!.revokedAt = '2026-11-06T01:00:00Z';
      return codes[1];
    });
    api.on('DELETE', '/access-codes/1', () => {
      throw refusal(409, { code: 'CONFLICT', message: 'Không thể thu hồi «Ban Tổ chức»: đây là mã Ban Tổ chức cuối cùng còn hiệu lực.' });
    });
    const el = await mount();
    button(el, 'Thu hồi: Ban Giám khảo').click();
    await waitUntil(() => dialog(el).open, 'no confirmation');
    expect(visibleText(deep(el, 'admin-confirm-dialog')!)).to.include('Thu hồi mã của «Ban Giám khảo»?');
    [...dialog(el).querySelectorAll('button')].find((b) => b.textContent === 'Thu hồi mã')!.click();
    await waitForText(el, 'Đã thu hồi mã của «Ban Giám khảo»');
    expect(api.callsTo('DELETE', '/access-codes/2')).to.have.length(1);
    expect(visibleText(el.shadowRoot!)).to.include('1 mã đang dùng');

    button(el, 'Thu hồi: Ban Tổ chức').click();
    await waitUntil(() => dialog(el).open);
    [...dialog(el).querySelectorAll('button')].find((b) => b.textContent === 'Thu hồi mã')!.click();
    await waitForText(el, 'mã Ban Tổ chức cuối cùng còn hiệu lực');
    expect(api.callsTo('DELETE', '/access-codes/1')).to.have.length(1);
  });

  it('cancelling the confirmation revokes nothing', async () => {
    const el = await mount();
    button(el, 'Thu hồi: Ban Giám khảo').click();
    await waitUntil(() => dialog(el).open);
    [...dialog(el).querySelectorAll('button')].find((b) => b.textContent === 'Huỷ bỏ')!.click();
    await waitUntil(() => !dialog(el).open);
    expect(api.calls.filter((c) => c.method === 'DELETE')).to.have.length(0);
    expect(visibleText(el.shadowRoot!)).to.include('2 mã đang dùng');
  });

  it('a jury code sees the list without any control to create or revoke', async () => {
    const el = await mount(false);
    expect(deepAll(el, 'button')).to.have.length(0);
    expect(deepAll(el, 'input, select')).to.have.length(0);
    expect(visibleText(el.shadowRoot!)).to.include('chỉ được xem');
    await expect(el).to.be.accessible();
  });
});
