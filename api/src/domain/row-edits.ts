import { MAX_EXCLUSIONS, type ExclusionKind, type ExclusionList } from './exclusions.js';
import { maskIdNumber } from './id-number.js';
import { maskPhone } from './phone.js';
import type { RowError } from './questions.js';
import { MAX_UNITS, unitTreeProblems, type TreeUnit as Unit } from './units.js';

/**
 * Units and exclusions edited one row at a time (routes/row-edits.ts): each edit builds the whole
 * list as it would be and checks it with the very rules of the import, so a list reachable row by
 * row is one a file could hold. Pure: both stores apply what these answer in their transaction.
 */

/** The tree's problems, with the edited unit's row (its line in the console's table, 1-based). */
export type BadTree = { kind: 'invalid'; problems: RowError[]; row: number };

export type UnitSave = { kind: 'tooMany'; max: number } | BadTree | { kind: 'saved'; units: Unit[]; before: Unit | null };

/** `unit` created, or replacing the unit of its id, in the tree `before`; `inUse` are the unit ids registrations name. */
export function unitSaved(before: readonly Unit[], unit: Unit, inUse: readonly string[]): UnitSave {
  const index = before.findIndex((u) => u.id === unit.id);
  const units = index < 0 ? [...before, unit] : before.map((u) => (u.id === unit.id ? unit : u));
  if (units.length > MAX_UNITS) return { kind: 'tooMany', max: MAX_UNITS };
  const problems = unitTreeProblems(units, inUse);
  if (problems.length) return { kind: 'invalid', problems, row: index < 0 ? units.length : index + 1 };
  return { kind: 'saved', units, before: index < 0 ? null : before[index]! };
}

export type UnitRemoval =
  | { kind: 'noUnit' }
  | { kind: 'hasChildren'; unit: Unit; children: Unit[] }
  | { kind: 'inUse'; unit: Unit }
  | BadTree
  | { kind: 'removed'; units: Unit[]; unit: Unit };

/** Unit `id` taken out of the tree `before`: never one with units under it, nor one a registration names. */
export function unitRemoved(before: readonly Unit[], id: string, inUse: readonly string[]): UnitRemoval {
  const index = before.findIndex((u) => u.id === id);
  if (index < 0) return { kind: 'noUnit' };
  const unit = before[index]!;
  const children = before.filter((u) => u.parentId === id);
  if (children.length) return { kind: 'hasChildren', unit, children };
  if (inUse.includes(id)) return { kind: 'inUse', unit };
  const units = before.filter((u) => u.id !== id);
  const problems = unitTreeProblems(units, inUse);
  // The removed unit has no row left for a problem to name.
  if (problems.length) return { kind: 'invalid', problems, row: 0 };
  return { kind: 'removed', units, unit };
}

const valuesOf = (list: ExclusionList, kind: ExclusionKind) => (kind === 'idNumber' ? list.idNumbers : list.phones);
const withValues = (list: ExclusionList, kind: ExclusionKind, values: string[]): ExclusionList =>
  kind === 'idNumber' ? { ...list, idNumbers: values } : { ...list, phones: values };

export type ExclusionAdd = { kind: 'present' } | { kind: 'tooMany'; max: number } | { kind: 'edited'; list: ExclusionList };

/** `value` (already normalised) added to list `kind` of `before`. */
export function exclusionAdded(before: ExclusionList, kind: ExclusionKind, value: string): ExclusionAdd {
  const values = valuesOf(before, kind);
  if (values.includes(value)) return { kind: 'present' };
  if (values.length >= MAX_EXCLUSIONS) return { kind: 'tooMany', max: MAX_EXCLUSIONS };
  return { kind: 'edited', list: withValues(before, kind, [...values, value]) };
}

/** `value` taken out of list `kind` of `before`; null when it is not there. */
export function exclusionRemoved(before: ExclusionList, kind: ExclusionKind, value: string): ExclusionList | null {
  const values = valuesOf(before, kind);
  if (!values.includes(value)) return null;
  return withValues(
    before,
    kind,
    values.filter((v) => v !== value),
  );
}

/** An exclusion as the audit names it: enough to recognise, not to use. */
export function maskedExclusion(kind: ExclusionKind, value: string): string {
  return kind === 'idNumber' ? maskIdNumber(value) : maskPhone(value);
}
