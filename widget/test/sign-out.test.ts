import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import type { FakeApi } from './fake-api.js';
import { signedInApi, STORAGE_KEY, waitForButton, waitForText } from './helpers.js';

describe('<de-an-06-quiz> signing out', () => {
  let api: FakeApi;

  beforeEach(() => {
    api = signedInApi();
  });

  afterEach(() => api.uninstall());

  const stored = () => JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as { token?: string };

  it('ends the session on the server with the token it held, and forgets the token here', async () => {
    const token = stored().token!;
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(el, 'Xin chào, Nguyễn Văn An');
    (await waitForButton(el, 'Đăng xuất')).click();
    await waitForButton(el, 'Đăng ký dự thi');
    expect(stored().token).to.equal(undefined);
    await waitUntil(() => api.requestsTo('DELETE', '/sessions').length === 1, 'no sign-out request');
    const [request] = api.requestsTo('DELETE', '/sessions');
    expect(request!.path).to.equal('/api/contests/de-an-06-thai-binh/sessions');
    expect(request!.auth).to.equal(`Bearer ${token}`);
    // The ended token no longer works on the server.
    const me = await fetch(`${request!.origin}/api/contests/de-an-06-thai-binh/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).to.equal(401);
    await expect(el).to.be.accessible();
  });

  it('forgets the token even when the server cannot be reached', async () => {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(el, 'Xin chào, Nguyễn Văn An');
    api.offline = true;
    (await waitForButton(el, 'Đăng xuất')).click();
    await waitForButton(el, 'Đăng ký dự thi');
    expect(stored().token).to.equal(undefined);
    await waitUntil(() => api.requestsTo('DELETE', '/sessions').length === 1, 'no sign-out request was tried');
    // A reload starts signed out.
    api.offline = false;
    const again = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForButton(again, 'Đăng ký dự thi');
    expect(api.requestsTo('GET', '/me').filter((r) => r.auth !== null).length).to.equal(1);
  });
});
