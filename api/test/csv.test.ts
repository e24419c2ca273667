import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, csvLine, parseCsv } from '../src/domain/csv.js';
import { checkQuestions, questionsFromCsv } from '../src/domain/questions.js';

describe('parseCsv (RFC 4180 as spreadsheets write it)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, Vietnamese text intact', () => {
    const text = 'chủ đề,nội dung\r\nvneid,"Ứng dụng VNeID, dùng để ""định danh"" điện tử"\r\ncan-cuoc,"Dòng 1\r\nDòng 2"\r\n';
    expect(parseCsv(text)).toEqual([
      ['chủ đề', 'nội dung'],
      ['vneid', 'Ứng dụng VNeID, dùng để "định danh" điện tử'],
      ['can-cuoc', 'Dòng 1\r\nDòng 2'],
    ]);
  });

  it('drops the UTF-8 BOM Excel writes, so the first column is named correctly', () => {
    expect(parseCsv(`${CSV_BOM}topic,text\nvneid,Câu hỏi`)[0]).toEqual(['topic', 'text']);
  });

  it('accepts LF, CRLF and a last line without a line end', () => {
    expect(parseCsv('a,b\n1,2\r\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps empty cells, leading and trailing', () => {
    expect(parseCsv(',x,\n')).toEqual([['', 'x', '']]);
  });

  it('treats a quote inside an unquoted field literally', () => {
    expect(parseCsv('Nghị định 59 "về định danh",x')).toEqual([['Nghị định 59 "về định danh"', 'x']]);
  });
});

describe('csvCell / csvLine (what the exports write)', () => {
  it('quotes only cells that need it', () => {
    expect(csvCell('Nguyễn Văn An')).toBe('Nguyễn Văn An');
    expect(csvCell('Huyện Đông Hưng, Thái Bình')).toBe('"Huyện Đông Hưng, Thái Bình"');
    expect(csvCell('Câu "một"')).toBe('"Câu ""một"""');
    expect(csvCell('dòng 1\ndòng 2')).toBe('"dòng 1\ndòng 2"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12)).toBe('12');
  });

  it('defuses cells Excel would run as a formula, but leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("http://x","bấm")')).toBe(`"'=HYPERLINK(""http://x"",""bấm"")"`);
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell('-12.5')).toBe("'-12.5");
    expect(csvCell("-1+cmd|' /C calc'!A0")).toBe(`'-1+cmd|' /C calc'!A0`);
    expect(csvCell('-2+HYPERLINK("http://x")')).toBe(`"'-2+HYPERLINK(""http://x"")"`);
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvCell('0912000111')).toBe('0912000111');
  });

  it('property: a text cell never reaches Excel starting like a formula; numbers stay as written', () => {
    const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '1', 'a', ',', '"', '|', '!', ' '), maxLength: 12 });
    fc.assert(
      fc.property(text, fc.double({ noNaN: true, noDefaultInfinity: true }), (cell, number) => {
        const [read] = parseCsv(csvLine([cell, number]))[0] ?? [''];
        expect(read ?? '').not.toMatch(/^[=+\-@\t\r]/);
        if (/^[=+\-@\t\r]/.test(cell)) expect(read).toBe(`'${cell}`);
        expect(csvCell(number)).toBe(String(number));
      }),
    );
  });

  it('a line ends with CRLF', () => {
    expect(csvLine(['Hạng', 1, null])).toBe('Hạng,1,\r\n');
  });

  it('property: whatever the exports write, parseCsv reads back the same cells', () => {
    // Cells that the formula guard leaves untouched, in rows that are not entirely blank.
    const cell = fc.string({ unit: fc.constantFrom('a', 'ế', 'Đ', ',', '"', '\n', '\r\n', ' ', '1', ';', "'"), maxLength: 12 }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    const row = fc.array(cell, { minLength: 1, maxLength: 6 }).filter((cells) => cells.some((c) => c.trim() !== ''));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        expect(parseCsv(CSV_BOM + rows.map(csvLine).join(''))).toEqual(rows);
      }),
    );
  });
});

