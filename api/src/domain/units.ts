import type { RowError } from './questions.js';
import { bodyRows, tableColumns, type ColumnAliases, type Table } from './table.js';

/** A unit of the contest's tree, as organisers declare it. */
export interface TreeUnit {
  id: string;
  name: string;
  parentId: string | null;
  kind: string | null;
  /** Declared headcount of the whole unit, sub-units included; sub-units' own headcounts are informative. */
  headcount: number | null;
  /** Whether the unit competes for collective prizes; null leaves it to `defaultCompetes`. */
  competes: boolean | null;
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
  competes: boolean | null;
  /** Whether the unit competes for collective prizes, explicitly or by default (`competingUnits`). */
  competing: boolean;
  participants: number;
  attempts: number;
  bestScoreSum: number;
  rate?: number;
}

/**
 * Rolls per-unit counts up the unit tree: a parent counts its own contestants and all its
 * sub-units'. A contestant registers with one unit, so the sum is the subtree's distinct
 * participants. The rate (those participants ÷ the unit's declared headcount, which counts the
 * whole unit) is given only where a headcount is.
 */
export function rollUpUnitStats(units: readonly TreeUnit[], counts: readonly UnitCount[]): UnitTotals[] {
  const totals = new Map(units.map((unit) => [unit.id, { participants: 0, attempts: 0, bestScoreSum: 0 }]));
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  const competing = new Set(competingUnits(units).map((unit) => unit.id));
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
      competes: unit.competes,
      competing: competing.has(unit.id),
      ...total,
      ...(unit.headcount ? { rate: total.participants / unit.headcount } : {}),
    };
  });
}

/**
 * Units that compete when organisers say nothing (SPEC §2): a top-level unit without sub-units, and
 * each child of a top-level unit that has sub-units ("Khối cơ quan tỉnh" groups its departments,
 * the departments compete). None of these is nested in another.
 */
export function defaultCompetes(units: readonly TreeUnit[]): Set<string> {
  const ids = new Set(units.map((unit) => unit.id));
  const isTop = (unit: TreeUnit) => unit.parentId === null || !ids.has(unit.parentId);
  const parents = new Set(units.map((unit) => unit.parentId).filter((id) => id !== null));
  const tops = new Set(units.filter(isTop).map((unit) => unit.id));
  return new Set(
    units
      .filter((unit) => (isTop(unit) && !parents.has(unit.id)) || (!isTop(unit) && tops.has(unit.parentId!)))
      .map((unit) => unit.id),
  );
}

/**
 * The units that compete for collective prizes: `competes` where organisers set it, the default
 * otherwise. Sub-units count towards the competing unit above them through the roll-up.
 */
export function competingUnits<U extends TreeUnit>(units: readonly U[]): U[] {
  const byDefault = defaultCompetes(units);
  return units.filter((unit) => unit.competes ?? byDefault.has(unit.id));
}

/**
 * Competing units must not be nested: a unit's participants would count for it and for the unit
 * above it. One error per competing unit below another, naming both and their rows.
 */
export function nestedCompetingProblems(units: readonly TreeUnit[], rows?: readonly number[]): RowError[] {
  const rowOf = (index: number) => rows?.[index] ?? index + 1;
  const index = new Map(units.map((unit, i) => [unit.id, i]));
  const competing = new Set(competingUnits(units).map((unit) => unit.id));
  const errors: RowError[] = [];
  units.forEach((unit, i) => {
    if (!competing.has(unit.id)) return;
    const seen = new Set([unit.id]);
    for (let id = unit.parentId; id !== null && index.has(id) && !seen.has(id); id = units[index.get(id)!]!.parentId) {
      seen.add(id);
      if (!competing.has(id)) continue;
      const above = units[index.get(id)!]!;
      errors.push({
        row: rowOf(i),
        field: 'competes',
        message: `Đơn vị ${unit.name} (mã ${unit.id}) dự giải tập thể nhưng nằm trong đơn vị ${above.name} (mã ${above.id}, dòng ${rowOf(index.get(id)!)}) cũng dự giải; các đơn vị dự giải tập thể không được lồng nhau, hãy bỏ chọn «Dự giải tập thể» (competes) ở một trong hai`,
      });
      break;
    }
  });
  return errors;
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
  // Nesting is judged on a tree: with a bad parent or a cycle the errors above say what to mend first.
  if (!errors.some((error) => error.field === 'parentId')) errors.push(...nestedCompetingProblems(units, rows));
  return errors;
}

/** Spellings of the `competes` cell; empty leaves the choice to the default. */
const COMPETES_WORDS: Record<string, boolean> = { có: true, co: true, x: true, '1': true, true: true, không: false, khong: false, '0': false, false: false };

/** `competes` from a cell: có/x/1/true, không/0/false (any case), '' → null; undefined when unreadable. */
export function competesFromCell(text: string): boolean | null | undefined {
  const word = text.normalize('NFC').trim().toLowerCase();
  return word === '' ? null : COMPETES_WORDS[word];
}

const UNIT_COLUMNS: ColumnAliases<'id' | 'name' | 'parent_id' | 'kind' | 'headcount' | 'competes'> = {
  id: ['Mã đơn vị', 'Mã'],
  name: ['Tên đơn vị', 'Tên'],
  parent_id: ['Mã đơn vị cấp trên', 'Mã cấp trên', 'Đơn vị cấp trên', 'parentId', 'parent'],
  kind: ['Loại', 'Loại đơn vị', 'Cấp'],
  headcount: ['Số người', 'Số lượng', 'Tổng số người', 'Số cán bộ'],
  competes: ['Dự giải tập thể', 'Dự giải'],
};

/**
 * Units from a file with columns `id,name,parent_id,kind,headcount,competes` (or their Vietnamese
 * headers; `competes` is optional).
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
    const competes = competesFromCell(at(cells, 'competes'));
    if (competes === undefined) errors.push({ row, field: 'competes', message: 'Cột «Dự giải tập thể» (competes) chỉ nhận: có, không, x, 1, 0, true, false, hoặc để trống' });
    return { id, name, parentId: parentId || null, kind: kind || null, headcount, competes: competes ?? null };
  });
  if (units.length === 0) errors.push({ row: 2, message: 'Tệp không có đơn vị nào' });
  if (units.length > MAX_UNITS) errors.push({ row: body[MAX_UNITS]!.row, message: `Danh sách không được quá ${MAX_UNITS.toLocaleString('vi-VN')} đơn vị` });
  return { units, rows: body.map(({ row }) => row), errors };
}
