import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import type { FakeApi } from './fake-api.js';
import { button, deep, fill, signedInApi, STORAGE_KEY, visibleText, waitForButton, waitForText } from './helpers.js';

describe('<de-an-06-quiz> "Dữ liệu của tôi"', () => {
  let api: FakeApi;

  beforeEach(() => {
    api = signedInApi();
  });

  afterEach(() => api.uninstall());

  const stored = () => JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as { token?: string };

  async function openMyData() {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(el, 'Xin chào, Nguyễn Văn An');
    (await waitForButton(el, 'Dữ liệu của tôi')).click();
    await waitForButton(el, 'Xoá vĩnh viễn dữ liệu của tôi');
    return el;
  }

  it('spells out the consequences and erases nothing until the confirmation word is typed', async () => {
    const el = await openMyData();
    expect(visibleText(el)).to.include('sẽ bị xoá vĩnh viễn');
    expect(visibleText(el)).to.include('không hoàn tác được');
    const word = deep<HTMLInputElement>(el, '#erase-word')!;
    expect(word.getAttribute('aria-describedby')).to.include('erase-consequences');
    button(el, 'Xoá vĩnh viễn dữ liệu của tôi').click();
    await waitForText(el, 'Hãy gõ đúng chữ XOÁ để xác nhận xoá.');
    fill(word, 'xoa nhầm');
    button(el, 'Xoá vĩnh viễn dữ liệu của tôi').click();
    await waitForText(el, 'Hãy gõ đúng chữ XOÁ');
    expect(word.getAttribute('aria-invalid')).to.equal('true');
    expect(api.requestsTo('DELETE', '/me')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('erases after the confirmation with {confirm: true}, then signs out and says so', async () => {
    const el = await openMyData();
    const token = stored().token!;
    fill(deep<HTMLInputElement>(el, '#erase-word')!, 'xoá');
    button(el, 'Xoá vĩnh viễn dữ liệu của tôi').click();
    await waitForText(el, 'Dữ liệu của bạn đã được xoá và bạn đã được đăng xuất.');
    await waitForButton(el, 'Đăng ký dự thi');
    const [request] = api.requestsTo('DELETE', '/me');
    expect(request!.path).to.equal('/api/contests/de-an-06-thai-binh/me');
    expect(request!.body).to.deep.equal({ confirm: true });
    expect(request!.auth).to.equal(`Bearer ${token}`);
    expect(stored().token).to.equal(undefined);
  });

  it('shows the reason when the data must be kept, and stays signed in', async () => {
    api.retainErasure = true;
    const el = await openMyData();
    fill(deep<HTMLInputElement>(el, '#erase-word')!, 'XOÁ');
    button(el, 'Xoá vĩnh viễn dữ liệu của tôi').click();
    await waitForText(el, 'Yêu cầu xoá của bạn đã được chuyển đến Ban Tổ chức.');
    expect(stored().token).to.not.equal(undefined);
  });

  it('downloads the data as a JSON file and sends a request to the committee', async () => {
    const el = await openMyData();
    const clicked: string[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    };
    try {
      button(el, 'Tải dữ liệu của tôi').click();
      await waitForText(el, 'Đã tải tệp dữ liệu của bạn.');
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
    expect(clicked).to.deep.equal(['du-lieu-ca-nhan-de-an-06-thai-binh.json']);
    expect(api.requestsTo('GET', '/me/data')).to.have.length(2);

    button(el, 'Gửi yêu cầu').click();
    await waitForText(el, 'Vui lòng ghi nội dung yêu cầu');
    fill(deep<HTMLInputElement>(el, '#message')! as unknown as HTMLInputElement, 'Tên tôi là Nguyễn Văn Ân');
    button(el, 'Gửi yêu cầu').click();
    await waitForText(el, 'Đã gửi yêu cầu. Ban Tổ chức sẽ trả lời trước');
    await waitUntil(() => api.requestsTo('POST', '/me/data-requests').length === 1);
    expect(api.requestsTo('POST', '/me/data-requests')[0]!.body).to.deep.equal({ kind: 'correction', message: 'Tên tôi là Nguyễn Văn Ân' });
    await waitForText(el, 'Yêu cầu đã gửi');
    expect(visibleText(el)).to.include('Đang chờ trả lời');
  });

  it('shows the committee’s answers to earlier requests', async () => {
    api.dataRequests = [
      { id: 'r0', kind: 'question', message: 'Dữ liệu của tôi dùng vào việc gì?', status: 'answered', answer: 'Chỉ để tổ chức cuộc thi và trao giải.', receivedAt: '2026-11-20T02:00:00.000Z', dueAt: '2026-12-05T02:00:00.000Z', answeredAt: '2026-11-21T02:00:00.000Z' },
    ];
    const el = await openMyData();
    await waitForText(el, 'Chỉ để tổ chức cuộc thi và trao giải.');
    expect(visibleText(el)).to.include('Ban Tổ chức trả lời');
    expect(visibleText(el)).to.include('Dữ liệu của tôi dùng vào việc gì?');
    await expect(el).to.be.accessible();
  });
});
