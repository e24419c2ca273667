import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { listAudit, recordAudit, type AdminToken } from '../db/admin.js';
import { finaliseOverdueAttempts } from '../db/attempts.js';
import {
  getExclusions,
  getQuestion,
  listContests,
  listQuestions,
  listUnits,
  replaceExclusions,
  replaceUnits,
  retireQuestion,
  saveContest,
  saveQuestions,
  unitIdsInUse,
  type Unit,
} from '../db/contests.js';
import { contestCounts, ranking } from '../db/rankings.js';
import { CONTEST_DEFAULTS, contestStatus, type Contest } from '../domain/contest.js';
import { CSV_BOM, csvLine, parseCsv } from '../domain/csv.js';
import { normalisePhone } from '../domain/phone.js';
import { PREDICTION_TARGETS, predictionActual } from '../domain/prediction.js';
import { checkQuestion, checkQuestions, questionsFromCsv, type RowError } from '../domain/questions.js';
import { RANKING_CRITERIA } from '../domain/ranking.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { idParam, isJsonContentType, parseOrRefuse, readJson, readJsonValue, slugParam } from '../http/validate.js';
import { newId } from '../tokens.js';
import { requireContest } from './contests.js';

const isoInstant = z.iso
  .datetime({ offset: true, error: 'Thời gian phải theo ISO-8601, ví dụ 2023-03-20T03:00:00Z' })
  .transform((value) => new Date(value).toISOString());

const prizeSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  count: z.number().int().min(0).max(1000),
  valueVnd: z.number().int().min(0).max(10_000_000_000),
});

const originSchema = z.string().refine((value) => value === '*' || /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/i.test(value), {
  error: 'Mỗi trang được phép nhúng phải là một origin như https://baothaibinh.com.vn, hoặc *',
});

const contestSchema = z
  .strictObject({
    slug: z.string().optional(),
    title: z.string().trim().min(3).max(300),
    description: z.string().max(20_000).default(CONTEST_DEFAULTS.description),
    startsAt: isoInstant,
    endsAt: isoInstant,
    questionsPerAttempt: z.number().int().min(1).max(200).default(CONTEST_DEFAULTS.questionsPerAttempt),
    timeLimitSeconds: z.number().int().min(30).max(86_400).default(CONTEST_DEFAULTS.timeLimitSeconds),
    maxAttempts: z.number().int().min(1).max(1000).nullable().default(CONTEST_DEFAULTS.maxAttempts),
    predictionQuestion: z.string().trim().min(5).max(1000).default(CONTEST_DEFAULTS.predictionQuestion),
    predictionTarget: z.enum(PREDICTION_TARGETS as [string, ...string[]]).default(CONTEST_DEFAULTS.predictionTarget),
    rankingOrder: z
      .array(z.enum(RANKING_CRITERIA as [string, ...string[]]))
      .min(1)
      .max(4)
      .refine((order) => new Set(order).size === order.length, { error: 'Thứ tự xếp hạng không được lặp tiêu chí' })
      .default([...CONTEST_DEFAULTS.rankingOrder]),
    revealAnswers: z.enum(['never', 'afterSubmit', 'afterClose']).default(CONTEST_DEFAULTS.revealAnswers),
    prizes: z
      .strictObject({ individual: z.array(prizeSchema).max(20), collective: z.array(prizeSchema).max(20) })
      .default(CONTEST_DEFAULTS.prizes),
    collectiveCriterion: z.enum(['participationRate', 'participants']).default(CONTEST_DEFAULTS.collectiveCriterion),
    topicQuotas: z.record(z.string().min(1).max(64), z.number().int().min(0).max(200)).nullable().default(null),
    allowedOrigins: z.array(originSchema).max(200).default([]),
    occupations: z
      .array(z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,64}$/), name: z.string().trim().min(1).max(200) }))
      .min(1)
      .max(50)
      .refine((list) => new Set(list.map((o) => o.id)).size === list.length, { error: 'Mã đối tượng không được trùng nhau' })
      .default(CONTEST_DEFAULTS.occupations),
    documents: z
      .array(z.strictObject({ title: z.string().trim().min(1).max(300), url: z.url({ protocol: /^https?$/ }).max(2000) }))
      .max(50)
      .default([]),
  })
  .refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), {
    path: ['endsAt'],
    error: 'Thời gian kết thúc phải sau thời gian bắt đầu',
  });

const questionSchema = z.strictObject({
  id: z.string().optional(),
  topic: z.string().max(200),
  text: z.string().max(5000),
  options: z.array(z.string().max(2000)).max(10),
  answer: z.number(),
  explanation: z.string().max(5000).nullable().optional(),
});

