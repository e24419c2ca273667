import { expect, fixture, html } from '@open-wc/testing';
import '../src/screens/questions.js';
import type { AdminQuestions, BankQuestion } from '../src/screens/questions.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, buttons, control, deep, deepAll, describedError, fill, pickFile, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const LIST = `/contests/${SLUG}/questions?includeRetired=true`;

const BANK: BankQuestion[] = [
  {
    id: 'q1',
    topic: 'VNeID',
    text: 'Ứng dụng định danh điện tử quốc gia tên là gì?\n\nChọn một:\n- gợi ý thứ nhất\n- <b>gợi ý hai</b>',
    options: ['VNeID', 'Zalo', 'Bluezone'],
    answer: 0,
    explanation: 'Do Bộ Công an phát triển.',
    source: null,
    sourceUrl: null,
    practice: false,
    retiredAt: null,
  },
  { id: 'q2', topic: 'Căn cước', text: 'Thẻ căn cước gắn chip được cấp từ năm nào?', options: ['2019', '2021'], answer: 1, explanation: null, source: null, sourceUrl: null, practice: false, retiredAt: null },
  { id: 'q3', topic: 'Đề án 06', text: 'Câu hỏi cũ đã ngừng dùng về dữ liệu dân cư', options: ['Có', 'Không'], answer: 0, explanation: null, source: null, sourceUrl: null, practice: false, retiredAt: '2026-04-01T02:00:00.000Z' },
];

async function mount(api: FakeAdminApi, canWrite = true): Promise<AdminQuestions> {
  const el = await fixture<AdminQuestions>(html`<admin-questions .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-questions>`);
  await waitForSelector(el, 'tbody tr');
  return el;
}

const rows = (el: Element) => deepAll(el, 'tbody tr:not(.detail)').filter((tr) => !tr.closest('.row-errors'));

