import { Hono } from 'hono';
import { z } from 'zod';
import { recordAudit, type AdminToken } from '../db/admin.js';
import { getExclusions, listUnits, replaceExclusions, replaceUnits, unitIdsInUse, type Unit } from '../db/contests.js';
import { exclusionEntry, MAX_EXCLUSIONS, type ExclusionKind } from '../domain/exclusions.js';
import { maskIdNumber } from '../domain/id-number.js';
import { MAX_UNITS, unitTreeProblems } from '../domain/units.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { parseOrRefuse, readJson, slugParam } from '../http/validate.js';
import { exclusionAddSchema, unitEditSchema, unitIdParamSchema, type AdminUnits, type Exclusions } from '../contract/admin.js';
import { unitsWithCompeting } from './admin.js';
import { maskPhone } from '../domain/phone.js';
import { requireContest } from './contests.js';

const KIND_PATHS: Record<string, ExclusionKind> = { 'id-numbers': 'idNumber', phones: 'phone' };
const KIND_WORDS: Record<ExclusionKind, string> = { idNumber: 'Số định danh', phone: 'Số điện thoại' };

/**
 * Units and exclusions edited one row at a time, beside the imports that replace them by file. A
 * row edit builds the whole list as it would be and checks it with the very rules of the import
 * (`unitTreeProblems`, `exclusionEntry`), so a tree or list reachable row by row is one a file could
 * hold, and the other way round.
 */