const unitsSchema = z
  .array(
    z.strictObject({
      id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Mã đơn vị chỉ gồm chữ, số, gạch ngang (tối đa 64 ký tự)' }),
      name: z.string().trim().min(1).max(300),
      parentId: z.string().max(64).nullable().optional(),
      kind: z.string().max(40).nullable().optional(),
      headcount: z.number().int().min(1).max(10_000_000).nullable().optional(),
    }),
  )
  .min(1)
  .max(20_000);

const exclusionsSchema = z.strictObject({
  idNumbers: z.array(z.string().regex(/^\d{12}$/, { error: 'Số định danh phải gồm đúng 12 chữ số' })).max(10_000).default([]),
  phones: z.array(z.string().max(40)).max(10_000).default([]),
});

const rankingQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });
const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z.coerce.number().int().min(1).optional(),
});

/** A unit tree must be one tree: unique ids, known parents, no cycles, and keep units in use. */
function unitTreeProblems(units: readonly Unit[], inUse: readonly string[]): RowError[] {
  const errors: RowError[] = [];
  const ids = new Map<string, number>();
  units.forEach((unit, index) => {
    if (ids.has(unit.id)) errors.push({ row: index + 1, field: 'id', message: `Mã đơn vị ${unit.id} bị lặp` });
    ids.set(unit.id, index);
  });
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  units.forEach((unit, index) => {
    if (unit.parentId === null) return;
    if (!ids.has(unit.parentId)) {
      errors.push({ row: index + 1, field: 'parentId', message: `Không có đơn vị cấp trên mã ${unit.parentId}` });
      return;
    }
    const seen = new Set([unit.id]);
    for (let id = unit.parentId as string | null; id !== null; id = parentOf.get(id) ?? null) {
      if (seen.has(id)) {
        errors.push({ row: index + 1, field: 'parentId', message: `Đơn vị ${unit.id} nằm trong vòng lặp cấp trên` });
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

function refuseRows(rows: RowError[], message: string): never {
  throw new ApiError('VALIDATION', message, undefined, { rows });
}

export function adminRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  function audit(admin: AdminToken, action: string, target: string, detail?: unknown): void {
    recordAudit(db, { at: clock().toISOString(), actor: admin.name, action, target, detail });
  }

  app.get('/contests', (c) => {
    requireAdmin(db, c, 'read');
    const now = clock();
    return c.json(listContests(db).map((contest) => ({ ...contest, status: contestStatus(contest, now) })));
  });

  app.get('/contests/:slug', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    return c.json({ ...contest, status: contestStatus(contest, clock()) });
  });

  app.put('/contests/:slug', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const slug = slugParam(c);
    const { slug: bodySlug, ...body } = await readJson(c, contestSchema);
    if (bodySlug !== undefined && bodySlug !== slug) {
      throw new ApiError('VALIDATION', 'Mã cuộc thi trong nội dung khác với đường dẫn', { slug: 'Phải trùng với mã trong đường dẫn' });
    }
    const contest = { slug, ...body } as Contest;
    const { created, before } = saveContest(db, contest, clock());
    audit(admin, created ? 'contest.create' : 'contest.update', slug, { before, after: contest });
    return c.json({ ...contest, status: contestStatus(contest, clock()) }, created ? 201 : 200);
  });

  app.get('/contests/:slug/questions', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    return c.json(listQuestions(db, contest.slug, c.req.query('includeRetired') === 'true'));
  });

  app.post('/contests/:slug/questions', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const contentType = c.req.header('content-type') ?? '';
    let checked: ReturnType<typeof checkQuestions>;
    if (isJsonContentType(contentType)) {
      const value = await readJsonValue(c);
      if (!Array.isArray(value)) {
        throw new ApiError('VALIDATION', 'Nội dung phải là một danh sách câu hỏi', { _: 'Cần một mảng JSON các câu hỏi' });
      }
      checked = checkQuestions(value as Record<string, unknown>[], 1);
    } else if (/^text\/csv\b/i.test(contentType)) {
      const { inputs, errors } = questionsFromCsv(parseCsv(await c.req.text()));
      if (errors.length) refuseRows(errors, 'Tệp CSV không đúng mẫu, không câu hỏi nào được nhập');
      checked = checkQuestions(inputs, 2);
    } else {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Tệp câu hỏi phải ở dạng JSON hoặc CSV (text/csv)');
    }
    if (checked.errors.length) refuseRows(checked.errors, 'Có dòng không hợp lệ, không câu hỏi nào được nhập');
    const questions = checked.questions.map((q) => ({ ...q, id: q.id ?? newId() }));
    saveQuestions(db, contest.slug, questions);
    audit(admin, 'questions.import', contest.slug, { imported: questions.length, ids: questions.map((q) => q.id) });
    return c.json({ imported: questions.length, errors: [] });
  });

  app.put('/contests/:slug/questions/:id', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = idParam(c);
    const before = getQuestion(db, contest.slug, id);
    if (!before) throw notFound('Không tìm thấy câu hỏi');
    const body = await readJson(c, questionSchema);
    const checked = checkQuestion({ ...body, id }, 1);
    if (Array.isArray(checked)) {
      throw new ApiError('VALIDATION', 'Câu hỏi chưa hợp lệ', Object.fromEntries(checked.map((e) => [e.field ?? '_', e.message])));
    }
    saveQuestions(db, contest.slug, [{ ...checked, id }]);
    audit(admin, 'question.update', `${contest.slug}/${id}`, { before, after: checked });
    return c.json(getQuestion(db, contest.slug, id));
  });

  app.delete('/contests/:slug/questions/:id', (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = idParam(c);
    if (!getQuestion(db, contest.slug, id)) throw notFound('Không tìm thấy câu hỏi');
    retireQuestion(db, contest.slug, id, clock());
    audit(admin, 'question.retire', `${contest.slug}/${id}`);
    return c.json(getQuestion(db, contest.slug, id));
  });

  app.get('/contests/:slug/units', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    return c.json(listUnits(db, contest.slug));
  });

  app.put('/contests/:slug/units', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const units: Unit[] = (await readJson(c, unitsSchema)).map((u) => ({
      id: u.id,
      name: u.name,
      parentId: u.parentId ?? null,
      kind: u.kind ?? null,
      headcount: u.headcount ?? null,
    }));
    const problems = unitTreeProblems(units, unitIdsInUse(db, contest.slug));
    if (problems.length) refuseRows(problems, 'Danh sách đơn vị chưa hợp lệ, không có thay đổi nào được lưu');
    replaceUnits(db, contest.slug, units);
    audit(admin, 'units.replace', contest.slug, { count: units.length });
    return c.json(listUnits(db, contest.slug));
  });

  app.get('/contests/:slug/exclusions', (c) => {
    requireAdmin(db, c, 'read');
    return c.json(getExclusions(db, requireContest(deps, slugParam(c)).slug));
  });

  app.put('/contests/:slug/exclusions', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const body = await readJson(c, exclusionsSchema);
    const fields: Record<string, string> = {};
    const phones = body.phones.map((raw, index) => {
      const phone = normalisePhone(raw);
      if (!phone) fields[`phones.${index}`] = `Số điện thoại «${raw}» không hợp lệ`;
      return phone ?? '';
    });
    if (Object.keys(fields).length) throw new ApiError('VALIDATION', 'Danh sách loại trừ có số điện thoại không hợp lệ', fields);
    const before = getExclusions(db, contest.slug);
    replaceExclusions(db, contest.slug, { idNumbers: body.idNumbers, phones });
    const after = getExclusions(db, contest.slug);
    audit(admin, 'exclusions.replace', contest.slug, { before: countOf(before), after: countOf(after) });
    return c.json(after);
  });

  app.get('/contests/:slug/ranking', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const { format } = parseOrRefuse(rankingQuery, c.req.query());
    const now = clock();
    finaliseOverdueAttempts(db, contest.slug, now);
    const actual = predictionActual(contest.predictionTarget, contestCounts(db, contest.slug));
    const entries = ranking(db, contest.slug, contest.rankingOrder, actual, null);
    const provisional = contestStatus(contest, now) !== 'closed';
    if (format === 'json') return c.json({ provisional, actual, rankingOrder: contest.rankingOrder, entries });
    return csvResponse(c, `xep-hang-${contest.slug}.csv`, [
      ['Hạng', 'Họ và tên', 'Ngày sinh', 'Số định danh', 'Điện thoại', 'Thư điện tử', 'Đơn vị', 'Đối tượng', 'Điểm', 'Số câu', 'Thời gian (giây)', 'Dự đoán', 'Nộp lúc (UTC)', 'Mã lượt thi'],
      ...entries.map((e) => [e.rank, e.fullName, e.birthDate, e.idNumber, e.phone, e.email, e.unitName, e.occupation, e.score, e.total, (e.durationMs / 1000).toFixed(1), e.prediction, e.submittedAt, e.attemptId]),
    ]);
  });

  app.get('/audit', (c) => {
    requireAdmin(db, c, 'read');
    const query = parseOrRefuse(auditQuery, c.req.query());
    return c.json(listAudit(db, query.limit, query.before ?? null));
  });

  return app;
}

const countOf = (e: { idNumbers: string[]; phones: string[] }) => ({ idNumbers: e.idNumbers.length, phones: e.phones.length });

function csvResponse(c: Context, filename: string, rows: readonly (readonly unknown[])[]): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return stream(c, async (out) => {
    await out.write(CSV_BOM);
    for (const row of rows) await out.write(csvLine(row));
  });
}
