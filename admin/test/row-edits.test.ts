import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/exclusions.js';
import '../src/screens/units.js';
import type { AdminExclusions } from '../src/screens/exclusions.js';
import type { AdminUnits, ContestUnit } from '../src/screens/units.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, control, deep, deepAll, describedError, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';

const UNITS: ContestUnit[] = [
  { id: 'khoi', name: 'Khối cơ quan tỉnh', parentId: null, kind: 'Khối', headcount: null, competes: null, competing: false },
  { id: 'so-tp', name: 'Sở Tư pháp', parentId: 'khoi', kind: 'Sở', headcount: 1200, competes: null, competing: true },
  { id: 'phong-a', name: 'Phòng A', parentId: 'so-tp', kind: 'Phòng', headcount: 30, competes: null, competing: false },
  { id: 'vu-thu', name: 'Huyện Vũ Thư', parentId: null, kind: 'Huyện', headcount: 25000, competes: null, competing: true },
];

describe('<admin-units> row by row', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', `/contests/${SLUG}/units`, UNITS);
  });

  const mount = async () => {
    const el = await fixture<AdminUnits>(html`<admin-units .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-units>`);
    await waitForSelector(el, 'ul.tree');
    return el;
  };

  it('adds one unit with its parent, kind, headcount and choice, and shows the tree the server answers', async () => {
    api.on('PUT', `/contests/${SLUG}/units/so-tttt`, (body: Omit<ContestUnit, 'id' | 'competing'>) => [
      ...UNITS,
      { id: 'so-tttt', ...body, competing: true },
    ]);
    const el = await mount();
    button(el, 'Thêm một đơn vị').click();
    await waitForSelector(el, '[data-unit-editor]');
    await expect(el).to.be.accessible();
    fill(control(el, 'Mã đơn vị'), 'so-tttt');
    fill(control(el, 'Tên đơn vị'), 'Sở Thông tin và Truyền thông');
    fill(control<HTMLSelectElement>(el, 'Đơn vị cấp trên'), 'khoi');
    fill(control(el, 'Loại'), 'Sở');
    fill(control(el, 'Số người'), '1.250');
    fill(control<HTMLSelectElement>(el, 'Dự giải tập thể'), 'yes');
    button(el, 'Thêm đơn vị').click();
    await waitForText(el, 'Đã thêm đơn vị Sở Thông tin và Truyền thông (dự giải tập thể).');
    expect(api.callsTo('PUT', `/contests/${SLUG}/units/so-tttt`)[0]!.body).to.deep.equal({
      name: 'Sở Thông tin và Truyền thông',
      parentId: 'khoi',
      kind: 'Sở',
      headcount: 1250,
      competes: true,
    });
    expect(deep(el, '[data-unit-editor]')).to.equal(null);
    expect(visibleText(deep(el, 'tr[data-unit="so-tttt"]')!)).to.include('Khối cơ quan tỉnh › Sở Thông tin và Truyền thông 1.250');
  });

  it('edits a unit in place: the id is fixed and the unit cannot be put under itself or its sub-units', async () => {
    api.on('PUT', `/contests/${SLUG}/units/khoi`, (body: Omit<ContestUnit, 'id' | 'competing'>) =>
      UNITS.map((u) => (u.id === 'khoi' ? { ...u, ...body } : u)),
    );
    const el = await mount();
    button(el, 'Sửa: Khối cơ quan tỉnh').click();
    await waitForSelector(el, '[data-unit-editor]');
    expect(control(el, 'Mã đơn vị').readOnly).to.equal(true);
    expect(control(el, 'Tên đơn vị').value).to.equal('Khối cơ quan tỉnh');
    const parents = [...control<HTMLSelectElement>(el, 'Đơn vị cấp trên').options].map((o) => o.value);
    expect(parents).to.deep.equal(['', 'vu-thu']);
    fill(control<HTMLSelectElement>(el, 'Dự giải tập thể'), 'no');
    button(el, 'Lưu đơn vị').click();
    await waitForText(el, 'Đã lưu đơn vị Khối cơ quan tỉnh (không dự giải tập thể).');
    expect(api.callsTo('PUT', `/contests/${SLUG}/units/khoi`)[0]!.body).to.deep.equal({
      name: 'Khối cơ quan tỉnh',
      parentId: null,
      kind: 'Khối',
      headcount: null,
      competes: false,
    });
  });

  it('shows the server’s refusal next to the field and in the rows table, and keeps the form', async () => {
    api.on('PUT', `/contests/${SLUG}/units/phong-a`, () => {
      throw refusal(400, {
        code: 'VALIDATION',
        message: 'Đơn vị Phòng A dự giải tập thể nhưng nằm trong đơn vị Sở Tư pháp cũng dự giải',
        fields: { competes: 'Đơn vị Phòng A dự giải tập thể nhưng nằm trong đơn vị Sở Tư pháp cũng dự giải' },
        rows: [{ row: 3, field: 'competes', message: 'Đơn vị Phòng A dự giải tập thể nhưng nằm trong đơn vị Sở Tư pháp cũng dự giải' }],
      });
    });
    const el = await mount();
    button(el, 'Sửa: Phòng A').click();
    await waitForSelector(el, '[data-unit-editor]');
    fill(control(el, 'Số người'), 'ba mươi');
    button(el, 'Lưu đơn vị').click();
    await el.updateComplete;
    expect(describedError(control(el, 'Số người'))).to.include('Số người phải là số nguyên');
    expect(api.callsTo('PUT', `/contests/${SLUG}/units/phong-a`)).to.have.length(0);
    fill(control(el, 'Số người'), '30');
    fill(control<HTMLSelectElement>(el, 'Dự giải tập thể'), 'yes');
    button(el, 'Lưu đơn vị').click();
    await waitUntil(() => describedError(control<HTMLSelectElement>(el, 'Dự giải tập thể')).includes('nằm trong đơn vị Sở Tư pháp'));
    expect(visibleText(deep(el, 'table.row-errors')!)).to.include('3 Dự giải tập thể');
    expect(deep(el, '[data-unit-editor]')).not.to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('removes a unit after a confirmation naming it; a refusal (contestants registered) is shown as it is', async () => {
    api.on('DELETE', `/contests/${SLUG}/units/phong-a`, () => UNITS.filter((u) => u.id !== 'phong-a'));
    api.on('DELETE', `/contests/${SLUG}/units/vu-thu`, () => {
      throw refusal(409, { code: 'CONFLICT', message: 'Không thể xoá đơn vị Huyện Vũ Thư (mã vu-thu): đã có thí sinh đăng ký thuộc đơn vị này.' });
    });
    const el = await mount();
    const dialog = () => deep(el, '#unit-delete-confirm')!.shadowRoot!.querySelector('dialog')!;
    button(el, 'Xoá: Phòng A').click();
    await waitUntil(() => dialog().open, 'no confirmation');
    expect(visibleText(deep(el, '#unit-delete-confirm')!)).to.include('Xoá đơn vị Phòng A?');
    [...dialog().querySelectorAll('button')].find((b) => b.textContent === 'Xoá đơn vị')!.click();
    await waitForText(el, 'Đã xoá đơn vị Phòng A.');
    expect(deep(el, 'tr[data-unit="phong-a"]')).to.equal(null);

    button(el, 'Xoá: Huyện Vũ Thư').click();
    await waitUntil(() => dialog().open);
    [...dialog().querySelectorAll('button')].find((b) => b.textContent === 'Xoá đơn vị')!.click();
    await waitForText(el, 'đã có thí sinh đăng ký thuộc đơn vị này');
    expect(deep(el, 'tr[data-unit="vu-thu"]')).not.to.equal(null);
  });
});