export function rowEditRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  function audit(admin: AdminToken, action: string, target: string, detail?: unknown): void {
    recordAudit(db, { at: clock().toISOString(), actor: admin.name, action, target, detail });
  }

  /** Checks the tree as the import would; `row` is the edited unit's line in the console's table. */
  function refuseBadTree(slug: string, units: readonly Unit[], edited: string, status: 'VALIDATION' | 'CONFLICT'): void {
    const problems = unitTreeProblems(units, unitIdsInUse(db, slug));
    if (!problems.length) return;
    const row = units.findIndex((u) => u.id === edited) + 1;
    const fields = Object.fromEntries(problems.filter((p) => p.row === row && p.field).map((p) => [p.field!, p.message]));
    throw new ApiError(status, problems.map((p) => p.message).join('; '), Object.keys(fields).length ? fields : undefined, { rows: problems });
  }

  app.put('/contests/:slug/units/:id', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = parseOrRefuse(z.strictObject({ id: unitIdParamSchema }), { id: c.req.param('id') }).id;
    const body = await readJson(c, unitEditSchema);
    if (body.id !== undefined && body.id !== id) {
      throw new ApiError('VALIDATION', 'Mã đơn vị trong nội dung khác với đường dẫn', { id: 'Phải trùng với mã trong đường dẫn; đổi mã đơn vị bằng cách thêm đơn vị mới' });
    }
    const unit: Unit = {
      id,
      name: body.name,
      parentId: body.parentId || null,
      kind: body.kind || null,
      headcount: body.headcount ?? null,
      competes: body.competes ?? null,
    };
    const { units, created } = db.transaction(() => {
      const before = listUnits(db, contest.slug);
      const index = before.findIndex((u) => u.id === id);
      const after = index < 0 ? [...before, unit] : before.map((u) => (u.id === id ? unit : u));
      if (after.length > MAX_UNITS) throw new ApiError('CONFLICT', `Danh sách không được quá ${MAX_UNITS.toLocaleString('vi-VN')} đơn vị`);
      refuseBadTree(contest.slug, after, id, 'VALIDATION');
      replaceUnits(db, contest.slug, after);
      audit(admin, index < 0 ? 'unit.create' : 'unit.update', `${contest.slug}/${id}`, { before: index < 0 ? null : before[index], after: unit });
      return { units: after, created: index < 0 };
    })();
    return c.json(unitsWithCompeting(units) satisfies AdminUnits, created ? 201 : 200);
  });

  app.delete('/contests/:slug/units/:id', (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = parseOrRefuse(z.strictObject({ id: unitIdParamSchema }), { id: c.req.param('id') }).id;
    const units = db.transaction(() => {
      const before = listUnits(db, contest.slug);
      const unit = before.find((u) => u.id === id);
      if (!unit) throw notFound(`Không có đơn vị mã ${id}`);
      const children = before.filter((u) => u.parentId === id);
      if (children.length) {
        throw new ApiError(
          'CONFLICT',
          `Không thể xoá đơn vị ${unit.name} (mã ${id}): còn ${children.length} đơn vị trực thuộc (${children
            .slice(0, 3)
            .map((u) => u.name)
            .join(', ')}${children.length > 3 ? ', …' : ''}). Hãy xoá hoặc chuyển các đơn vị đó sang đơn vị khác trước.`,
        );
      }
      if (unitIdsInUse(db, contest.slug).includes(id)) {
        throw new ApiError('CONFLICT', `Không thể xoá đơn vị ${unit.name} (mã ${id}): đã có thí sinh đăng ký thuộc đơn vị này. Có thể đổi tên hoặc chuyển đơn vị cấp trên.`);
      }
      const after = before.filter((u) => u.id !== id);
      refuseBadTree(contest.slug, after, id, 'CONFLICT');
      replaceUnits(db, contest.slug, after);
      audit(admin, 'unit.delete', `${contest.slug}/${id}`, { before: unit });
      return after;
    })();
    return c.json(unitsWithCompeting(units) satisfies AdminUnits);
  });

  function exclusionKind(path: string): ExclusionKind {
    const kind = KIND_PATHS[path];
    if (!kind) throw notFound('Danh sách loại trừ chỉ có id-numbers (số định danh) và phones (số điện thoại)');
    return kind;
  }

  function exclusionValue(kind: ExclusionKind, text: string): string {
    const entry = exclusionEntry(kind, text);
    if ('error' in entry) throw new ApiError('VALIDATION', entry.error, { value: entry.error });
    return entry.value;
  }

  const masked = (kind: ExclusionKind, value: string) => (kind === 'idNumber' ? maskIdNumber(value) : maskPhone(value));

  // One entry added: `{value}`; answers the whole list (201 when it is new, 200 when it was there).
  app.post('/contests/:slug/exclusions/:kind', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const kind = exclusionKind(c.req.param('kind'));
    const { value: text } = await readJson(c, exclusionAddSchema);
    const value = exclusionValue(kind, text);
    const { list, added } = db.transaction(() => {
      const before = getExclusions(db, contest.slug);
      const values = kind === 'idNumber' ? before.idNumbers : before.phones;
      if (values.includes(value)) return { list: before, added: false };
      if (values.length >= MAX_EXCLUSIONS) throw new ApiError('CONFLICT', `Mỗi danh sách không được quá ${MAX_EXCLUSIONS.toLocaleString('vi-VN')} mục`);
      const after = kind === 'idNumber' ? { ...before, idNumbers: [...before.idNumbers, value] } : { ...before, phones: [...before.phones, value] };
      replaceExclusions(db, contest.slug, after);
      audit(admin, 'exclusion.add', contest.slug, { kind, value: masked(kind, value) });
      return { list: getExclusions(db, contest.slug), added: true };
    })();
    return c.json(list satisfies Exclusions, added ? 201 : 200);
  });

  app.delete('/contests/:slug/exclusions/:kind/:value', (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const kind = exclusionKind(c.req.param('kind'));
    const value = exclusionValue(kind, c.req.param('value'));
    const list = db.transaction(() => {
      const before = getExclusions(db, contest.slug);
      const values = kind === 'idNumber' ? before.idNumbers : before.phones;
      if (!values.includes(value)) throw notFound(`${KIND_WORDS[kind]} ${masked(kind, value)} không có trong danh sách loại trừ`);
      const kept = values.filter((v) => v !== value);
      replaceExclusions(db, contest.slug, kind === 'idNumber' ? { ...before, idNumbers: kept } : { ...before, phones: kept });
      audit(admin, 'exclusion.remove', contest.slug, { kind, value: masked(kind, value) });
      return getExclusions(db, contest.slug);
    })();
    return c.json(list satisfies Exclusions);
  });

  return app;
}
