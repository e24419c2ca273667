import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../src/domain/csv.js';
import { attemptCsvLines, attemptRow, attemptsLayout, vietnamDateTime, vietnamDateTimes, type AttemptRecord, type ExportCell } from '../src/exports/rules.js';
import { writeXlsx, type XlsxOptions, type XlsxSheet } from '../src/exports/xlsx-stream.js';
import { ZipWriter } from '../src/exports/zip-stream.js';

/** Everything written into a stream, as one buffer. */
async function collect(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await write(out);
  out.end();
  await new Promise((resolve) => out.on('end', resolve));
  return Buffer.concat(chunks);
}

interface ZipEntryRead {
  name: string;
  content: Buffer;
  zip64: boolean;
}

/**
 * A reader written from the ZIP specification, independent of the writer: finds the central
 * directory from the end record (through the ZIP64 locator when present), then inflates each
 * entry and checks its CRC-32 and both sizes against the directory.
 */
function readZip(archive: Buffer): ZipEntryRead[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  let count = archive.readUInt16LE(end + 10);
  let start = archive.readUInt32LE(end + 16);
  if (start === 0xffffffff) {
    const locator = end - 20;
    expect(archive.readUInt32LE(locator)).toBe(0x07064b50);
    const record = Number(archive.readBigUInt64LE(locator + 8));
    expect(archive.readUInt32LE(record)).toBe(0x06064b50);
    count = Number(archive.readBigUInt64LE(record + 32));
    start = Number(archive.readBigUInt64LE(record + 48));
  }
  const entries: ZipEntryRead[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const crc = archive.readUInt32LE(at + 16);
    let compressed = archive.readUInt32LE(at + 20);
    let uncompressed = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    let offset = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const zip64 = extraLength > 0 && archive.readUInt16LE(at + 46 + nameLength) === 0x0001;
    if (zip64) {
      const extra = at + 46 + nameLength + 4;
      uncompressed = Number(archive.readBigUInt64LE(extra));
      compressed = Number(archive.readBigUInt64LE(extra + 8));
      offset = Number(archive.readBigUInt64LE(extra + 16));
    }
    expect(archive.readUInt32LE(offset)).toBe(0x04034b50);
    const dataAt = offset + 30 + archive.readUInt16LE(offset + 26) + archive.readUInt16LE(offset + 28);
    const content = inflateRawSync(archive.subarray(dataAt, dataAt + compressed));
    expect(content.length, name).toBe(uncompressed);
    expect(crc32(content), name).toBe(crc);
    if (archive.readUInt16LE(offset + 6) & 0x0008) {
      // The data descriptor after the data repeats checksum and sizes, 8 bytes wide in ZIP64.
      const descriptor = dataAt + compressed;
      expect(archive.readUInt32LE(descriptor)).toBe(0x08074b50);
      expect(archive.readUInt32LE(descriptor + 4)).toBe(crc);
      const size = zip64 ? Number(archive.readBigUInt64LE(descriptor + 16)) : archive.readUInt32LE(descriptor + 12);
      expect(size).toBe(uncompressed);
    }
    entries.push({ name, content, zip64 });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function readWorkbook(file: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ExcelJS.Buffer);
  return book.worksheets.map((sheet) => {
    const rows: (string | number | null)[][] = [];
    const columns = sheet.columnCount;
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      rows[n - 1] = Array.from({ length: columns }, (_, c) => (row.getCell(c + 1).value ?? null) as string | number | null);
    });
    return { sheet, rows };
  });
}

async function firstSheet(file: Buffer) {
  return (await readWorkbook(file))[0]!;
}

const sheetOf = (rows: ExportCell[][], pageSize = 2, header = ['Mã', 'Họ và tên', 'Điểm']): XlsxSheet => ({
  sheetName: 'Lượt thi',
  header,
  widths: [12, 28],
  pages: (function* () {
    for (let i = 0; i < rows.length; i += pageSize) yield rows.slice(i, i + pageSize);
  })(),
});

const xlsx = (sheet: XlsxSheet, options?: XlsxOptions) => collect((out) => writeXlsx(out, sheet, options));

