import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/webhooks.js';
import type { AdminWebhooks } from '../src/screens/webhooks.js';
import type { WebhookDeliveryView, WebhookEndpointView } from '../../api/src/contract/webhooks.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, control, deep, deepAll, enabledWriteControls, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const SECRET = 'whsec_Zq3vX0m9b1c2d3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s';
const ENDPOINT: WebhookEndpointView = {
  id: 'ab12cd34ef56',
  url: 'https://baothaibinh.com.vn/webhooks/de-an-06',
  events: ['contestant.registered', 'attempt.submitted'],
  createdAt: '2026-11-01T01:00:00Z',
  createdBy: 'Ban Tổ chức',
  disabledAt: '2026-11-02T03:00:00Z',
  consecutiveFailures: 10,
  pending: 2,
};
const DELIVERY: WebhookDeliveryView = {
  id: '0b9c2f4e-5d6a-4b7c-8d9e-0f1a2b3c4d5e',
  eventId: '7f1e2d3c-4b5a-4968-8776-655443322110',
  type: 'contestant.registered',
  createdAt: '2026-11-02T01:00:00Z',
  status: 'pending',
  tries: 10,
  lastTryAt: '2026-11-02T03:00:00Z',
  lastStatus: 500,
  lastError: 'Nơi nhận trả mã 500',
  nextTryAt: '2026-11-02T04:00:00Z',
  deliveredAt: null,
};

describe('<admin-webhooks>', () => {
  let api: FakeAdminApi;
  let endpoints: WebhookEndpointView[];

  beforeEach(() => {
    endpoints = [structuredClone(ENDPOINT)];
    api = new FakeAdminApi()
      .on('GET', `/contests/${SLUG}/webhooks`, () => structuredClone(endpoints))
      .on('GET', `/contests/${SLUG}/webhooks/${ENDPOINT.id}/deliveries`, [DELIVERY]);
  });

  const mount = async (canWrite = true) => {
    const el = await fixture<AdminWebhooks>(html`<admin-webhooks .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-webhooks>`);
    await waitForSelector(el, 'table[data-webhooks]');
    return el;
  };

  it('adds an endpoint and shows its secret once, with a copy button; a refusal names the field', async () => {
    api.on('POST', `/contests/${SLUG}/webhooks`, (body: { url: string; events: string[] }) => {
      if (!body.url.startsWith('https://')) throw refusal(400, { code: 'VALIDATION', message: 'Dữ liệu gửi lên chưa hợp lệ', fields: { url: 'Địa chỉ nhận phải dùng https://' } });
      const endpoint = { ...ENDPOINT, id: 'new0new0new0', url: body.url, events: body.events, disabledAt: null, consecutiveFailures: 0, pending: 0 } as WebhookEndpointView;
      endpoints.push(endpoint);
      return { id: endpoint.id, secret: SECRET, endpoint };
    });
    const el = await mount();
    fill(control(el, 'Địa chỉ nhận (https://)'), 'http://thaibinhtv.vn/hook');
    button(el, 'Thêm địa chỉ nhận').click();
    await waitForText(el, 'Địa chỉ nhận phải dùng https://');
    expect(control(el, 'Địa chỉ nhận (https://)').getAttribute('aria-invalid')).to.equal('true');

    fill(control(el, 'Địa chỉ nhận (https://)'), 'https://thaibinhtv.vn/hook');
    const results = deepAll<HTMLInputElement>(el, 'input[name=events][value="results.published"]')[0]!;
    results.click(); // off: the form starts with the three events that happen today
    button(el, 'Thêm địa chỉ nhận').click();
    await waitForSelector(el, '[data-created-webhook]');
    expect(api.callsTo('POST', `/contests/${SLUG}/webhooks`)[1]!.body).to.deep.equal({
      url: 'https://thaibinhtv.vn/hook',
      events: ['contestant.registered', 'attempt.submitted'],
    });
    const secret = control(el, 'Khóa ký');
    expect(secret.value).to.equal(SECRET);
    expect(secret.readOnly).to.equal(true);
    expect(visibleText(deep(el, '[data-created-webhook]')!)).to.include('Khóa ký chỉ hiện một lần');
    await waitUntil(() => !!deep(el, 'tr[data-webhook="new0new0new0"]'), 'the new endpoint never appeared');
    await expect(el).to.be.accessible();
    button(el, 'Đã lưu khóa, ẩn đi').click();
    await waitUntil(() => !deep(el, '[data-created-webhook]'));
    expect(visibleText(el.shadowRoot!)).not.to.include(SECRET);
  });

  it('lists endpoints with their state, shows the delivery log and sends one again', async () => {
    api.on('POST', `/contests/${SLUG}/webhooks/${ENDPOINT.id}/deliveries/${DELIVERY.id}/retry`, () => {
      endpoints[0] = { ...endpoints[0]!, disabledAt: null, consecutiveFailures: 0 };
      return { ...DELIVERY, nextTryAt: '2026-11-02T05:00:00Z' };
    });
    const el = await mount();
    const row = visibleText(deep(el, `tr[data-webhook="${ENDPOINT.id}"]`)!);
    expect(row).to.include('https://baothaibinh.com.vn/webhooks/de-an-06');
    expect(row).to.include('Đã tắt');
    expect(row).to.include('2 lần gửi đang chờ');
    expect(row).to.include('10 lần lỗi liên tiếp');
    button(el, 'Nhật ký gửi').click();
    await waitForSelector(el, `tr[data-delivery="${DELIVERY.id}"]`);
    const log = visibleText(deep(el, `tr[data-delivery="${DELIVERY.id}"]`)!);
    expect(log).to.include('contestant.registered');
    expect(log).to.include('Đang chờ gửi');
    expect(log).to.include('Mã 500');
    expect(log).to.include('Nơi nhận trả mã 500');
    await expect(el).to.be.accessible();
    button(el, 'Gửi lại').click();
    await waitForText(el, 'Đã xếp lần gửi vào hàng đợi để gửi lại ngay.');
    expect(api.callsTo('POST', `/contests/${SLUG}/webhooks/${ENDPOINT.id}/deliveries/${DELIVERY.id}/retry`)).to.have.length(1);
    await waitUntil(() => visibleText(deep(el, `tr[data-webhook="${ENDPOINT.id}"]`)!).includes('Đang gửi'), 'the endpoint never showed as enabled');
  });

  it('deletes an endpoint after a confirmation', async () => {
    api.on('DELETE', `/contests/${SLUG}/webhooks/${ENDPOINT.id}`, () => {
      endpoints = [];
      return ENDPOINT;
    });
    const el = await mount();
    button(el, 'Xoá').click();
    const dialog = deep(el, 'admin-confirm-dialog')!.shadowRoot!.querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'the confirmation never opened');
    button(deep(el, 'admin-confirm-dialog')!, 'Xoá').click();
    await waitForText(el, 'Đã xoá địa chỉ nhận https://baothaibinh.com.vn/webhooks/de-an-06.');
    await waitForText(el, 'Cuộc thi chưa có địa chỉ nhận webhook nào.');
  });

  it('read-only for the jury: the log is readable, nothing can be changed', async () => {
    const el = await mount(false);
    expect(visibleText(el.shadowRoot!)).not.to.include('Thêm địa chỉ nhận');
    button(el, 'Nhật ký gửi').click();
    await waitForSelector(el, `tr[data-delivery="${DELIVERY.id}"]`);
    expect(enabledWriteControls(el, (b) => (b.textContent ?? '').includes('Nhật ký gửi'))).to.deep.equal([]);
  });
});
