import { expect, fixture, html } from '@open-wc/testing';
import '../src/screens/embed.js';
import { iframeSnippet, originOf, scriptSnippet, type AdminEmbed } from '../src/screens/embed.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, deep, deepAll, visibleText, waitForText } from './helpers.js';

const SLUG = 'thi-thu';

const contest = (allowedOrigins: string[]) => ({
  slug: SLUG,
  status: 'open',
  title: 'Thi thử',
  startsAt: '2026-12-01T03:00:00.000Z',
  endsAt: '2027-01-01T03:00:00.000Z',
  allowedOrigins,
  privacyNotice: { version: 1, controller: null, contact: null, purposes: null, text: null },
});

const stats = {
  totals: { registered: 9, participants: 7, attempts: 12, perfectAttempts: 0, inProgress: 0, voided: 0 },
  bySource: [
    { source: 'baothaibinh.com.vn', participants: 5, attempts: 9 },
    { source: 'localhost', participants: 2, attempts: 3 },
  ],
  byUnit: [],
  byOccupation: [],
  byDay: [],
  scoreDistribution: [],
  collectiveCriterion: 'participationRate',
};

describe('<admin-embed>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi();
    api.on('GET', `/contests/${SLUG}`, contest(['https://baothaibinh.com.vn']));
    api.on('GET', `/contests/${SLUG}/stats`, stats);
  });

  const mount = (canWrite = true) => fixture<AdminEmbed>(html`<admin-embed .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-embed>`);

  it('shows, for each allowed site, both snippets with copy buttons and the people it brought', async () => {
    const el = await mount();
    await waitForText(el, 'https://baothaibinh.com.vn');
    const site = deep(el, 'section[data-origin="https://baothaibinh.com.vn"]')!;
    const snippets = deepAll(site, 'pre').map((p) => p.textContent!);
    expect(snippets[0]).to.equal(scriptSnippet(location.origin, SLUG));
    expect(snippets[1]).to.equal(iframeSnippet(location.origin, SLUG));
    expect(snippets[1]).to.contain(`/embed/${SLUG}`);
    expect(snippets[1]).to.contain(`e.origin !== '${location.origin}'`);
    expect(deep(site, '[data-participation]')!.textContent).to.contain('5 người dự thi, 9 lượt thi');
    expect(deepAll(site, 'button[data-copy]').map((b) => b.dataset.copy)).to.deep.equal(['script', 'iframe']);
    expect(visibleText(el)).to.contain('Tham gia theo trang');
    expect(visibleText(el)).to.contain('localhost');
    await expect(el).to.be.accessible();
  });

  it('adds a site to the allowlist through the contest PUT, sending the rest of the contest back unchanged', async () => {
    api.on('PUT', `/contests/${SLUG}`, (body: unknown) => ({ ...(body as object), slug: SLUG, status: 'open' }));
    const el = await mount();
    await waitForText(el, 'https://baothaibinh.com.vn');
    const input = deep<HTMLInputElement>(el, '#origin')!;
    input.value = 'https://congan.thaibinh.gov.vn/tin-tuc/cuoc-thi';
    input.dispatchEvent(new Event('input'));
    button(el, 'Thêm trang').click();
    await waitForText(el, 'Đã thêm https://congan.thaibinh.gov.vn');
    const [put] = api.callsTo('PUT', `/contests/${SLUG}`);
    const { slug: _slug, status: _status, ...expected } = contest(['https://baothaibinh.com.vn', 'https://congan.thaibinh.gov.vn']);
    expect(put!.body).to.deep.equal(expected);
    expect(deep(el, 'section[data-origin="https://congan.thaibinh.gov.vn"]')).to.exist;
  });

  it('says what is wrong with an address, and shows the server’s refusal', async () => {
    api.on('PUT', `/contests/${SLUG}`, () => {
      throw refusal(400, { code: 'VALIDATION', message: 'Dữ liệu không hợp lệ', fields: { allowedOrigins: 'Origin không hợp lệ: http://10.0.0.1' } });
    });
    const el = await mount();
    await waitForText(el, 'https://baothaibinh.com.vn');
    const input = deep<HTMLInputElement>(el, '#origin')!;
    input.value = 'baothaibinh';
    input.dispatchEvent(new Event('input'));
    button(el, 'Thêm trang').click();
    await waitForText(el, 'phải bắt đầu bằng https://');
    expect(api.callsTo('PUT', `/contests/${SLUG}`)).to.have.length(0);

    input.value = 'http://10.0.0.1';
    input.dispatchEvent(new Event('input'));
    button(el, 'Thêm trang').click();
    await waitForText(el, 'Origin không hợp lệ: http://10.0.0.1');
  });

  it('lets the jury see the snippets but not change the allowlist', async () => {
    const el = await mount(false);
    await waitForText(el, 'https://baothaibinh.com.vn');
    expect(deep(el, '#origin')).to.equal(null);
    expect(deepAll(el, 'button[data-copy]')).to.have.length(2);
  });

  it('reads an address the way the allowlist stores it', () => {
    expect(originOf(' https://BaoThaiBinh.com.vn/tin/1 ')).to.equal('https://baothaibinh.com.vn');
    expect(originOf('ftp://x.vn')).to.equal(null);
    expect(originOf('x')).to.equal(null);
  });
});
