import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/exports.js';
import type { AdminExports } from '../src/screens/exports.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { deep, deepAll, enabledWriteControls, waitForText } from './helpers.js';

const SLUG = 'thi-thu';

const textOf = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

describe('<admin-exports>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi();
  });

  const mount = (canWrite = true) =>
    fixture<AdminExports>(html`<admin-exports .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-exports>`);

  it('offers every export in Excel and CSV and the printable report', async () => {
    const el = await mount();
    expect(deepAll(el, 'button[data-export]').map((b) => b.dataset.export)).to.deep.equal([
      'ranking.xlsx',
      'ranking.csv',
      'attempts.xlsx',
      'attempts.csv',
      'contestants.xlsx',
      'contestants.csv',
      'certificates.xlsx',
      'certificates.csv',
      'report',
    ]);
    expect(textOf(deep(el, 'button[data-export="ranking.xlsx"]')!)).to.equal('Tải Excel (XLSX) — Bảng xếp hạng đầy đủ');
    await expect(el).to.be.accessible();
  });

  it('downloads a file with the token, showing "đang tải" until it arrives', async () => {
    let arrive!: () => void;
    api.on('GET', `/contests/${SLUG}/ranking?format=xlsx`, () => new Promise<void>((resolve) => (arrive = resolve)));
    const el = await mount();
    const button = deep<HTMLButtonElement>(el, 'button[data-export="ranking.xlsx"]')!;
    button.click();
    await el.updateComplete;
    expect(button.disabled).to.equal(true);
    expect(button.getAttribute('aria-busy')).to.equal('true');
    expect(textOf(button)).to.include('Đang tải Excel (XLSX)…');
    // Other downloads stay available meanwhile.
    expect(deep<HTMLButtonElement>(el, 'button[data-export="attempts.csv"]')!.disabled).to.equal(false);
    arrive();
    await waitForText(el, 'Đã tải xong tệp xep-hang-thi-thu.xlsx.');
    expect(button.disabled).to.equal(false);
    expect(api.callsTo('GET', `/contests/${SLUG}/ranking?format=xlsx`).map((c) => c.body)).to.deep.equal(['xep-hang-thi-thu.xlsx']);
  });

  it('fetches the attempts, contestants and the report to the right files', async () => {
    api
      .on('GET', `/contests/${SLUG}/attempts?format=csv`, undefined)
      .on('GET', `/contests/${SLUG}/contestants?format=xlsx`, undefined)
      .on('GET', `/contests/${SLUG}/report`, undefined);
    const el = await mount();
    deep<HTMLButtonElement>(el, 'button[data-export="attempts.csv"]')!.click();
    deep<HTMLButtonElement>(el, 'button[data-export="contestants.xlsx"]')!.click();
    deep<HTMLButtonElement>(el, 'button[data-export="report"]')!.click();
    await waitUntil(() => api.calls.length === 3);
    expect(api.calls.map((c) => [c.path, c.body])).to.deep.equal([
      [`/contests/${SLUG}/attempts?format=csv`, 'luot-thi-thi-thu.csv'],
      [`/contests/${SLUG}/contestants?format=xlsx`, 'thi-sinh-thi-thu.xlsx'],
      [`/contests/${SLUG}/report`, 'bao-cao-thi-thu.html'],
    ]);
  });

  it('shows why a download failed next to it', async () => {
    api.on('GET', `/contests/${SLUG}/attempts?format=xlsx`, () => {
      throw refusal(401, { code: 'UNAUTHORIZED', message: 'Cần mã truy cập của Ban Tổ chức hợp lệ' });
    });
    const el = await mount();
    deep<HTMLButtonElement>(el, 'button[data-export="attempts.xlsx"]')!.click();
    await waitForText(el, 'Không tải được tệp Excel (XLSX): Cần mã truy cập của Ban Tổ chức hợp lệ');
    expect(deep(el, '[role="alert"]')!.closest('section')!.getAttribute('aria-labelledby')).to.equal('export-attempts');
    await expect(el).to.be.accessible();
  });

  it('the jury may download everything: exports only read', async () => {
    const el = await mount(false);
    expect(enabledWriteControls(el)).to.have.length(9);
  });
});
