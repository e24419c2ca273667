import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import { FakeApi, sampleContest } from './fake-api.js';
import { deep, deepActiveElement, fill, visibleText, waitForButton, waitForSelector, waitForText } from './helpers.js';

describe('<de-an-06-quiz> phone verification at registration', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().install();
  });

  afterEach(() => api.uninstall());

  async function openForm(phoneVerification: boolean) {
    api.contest = sampleContest({ phoneVerification });
    const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    (await waitForButton(el, 'Đăng ký dự thi')).click();
    await waitForSelector(el, 'form');
    return el;
  }

  async function fillValid(el: DeAn06Quiz, phone = '0912 345 678') {
    const values: Record<string, string> = {
      fullName: 'Nguyễn Thị Hoa',
      idNumber: '034190001234',
      birthDate: '1990-05-01',
      phone,
      occupation: 'can-bo',
    };
    for (const [name, value] of Object.entries(values)) fill(deep<HTMLInputElement>(el, `#${name}`)!, value);
    await waitUntil(() => deep(el, 'option[value="xa-tan-hoa"]'));
    fill(deep<HTMLSelectElement>(el, '#unitId')!, 'xa-tan-hoa');
    deep<HTMLInputElement>(el, '#consent')!.click();
  }

  const sendButton = (el: DeAn06Quiz) => waitForButton(el, 'mã');

  it('shows no code step when the contest does not verify phones', async () => {
    const el = await openForm(false);
    await fillValid(el);
    expect(deep(el, '#phoneCode')).to.equal(null);
    expect(visibleText(el.shadowRoot!)).not.to.include('Gửi mã xác minh');
    const registered = oneEvent(el, 'de-an-06-quiz:registered');
    (await waitForButton(el, 'Đăng ký')).click();
    await registered;
    expect(api.requestsTo('POST', '/contestants')[0]!.body).not.to.have.property('phoneCode');
    expect(api.requestsTo('POST', '/phone-codes')).to.have.length(0);
  });

  it('sends a code to the phone, announces it politely, counts down to a resend and moves focus to the code', async () => {
    const el = await openForm(true);
    await waitForText(el, 'Mã xác minh (6 chữ số)');
    await expect(el).to.be.accessible();
    await fillValid(el);
    (await waitForButton(el, 'Gửi mã xác minh')).click();
    await waitForText(el, 'Đã gửi mã tới 0912…678');
    expect(api.requestsTo('POST', '/phone-codes')[0]!.body).to.deep.equal({ phone: '0912345678' });
    const status = deep(el, '#phoneCode-status')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    const button = await sendButton(el);
    expect(button.disabled).to.equal(true);
    expect(button.textContent).to.match(/Gửi lại mã sau (60|59) giây/);
    expect(deepActiveElement()?.id).to.equal('phoneCode');
    const code = deep<HTMLInputElement>(el, '#phoneCode')!;
    expect(code.labels?.[0]?.textContent).to.include('Mã xác minh (6 chữ số)');
    expect(code.getAttribute('autocomplete')).to.equal('one-time-code');
    expect(code.getAttribute('inputmode')).to.equal('numeric');
    await expect(el).to.be.accessible();
  });

  it('offers a new code once the resend wait is over', async () => {
    api.resendSeconds = 1;
    const el = await openForm(true);
    await fillValid(el);
    (await waitForButton(el, 'Gửi mã xác minh')).click();
    await waitForText(el, 'Gửi lại mã sau 1 giây');
    await waitUntil(() => deep<HTMLButtonElement>(el, '.with-button button')?.disabled === false, 'resend never enabled', { timeout: 4000 });
    expect(deep(el, '.with-button button')!.textContent!.trim()).to.equal('Gửi lại mã');
    deep<HTMLButtonElement>(el, '.with-button button')!.click();
    await waitUntil(() => api.requestsTo('POST', '/phone-codes').length === 2);
  });

  it('asks for a valid phone before sending, and shows a refused send by the phone field', async () => {
    const el = await openForm(true);
    (await waitForButton(el, 'Gửi mã xác minh')).click();
    await waitForText(el, 'Vui lòng nhập số điện thoại di động hợp lệ trước khi gửi mã.');
    expect(deep(el, '#phone')!.getAttribute('aria-invalid')).to.equal('true');
    expect(api.requestsTo('POST', '/phone-codes')).to.have.length(0);
    const message = 'Mã xác minh vừa được gửi tới số điện thoại này. Vui lòng chờ 1 phút trước khi gửi lại.';
    api.refusePhoneCode = { status: 429, code: 'RATE_LIMITED', message, fields: { phone: message } };
    fill(deep<HTMLInputElement>(el, '#phone')!, '0912345678');
    (await waitForButton(el, 'Gửi mã xác minh')).click();
    await waitUntil(() => deep(el, '#phone-error')?.textContent?.includes('Vui lòng chờ 1 phút'), 'no error by the phone');
    expect(deep(el, '#phone')!.getAttribute('aria-describedby')).to.include('phone-error');
    await expect(el).to.be.accessible();
  });

  it('requires the code, shows a wrong one by its field, and sends phoneCode with the registration', async () => {
    const el = await openForm(true);
    await fillValid(el);
    (await waitForButton(el, 'Đăng ký')).click();
    await waitForText(el, 'Vui lòng nhập mã xác minh gồm 6 chữ số');
    expect(deep(el, '#phoneCode')!.getAttribute('aria-invalid')).to.equal('true');
    expect(api.requestsTo('POST', '/contestants')).to.have.length(0);

    (await waitForButton(el, 'Gửi mã xác minh')).click();
    await waitForText(el, 'Đã gửi mã tới');
    fill(deep<HTMLInputElement>(el, '#phoneCode')!, '654321');
    (await waitForButton(el, 'Đăng ký')).click();
    await waitUntil(() => deep(el, '#phoneCode-error')?.textContent?.includes('không đúng'), 'no error by the code');
    expect(deep(el, '#phoneCode')!.getAttribute('aria-describedby')).to.include('phoneCode-error');
    expect(deepActiveElement()?.id).to.equal('phoneCode');
    await expect(el).to.be.accessible();

    fill(deep<HTMLInputElement>(el, '#phoneCode')!, '123456');
    const registered = oneEvent(el, 'de-an-06-quiz:registered');
    (await waitForButton(el, 'Đăng ký')).click();
    await registered;
    expect(api.requestsTo('POST', '/contestants').at(-1)!.body).to.include({ phone: '0912345678', phoneCode: '123456' });
    await waitForText(el, 'Xin chào, Nguyễn Thị Hoa');
  });
});
