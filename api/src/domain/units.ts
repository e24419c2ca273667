import type { RowError } from './questions.js';
import { bodyRows, tableColumns, type ColumnAliases, type Table } from './table.js';

/** A unit of the contest's tree, as organisers declare it. */
export interface TreeUnit {
  id: string;
  name: string;
  parentId: string | null;
  kind: string | null;
  headcount: number | null;
}

/** Counts for the contestants registered directly with one unit. */
export interface UnitCount {
  unitId: string;
  participants: number;
  attempts: number;
  bestScoreSum: number;
}

/** A unit with its participation, sub-units included. */
export interface UnitTotals {
  unitId: string;
  name: string;
  parentId: string | null;
  kind: string | null;
  headcount: number | null;
  participants: number;
  attempts: number;
  bestScoreSum: number;
  rate?: number;
}

/**
 * Rolls per-unit counts up the unit tree: a parent counts its own contestants and all its
 * sub-units'. The rate (participants ÷ declared headcount) is given only where a headcount is.
 */
export function rollUpUnitStats(units: readonly TreeUnit[], counts: readonly UnitCount[]): UnitTotals[] {
  const totals = new Map(units.map((unit) => [unit.id, { participants: 0, attempts: 0, bestScoreSum: 0 }]));
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  for (const count of counts) {
    const seen = new Set<string>();
    for (let id: string | null | undefined = count.unitId; id && totals.has(id) && !seen.has(id); id = parentOf.get(id)) {
      seen.add(id);
      const total = totals.get(id)!;
      total.participants += count.participants;
      total.attempts += count.attempts;
      total.bestScoreSum += count.bestScoreSum;
    }
  }
  return units.map((unit) => {
    const total = totals.get(unit.id)!;
    return {
      unitId: unit.id,
      name: unit.name,
      parentId: unit.parentId,
      kind: unit.kind,
      headcount: unit.headcount,
      ...total,
      ...(unit.headcount ? { rate: total.participants / unit.headcount } : {}),
    };
  });
}

/** Grouping nodes of the tree ("Các huyện, thành phố") organise it but never compete. */
export const GROUP_KIND = 'group';

/**
 * The units that compete for collective prizes: the top-most units that are not groups. Communes,
 * schools and other sub-units count towards them through the roll-up.
 */
export function competingUnits(units: readonly TreeUnit[]): TreeUnit[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const onlyGroupsAbove = (unit: TreeUnit): boolean => {
    const seen = new Set<string>();
    for (let id = unit.parentId; id !== null && !seen.has(id); id = byId.get(id)?.parentId ?? null) {
      seen.add(id);
      if (byId.get(id)?.kind !== GROUP_KIND) return false;
    }
    return true;
  };
  return units.filter((unit) => unit.kind !== GROUP_KIND && onlyGroupsAbove(unit));
}

/** A unit id as organisers write it in files and JSON alike. */
export const UNIT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_UNITS = 20_000;

/**
 * A unit tree must be one tree: unique ids, known parents, no cycles, and it must keep the units
 * contestants registered with. `rows[i]` is the row number people see for `units[i]` (default i + 1).
 */
export function unitTreeProblems(units: readonly TreeUnit[], inUse: readonly string[], rows?: readonly number[]): RowError[] {
  const rowOf = (index: number) => rows?.[index] ?? index + 1;
  const errors: RowError[] = [];
  const ids = new Map<string, number>();
  units.forEach((unit, index) => {
    if (ids.has(unit.id)) errors.push({ row: rowOf(index), field: 'id', message: `Mã đơn vị ${unit.id} bị lặp` });
    ids.set(unit.id, index);
  });
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  units.forEach((unit, index) => {
    if (unit.parentId === null) return;
    if (!ids.has(unit.parentId)) {
      errors.push({ row: rowOf(index), field: 'parentId', message: `Không có đơn vị cấp trên mã ${unit.parentId}` });
      return;
    }
    const seen = new Set([unit.id]);
    for (let id = unit.parentId as string | null; id !== null; id = parentOf.get(id) ?? null) {
      if (seen.has(id)) {
        errors.push({ row: rowOf(index), field: 'parentId', message: `Đơn vị ${unit.id} nằm trong vòng lặp cấp trên` });
        break;
      }
      seen.add(id);
    }
  });
  for (const id of inUse) {
    if (!ids.has(id)) errors.push({ row: 0, field: 'id', message: `Đơn vị ${id} đã có thí sinh đăng ký, không thể xoá` });
  }
  return errors;
}

const UNIT_COLUMNS: ColumnAliases<'id' | 'name' | 'parent_id' | 'kind' | 'headcount'> = {
  id: ['Mã đơn vị', 'Mã'],
  name: ['Tên đơn vị', 'Tên'],
  parent_id: ['Mã đơn vị cấp trên', 'Mã cấp trên', 'Đơn vị cấp trên', 'parentId', 'parent'],
  kind: ['Loại', 'Loại đơn vị', 'Cấp'],
  headcount: ['Số người', 'Số lượng', 'Tổng số người', 'Số cán bộ'],
};

/**
 * Units from a file with columns `id,name,parent_id,kind,headcount` (or their Vietnamese headers).
 * Each row is checked as the JSON import checks it; `rows[i]` is the spreadsheet row of `units[i]`.
 */
export function unitsFromRows(table: Table): { units: TreeUnit[]; rows: number[]; errors: RowError[] } {
  const found = tableColumns(table, UNIT_COLUMNS, ['id', 'name']);
  if (!found.columns) return { units: [], rows: [], errors: [found.error] };
  const { at } = found.columns;
  const body = bodyRows(table);
  const errors: RowError[] = [];
  const units = body.map(({ row, cells }): TreeUnit => {
    const id = at(cells, 'id');
    const name = at(cells, 'name');
    const parentId = at(cells, 'parent_id');
    const kind = at(cells, 'kind');
    const headcountText = at(cells, 'headcount').replace(/[.,\s](?=\d{3}(?:\D|$))/g, '');
    if (!UNIT_ID_PATTERN.test(id)) errors.push({ row, field: 'id', message: 'Mã đơn vị là bắt buộc, chỉ gồm chữ không dấu, số, gạch ngang (tối đa 64 ký tự)' });
    if (name.length < 1 || name.length > 300) errors.push({ row, field: 'name', message: 'Tên đơn vị là bắt buộc (tối đa 300 ký tự)' });
    if (parentId.length > 64) errors.push({ row, field: 'parent_id', message: 'Mã đơn vị cấp trên không được dài quá 64 ký tự' });
    if (kind.length > 40) errors.push({ row, field: 'kind', message: 'Loại đơn vị không được dài quá 40 ký tự' });
    const headcount = headcountText === '' ? null : Number(headcountText);
    if (headcount !== null && !(Number.isInteger(headcount) && headcount >= 1 && headcount <= 10_000_000)) {
      errors.push({ row, field: 'headcount', message: 'Số người phải là số nguyên từ 1 đến 10.000.000, hoặc để trống' });
    }
    return { id, name, parentId: parentId || null, kind: kind || null, headcount };
  });
  if (units.length === 0) errors.push({ row: 2, message: 'Tệp không có đơn vị nào' });
  if (units.length > MAX_UNITS) errors.push({ row: body[MAX_UNITS]!.row, message: `Danh sách không được quá ${MAX_UNITS.toLocaleString('vi-VN')} đơn vị` });
  return { units, rows: body.map(({ row }) => row), errors };
}
