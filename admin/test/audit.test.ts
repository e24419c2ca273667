import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/audit.js';
import type { AdminAudit, AuditEntry } from '../src/screens/audit.js';
import { FakeAdminApi } from './fake-admin-api.js';
import { button, deep, deepAll, enabledWriteControls, waitForSelector } from './helpers.js';

const textOf = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

function entry(id: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { id, at: '2026-11-28T03:00:00.000Z', actor: 'Ban Tổ chức', action: 'units.replace', target: 'thi-thu', detail: { count: 12 }, ...overrides };
}

describe('<admin-audit>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi();
  });

  const mount = async (pageSize = 50, canWrite = true) => {
    const el = await fixture<AdminAudit>(
      html`<admin-audit .api=${api.asApi()} slug="thi-thu" .pageSize=${pageSize} .canWrite=${canWrite}></admin-audit>`,
    );
    await waitForSelector(el, 'table[data-audit]');
    return el;
  };

  it('names the reads of personal data and how they were made, never whom they were about', async () => {
    api.on('GET', '/audit?limit=50', [
      entry(3, { action: 'read.contestantSearch', actor: 'Ban Giám khảo', detail: { matchedBy: 'idNumber', found: 1 } }),
      entry(2, { action: 'read.exclusions', detail: { idNumbers: 4, phones: 2 } }),
      entry(1, { action: 'read.ranking', actor: 'Ban Giám khảo', detail: { format: 'csv' } }),
    ]);
    const el = await mount();
    const rows = deepAll(el, 'tbody tr');
    expect(rows.map((tr) => textOf(tr.querySelector('td:nth-child(3)')!))).to.deep.equal([
      'Tra cứu thí sinh',
      'Xem danh sách loại trừ',
      'Tải bảng xếp hạng (có thông tin liên hệ)',
    ]);
    expect(textOf(rows[0]!)).to.include('1 người tìm thấy');
    expect(textOf(rows[1]!)).to.include('4 số định danh, 2 số điện thoại');
    expect(textOf(rows[2]!)).to.include('Tệp CSV');
    await expect(el).to.be.accessible();
  });

  it('lists who did what and when, newest first, in Vietnamese words and Vietnam time', async () => {
    api.on('GET', '/audit?limit=50', [
      entry(3, { action: 'attempt.void', target: 'a1b2', at: '2026-11-28T16:45:00.000Z', detail: { reason: 'Mất điện tại điểm thi', contestantId: 'c1' } }),
      entry(2, { action: 'results.publish', detail: { before: null, individual: 20, collective: 11 } }),
      entry(1, { action: 'some.future-action', actor: 'cli', detail: null }),
    ]);
    const el = await mount();
    const rows = deepAll(el, 'tbody tr');
    expect(rows.map((tr) => textOf(tr.querySelector('td:nth-child(3)')!))).to.deep.equal(['Huỷ kết quả lượt thi', 'Công bố kết quả', 'some.future-action']);
    expect(textOf(rows[0]!.querySelector('td')!)).to.equal('23 giờ 45, ngày 28/11/2026');
    expect(textOf(rows[0]!)).to.include('Lý do: Mất điện tại điểm thi');
    expect(textOf(rows[1]!)).to.include('20 giải cá nhân · 11 giải tập thể');
    expect(rows[2]!.querySelector('details')).to.equal(null);
    // The whole detail is one click away.
    const details = rows[0]!.querySelector('details')!;
    details.querySelector('summary')!.click();
    expect(details.querySelector('pre')!.textContent).to.include('"contestantId": "c1"');
    expect(deepAll(el, 'button').map(textOf)).to.deep.equal(['Tải lại']);
    await expect(el).to.be.accessible();
  });

  it('names the contestant of a void or grant with a masked ID number, and shows settings changes field by field', async () => {
    const person = { id: 'c1', fullName: 'Nguyễn Văn An', idNumber: '0340****0001', contestSlug: 'thi-thu' };
    api.on('GET', '/audit?limit=50', [
      entry(4, { action: 'attempt.void', target: 'a'.repeat(32), detail: { reason: 'Thi hộ' }, contestant: person }),
      entry(3, { action: 'contestant.grant', target: 'c'.repeat(32), detail: { reason: 'Mất điện', attempts: 1 }, contestant: person }),
      entry(2, {
        action: 'contest.update',
        detail: {
          before: { slug: 'thi-thu', title: 'Thi thử', maxAttempts: 2, endsAt: '2026-12-01T03:00:00.000Z', allowedOrigins: [] },
          after: { slug: 'thi-thu', title: 'Thi thử', maxAttempts: 3, endsAt: '2026-12-08T03:00:00.000Z', allowedOrigins: ['https://baothaibinh.com.vn'] },
        },
      }),
      entry(1, { action: 'contest.update', detail: { before: { title: 'A' }, after: { title: 'A' } } }),
    ]);
    const el = await mount();
    const rows = deepAll(el, 'tbody tr');
    for (const row of rows.slice(0, 2)) {
      const target = textOf(row.querySelector('td:nth-child(4)')!);
      expect(target).to.include('Nguyễn Văn An');
      expect(target).to.include('Số định danh 0340****0001');
      expect(textOf(row)).not.to.include('a'.repeat(32));
    }
    const changes = deepAll(rows[2]!, 'ul.changes li').map(textOf);
    expect(changes).to.deep.equal([
      'Số lượt tối đa: 2 → 3',
      'Kết thúc: 10 giờ 00, ngày 1/12/2026 → 10 giờ 00, ngày 8/12/2026',
      'Trang được nhúng: [] → ["https://baothaibinh.com.vn"]',
    ]);
    expect(textOf(rows[3]!)).to.include('Không có thay đổi');
    await expect(el).to.be.accessible();
  });

  it('loads older entries with "Tải thêm" while pages come back full', async () => {
    api.on('GET', '/audit?limit=2', [entry(9), entry(8)]);
    api.on('GET', '/audit?limit=2&before=8', [entry(7), entry(6)]);
    api.on('GET', '/audit?limit=2&before=6', [entry(5)]);
    const el = await mount(2);
    button(el, 'Tải thêm').click();
    await waitUntil(() => deepAll(el, 'tbody tr').length === 4);
    button(el, 'Tải thêm').click();
    await waitUntil(() => deepAll(el, 'tbody tr').length === 5);
    expect(deepAll(el, 'button').map(textOf)).to.deep.equal(['Tải lại']);
    expect(textOf(deep(el, 'caption')!)).to.equal('5 thao tác gần nhất');
  });

  it('is read-only for everyone, the jury included', async () => {
    api.on('GET', '/audit?limit=50', [entry(1)]);
    const el = await mount(50, false);
    expect(enabledWriteControls(el).map(textOf)).to.deep.equal(['Tải lại']);
    await expect(el).to.be.accessible();
  });
});
