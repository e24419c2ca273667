import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/privacy.js';
import type { AdminPrivacy, DataRequestListView, PurgeView } from '../src/screens/privacy.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { deep, deepAll, enabledWriteControls, fill, visibleText, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const LIST = `/contests/${SLUG}/data-requests`;
const PURGE = `/contests/${SLUG}/purge-personal-data`;

function sampleList(): DataRequestListView {
  const base = { answer: null, answeredAt: null, answeredBy: null, unitName: 'Huyện Vũ Thư' };
  return {
    requests: [
      { ...base, id: 'r1', kind: 'correction', message: 'Tên tôi là Nguyễn Văn Ân', receivedAt: '2026-11-01T02:00:00.000Z', dueAt: '2026-11-16T02:00:00.000Z', status: 'open', contestantId: 'c1', contestantName: 'Nguyễn Văn An', overdue: true, dueSoon: false },
      { ...base, id: 'r2', kind: 'question', message: 'Dữ liệu dùng vào việc gì?', receivedAt: '2026-11-20T02:00:00.000Z', dueAt: '2026-12-05T02:00:00.000Z', status: 'answered', answer: 'Chỉ để tổ chức cuộc thi.', answeredAt: '2026-11-21T02:00:00.000Z', answeredBy: 'Ban Tổ chức', contestantId: 'c2', contestantName: 'Trần Thị Bình', overdue: false, dueSoon: false },
    ],
    counts: { open: 1, dueSoon: 0, overdue: 1 },
  };
}

function purgeView(due: boolean, dryRun: boolean): PurgeView {
  return {
    slug: SLUG,
    retentionUntil: '2027-05-19T03:00:00.000Z',
    due,
    dryRun,
    counts: { idNumbers: 120, phones: 118, emails: 7, birthDates: 120, guardians: 3, names: 100, namesKept: 20, exclusions: 4, phoneCodes: 0, dataRequests: 2, networkData: { contestants: 120, attempts: 300 }, erasureLimits: 2 },
  };
}

describe('<admin-privacy>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', LIST, () => sampleList());
  });

  const mount = async (canWrite = true) => {
    const el = await fixture<AdminPrivacy>(html`<admin-privacy .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-privacy>`);
    await waitUntil(() => deep(el, '[data-request="r1"]'), 'requests shown');
    return el;
  };

  it('lists requests with their deadline, the overdue one marked, and the counts', async () => {
    const el = await mount();
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('1 yêu cầu đang chờ');
    expect(text).to.include('1 quá hạn');
    expect(visibleText(deep(el, '[data-request="r1"]')!)).to.include('Quá hạn');
    expect(visibleText(deep(el, '[data-request="r1"]')!)).to.include('Sửa thông tin');
    expect(visibleText(deep(el, '[data-request="r2"]')!)).to.include('Chỉ để tổ chức cuộc thi.');
    await expect(el).to.be.accessible();
  });

  it('answers a request, refusing an empty answer before asking the server', async () => {
    api.on('PUT', `${LIST}/r1`, (body: unknown) => ({ ...sampleList().requests[0], ...(body as object), answeredAt: '2026-12-03T02:00:00.000Z' }));
    const el = await mount();
    deep<HTMLButtonElement>(el, '[data-request="r1"] button[data-answer="answered"]')!.click();
    await waitForText(el, 'Cần ghi nội dung trả lời');
    expect(api.callsTo('PUT', `${LIST}/r1`)).to.have.length(0);
    fill(deep<HTMLTextAreaElement>(el, '#answer-r1')!, 'Đã sửa họ tên theo thẻ căn cước.');
    deep<HTMLButtonElement>(el, '[data-request="r1"] button[data-answer="answered"]')!.click();
    await waitForText(el, 'Đã trả lời yêu cầu của Nguyễn Văn An.');
    expect(api.callsTo('PUT', `${LIST}/r1`).map((c) => c.body)).to.deep.equal([{ status: 'answered', answer: 'Đã sửa họ tên theo thẻ căn cước.' }]);
  });

  it('shows a dry run and offers the purge only once the retention date has passed', async () => {
    api.on('POST', PURGE, (body: { dryRun: boolean }) => purgeView(false, body.dryRun));
    const el = await mount();
    deep<HTMLButtonElement>(el, 'button[data-purge="dry-run"]')!.click();
    await waitUntil(() => deep(el, '[data-purge-preview]'));
    expect(visibleText(el.shadowRoot!)).to.include('chưa đến hạn');
    expect(visibleText(deep(el, '[data-purge-preview]')!)).to.include('120');
    expect(deep(el, 'button[data-purge="run"]')).to.equal(null);
  });

  it('purges after a confirmation, and shows a refusal as the server words it', async () => {
    let due = true;
    api.on('POST', PURGE, (body: { dryRun: boolean }) => {
      if (!due) throw refusal(409, { code: 'RETENTION_NOT_OVER', message: 'Chưa đến hạn xoá dữ liệu cá nhân của cuộc thi' });
      return purgeView(true, body.dryRun);
    });
    const el = await mount();
    deep<HTMLButtonElement>(el, 'button[data-purge="dry-run"]')!.click();
    await waitUntil(() => deep(el, 'button[data-purge="run"]'));
    deep<HTMLButtonElement>(el, 'button[data-purge="run"]')!.click();
    const dialog = deep<HTMLElement>(el, '#purge-confirm')!;
    await waitUntil(() => (dialog as unknown as { open: boolean }).open, 'confirmation asked');
    deep<HTMLButtonElement>(dialog, 'button[value="confirm"]')!.click();
    await waitForText(el, 'Đã xoá dữ liệu cá nhân: 120 số định danh');
    expect(api.callsTo('POST', PURGE).map((c) => c.body)).to.deep.equal([{ dryRun: true }, { dryRun: false }]);
    due = false;
    deep<HTMLButtonElement>(el, 'button[data-purge="dry-run"]')!.click();
    await waitForText(el, 'Chưa đến hạn xoá dữ liệu cá nhân');
  });

  it('downloads the dossier, and leaves a jury token nothing to write', async () => {
    api.on('GET', `/contests/${SLUG}/privacy-dossier`, undefined);
    const el = await mount(false);
    expect(enabledWriteControls(el, (b) => b.matches('[data-purge="dry-run"], [data-dossier]'))).to.deep.equal([]);
    expect(deepAll(el, 'textarea')).to.have.length(0);
    deep<HTMLButtonElement>(el, 'button[data-dossier]')!.click();
    await waitUntil(() => api.callsTo('GET', `/contests/${SLUG}/privacy-dossier`).length === 1);
    expect(api.callsTo('GET', `/contests/${SLUG}/privacy-dossier`)[0]!.body).to.equal(`ho-so-danh-gia-tac-dong-${SLUG}.html`);
  });
});
