import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import { FakeApi } from './fake-api.js';
import { deep, fill, visibleText, waitForButton, waitForSelector, waitForText } from './helpers.js';

/** A birth date that makes a person `years` old today (Vietnam time is never a day behind UTC at noon). */
function bornYearsAgo(years: number): string {
  const today = new Date(Date.now() + 7 * 3_600_000);
  return `${today.getUTCFullYear() - years}-01-01`;
}

/** An ID number that agrees with a birth year of the 2000s (4th digit 2: male, born 2000–2099). */
function idNumberFor(birthDate: string): string {
  return `0342${birthDate.slice(2, 4)}000123`;
}

describe('<de-an-06-quiz> personal data in the registration form', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
  });

  afterEach(() => api.uninstall());

  async function openForm() {
    const el = await fixture<DeAn06Quiz>(html`<div style="height: 300px; overflow: auto">
      <de-an-06-quiz contest="de-an-06-thai-binh" source="baothaibinh.com.vn"></de-an-06-quiz>
    </div>`);
    const quiz = el.querySelector('de-an-06-quiz')!;
    (await waitForButton(quiz, 'Đăng ký dự thi')).click();
    await waitForSelector<HTMLFormElement>(quiz, 'form');
    await waitUntil(() => deep(quiz, 'option[value="xa-tan-hoa"]'));
    return quiz;
  }

  it('opens the notice in place, before the consent box, and the consent names it', async () => {
    const el = await openForm();
    const before = location.href;
    const link = await waitForButton(el, 'Thông báo xử lý dữ liệu cá nhân');
    expect(link.getAttribute('aria-expanded')).to.equal('false');
    const consent = deep<HTMLInputElement>(el, '#consent')!;
    // The link comes before the consent box in the form's order.
    expect(link.compareDocumentPosition(consent) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);
    expect(consent.closest('label')!.textContent).to.include('Thông báo xử lý dữ liệu cá nhân');
    expect(visibleText(el.shadowRoot!)).not.to.include('Ban Tổ chức Cuộc thi trực tuyến tìm hiểu Đề án 06');

    link.click();
    await waitForText(el, 'Ban Tổ chức Cuộc thi trực tuyến tìm hiểu Đề án 06');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Công an tỉnh Thái Bình, điện thoại 0227 000 000');
    expect(text).to.include('Xét, trao giải thưởng và chi trả tiền thưởng');
    expect(text).to.include('không được bán');
    expect(text).to.include('Phiên bản 2');
    expect(link.getAttribute('aria-expanded')).to.equal('true');
    expect(deep(el, '#privacy-notice')!.contains(deep(el, '#consent'))).to.equal(false);
    // No navigation; the full text came from its own route, once.
    expect(location.href).to.equal(before);
    expect(api.requests.filter((r) => r.path.includes('notice')).map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      'GET /api/contests/de-an-06-thai-binh/privacy-notice',
    ]);
    await expect(el).to.be.accessible();

    (await waitForButton(el, 'Đóng thông báo')).click();
    await waitUntil(() => link.getAttribute('aria-expanded') === 'false');
    expect(visibleText(el.shadowRoot!)).not.to.include('Công an tỉnh Thái Bình, điện thoại');
  });

  it('shows the full text fetched from the notice route when the notice opens, once, and offers a retry when it cannot', async () => {
    api.noticeText = 'Đoạn thứ nhất của thông báo, chỉ có ở tuyến thông báo.\n\nĐoạn thứ hai: quyền rút lại sự đồng ý.';
    const el = await openForm();
    // The contest info carries no text: nothing is fetched before the notice is opened.
    expect('text' in api.contest.privacyNotice).to.equal(false);
    expect(api.requestsTo('GET', '/privacy-notice')).to.have.length(0);

    api.offline = true;
    const link = await waitForButton(el, 'Thông báo xử lý dữ liệu cá nhân');
    link.click();
    await waitForText(el, 'Không kết nối được máy chủ');
    expect(visibleText(el.shadowRoot!)).not.to.include('Đoạn thứ nhất');

    api.offline = false;
    (await waitForButton(el, 'Thử lại')).click();
    await waitForText(el, 'Đoạn thứ hai: quyền rút lại sự đồng ý.');
    const paragraphs = [...deep(el, '#privacy-notice')!.querySelectorAll('p')].map((p) => p.textContent!.trim());
    expect(paragraphs).to.include.members(['Đoạn thứ nhất của thông báo, chỉ có ở tuyến thông báo.', 'Đoạn thứ hai: quyền rút lại sự đồng ý.', 'Phiên bản 2']);
    expect(visibleText(el.shadowRoot!)).not.to.include('Không kết nối được máy chủ');

    // Closed and opened again: the text is still there, not fetched again.
    (await waitForButton(el, 'Đóng thông báo')).click();
    await waitUntil(() => link.getAttribute('aria-expanded') === 'false');
    link.click();
    await waitForText(el, 'Đoạn thứ nhất của thông báo');
    // The failed try and the one answered; none on reopening.
    expect(api.requestsTo('GET', '/privacy-notice').map((r) => r.path)).to.deep.equal([
      '/api/contests/de-an-06-thai-binh/privacy-notice',
      '/api/contests/de-an-06-thai-binh/privacy-notice',
    ]);
  });

  it('asks for a guardian in the same form when the birth date makes the person under 16, and sends it', async () => {
    const el = await openForm();
    expect(deep(el, 'fieldset.guardian')).to.equal(null);
    const birthDate = bornYearsAgo(15);
    fill(deep<HTMLInputElement>(el, '#birthDate')!, birthDate);
    await waitForText(el, 'Thí sinh dưới 16 tuổi cần có sự đồng ý của cha, mẹ hoặc người giám hộ');
    expect(deep(el, '#guardian-fullName')).to.exist;
    await expect(el).to.be.accessible();

    // Without the guardian's part the browser refuses, as the server would.
    fill(deep<HTMLInputElement>(el, '#fullName')!, 'Trần Minh Khôi');
    fill(deep<HTMLInputElement>(el, '#idNumber')!, idNumberFor(birthDate));
    fill(deep<HTMLInputElement>(el, '#phone')!, '0912345678');
    fill(deep<HTMLSelectElement>(el, '#unitId')!, 'xa-tan-hoa');
    fill(deep<HTMLSelectElement>(el, '#occupation')!, 'hoc-sinh');
    deep<HTMLInputElement>(el, '#consent')!.click();
    (await waitForButton(el, 'Đăng ký')).click();
    await waitForText(el, 'Cha, mẹ hoặc người giám hộ cần xác nhận đồng ý');
    expect(visibleText(el.shadowRoot!)).to.include('Vui lòng nhập họ và tên cha, mẹ hoặc người giám hộ');
    expect(api.requestsTo('POST', '/contestants')).to.have.length(0);

    fill(deep<HTMLInputElement>(el, '#guardian-fullName')!, 'Trần Văn Cường');
    fill(deep<HTMLInputElement>(el, '#guardian-phone')!, '0987 654 321');
    fill(deep<HTMLSelectElement>(el, '#guardian-relationship')!, 'mẹ');
    deep<HTMLInputElement>(el, '#guardian-consent')!.click();
    (await waitForButton(el, 'Đăng ký')).click();
    await waitUntil(() => api.requestsTo('POST', '/contestants').length === 1);
    const sent = api.requestsTo('POST', '/contestants')[0]!.body;
    expect(sent.guardian).to.deep.equal({ fullName: 'Trần Văn Cường', phone: '0987654321', relationship: 'mẹ', consent: true });
    expect(sent.publishName).to.equal(undefined);
  });

  it('hides the guardian part again for an adult, and sends the publication choice only when ticked', async () => {
    const el = await openForm();
    fill(deep<HTMLInputElement>(el, '#birthDate')!, bornYearsAgo(15));
    await waitUntil(() => deep(el, 'fieldset.guardian'));
    fill(deep<HTMLInputElement>(el, '#birthDate')!, '1990-05-01');
    await waitUntil(() => !deep(el, 'fieldset.guardian'));
    fill(deep<HTMLInputElement>(el, '#fullName')!, 'Nguyễn Thị Hoa');
    fill(deep<HTMLInputElement>(el, '#idNumber')!, '034190001234');
    fill(deep<HTMLInputElement>(el, '#phone')!, '0912345678');
    fill(deep<HTMLSelectElement>(el, '#unitId')!, 'xa-tan-hoa');
    fill(deep<HTMLSelectElement>(el, '#occupation')!, 'can-bo');
    deep<HTMLInputElement>(el, '#consent')!.click();
    const publish = deep<HTMLInputElement>(el, '#publishName')!;
    expect(publish.checked).to.equal(false);
    publish.click();
    (await waitForButton(el, 'Đăng ký')).click();
    await waitUntil(() => api.requestsTo('POST', '/contestants').length === 1);
    const sent = api.requestsTo('POST', '/contestants')[0]!.body;
    expect(sent.publishName).to.equal(true);
    expect(sent.guardian).to.equal(undefined);
  });

  it('refuses politely below the contest minimum age, without asking for a guardian', async () => {
    api.contest = { ...api.contest, minAge: 18 };
    const el = await openForm();
    fill(deep<HTMLInputElement>(el, '#birthDate')!, bornYearsAgo(15));
    (await waitForButton(el, 'Đăng ký')).click();
    await waitForText(el, 'Cuộc thi dành cho người từ đủ 18 tuổi trở lên');
    expect(deep(el, 'fieldset.guardian')).to.equal(null);
  });
});
