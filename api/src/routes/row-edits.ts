import { Hono } from 'hono';
import { z } from 'zod';
import { exclusionEntry, type ExclusionKind } from '../domain/exclusions.js';
import { maskedExclusion, type BadTree } from '../domain/row-edits.js';
import { requireOrganiser } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { parseOrRefuse, readJson, slugParam } from '../http/validate.js';
import { exclusionAddSchema, unitEditSchema, unitIdParamSchema, type AdminUnits, type Exclusions } from '../contract/admin.js';
import type { Unit } from '../db/contests.js';
import { unitsWithCompeting } from './admin.js';
import { missing } from './contests.js';

const KIND_PATHS: Record<string, ExclusionKind> = { 'id-numbers': 'idNumber', phones: 'phone' };
const KIND_WORDS: Record<ExclusionKind, string> = { idNumber: 'Số định danh', phone: 'Số điện thoại' };

/** The tree the import would refuse: every problem, and the fields of the edited unit's row. */
function badTree({ problems, row }: BadTree, status: 'VALIDATION' | 'CONFLICT'): ApiError {
  const fields = Object.fromEntries(problems.filter((p) => p.row === row && p.field).map((p) => [p.field!, p.message]));
  return new ApiError(status, problems.map((p) => p.message).join('; '), Object.keys(fields).length ? fields : undefined, { rows: problems });
}

/**
 * Units and exclusions edited one row at a time, beside the imports that replace them by file. A
 * row edit builds the whole list as it would be and checks it with the very rules of the import
 * (domain/row-edits.ts), so a tree or list reachable row by row is one a file could hold, and the
 * other way round.
 */
export function rowEditRoutes({ store }: Pick<PortableDeps, 'store'>): Hono {
  const app = new Hono();

  async function contestSlug(slug: string): Promise<string> {
    const contest = await store.contests.contest(slug);
    if (!contest) throw missing('contest');
    return contest.slug;
  }

  app.put('/contests/:slug/units/:id', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const slug = await contestSlug(slugParam(c));
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
    const outcome = await store.setup.saveUnit(slug, unit, admin.name);
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'tooMany') throw new ApiError('CONFLICT', `Danh sách không được quá ${outcome.max.toLocaleString('vi-VN')} đơn vị`);
    if (outcome.kind === 'invalid') throw badTree(outcome, 'VALIDATION');
    return c.json(unitsWithCompeting(outcome.units) satisfies AdminUnits, outcome.before ? 200 : 201);
  });

  app.delete('/contests/:slug/units/:id', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const slug = await contestSlug(slugParam(c));
    const id = parseOrRefuse(z.strictObject({ id: unitIdParamSchema }), { id: c.req.param('id') }).id;
    const outcome = await store.setup.removeUnit(slug, id, admin.name);
    switch (outcome.kind) {
      case 'notFound':
        throw missing(outcome.what);
      case 'noUnit':
        throw notFound(`Không có đơn vị mã ${id}`);
      case 'hasChildren': {
        const { unit, children } = outcome;
        throw new ApiError(
          'CONFLICT',
          `Không thể xoá đơn vị ${unit.name} (mã ${id}): còn ${children.length} đơn vị trực thuộc (${children
            .slice(0, 3)
            .map((u) => u.name)
            .join(', ')}${children.length > 3 ? ', …' : ''}). Hãy xoá hoặc chuyển các đơn vị đó sang đơn vị khác trước.`,
        );
      }
      case 'inUse':
        throw new ApiError(
          'CONFLICT',
          `Không thể xoá đơn vị ${outcome.unit.name} (mã ${id}): đã có thí sinh đăng ký thuộc đơn vị này. Có thể đổi tên hoặc chuyển đơn vị cấp trên.`,
        );
      case 'invalid':
        throw badTree(outcome, 'CONFLICT');
      case 'removed':
        return c.json(unitsWithCompeting(outcome.units) satisfies AdminUnits);
    }
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

  // One entry added: `{value}`; answers the whole list (201 when it is new, 200 when it was there).
  app.post('/contests/:slug/exclusions/:kind', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const slug = await contestSlug(slugParam(c));
    const kind = exclusionKind(c.req.param('kind'));
    const { value: text } = await readJson(c, exclusionAddSchema);
    const value = exclusionValue(kind, text);
    const outcome = await store.setup.addExclusion(slug, kind, value, admin.name);
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'tooMany') throw new ApiError('CONFLICT', `Mỗi danh sách không được quá ${outcome.max.toLocaleString('vi-VN')} mục`);
    return c.json(outcome.list satisfies Exclusions, outcome.kind === 'added' ? 201 : 200);
  });

  app.delete('/contests/:slug/exclusions/:kind/:value', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const slug = await contestSlug(slugParam(c));
    const kind = exclusionKind(c.req.param('kind'));
    const value = exclusionValue(kind, c.req.param('value'));
    const outcome = await store.setup.removeExclusion(slug, kind, value, admin.name);
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'absent') throw notFound(`${KIND_WORDS[kind]} ${maskedExclusion(kind, value)} không có trong danh sách loại trừ`);
    return c.json(outcome.list satisfies Exclusions);
  });

  return app;
}
