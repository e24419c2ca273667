import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-admin.js';
import { TOKEN_KEY, type DeAn06Admin } from '../src/de-an-06-admin.js';
import { button, control, deep, deepAll, describedError, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const ORGANISER = 'organiser-token-0123456789abcdef';
const JURY = 'jury-token-0123456789abcdef012345';

const CONTESTS = [
  { slug: 'thai-binh-2023', title: 'Cuộc thi năm 2023', startsAt: '2023-03-20T03:00:00.000Z', endsAt: '2023-05-19T03:00:00.000Z', status: 'closed' },
  { slug: 'thi-thu', title: 'Cuộc thi tìm hiểu Đề án 06', startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z', status: 'open' },
];

interface Seen {
  method: string;
  path: string;
  auth: string | null;
  body: unknown;
}

/** The server as the console sees it: /api/admin/me, the contest list, a contest PUT. */
function installServer() {
  const seen: Seen[] = [];
  const contests = structuredClone(CONTESTS);
  const original = window.fetch;
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), location.href);
    const auth = new Headers(init.headers).get('authorization');
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    seen.push({ method, path: url.pathname + url.search, auth, body });
    const role = auth === `Bearer ${ORGANISER}` ? 'organiser' : auth === `Bearer ${JURY}` ? 'jury' : null;
    if (!role) return json(401, { error: { code: 'UNAUTHORIZED', message: 'Cần mã truy cập của Ban Tổ chức hợp lệ' } });
    const path = url.pathname.replace(/^\/api\/admin/, '');
    if (path === '/me') return json(200, { name: role === 'jury' ? 'Ban Giám khảo' : 'Nguyễn Văn An', role });
    if (path === '/contests') return json(200, contests);
    const put = /^\/contests\/([a-z0-9-]+)$/.exec(path);
    if (put && method === 'PUT') {
      const created = { slug: put[1], status: 'upcoming', ...(body as object) };
      contests.push(created as (typeof contests)[number]);
      return json(201, created);
    }
    return json(404, { error: { code: 'NOT_FOUND', message: 'Không tìm thấy địa chỉ yêu cầu' } });
  };
  return { seen, restore: () => (window.fetch = original) };
}

const mount = () => fixture<DeAn06Admin>(html`<de-an-06-admin></de-an-06-admin>`);
const root = (el: DeAn06Admin) => el.shadowRoot!;

async function signIn(el: DeAn06Admin, token: string): Promise<void> {
  fill(control(el, 'Mã truy cập'), token);
  button(el, 'Đăng nhập').click();
}

