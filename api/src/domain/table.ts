import type { RowError } from './questions.js';

/**
 * Imported tables (CSV or the first sheet of a workbook) as rows of cell texts: `rows[i]` is the
 * row the committee sees as number i + 1 in Excel, the header being row 1. Blank rows in the
 * middle are kept (as blank rows) so later row numbers stay right; importers skip them.
 */
export type Table = readonly (readonly string[])[];

/**
 * A header cell reduced to what matters for matching: no diacritics, no case, words joined by
 * "_". "Phương án A" → "phuong_an_a", "Mã đơn vị cấp trên" → "ma_don_vi_cap_tren", "parentId" → "parentid".
 */
export function headerKey(cell: string): string {
  return cell
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export const isBlankRow = (cells: readonly string[] | undefined): boolean => !cells || cells.every((cell) => cell.trim() === '');

/** Each column of an import with the header spellings it is recognised by (any case, with or without diacritics). */
export type ColumnAliases<K extends string> = Record<K, readonly string[]>;

export interface TableColumns<K extends string> {
  /** Cell text of column `name` in `cells`, trimmed; '' when the file has no such column. */
  at: (cells: readonly string[], name: K) => string;
  has: (name: K) => boolean;
}

/**
 * Finds the columns of an import in its header row. Columns the importer does not know are
 * ignored (a "STT" or "Họ và tên" column is common); a missing required column is one error on row 1.
 */
export function tableColumns<K extends string>(
  table: Table,
  aliases: ColumnAliases<K>,
  required: readonly NoInfer<K>[],
): { columns: TableColumns<K>; error: null } | { columns: null; error: RowError } {
  const header = (table[0] ?? []).map(headerKey);
  const index = new Map<K, number>();
  for (const name of Object.keys(aliases) as K[]) {
    const keys = new Set([headerKey(name), ...aliases[name].map(headerKey)]);
    const found = header.findIndex((key) => keys.has(key));
    if (found >= 0) index.set(name, found);
  }
  const missing = required.filter((name) => !index.has(name));
  if (missing.length) {
    const described = missing.map((name) => (aliases[name][0] ? `${name} («${aliases[name][0]}»)` : name));
    return { columns: null, error: { row: 1, message: `Dòng tiêu đề thiếu cột: ${described.join(', ')}` } };
  }
  return {
    columns: {
      at: (cells, name) => {
        const i = index.get(name);
        return i === undefined ? '' : (cells[i] ?? '').normalize('NFC').trim();
      },
      has: (name) => index.has(name),
    },
    error: null,
  };
}

/** The non-blank rows under the header, each with its spreadsheet row number. */
export function bodyRows(table: Table): { row: number; cells: readonly string[] }[] {
  const rows: { row: number; cells: readonly string[] }[] = [];
  table.forEach((cells, index) => {
    if (index > 0 && !isBlankRow(cells)) rows.push({ row: index + 1, cells });
  });
  return rows;
}