describe('ZipWriter', () => {
  it('small and streamed entries read back with matching checksums and sizes, plain and ZIP64', async () => {
    const big = 'Thí sinh Nguyễn Văn An, Đồng Hưng; '.repeat(20_000);
    for (const forceZip64 of [false, true]) {
      const archive = await collect(async (out) => {
        const zip = new ZipWriter(out, { forceZip64 });
        await zip.addFile('a.txt', 'xin chào');
        const entry = await zip.openEntry('thu-muc/b.txt');
        for (let i = 0; i < 10; i++) await entry.write(big);
        await entry.close();
        await zip.finish();
      });
      const entries = readZip(archive);
      expect(entries.map((e) => e.name)).toEqual(['a.txt', 'thu-muc/b.txt']);
      expect(entries[0]!.content.toString()).toBe('xin chào');
      expect(entries[1]!.content.toString()).toBe(big.repeat(10));
      expect(entries.every((e) => e.zip64 === forceZip64)).toBe(true);
      expect(archive.length).toBeLessThan(Buffer.byteLength(big) * 10 / 20); // deflated
    }
  });
});

describe('writeXlsx', () => {
  it('a workbook Excel can open: bold frozen header, widths, text as text, numbers as numbers, blanks blank', async () => {
    const file = await xlsx(sheetOf([
      ['034090000001', 'Nguyễn Văn An', 18],
      ['a2', null, 7.5],
      ['a3', '', 0],
    ]));
    const names = readZip(file).map((e) => e.name).sort();
    expect(names).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const { sheet, rows } = await firstSheet(file);
    expect(sheet.name).toBe('Lượt thi');
    expect(rows).toEqual([
      ['Mã', 'Họ và tên', 'Điểm'],
      ['034090000001', 'Nguyễn Văn An', 18],
      ['a2', null, 7.5],
      ['a3', null, 0],
    ]);
    expect(sheet.getRow(1).getCell(3).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(28);
    expect(sheet.getColumn(3).width).toBe(10); // from the title, at least 10
  });

  it('cells after blank ones land in their own columns', async () => {
    const row: ExportCell[] = ['x', null, null, 'D', '', 'F', 6, null, 'I'];
    const header = row.map((_, i) => `Cột ${i + 1}`);
    const { rows } = await firstSheet(await xlsx(sheetOf([row], 1, header)));
    expect(rows[1]).toEqual(['x', null, null, 'D', null, 'F', 6, null, 'I']);
  });

  it('text is kept exactly: XML characters, quotes, edge spaces, line breaks, emoji; characters XML forbids are dropped', async () => {
    const tricky = ['<b>Lê & "Trần"</b>', '  hai khoảng trắng  ', 'dòng 1\ndòng 2', 'Nộp bài 👍', `có\u0001điều\u0008khiển`, '=1+1'];
    const { rows } = await firstSheet(await xlsx(sheetOf([tricky], 1, tricky.map((_, i) => `c${i}`))));
    expect(rows[1]).toEqual(['<b>Lê & "Trần"</b>', '  hai khoảng trắng  ', 'dòng 1\ndòng 2', 'Nộp bài 👍', 'cóđiềukhiển', '=1+1']);
  });

  it('past the rows a sheet can hold, rows continue on numbered sheets, each with the header', async () => {
    const data = Array.from({ length: 7 }, (_, i): ExportCell[] => [`a${i + 1}`, `Thí sinh ${i + 1}`, i]);
    const sheets = await readWorkbook(await xlsx(sheetOf(data, 3), { maxRowsPerSheet: 4 }));
    expect(sheets.map((s) => s.sheet.name)).toEqual(['Lượt thi', 'Lượt thi (2)', 'Lượt thi (3)']);
    for (const { sheet, rows } of sheets) {
      expect(rows[0]).toEqual(['Mã', 'Họ và tên', 'Điểm']);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    expect(sheets.flatMap((s) => s.rows.slice(1))).toEqual(data);
    expect(sheets.map((s) => s.rows.length)).toEqual([4, 4, 2]);
  });

  it('a ZIP64 workbook opens the same', async () => {
    const data = [['a1', 'Nguyễn Văn An', 20]];
    const { rows } = await firstSheet(await xlsx(sheetOf(data), { forceZip64: true }));
    expect(rows).toEqual([['Mã', 'Họ và tên', 'Điểm'], ...data]);
  });

  it('stops asking for pages once the client has gone', async () => {
    let pagesRead = 0;
    const out = new PassThrough();
    out.resume();
    const sheet: XlsxSheet = {
      sheetName: 'Lượt thi',
      header: ['Mã'],
      pages: (function* () {
        for (let i = 0; i < 100; i++) {
          pagesRead++;
          if (i === 2) out.destroy();
          yield [[`a${i}`]];
        }
      })(),
    };
    await writeXlsx(out, sheet);
    expect(pagesRead).toBe(3);
  });
});

describe('writeXlsx backpressure', () => {
  it('waits for a client that stops reading, and gives up when it goes away', async () => {
    const out = new PassThrough({ highWaterMark: 1024 }); // nobody reads it
    const rows = Array.from({ length: 20_000 }, (_, i): ExportCell[] => [`a${i}`, randomBytes(64).toString('hex'), i]);
    let pagesRead = 0;
    const sheet = sheetOf(rows, 500);
    const pages = sheet.pages;
    const writing = writeXlsx(out, { ...sheet, pages: (function* () {
      for (const page of pages) {
        pagesRead++;
        yield page;
      }
    })() });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pagesRead).toBeLessThan(40); // held back, not all 40 pages produced into memory
    out.destroy();
    await expect(writing).rejects.toThrow('Kết nối tải tệp đã đóng');
  });
});

describe('vietnamDateTime', () => {
  it('shows a stored UTC instant in Vietnam time, the day rolling over after 17:00 UTC', () => {
    expect(vietnamDateTime('2026-11-28T03:00:00.000Z')).toBe('28/11/2026 10:00:00');
    expect(vietnamDateTime('2026-11-28T17:30:05.000Z')).toBe('29/11/2026 00:30:05');
    expect(vietnamDateTime('2026-12-31T20:00:00.000Z')).toBe('01/01/2027 03:00:00');
    expect(vietnamDateTime('2028-02-28T18:00:00.000Z')).toBe('29/02/2028 01:00:00');
    expect(vietnamDateTime(null)).toBe('');
    expect(vietnamDateTime('không phải ngày')).toBe('');
  });

  it('property: agrees with the Asia/Ho_Chi_Minh time zone database for any instant since 1980', () => {
    const zone = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    fc.assert(
      fc.property(fc.date({ min: new Date('1980-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
        expect(vietnamDateTime(date.toISOString())).toBe(zone.format(date).replace(',', ''));
      }),
      { numRuns: 500 },
    );
  });
});

describe('the attempts CSV written straight from the records', () => {
  it('property: vietnamDateTimes() converts like vietnamDateTime, canonical instants or not, one minute after another', () => {
    const instant = fc.oneof(
      fc.date({ min: new Date('1980-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString()),
      fc.constantFrom('2026-11-28T03:00:61.000Z', '2026-11-28T03:00:05Z', '2026-11-28T03:00:05.1234Z', '2026-13-28T03:00:05.000Z', 'không phải ngày', ''),
    );
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 30 }), (instants) => {
        const convert = vietnamDateTimes();
        for (const iso of instants) expect(convert(iso), iso).toBe(vietnamDateTime(iso));
        expect(convert(null)).toBe('');
      }),
      { numRuns: 300 },
    );
  });

  it('property: attemptCsvLines gives the line csvLine(attemptRow(…)) gives, for any record', () => {
    const questionIds = ['q1', 'q2', 'q3', 'q-4'];
    const layout = attemptsLayout(questionIds, (id) => (id === 'can-bo' ? 'Cán bộ, công chức' : id));
    const text = fc.oneof(fc.string(), fc.constantFrom('=1+1', '-5', '-x', '@A1', 'a,"b"', 'dòng\r\nmới', ' Thái Bình '));
    const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
    const iso = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
    const answers = fc.array(fc.tuple(fc.constantFrom(...questionIds, 'retired'), fc.integer({ min: 0, max: 7 })), { maxLength: 6 }).map((pairs) => {
      const unique = new Map(pairs);
      return unique.size ? [...unique].map(([q, option]) => `${q}:${option}`).join(',') : null;
    });
    const record: fc.Arbitrary<AttemptRecord> = fc.record({
      id: text,
      contestantId: text,
      fullName: text,
      idNumber: text,
      phone: text,
      unitName: text,
      occupation: fc.constantFrom('can-bo', 'khac', '=x'),
      source: maybe(text),
      status: fc.constantFrom('inProgress' as const, 'submitted' as const),
      startedAt: iso,
      submittedAt: maybe(iso),
      score: maybe(fc.integer({ min: 0, max: 40 })),
      total: fc.integer({ min: 1, max: 40 }),
      durationMs: maybe(fc.integer({ min: 0, max: 3_600_000 })),
      prediction: maybe(fc.integer({ min: 0, max: 10_000_000 })),
      autoSubmitted: fc.constantFrom(0, 1),
      voidedAt: maybe(iso),
      voidReason: maybe(text),
      answers,
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), (records) => {
        const line = attemptCsvLines(layout); // one writer for several rows: its caches and reused cells must not leak between them
        for (const a of records) expect(line(a)).toBe(csvLine(attemptRow(a, layout)));
      }),
      { numRuns: 300 },
    );
  });
});
