/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM); row i is line i + 1. */
export function parseCsv(text: string): string[][] {
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
    else if (ch === ',') {
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
