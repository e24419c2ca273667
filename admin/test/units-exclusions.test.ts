import { expect, fixture, html } from '@open-wc/testing';
import '../src/screens/exclusions.js';
import '../src/screens/units.js';
import type { AdminExclusions } from '../src/screens/exclusions.js';
import type { AdminUnits, ContestUnit } from '../src/screens/units.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, buttons, control, deep, deepAll, fill, pickFile, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';

const UNITS: ContestUnit[] = [
  { id: 'tb', name: 'Tỉnh Thái Bình', parentId: null, kind: 'Tỉnh', headcount: null, competes: null, competing: false },
  { id: 'so-tp', name: 'Sở Tư pháp', parentId: 'tb', kind: 'Sở', headcount: 1200, competes: null, competing: true },
  { id: 'vu-thu', name: 'Huyện Vũ Thư', parentId: 'tb', kind: 'Huyện', headcount: 25000, competes: null, competing: true },
  { id: 'xa-a', name: 'Xã Vũ Hội', parentId: 'vu-thu', kind: 'Xã', headcount: 3400, competes: null, competing: false },
];

describe('<admin-units>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', `/contests/${SLUG}/units`, UNITS);
  });

  const mount = async (canWrite = true) => {
    const el = await fixture<AdminUnits>(html`<admin-units .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-units>`);
    await waitForSelector(el, 'ul.tree');
    return el;
  };

  it('shows the unit tree with declared headcounts and sub-unit totals', async () => {
    const el = await mount();
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('4 đơn vị, 3 đơn vị đã khai báo số người');
    expect(text).to.include('Sở Tư pháp Sở mã so-tp 1.200 người');
    expect(text).to.include('Tỉnh Thái Bình Tỉnh mã tb chưa khai báo số người · 2 đơn vị trực thuộc, 29.600 người');
    // The nesting is in the markup, so screen readers announce list levels.
    const xa = deepAll(el, 'li').find((li) => li.textContent!.includes('Xã Vũ Hội') && !li.querySelector('li'))!;
    expect(xa.parentElement!.closest('li')!.textContent).to.include('Huyện Vũ Thư');
    await expect(el).to.be.accessible();
  });

  it('shows every refused row of a unit import in a table, and the new tree after a good one', async () => {
    let tries = 0;
    api.on('PUT', `/contests/${SLUG}/units`, () => {
      tries += 1;
      if (tries === 1) {
        throw refusal(400, {
          code: 'VALIDATION',
          message: 'Tệp đơn vị có dòng không hợp lệ, không có thay đổi nào được lưu',
          rows: [{ row: 4, field: 'parent_id', message: 'Không có đơn vị cấp trên mã «xyz»' }],
        });
      }
      return [{ id: 'tb', name: 'Tỉnh Thái Bình', parentId: null, kind: null, headcount: 1000, competes: null, competing: true }];
    });
    const el = await mount();
    const input = control(el, 'Tệp đơn vị (.xlsx hoặc .csv)');
    pickFile(input, new File(['id,name'], 'don-vi.csv', { type: 'text/csv' }));
    button(el, 'Nạp danh sách đơn vị').click();
    await waitForText(el, 'Tệp đơn vị có dòng không hợp lệ');
    const cells = [...deep(el, 'table.row-errors')!.querySelectorAll('tbody td')].map((td) => td.textContent!.trim());
    expect(cells).to.deep.equal(['4', 'Mã đơn vị cấp trên', 'Không có đơn vị cấp trên mã «xyz»']);
    await expect(el).to.be.accessible();
    button(el, 'Nạp danh sách đơn vị').click();
    await waitForText(el, 'Đã thay danh sách bằng 1 đơn vị từ tệp don-vi.csv');
    expect(deep(el, 'table.row-errors')).to.equal(null);
    expect(visibleText(el.shadowRoot!)).to.include('1.000 người');
  });

  it('lists which units compete with a checkbox each; ticking one saves the whole tree with that choice', async () => {
    api.on('PUT', `/contests/${SLUG}/units`, (body: ContestUnit[]) =>
      body.map((u) => ({ ...u, competing: u.competes ?? (u.id === 'so-tp' || u.id === 'vu-thu') })),
    );
    const el = await mount();
    const section = deep(el, '[data-competing-table]')!;
    expect(visibleText(deep(el, '#units-competing')!.parentElement!)).to.include('2 đơn vị dự giải tập thể');
    expect(visibleText(el.shadowRoot!)).to.include('số người của đơn vị trực thuộc chỉ để tham khảo');
    const box = (id: string) => deep<HTMLInputElement>(el, `tr[data-unit="${id}"] input[type=checkbox]`)!;
    expect(box('so-tp').checked).to.equal(true);
    expect(box('xa-a').checked).to.equal(false);
    expect(visibleText(box('so-tp').closest('label')!)).to.equal('Dự giải: Sở Tư pháp');
    expect(visibleText(section.querySelector('tr[data-unit="so-tp"]')!)).to.include('Tỉnh Thái Bình › Sở Tư pháp');
    await expect(el).to.be.accessible();

    box('tb').click();
    await waitForText(el, 'Đã lưu: Tỉnh Thái Bình dự giải tập thể.');
    const [put] = api.callsTo('PUT', `/contests/${SLUG}/units`);
    expect(put!.body).to.deep.equal(UNITS.map(({ competing: _c, ...u }) => (u.id === 'tb' ? { ...u, competes: true } : u)));
    expect(box('tb').checked).to.equal(true);
    // An explicit choice can go back to the default.
    button(el, 'Theo mặc định: Tỉnh Thái Bình').click();
    await waitForText(el, 'Đã lưu: Tỉnh Thái Bình không dự giải tập thể (theo mặc định).');
    expect(api.callsTo('PUT', `/contests/${SLUG}/units`)[1]!.body).to.deep.equal(UNITS.map(({ competing: _c, ...u }) => u));
  });

  it('shows a refused choice (nested competing units) by row and puts the checkbox back', async () => {
    api.on('PUT', `/contests/${SLUG}/units`, () => {
      throw refusal(400, {
        code: 'VALIDATION',
        message: 'Danh sách đơn vị chưa hợp lệ, không có thay đổi nào được lưu',
        rows: [{ row: 4, field: 'competes', message: 'Đơn vị Xã Vũ Hội (mã xa-a) dự giải tập thể nhưng nằm trong đơn vị Huyện Vũ Thư (mã vu-thu, dòng 3) cũng dự giải' }],
      });
    });
    const el = await mount();
    deep<HTMLInputElement>(el, 'tr[data-unit="xa-a"] input[type=checkbox]')!.click();
    await waitForText(el, 'Danh sách đơn vị chưa hợp lệ');
    const cells = [...deep(el, 'table.row-errors')!.querySelectorAll('tbody td')].map((td) => td.textContent!.trim());
    expect(cells.slice(0, 2)).to.deep.equal(['4', 'Dự giải tập thể']);
    expect(cells[2]).to.include('Huyện Vũ Thư (mã vu-thu, dòng 3)');
    await el.updateComplete;
    expect(deep<HTMLInputElement>(el, 'tr[data-unit="xa-a"] input[type=checkbox]')!.checked).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('asks for a file before sending anything', async () => {
    const el = await mount();
    button(el, 'Nạp danh sách đơn vị').click();
    await waitForText(el, 'Chọn một tệp XLSX hoặc CSV trước.');
    expect(api.callsTo('PUT', `/contests/${SLUG}/units`)).to.have.length(0);
  });

  it('is read-only for a jury token: no import, no checkboxes', async () => {
    const el = await mount(false);
    expect(deep(el, 'input[type=file]')).to.equal(null);
    expect(deep(el, 'input[type=checkbox]')).to.equal(null);
    expect(visibleText(deep(el, 'tr[data-unit="so-tp"]')!)).to.include('Dự giải');
    expect(buttons(el)).to.have.length(0);
    expect(visibleText(el.shadowRoot!)).to.include('chỉ được xem');
    await expect(el).to.be.accessible();
  });
});