describe('questionsFromCsv + checkQuestions (the committee’s question layout)', () => {
  const header = ['topic', 'text', 'option_a', 'option_b', 'option_c', 'option_d', 'answer', 'explanation'];

  it('maps answer letters A–F (any case) to option indexes and drops empty trailing options', () => {
    const { inputs, errors } = questionsFromCsv([header, ['vneid', 'Câu hỏi thứ nhất?', 'Có', 'Không', '', '', 'b', '']]);
    expect(errors).toEqual([]);
    // A file without the source, source_url and practice columns reads them as empty: no source, not for practice.
    expect(inputs).toEqual([{ topic: 'vneid', text: 'Câu hỏi thứ nhất?', options: ['Có', 'Không'], answer: 1, explanation: '', source: '', sourceUrl: '', practice: '' }]);
    const checked = checkQuestions(inputs, 2);
    expect(checked).toEqual({
      questions: [{ id: null, topic: 'vneid', text: 'Câu hỏi thứ nhất?', options: ['Có', 'Không'], answer: 1, explanation: null, source: null, sourceUrl: null, practice: false }],
      errors: [],
    });
  });

  it('an optional id column keeps question ids stable across re-imports', () => {
    const { inputs } = questionsFromCsv([['id', ...header], ['q900', 'vneid', 'Câu hỏi có mã riêng?', 'Có', 'Không', '', '', 'A', '']]);
    expect(inputs[0]).toMatchObject({ id: 'q900' });
  });

  it('a missing required column is one error on row 1, naming every missing column', () => {
    const { inputs, errors } = questionsFromCsv([['topic', 'text', 'option_a', 'explanation']]);
    expect(inputs).toEqual([]);
    expect(errors).toEqual([{ row: 1, message: expect.stringMatching(/option_b.*answer/) }]);
  });

  it('rows are numbered as the spreadsheet shows them: the first question is row 2', () => {
    const { inputs } = questionsFromCsv([header, ['vneid', 'Câu hỏi hợp lệ?', 'Có', 'Không', '', '', 'A', ''], ['vneid', 'Câu hỏi sai đáp án?', 'Có', 'Không', '', '', 'C', '']]);
    expect(checkQuestions(inputs, 2).errors).toEqual([{ row: 3, field: 'answer', message: expect.any(String) }]);
  });

  it('property: a file with any bad row yields no questions at all', () => {
    const good = ['vneid', 'Câu hỏi hợp lệ về VNeID?', 'Có', 'Không', 'Có thể', '', 'A', ''];
    const bad = ['vneid', 'Câu hỏi có đáp án ngoài phương án?', 'Có', 'Không', '', '', 'F', ''];
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), (pattern) => {
        // Each good row asks its own question: a repeated text would be a duplicate (a bad row).
        const rows = pattern.map((isGood, i) => (isGood ? good.map((cell, c) => (c === 1 ? `${cell} (${i})` : cell)) : bad));
        const { questions, errors } = checkQuestions(questionsFromCsv([header, ...rows]).inputs, 2);
        const badRows = pattern.flatMap((isGood, i) => (isGood ? [] : [i + 2]));
        expect(errors.map((e) => e.row)).toEqual(badRows);
        expect(questions).toHaveLength(badRows.length ? 0 : pattern.length);
      }),
    );
  });
});

describe('parseCsv and blank lines', () => {
  it('keeps blank rows in the middle and drops them at the end', () => {
    expect(parseCsv('a,b\n\n1,2\n\n\n')).toEqual([['a', 'b'], [''], ['1', '2']]);
  });
});

describe('record ids in exports', () => {
  it('are written to CSV exactly as they are, never mistaken for a formula', async () => {
    const { newId } = await import('../src/tokens.js');
    for (let i = 0; i < 5000; i++) {
      const id = newId();
      expect(csvCell(id)).toBe(id);
    }
  });
});
