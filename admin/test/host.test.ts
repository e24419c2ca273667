import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-admin.js';
import type { DeAn06Admin } from '../src/de-an-06-admin.js';
import type { HostParticipation } from '../../api/src/contract/admin.js';
import { button, control, deep, fill, visibleText, waitForText } from './helpers.js';

const HOST = 'host-token-0123456789abcdef0123456';
const FIGURES: HostParticipation = {
  contest: { slug: 'thi-thu', title: 'Cuộc thi tìm hiểu Đề án 06' },
  source: 'baothaibinh.com.vn',
  days: [
    { day: '2026-11-28', registrations: 12, attempts: 9, submitted: 8 },
    { day: '2026-11-29', registrations: 1500, attempts: 2100, submitted: 2000 },
  ],
  totals: { registrations: 1512, attempts: 2109, submitted: 2008 },
};

describe('<de-an-06-admin> with a host site code', () => {
  const seen: string[] = [];
  let original: typeof window.fetch;

  beforeEach(() => {
    sessionStorage.clear();
    seen.length = 0;
    original = window.fetch;
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = new URL(String(input), location.href).pathname;
      seen.push(path);
      if (new Headers(init.headers).get('authorization') !== `Bearer ${HOST}`) return json(401, { error: { code: 'UNAUTHORIZED', message: 'Cần mã truy cập' } });
      if (path === '/api/admin/me') return json(200, { name: 'Báo Thái Bình', role: 'host', scope: { contestSlug: 'thi-thu', source: 'baothaibinh.com.vn' } });
      if (path === '/api/admin/host/participation') return json(200, FIGURES);
      return json(403, { error: { code: 'FORBIDDEN', message: 'Không được phép' } });
    };
  });

  afterEach(() => {
    window.fetch = original;
    sessionStorage.clear();
  });

  it("shows only the site's figures by day, in Vietnamese format, and asks for nothing else", async () => {
    const el = await fixture<DeAn06Admin>(html`<de-an-06-admin></de-an-06-admin>`);
    fill(control(el, 'Mã truy cập'), HOST);
    button(el, 'Đăng nhập').click();
    await waitForText(el, 'Số liệu của trang đăng cai');
    await waitUntil(() => !!deep(el, 'table[data-host-days]'), 'the figures never appeared');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Báo Thái Bình · Trang đăng cai');
    expect(text).to.include('baothaibinh.com.vn');
    expect(text).to.include('1.512 lượt đăng ký');
    expect(visibleText(deep(el, 'table[data-host-days]')!)).to.include('29/11/2026 1.500 2.100 2.000');
    expect(seen).to.deep.equal(['/api/admin/me', '/api/admin/host/participation']);
    await expect(el).to.be.accessible();
  });
});