describe('<admin-exclusions> row by row', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', `/contests/${SLUG}/exclusions`, { idNumbers: ['034090001234'], phones: ['0912345678'] });
  });

  const mount = async () => {
    const el = await fixture<AdminExclusions>(html`<admin-exclusions .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-exclusions>`);
    await waitForSelector(el, 'ul.values');
    return el;
  };

  it('adds one ID number and one phone, and says when a number was already listed', async () => {
    api.on('POST', `/contests/${SLUG}/exclusions/id-numbers`, () => ({ idNumbers: ['034090001234', '034185009999'], phones: ['0912345678'] }));
    api.on('POST', `/contests/${SLUG}/exclusions/phones`, () => ({ idNumbers: ['034090001234', '034185009999'], phones: ['0912345678'] }));
    const el = await mount();
    await expect(el).to.be.accessible();
    fill(control(el, 'Số định danh cần thêm'), '034185009999');
    button(el, 'Thêm').click();
    await waitForText(el, 'Đã thêm số định danh 034185009999 vào danh sách loại trừ.');
    expect(api.callsTo('POST', `/contests/${SLUG}/exclusions/id-numbers`)[0]!.body).to.deep.equal({ value: '034185009999' });
    expect(visibleText(el.shadowRoot!)).to.include('Số định danh cá nhân (2)');
    expect(control(el, 'Số định danh cần thêm').value).to.equal('');

    fill(control(el, 'Số điện thoại cần thêm'), '0912345678');
    deepAll<HTMLButtonElement>(el, 'form.add button')[1]!.click();
    await waitForText(el, 'số điện thoại 0912345678 đã có trong danh sách.');
  });

  it('shows the server’s refusal under the field, as the file import words it', async () => {
    api.on('POST', `/contests/${SLUG}/exclusions/id-numbers`, () => {
      const message = 'Số định danh «34090001234» phải gồm đúng 12 chữ số (nếu Excel đã bỏ số 0 ở đầu, hãy định dạng cột là Văn bản)';
      throw refusal(400, { code: 'VALIDATION', message, fields: { value: message } });
    });
    const el = await mount();
    button(el, 'Thêm').click();
    await el.updateComplete;
    expect(describedError(control(el, 'Số định danh cần thêm'))).to.equal('Nhập số định danh cần thêm');
    fill(control(el, 'Số định danh cần thêm'), '34090001234');
    button(el, 'Thêm').click();
    await waitUntil(() => describedError(control(el, 'Số định danh cần thêm')).includes('phải gồm đúng 12 chữ số'));
    await expect(el).to.be.accessible();
  });

  it('removes one number from the list', async () => {
    api.on('DELETE', `/contests/${SLUG}/exclusions/phones/0912345678`, () => ({ idNumbers: ['034090001234'], phones: [] }));
    const el = await mount();
    button(el, 'Bỏ số điện thoại 0912345678').click();
    await waitForText(el, 'Đã bỏ số điện thoại 0912345678 khỏi danh sách loại trừ.');
    expect(visibleText(el.shadowRoot!)).to.include('Số điện thoại (0)');
  });
});
