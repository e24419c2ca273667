import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import { FakeApi } from './fake-api.js';
import { deep, deepActiveElement, fill, STORAGE_KEY, visibleText, waitForButton, waitForSelector, waitForText } from './helpers.js';

describe('<de-an-06-quiz> registration and sign-in', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
  });

  afterEach(() => api.uninstall());

  async function openForm(label = 'Đăng ký dự thi') {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" source="baothaibinh.com.vn"></de-an-06-quiz>`);
    (await waitForButton(el, label)).click();
    const form = await waitForSelector<HTMLFormElement>(el, 'form');
    return { el, form };
  }

  async function fillValid(el: DeAn06Quiz, overrides: Record<string, string> = {}) {
    const values: Record<string, string> = {
      fullName: 'Nguyễn Thị Hoa',
      idNumber: '034190001234',
      birthDate: '1990-05-01',
      phone: '0912 345 678',
      email: '',
      occupation: 'can-bo',
      ...overrides,
    };
    for (const [name, value] of Object.entries(values)) {
      if (name === 'unitId' || name === 'noConsent') continue;
      fill(deep<HTMLInputElement>(el, `#${name}`)!, value);
    }
    await waitUntil(() => deep(el, 'option[value="xa-tan-hoa"]'));
    fill(deep<HTMLSelectElement>(el, '#unitId')!, overrides.unitId ?? 'xa-tan-hoa');
    const consent = deep<HTMLInputElement>(el, '#consent')!;
    if (!overrides.noConsent) consent.click();
  }

  it('offers the unit tree grouped by parent, filtered by a search box', async () => {
    const { el } = await openForm();
    await waitUntil(() => deep(el, 'optgroup[label="UBND huyện Vũ Thư"]'));
    const group = deep(el, 'optgroup[label="UBND huyện Vũ Thư"]')!;
    expect([...group.querySelectorAll('option')].map((o) => o.textContent!.trim())).to.deep.equal([
      'UBND huyện Vũ Thư',
      'UBND xã Tân Hòa',
      'UBND xã Minh Quang',
    ]);
    fill(deep<HTMLInputElement>(el, '#unitFilter')!, 'minh');
    await waitUntil(() => !deep(el, 'option[value="xa-tan-hoa"]'));
    expect(deep(el, 'option[value="xa-minh-quang"]')).to.exist;
    expect(deep(el, 'option[value="so-tttt"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('checks every field in the browser the way the server does, and announces the errors', async () => {
    const { el } = await openForm();
    await fillValid(el, { fullName: 'A', idNumber: '999190001234', phone: '0212345678', email: 'not-an-email', occupation: '', unitId: '', noConsent: 'yes' });
    (await waitForButton(el, 'Đăng ký')).click();
    await waitForText(el, 'Biểu mẫu còn');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Họ và tên gồm 2 đến 100 chữ cái');
    expect(text).to.include('Ba chữ số đầu của số định danh không phải mã tỉnh');
    expect(text).to.include('Số điện thoại di động gồm 0 hoặc +84');
    expect(text).to.include('Địa chỉ thư điện tử không hợp lệ');
    expect(text).to.include('Vui lòng chọn cơ quan, đơn vị');
    expect(text).to.include('Vui lòng chọn đối tượng');
    expect(text).to.include('Bạn cần đồng ý');
    expect(deep(el, '#fullName')!.getAttribute('aria-invalid')).to.equal('true');
    expect(deep(el, '#fullName')!.getAttribute('aria-describedby')).to.equal('fullName-error');
    expect(deep(el, '[role="alert"] .alert')).to.exist;
    expect(deepActiveElement()?.id).to.equal('fullName');
    expect(api.requestsTo('POST', '/contestants')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('refuses in the browser the names the server refuses: invisible fillers, look-alike letters, stacked marks', async () => {
    const { el } = await openForm();
    const names = ['Nguyễn\u3164Thị Hoa', 'Nguyễn Thị Hоa', `Nguyễn Thị Hoa${'\u0300\u0301\u0302'.repeat(4)}`, 'Nguyễn\u200bThị Hoa'];
    for (const [i, fullName] of names.entries()) {
      // Every other field valid (consent ticked once, then left ticked): only the name stops the form.
      await fillValid(el, { fullName, ...(i > 0 ? { noConsent: 'yes' } : {}) });
      (await waitForButton(el, 'Đăng ký')).click();
      await waitForText(el, 'Họ và tên gồm 2 đến 100 chữ cái');
      expect(deep(el, '#fullName')!.getAttribute('aria-invalid'), fullName).to.equal('true');
      expect(deep<HTMLInputElement>(el, '#consent')!.checked).to.equal(true);
      expect(deep(el, '#idNumber')!.getAttribute('aria-invalid')).to.not.equal('true');
    }
    expect(api.requestsTo('POST', '/contestants')).to.have.length(0);
  });

  it("sends the page's host name when the source attribute is not a host name", async () => {
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" source="Báo Thái Bình điện tử"></de-an-06-quiz>`);
    (await waitForButton(el, 'Đăng ký dự thi')).click();
    await waitForSelector<HTMLFormElement>(el, 'form');
    await fillValid(el, { fullName: "Nguyễn Thị Ánh-Dương" });
    const registered = oneEvent(el, 'de-an-06-quiz:registered');
    (await waitForButton(el, 'Đăng ký')).click();
    await registered;
    const [request] = api.requestsTo('POST', '/contestants');
    expect(request.body.source).to.equal(location.hostname);
    expect(request.body.fullName).to.equal('Nguyễn Thị Ánh-Dương');
  });

  it('checks the century digit and the year digits of the ID number against the birth date', async () => {
    const { el } = await openForm();
    await fillValid(el, { idNumber: '034290001234' });
    (await waitForButton(el, 'Đăng ký')).click();
    await waitForText(el, 'Chữ số thứ 4 của số định danh không khớp');
    fill(deep<HTMLInputElement>(el, '#idNumber')!, '034191001234');
    await waitForText(el, 'Chữ số thứ 5 và 6 của số định danh');
    fill(deep<HTMLInputElement>(el, '#idNumber')!, '034190001234');
    await waitUntil(() => !visibleText(el.shadowRoot!).includes('Chữ số thứ 5'));
  });

  it('puts the server field errors next to the matching input', async () => {
    const { el } = await openForm();
    await fillValid(el, { fullName: 'Máy Chủ Từ Chối' });
    (await waitForButton(el, 'Đăng ký')).click();
    await waitForText(el, 'Thông tin đăng ký chưa hợp lệ.');
    expect(deep(el, '#phone-error')!.textContent).to.include('Số điện thoại đã được dùng (máy chủ).');
    expect(deep(el, '#phone')!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('shows the server message when the ID number is already registered', async () => {
    const { el } = await openForm();
    await fillValid(el, { idNumber: '034090009999', birthDate: '1990-05-01' });
    (await waitForButton(el, 'Đăng ký')).click();
    await waitForText(el, 'Số định danh này đã được đăng ký dự thi.');
  });

  it('registers with every field and the source site, keeps the token and fires the event', async () => {
    const { el } = await openForm();
    await fillValid(el, { email: 'hoa@example.vn' });
    const registered = oneEvent(el, 'de-an-06-quiz:registered');
    (await waitForButton(el, 'Đăng ký')).click();
    const event = await registered;
    expect(event.bubbles && event.composed).to.equal(true);
    const [request] = api.requestsTo('POST', '/contestants');
    expect(request.body).to.deep.equal({
      fullName: 'Nguyễn Thị Hoa',
      birthDate: '1990-05-01',
      idNumber: '034190001234',
      phone: '0912345678',
      email: 'hoa@example.vn',
      unitId: 'xa-tan-hoa',
      occupation: 'can-bo',
      consent: true,
      source: 'baothaibinh.com.vn',
    });
    await waitForText(el, 'Xin chào, Nguyễn Thị Hoa');
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).token).to.match(/^token-/);
  });

  it('signs in again with ID number, phone and birth date, or says they do not match', async () => {
    api.seedContestant('Lê Văn Nam');
    const { el } = await openForm('Tôi đã đăng ký');
    fill(deep<HTMLInputElement>(el, '#idNumber')!, '034090001234');
    fill(deep<HTMLInputElement>(el, '#phone')!, '0912345679');
    fill(deep<HTMLInputElement>(el, '#birthDate')!, '1990-05-01');
    (await waitForButton(el, 'Đăng nhập')).click();
    await waitForText(el, 'Thông tin đăng nhập không khớp');
    await expect(el).to.be.accessible();
    fill(deep<HTMLInputElement>(el, '#phone')!, '+84912345678');
    (await waitForButton(el, 'Đăng nhập')).click();
    await waitForText(el, 'Xin chào, Lê Văn Nam');
    expect(api.requestsTo('POST', '/sessions').at(-1)!.body.phone).to.equal('0912345678');
  });

  it('goes back to the contest page with the back button', async () => {
    const { el } = await openForm();
    (await waitForButton(el, 'Quay lại')).click();
    await waitForButton(el, 'Đăng ký dự thi');
  });
});
