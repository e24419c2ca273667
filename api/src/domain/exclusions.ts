import { normalisePhone } from './phone.js';
import type { RowError } from './questions.js';
import { bodyRows, tableColumns, type ColumnAliases, type Table } from './table.js';

/** Members of the committee, jury and secretariat, who may not take part. */
export interface ExclusionList {
  idNumbers: string[];
  phones: string[];
}

export const MAX_EXCLUSIONS = 10_000;

/** How many of each the list holds: what the audit records of it, never the values. */
export function exclusionCounts(list: ExclusionList): { idNumbers: number; phones: number } {
  return { idNumbers: list.idNumbers.length, phones: list.phones.length };
}

export type ExclusionKind = 'idNumber' | 'phone';

/**
 * One ID number or phone checked as a file row is: the value as stored (spaces and dots dropped,
 * the phone normalised, a phone Excel took the leading zero from given it back) or why it is refused.
 */
export function exclusionEntry(kind: ExclusionKind, text: string): { value: string } | { error: string } {
  if (kind === 'idNumber') {
    const idNumber = text.replace(/[\s.]/g, '');
    if (/^\d{12}$/.test(idNumber)) return { value: idNumber };
    const hint = /^\d{9,11}$/.test(idNumber) ? ' (nếu Excel đã bỏ số 0 ở đầu, hãy định dạng cột là Văn bản)' : '';
    return { error: `Số định danh «${idNumber}» phải gồm đúng 12 chữ số${hint}` };
  }
  const trimmed = text.trim();
  const phone = normalisePhone(trimmed) ?? (/^[35789]\d{8}$/.test(trimmed) ? normalisePhone(`0${trimmed}`) : null);
  return phone ? { value: phone } : { error: `Số điện thoại «${trimmed}» không hợp lệ` };
}

const EXCLUSION_COLUMNS: ColumnAliases<'id_number' | 'phone'> = {
  id_number: ['Số định danh', 'Số định danh cá nhân', 'Số CCCD', 'CCCD', 'Số căn cước', 'Số căn cước công dân', 'idNumber'],
  phone: ['Số điện thoại', 'Điện thoại', 'SĐT', 'Di động'],
};

/**
 * The exclusion list from a file with an `id_number` and/or a `phone` column (or their Vietnamese
 * headers); other columns such as "Họ và tên" are for the committee's eyes and are ignored.
 * Phones are stored normalised; Excel's habit of dropping a leading zero is named in the message.
 */
export function exclusionsFromRows(table: Table): { exclusions: ExclusionList; errors: RowError[] } {
  const exclusions: ExclusionList = { idNumbers: [], phones: [] };
  const found = tableColumns(table, EXCLUSION_COLUMNS, []);
  if (!found.columns) return { exclusions, errors: [found.error] };
  const { at, has } = found.columns;
  if (!has('id_number') && !has('phone')) {
    return { exclusions, errors: [{ row: 1, message: 'Dòng tiêu đề cần có cột id_number («Số định danh») hoặc phone («Số điện thoại»)' }] };
  }
  const errors: RowError[] = [];
  for (const { row, cells } of bodyRows(table)) {
    const idNumber = at(cells, 'id_number').replace(/[\s.]/g, '');
    const phoneText = at(cells, 'phone');
    if (idNumber === '' && phoneText === '') {
      errors.push({ row, message: 'Dòng này không có số định danh hay số điện thoại' });
      continue;
    }
    if (idNumber !== '') {
      const entry = exclusionEntry('idNumber', idNumber);
      if ('value' in entry) exclusions.idNumbers.push(entry.value);
      else errors.push({ row, field: 'id_number', message: entry.error });
    }
    if (phoneText !== '') {
      const entry = exclusionEntry('phone', phoneText);
      if ('value' in entry) exclusions.phones.push(entry.value);
      else errors.push({ row, field: 'phone', message: entry.error });
    }
  }
  if (exclusions.idNumbers.length > MAX_EXCLUSIONS || exclusions.phones.length > MAX_EXCLUSIONS) {
    errors.push({ row: 1, message: `Mỗi danh sách không được quá ${MAX_EXCLUSIONS.toLocaleString('vi-VN')} mục` });
  }
  return { exclusions, errors };
}