describe('<admin-questions>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', LIST, BANK);
  });

  it('lists the active questions, searches without diacritics and filters retired ones', async () => {
    const el = await mount(api);
    expect(visibleText(el.shadowRoot!)).to.include('2 câu đang dùng thuộc 2 chủ đề, 1 câu đã ngừng dùng');
    expect(rows(el)).to.have.length(2);
    fill(control(el, 'Tìm trong câu hỏi'), 'dinh danh');
    await el.updateComplete;
    expect(rows(el).map((r) => r.textContent)).to.have.length(1);
    expect(rows(el)[0]!.textContent).to.include('Ứng dụng định danh');
    fill(control(el, 'Tìm trong câu hỏi'), '');
    fill(control<HTMLSelectElement>(el, 'Hiển thị'), 'retired');
    await el.updateComplete;
    expect(rows(el)).to.have.length(1);
    expect(rows(el)[0]!.textContent).to.include('Ngừng dùng từ 9 giờ 00, ngày 1/4/2026');
    await expect(el).to.be.accessible();
  });

  it('previews a question as contestants see it: paragraphs, list items and options, markup as text', async () => {
    const el = await mount(api);
    button(el, 'Xem trước câu q1').click();
    const preview = await waitForSelector(el, '.preview');
    expect([...preview.querySelectorAll('p')].map((p) => p.textContent)).to.include('Chọn một:');
    expect([...preview.querySelectorAll('li')].map((li) => li.textContent?.trim())).to.include.members(['gợi ý thứ nhất', '<b>gợi ý hai</b>']);
    expect(preview.querySelector('b')).to.equal(null);
    expect(preview.textContent).to.include('Zalo');
    expect(preview.textContent).to.include('Đáp án đúng');
    await expect(el).to.be.accessible();
  });

  it('shows every refused row of an import in a table', async () => {
    api.on('POST', `/contests/${SLUG}/questions`, () => {
      throw refusal(400, {
        code: 'VALIDATION',
        message: 'Có dòng không hợp lệ, không câu hỏi nào được nhập',
        rows: [
          { row: 3, field: 'answer', message: 'Đáp án phải chỉ đúng một trong các phương án' },
          { row: 7, field: 'option_b', message: 'Phương án B phải có từ 1 đến 500 ký tự' },
        ],
      });
    });
    const el = await mount(api);
    pickFile(control(el, 'Tệp câu hỏi (.xlsx hoặc .csv)'), new File(['topic,text'], 'cau-hoi.csv', { type: 'text/csv' }));
    button(el, 'Nhập câu hỏi').click();
    await waitForText(el, 'Có dòng không hợp lệ');
    const table = deep(el, 'table.row-errors')!;
    const cells = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()));
    expect(cells).to.deep.equal([
      ['3', 'Đáp án', 'Đáp án phải chỉ đúng một trong các phương án'],
      ['7', 'Phương án B', 'Phương án B phải có từ 1 đến 500 ký tự'],
    ]);
    expect(api.callsTo('POST', `/contests/${SLUG}/questions`)[0]!.body).to.be.instanceOf(File);
    await expect(el).to.be.accessible();
  });

  it('reports a successful import and reloads the bank', async () => {
    api.on('POST', `/contests/${SLUG}/questions`, { imported: 12, errors: [] });
    const el = await mount(api);
    pickFile(control(el, 'Tệp câu hỏi (.xlsx hoặc .csv)'), new File(['x'], 'bo-cau-hoi.xlsx'));
    button(el, 'Nhập câu hỏi').click();
    await waitForText(el, 'Đã nhập 12 câu hỏi từ tệp bo-cau-hoi.xlsx');
    expect(api.callsTo('GET', LIST)).to.have.length(2);
  });

  it('edits a question in place and shows the server’s field error next to its field', async () => {
    let attempts = 0;
    api.on('PUT', `/contests/${SLUG}/questions/q2`, (body: any) => {
      attempts += 1;
      if (attempts === 1) {
        throw refusal(409, {
          code: 'CONFLICT',
          message: 'Câu hỏi đã được dùng trong các lượt thi nên không thể đổi số phương án.',
          fields: { options: 'Phải giữ 2 phương án' },
        });
      }
      return { ...BANK[1], ...body };
    });
    const el = await mount(api);
    button(el, 'Sửa câu q2').click();
    await waitForSelector(el, 'form.editor');
    button(el, 'Thêm phương án').click();
    await el.updateComplete;
    fill(control(el, 'Phương án C'), '2024');
    button(el, 'Lưu câu hỏi').click();
    await waitForText(el, 'không thể đổi số phương án');
    expect(deep(el, '#q-options-error')!.textContent).to.equal('Phải giữ 2 phương án');
    button(el, 'Bỏ phương án C').click();
    await el.updateComplete;
    fill(control(el, 'Nội dung câu hỏi'), 'Thẻ căn cước gắn chip bắt đầu được cấp năm nào?');
    button(el, 'Lưu câu hỏi').click();
    await waitForText(el, 'Đã lưu câu hỏi.');
    const sent = api.callsTo('PUT', `/contests/${SLUG}/questions/q2`)[1]!.body as any;
    expect(sent).to.deep.equal({ topic: 'Căn cước', text: 'Thẻ căn cước gắn chip bắt đầu được cấp năm nào?', options: ['2019', '2021'], answer: 1, explanation: null, source: null, sourceUrl: null, practice: false });
  });

  it('shows a question’s source as a link and its practice mark, and edits them', async () => {
    const sourced: BankQuestion = { ...BANK[1]!, source: 'Luật Căn cước 2023', sourceUrl: 'https://vbpl.vn/can-cuoc', practice: true };
    api.on('GET', LIST, [BANK[0]!, sourced]).on('PUT', `/contests/${SLUG}/questions/q2`, { ...sourced, affectedAttempts: 0 });
    const el = await mount(api);
    const row = rows(el).find((r) => r.textContent?.includes('Thẻ căn cước'))!;
    const link = row.querySelector('a')!;
    expect(link.textContent).to.equal('Luật Căn cước 2023');
    expect(link.getAttribute('href')).to.equal('https://vbpl.vn/can-cuoc');
    expect(link.getAttribute('rel')).to.include('noopener');
    expect(row.querySelector('[data-practice]')!.textContent).to.equal('Luyện tập');
    button(el, 'Sửa câu q2').click();
    await waitForSelector(el, 'form.editor');
    fill(control(el, 'Liên kết nguồn (http:// hoặc https://)'), 'javascript:alert(1)');
    button(el, 'Lưu câu hỏi').click();
    await el.updateComplete;
    expect(deep(el, '#q-sourceUrl-error')!.textContent).to.include('http://');
    expect(api.callsTo('PUT', `/contests/${SLUG}/questions/q2`)).to.have.length(0);
    fill(control(el, 'Liên kết nguồn (http:// hoặc https://)'), 'https://vbpl.vn/luat-can-cuoc');
    deep<HTMLInputElement>(el, '#q-practice')!.click();
    button(el, 'Lưu câu hỏi').click();
    await waitForText(el, 'Đã lưu câu hỏi.');
    const sent = api.callsTo('PUT', `/contests/${SLUG}/questions/q2`)[0]!.body as any;
    expect(sent).to.include({ source: 'Luật Căn cước 2023', sourceUrl: 'https://vbpl.vn/luat-can-cuoc', practice: false });
    await expect(el).to.be.accessible();
  });

  it('checks a new question before sending it, with the server’s words', async () => {
    api.on('POST', `/contests/${SLUG}/questions`, { imported: 1, errors: [] });
    const el = await mount(api);
    button(el, 'Thêm câu hỏi').click();
    await waitForSelector(el, 'form.editor');
    fill(control(el, 'Nội dung câu hỏi'), 'Hỏi');
    button(el, 'Thêm câu hỏi').click();
    const submit = buttons(el).find((b) => b.type === 'submit' && b.textContent!.includes('Thêm câu hỏi'))!;
    submit.click();
    await waitForText(el, 'Câu hỏi chưa hợp lệ');
    expect(describedError(control(el, 'Chủ đề'))).to.equal('Chủ đề là bắt buộc (tối đa 64 ký tự)');
    expect(describedError(control(el, 'Nội dung câu hỏi'))).to.equal('Nội dung câu hỏi phải có từ 5 đến 2000 ký tự');
    expect(describedError(control(el, 'Phương án A'))).to.equal('Phương án A phải có từ 1 đến 500 ký tự');
    expect(api.callsTo('POST', `/contests/${SLUG}/questions`)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('retires a question only after confirmation', async () => {
    api.on('DELETE', `/contests/${SLUG}/questions/q1`, { ...BANK[0], retiredAt: '2026-05-01T00:00:00.000Z' });
    const el = await mount(api);
    button(el, 'Ngừng dùng câu q1').click();
    await waitForText(el, 'Ngừng dùng câu hỏi q1?');
    expect(api.callsTo('DELETE', `/contests/${SLUG}/questions/q1`)).to.have.length(0);
    button(el, 'Xác nhận ngừng dùng').click();
    await waitForText(el, 'Đã ngừng dùng câu hỏi');
    expect(api.callsTo('DELETE', `/contests/${SLUG}/questions/q1`)).to.have.length(1);
  });

  it('is read-only for a jury token: preview only, no add, import, edit or retire', async () => {
    const el = await mount(api, false);
    const labels = buttons(el).map((b) => b.getAttribute('aria-label') ?? b.textContent!.trim());
    // Downloading the bank is a read, open to the jury as well.
    expect(labels.every((l) => l.startsWith('Xem trước') || l.startsWith('Tải về'))).to.equal(true, labels.join(', '));
    expect(deep(el, 'input[type=file]')).to.equal(null);
    expect(visibleText(el.shadowRoot!)).to.include('chỉ được xem');
    await expect(el).to.be.accessible();
  });

  it('downloads the bank as Excel or CSV in the import layout, and says why when it cannot', async () => {
    let release: () => void = () => {};
    api.on('GET', `/contests/${SLUG}/questions?format=xlsx`, () => new Promise<void>((resolve) => (release = resolve)));
    const el = await mount(api, false);
    button(el, 'Tải về (Excel)').click();
    await waitForText(el, 'Đang tải…');
    expect(button(el, 'Tải về (CSV)').disabled).to.equal(true);
    release();
    await waitForText(el, 'Tải về (Excel)');
    expect(api.callsTo('GET', `/contests/${SLUG}/questions?format=xlsx`)[0]!.body).to.equal(`cau-hoi-${SLUG}.xlsx`);

    api.on('GET', `/contests/${SLUG}/questions?format=csv`, () => {
      throw refusal(503, { code: 'UNAVAILABLE', message: 'Máy chủ gặp lỗi, hãy thử lại' });
    });
    button(el, 'Tải về (CSV)').click();
    await waitForText(el, 'Máy chủ gặp lỗi');
    expect(deep(el, '[role=alert] .error-box')).not.to.equal(null);
    await expect(el).to.be.accessible();
  });
});