describe('<de-an-06-admin> shell', () => {
  let server: ReturnType<typeof installServer>;

  beforeEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
    server = installServer();
  });

  afterEach(() => {
    server.restore();
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('refuses a wrong token next to the field and keeps nothing', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    await signIn(el, 'khong-dung-0123456789abcdef');
    await waitForText(el, 'Mã truy cập không đúng hoặc đã bị thu hồi.');
    expect(describedError(control(el, 'Mã truy cập'))).to.equal('Mã truy cập không đúng hoặc đã bị thu hồi.');
    expect(sessionStorage.getItem(TOKEN_KEY)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('signs in, keeps the token for this tab, opens the open contest and marks the current screen', async () => {
    const el = await mount();
    await signIn(el, ORGANISER);
    await waitForText(el, 'Nguyễn Văn An · Ban Tổ chức');
    expect(sessionStorage.getItem(TOKEN_KEY)).to.equal(ORGANISER);
    expect(server.seen.find((s) => s.path === '/api/admin/me')!.auth).to.equal(`Bearer ${ORGANISER}`);
    expect(location.hash).to.equal('#/thi-thu/dashboard');
    const nav = deep(el, 'nav[aria-label="Các mục quản trị"]')!;
    const current = nav.querySelectorAll('[aria-current="page"]');
    expect(current).to.have.length(1);
    expect(current[0]!.textContent).to.equal('Tổng quan');
    expect((control<HTMLSelectElement>(el, 'Cuộc thi')).value).to.equal('thi-thu');
    expect(visibleText(root(el))).to.include('Tạo cuộc thi mới');
    expect(visibleText(root(el))).not.to.include('Chế độ chỉ xem');
    await expect(el).to.be.accessible();
  });

  it('comes back to the same contest and screen after a reload, and moves between screens by link', async () => {
    sessionStorage.setItem(TOKEN_KEY, ORGANISER);
    history.replaceState(null, '', '#/thai-binh-2023/settings');
    const el = await mount();
    const settings = await waitForSelector(el, 'admin-settings');
    expect(settings.getAttribute('slug') ?? (settings as unknown as { slug: string }).slug).to.equal('thai-binh-2023');
    expect((settings as unknown as { canWrite: boolean }).canWrite).to.equal(true);
    const link = deepAll<HTMLAnchorElement>(el, 'nav a').find((a) => a.textContent === 'Ngân hàng câu hỏi')!;
    expect(link.getAttribute('href')).to.equal('#/thai-binh-2023/questions');
    link.focus();
    link.click();
    await waitForSelector(el, 'admin-questions');
    await waitUntil(() => root(el).activeElement?.tagName === 'MAIN', 'focus did not move to the content');
    expect(deep(el, 'nav [aria-current="page"]')!.textContent).to.equal('Ngân hàng câu hỏi');
  });

  it('shows a jury token everything read-only, with a visible banner', async () => {
    sessionStorage.setItem(TOKEN_KEY, JURY);
    history.replaceState(null, '', '#/thi-thu/questions');
    const el = await mount();
    const questions = await waitForSelector(el, 'admin-questions');
    expect((questions as unknown as { canWrite: boolean }).canWrite).to.equal(false);
    const text = visibleText(root(el));
    expect(text).to.include('Chế độ chỉ xem');
    expect(text).to.include('Ban Giám khảo · Ban Giám khảo');
    expect(text).not.to.include('Tạo cuộc thi mới');
    await expect(el).to.be.accessible();
  });

  it('signs out: the token is forgotten and the sign-in form is back', async () => {
    sessionStorage.setItem(TOKEN_KEY, ORGANISER);
    const el = await mount();
    await waitForText(el, 'Đăng xuất');
    button(el, 'Đăng xuất').click();
    await waitForSelector(el, '#token');
    expect(sessionStorage.getItem(TOKEN_KEY)).to.equal(null);
  });

  it('creates a contest in Vietnam time after checking the fields', async () => {
    sessionStorage.setItem(TOKEN_KEY, ORGANISER);
    history.replaceState(null, '', '#/thi-thu/settings');
    const el = await mount();
    await waitForText(el, 'Tạo cuộc thi mới');
    button(el, 'Tạo cuộc thi mới').click();
    await waitForSelector(el, '#new-slug');
    fill(control(el, 'Mã cuộc thi'), 'Thi Thu');
    fill(control(el, 'Bắt đầu (giờ Việt Nam)'), '2027-03-20T10:00');
    fill(control(el, 'Kết thúc (giờ Việt Nam)'), '2027-03-19T10:00');
    button(el, 'Tạo cuộc thi').click();
    await waitForText(el, 'Mã cuộc thi gồm 3–64 ký tự');
    expect(describedError(control(el, 'Tên cuộc thi'))).to.equal('«Tên cuộc thi» phải có ít nhất 3 ký tự');
    expect(describedError(control(el, 'Kết thúc (giờ Việt Nam)'))).to.equal('Thời gian kết thúc phải sau thời gian bắt đầu');
    await expect(el).to.be.accessible();
    fill(control(el, 'Mã cuộc thi'), 'thi-2027');
    fill(control(el, 'Tên cuộc thi'), 'Cuộc thi năm 2027');
    fill(control(el, 'Kết thúc (giờ Việt Nam)'), '2027-05-19T10:00');
    button(el, 'Tạo cuộc thi').click();
    await waitUntil(() => location.hash === '#/thi-2027/settings', `hash is ${location.hash}`);
    const put = server.seen.find((s) => s.method === 'PUT')!;
    expect(put.path).to.equal('/api/admin/contests/thi-2027');
    // Scores after the close is the recommended choice for a contest with money prizes, ticked by default.
    expect(put.body).to.deep.equal({ title: 'Cuộc thi năm 2027', startsAt: '2027-03-20T03:00:00.000Z', endsAt: '2027-05-19T03:00:00.000Z', revealScore: 'afterClose' });
  });
});
