import iconv from 'iconv-lite';

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM); row i is line i + 1.
 * `separator` is "," or, as Excel writes "CSV" in Vietnamese and other European locales, ";".
 */
export function parseCsv(text: string, separator: CsvSeparator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Blank rows in the middle stay, so row numbers match what the committee sees in Excel;
  // importers skip them. Blank rows at the end are dropped.
  while (rows.length > 0 && rows[rows.length - 1]!.every((cell) => cell.trim() === '')) rows.pop();
  return rows;
}

export type CsvSeparator = ',' | ';';

/** How to save a file the importer can read, said in every refusal of a CSV. */
export const SAVE_AS_CSV_UTF8 =
  'Trong Excel, chọn Tệp → Lưu thành (File → Save As), loại tệp «CSV UTF-8 (Comma delimited) (*.csv)», rồi gửi lại tệp đó (hoặc gửi thẳng tệp .xlsx)';

/** Separators counted outside quotes in the header line, and what a refusal calls them. */
const SEPARATORS = [
  { ch: ',', name: 'dấu phẩy (,)' },
  { ch: ';', name: 'dấu chấm phẩy (;)' },
  { ch: '\t', name: 'dấu tab' },
  { ch: '|', name: 'dấu gạch đứng (|)' },
] as const;

/**
 * The separator of a CSV, read from its header line: the one of "," ";" tab "|" that occurs most
 * there outside quotes. "," when none does (a one-column file). Tab and "|" are refused by name:
 * Excel writes them only for "Text" and custom formats, which also lose the encoding.
 */
export function csvSeparator(text: string): { kind: 'separator'; separator: CsvSeparator } | { kind: 'refused'; message: string } {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: (typeof SEPARATORS)[number] | null = null;
  for (const candidate of SEPARATORS) {
    if ((counts.get(candidate.ch) ?? 0) > (best ? (counts.get(best.ch) ?? 0) : 0)) best = candidate;
  }
  if (!best || best.ch === ',' || best.ch === ';') return { kind: 'separator', separator: best?.ch === ';' ? ';' : ',' };
  return {
    kind: 'refused',
    message: `Tệp CSV ngăn cách các cột bằng ${best.name}; chỉ đọc được tệp ngăn cách bằng dấu phẩy (,) hoặc dấu chấm phẩy (;). ${SAVE_AS_CSV_UTF8}`,
  };
}

export type CsvEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1258';

/**
 * The text of an uploaded CSV, whatever Excel or another program saved it as: UTF-8 with or
 * without BOM, UTF-16 with its BOM ("Unicode Text"), or, when the bytes are not valid UTF-8,
 * Windows-1258 — the Vietnamese ANSI code page Excel uses for plain "CSV (Comma delimited)" on a
 * Vietnamese Windows. Its tones are separate combining marks, so the text is composed to NFC.
 * UTF-16 without a BOM (zero bytes in the text) cannot be told apart reliably and is refused.
 */
export function decodeCsv(bytes: Uint8Array): { kind: 'text'; text: string; encoding: CsvEncoding } | { kind: 'refused'; message: string } {
  const starts = (...prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
  if (starts(0xef, 0xbb, 0xbf)) return utf8(bytes.subarray(3));
  if (starts(0xff, 0xfe)) return { kind: 'text', text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (starts(0xfe, 0xff)) return { kind: 'text', text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  if (bytes.includes(0)) {
    return { kind: 'refused', message: `Tệp CSV có vẻ ở mã UTF-16 nhưng thiếu dấu BOM ở đầu tệp nên không đọc được. ${SAVE_AS_CSV_UTF8}` };
  }
  return utf8(bytes);
}

function utf8(bytes: Uint8Array): { kind: 'text'; text: string; encoding: CsvEncoding } {
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { kind: 'text', text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows1258').normalize('NFC'), encoding: 'Windows-1258' };
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell, quoted when it needs to be. A text cell starting like a formula is defused for
 * Excel with a leading `'` (OWASP), even "-1+cmd|' /C calc'!A0": a text that merely looks like a
 * number is still text someone typed. Numbers the exports write arrive as numbers and stay as they are.
 */
export function csvCell(value: unknown): string {
  // Fast paths: exports write millions of empty cells and numbers, which never need quoting.
  if (value === '' || value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = String(value);
  if (startsLikeFormula(text.charCodeAt(0))) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** = + - @ tab carriage return: what Excel takes as the start of a formula. */
const startsLikeFormula = (code: number): boolean => code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;

/**
 * One CSV line, CRLF-terminated. `join` builds one flat string; appending cell by cell with `+=`
 * builds a rope that costs twice as much to flatten when the page is encoded (measured).
 */
export const csvLine = (cells: readonly unknown[]): string => cells.map(csvCell).join(',') + '\r\n';

/** Excel opens UTF-8 CSV with Vietnamese text correctly only when it starts with a BOM. */
export const CSV_BOM = '\uFEFF';