describe('<admin-exclusions>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', `/contests/${SLUG}/exclusions`, {
      idNumbers: ['034090001234', '034185009999'],
      phones: ['0912345678'],
    });
  });

  const mount = async (canWrite = true) => {
    const el = await fixture<AdminExclusions>(html`<admin-exclusions .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-exclusions>`);
    await waitForSelector(el, 'ul.values');
    return el;
  };

  it('lists ID numbers and phones with counts, and finds one by its digits', async () => {
    const el = await mount();
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Số định danh cá nhân (2)');
    expect(text).to.include('Số điện thoại (1)');
    fill(control(el, 'Tìm số định danh hoặc số điện thoại'), '9999');
    await el.updateComplete;
    const values = deepAll(el, 'ul.values li .value').map((value) => value.textContent);
    expect(values).to.deep.equal(['034185009999']);
    await expect(el).to.be.accessible();
  });

  it('replaces the list from a file and shows refused rows in a table', async () => {
    let tries = 0;
    api.on('PUT', `/contests/${SLUG}/exclusions`, () => {
      tries += 1;
      if (tries === 1) {
        throw refusal(400, {
          code: 'VALIDATION',
          message: 'Tệp danh sách loại trừ có dòng không hợp lệ, không có thay đổi nào được lưu',
          rows: [{ row: 2, field: 'id_number', message: 'Số định danh phải gồm đúng 12 chữ số' }],
        });
      }
      return { idNumbers: ['034090001234'], phones: [] };
    });
    const el = await mount();
    pickFile(control(el, 'Tệp danh sách loại trừ (.xlsx hoặc .csv)'), new File(['x'], 'loai-tru.xlsx'));
    button(el, 'Nạp danh sách loại trừ').click();
    await waitForText(el, 'Số định danh phải gồm đúng 12 chữ số');
    expect([...deep(el, 'table.row-errors')!.querySelectorAll('td')].map((td) => td.textContent!.trim())).to.deep.equal([
      '2',
      'Số định danh',
      'Số định danh phải gồm đúng 12 chữ số',
    ]);
    button(el, 'Nạp danh sách loại trừ').click();
    await waitForText(el, 'Đã thay danh sách loại trừ từ tệp loai-tru.xlsx: 1 số định danh, 0 số điện thoại.');
    expect(visibleText(el.shadowRoot!)).to.include('Số điện thoại (0)');
  });

  it('is read-only for a jury token: no import', async () => {
    const el = await mount(false);
    expect(deep(el, 'input[type=file]')).to.equal(null);
    expect(buttons(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });
});
