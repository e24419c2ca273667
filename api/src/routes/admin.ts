import { Hono } from 'hono';
import { listAudit, recordAudit, recordPersonalDataRead, type AdminToken } from '../db/admin.js';
import { attemptsAffectedByQuestions } from '../db/regrade.js';
import {
  getContest,
  getExclusions,
  getQuestion,
  listContests,
  listQuestions,
  listUnits,
  replaceExclusions,
  replaceUnits,
  retireQuestion,
  saveContest,
  occupationsInUse,
  contestHasAttempts,
  saveQuestions,
  unitIdsInUse,
  type Unit,
} from '../db/contests.js';
import { contestStatus, type Contest } from '../domain/contest.js';
import { roundChangeProblems, roundsOf } from '../domain/rounds.js';
import { roundsWithAttempts } from '../db/rounds.js';
import { exclusionsFromRows, type ExclusionList } from '../domain/exclusions.js';
import { normalisePhone } from '../domain/phone.js';
import { defaultRetentionUntil } from '../domain/privacy-notice.js';
import { checkQuestion, checkQuestions, QUESTION_EXPORT_HEADER, questionExportRows, questionsFromRows, type RowError } from '../domain/questions.js';
import { competingUnits, unitsFromRows, unitTreeProblems, type TreeUnit } from '../domain/units.js';
import { auditQuerySchema, contestSchema, exclusionsReplaceSchema, questionEditSchema, questionsQuerySchema, unitsReplaceSchema } from '../contract/admin.js';
import { requireAdmin } from '../http/auth.js';
import { compressedDownload } from '../exports/compressed-download.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { exportResponse } from '../exports/responses.js';
import { readTable, uploadKind } from '../http/spreadsheet.js';
import { idParam, invalidFields, parseOrRefuse, readJson, readJsonValue, slugParam } from '../http/validate.js';
import { newId } from '../tokens.js';
import { requireContest } from './contests.js';
import type { AdminContest, AdminContests, AdminUnits, Exclusions, QuestionsImported } from '../contract/admin.js';

/** The tree as organisers see it: each unit says whether it competes for collective prizes, explicitly or by default. */
export function unitsWithCompeting(units: TreeUnit[]): (TreeUnit & { competing: boolean })[] {
  const competing = new Set(competingUnits(units).map((u) => u.id));
  return units.map((u) => ({ ...u, competing: competing.has(u.id) }));
}

function refuseRows(rows: RowError[], message: string): never {
  throw new ApiError('VALIDATION', message, undefined, { rows });
}

export function adminRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  /** A contest as organisers read it: saved fields, the defaults of fields added since, and its status. */
  const adminView = (contest: Contest, now: Date): AdminContest => ({
    ...contest,
    rounds: roundsOf(contest),
    roundsRanking: contest.roundsRanking ?? 'best',
    status: contestStatus(contest, now),
  });

  /** Records an admin write; callers run it in the same transaction as the write it records. */
  function audit(admin: AdminToken, action: string, target: string, detail?: unknown): void {
    recordAudit(db, { at: clock().toISOString(), actor: admin.name, action, target, detail });
  }

  app.get('/contests', (c) => {
    requireAdmin(db, c, 'read');
    const now = clock();
    return c.json(listContests(db).map((contest) => adminView(contest, now)) satisfies AdminContests);
  });

  app.get('/contests/:slug', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    return c.json(adminView(contest, clock()) satisfies AdminContest);
  });

  app.put('/contests/:slug', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const slug = slugParam(c);
    const { slug: bodySlug, ...body } = await readJson(c, contestSchema);
    if (bodySlug !== undefined && bodySlug !== slug) {
      throw new ApiError('VALIDATION', 'Mã cuộc thi trong nội dung khác với đường dẫn', { slug: 'Phải trùng với mã trong đường dẫn' });
    }
    const { version: _version, ...notice } = body.privacyNotice;
    const contest: Contest = {
      slug,
      ...body,
      // The version is the server's: saveContest keeps it or moves it on (decision 0027).
      privacyNotice: { version: 0, ...notice },
      personalDataRetentionUntil: body.personalDataRetentionUntil ?? defaultRetentionUntil(body.endsAt),
    };
    const kept = new Set(contest.occupations.map((o) => o.id));
    const dropped = occupationsInUse(db, slug).filter((id) => !kept.has(id));
    if (dropped.length) {
      throw new ApiError('VALIDATION', 'Không thể bỏ đối tượng đã có thí sinh đăng ký', {
        occupations: `Đối tượng đã có thí sinh đăng ký: ${dropped.join(', ')}`,
      });
    }
    const { created, saved } = db.transaction(() => {
      // Rounds that already have attempts keep their window (decision 0041): read in the write's transaction.
      const before = getContest(db, slug);
      const problems = roundChangeProblems(roundsOf(before ?? {}), roundsOf(contest), roundsWithAttempts(db, slug), contestHasAttempts(db, slug), clock());
      if (problems.length) {
        throw invalidFields(
          Object.fromEntries(problems.map((p) => [`rounds.${p.index}.${p.field}`, p.message])),
          'Không thể đổi các vòng đã có lượt thi',
        );
      }
      const outcome = saveContest(db, contest, clock());
      audit(admin, outcome.created ? 'contest.create' : 'contest.update', slug, { before: outcome.before, after: outcome.saved });
      return outcome;
    })();
    return c.json(adminView(saved, clock()) satisfies AdminContest, created ? 201 : 200);
  });

  app.get('/contests/:slug/questions', compressedDownload, (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const query = parseOrRefuse(questionsQuerySchema, c.req.query());
    const questions = listQuestions(db, contest.slug, query.includeRetired === 'true');
    if (query.format === 'json') return c.json(questions);
    // The import's own layout, so the file goes back in as it is (here or into another contest).
    return exportResponse(c, query.format, {
      filename: `cau-hoi-${contest.slug}`,
      sheetName: 'Câu hỏi',
      header: QUESTION_EXPORT_HEADER,
      widths: [14, 60, 30, 30, 30, 30, 30, 30, 8, 60, 40, 40, 10, 34],
      pages: [questionExportRows(questions)],
    });
  });

  app.post('/contests/:slug/questions', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const kind = uploadKind(c.req.header('content-type'), 'Tệp câu hỏi');
    let checked: ReturnType<typeof checkQuestions>;
    if (kind === 'json') {
      const value = await readJsonValue(c);
      if (!Array.isArray(value)) {
        throw new ApiError('VALIDATION', 'Nội dung phải là một danh sách câu hỏi', { _: 'Cần một mảng JSON các câu hỏi' });
      }
      checked = checkQuestions(value as Record<string, unknown>[], 1, listQuestions(db, contest.slug, false));
    } else {
      const { inputs, rows, errors } = questionsFromRows(await readTable(c, kind));
      if (errors.length) refuseRows(errors, `Tệp ${kind.toUpperCase()} không đúng mẫu, không câu hỏi nào được nhập`);
      checked = checkQuestions(inputs, rows, listQuestions(db, contest.slug, false));
    }
    if (checked.errors.length) refuseRows(checked.errors, 'Có dòng không hợp lệ, không câu hỏi nào được nhập');
    const questions = checked.questions.map((q) => ({ ...q, id: q.id ?? newId() }));
    const affectedAttempts = db.transaction(() => {
      // A row that replaces a question (same id) with another key or options leaves submitted
      // attempts scored against the old one until a regrade, as an edit does.
      const rekeyed = questions.filter((q) => {
        const before = q.id && getQuestion(db, contest.slug, q.id);
        return before && (before.answer !== q.answer || JSON.stringify(before.options) !== JSON.stringify(q.options));
      });
      saveQuestions(db, contest.slug, questions);
      const affected = attemptsAffectedByQuestions(
        db,
        contest.slug,
        rekeyed.map((q) => q.id),
      );
      audit(admin, 'questions.import', contest.slug, { imported: questions.length, ids: questions.map((q) => q.id), affectedAttempts: affected });
      return affected;
    })();
    return c.json({ imported: questions.length, errors: [], ...(affectedAttempts ? { affectedAttempts } : {}) } satisfies QuestionsImported);
  });

  app.put('/contests/:slug/questions/:id', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = idParam(c);
    const before = getQuestion(db, contest.slug, id);
    if (!before) throw notFound('Không tìm thấy câu hỏi');
    const body = await readJson(c, questionEditSchema);
    const checked = checkQuestion({ ...body, id }, 1, false);
    if (Array.isArray(checked)) {
      throw new ApiError('VALIDATION', 'Câu hỏi chưa hợp lệ', Object.fromEntries(checked.map((e) => [e.field ?? '_', e.message])));
    }
    // Attempts show options by position: once attempts exist, a question keeps its number of options.
    if (checked.options.length !== before.options.length && contestHasAttempts(db, contest.slug)) {
      throw new ApiError('CONFLICT', 'Câu hỏi đã được dùng trong các lượt thi nên không thể đổi số phương án. Hãy ngừng dùng câu này và nhập câu mới.', {
        options: `Phải giữ ${before.options.length} phương án`,
      });
    }
    // A changed key or options leaves submitted attempts scored against the old one until a regrade
    // (routes/regrade.ts): the answer says how many, the console offers the regrade. A text-only
    // edit scores nobody differently and skips the count.
    const keyChanged = checked.answer !== before.answer || JSON.stringify(checked.options) !== JSON.stringify(before.options);
    const affectedAttempts = db.transaction(() => {
      saveQuestions(db, contest.slug, [{ ...checked, id }]);
      const affected = keyChanged ? attemptsAffectedByQuestions(db, contest.slug, [id]) : 0;
      audit(admin, 'question.update', `${contest.slug}/${id}`, { before, after: checked, affectedAttempts: affected });
      return affected;
    })();
    return c.json({ ...getQuestion(db, contest.slug, id), affectedAttempts });
  });

  app.delete('/contests/:slug/questions/:id', (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = idParam(c);
    if (!getQuestion(db, contest.slug, id)) throw notFound('Không tìm thấy câu hỏi');
    db.transaction(() => {
      retireQuestion(db, contest.slug, id, clock());
      audit(admin, 'question.retire', `${contest.slug}/${id}`);
    })();
    return c.json(getQuestion(db, contest.slug, id));
  });

  app.get('/contests/:slug/units', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    return c.json(unitsWithCompeting(listUnits(db, contest.slug)) satisfies AdminUnits);
  });

  app.put('/contests/:slug/units', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const kind = uploadKind(c.req.header('content-type'), 'Danh sách đơn vị');
    let units: Unit[];
    let rows: number[] | undefined;
    if (kind === 'json') {
      units = parseOrRefuse(unitsReplaceSchema, await readJsonValue(c)).map((u) => ({
        id: u.id,
        name: u.name,
        parentId: u.parentId ?? null,
        kind: u.kind ?? null,
        headcount: u.headcount ?? null,
        competes: u.competes ?? null,
      }));
    } else {
      const read = unitsFromRows(await readTable(c, kind));
      if (read.errors.length) refuseRows(read.errors, 'Tệp đơn vị có dòng không hợp lệ, không có thay đổi nào được lưu');
      ({ units, rows } = read);
    }
    const problems = unitTreeProblems(units, unitIdsInUse(db, contest.slug), rows);
    // A file names its columns parent_id; the JSON body names the field parentId.
    if (rows) for (const problem of problems) if (problem.field === 'parentId') problem.field = 'parent_id';
    if (problems.length) refuseRows(problems, 'Danh sách đơn vị chưa hợp lệ, không có thay đổi nào được lưu');
    db.transaction(() => {
      replaceUnits(db, contest.slug, units);
      audit(admin, 'units.replace', contest.slug, { count: units.length });
    })();
    return c.json(unitsWithCompeting(listUnits(db, contest.slug)));
  });

  app.get('/contests/:slug/exclusions', (c) => {
    const admin = requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const exclusions = getExclusions(db, contest.slug);
    recordPersonalDataRead(db, admin.name, 'exclusions', contest.slug, clock(), countOf(exclusions));
    return c.json(exclusions satisfies Exclusions);
  });

  app.put('/contests/:slug/exclusions', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const kind = uploadKind(c.req.header('content-type'), 'Danh sách loại trừ');
    let exclusions: ExclusionList;
    if (kind === 'json') {
      const body = parseOrRefuse(exclusionsReplaceSchema, await readJsonValue(c));
      const fields: Record<string, string> = {};
      const phones = body.phones.map((raw, index) => {
        const phone = normalisePhone(raw);
        if (!phone) fields[`phones.${index}`] = `Số điện thoại «${raw}» không hợp lệ`;
        return phone ?? '';
      });
      if (Object.keys(fields).length) throw new ApiError('VALIDATION', 'Danh sách loại trừ có số điện thoại không hợp lệ', fields);
      exclusions = { idNumbers: body.idNumbers, phones };
    } else {
      const read = exclusionsFromRows(await readTable(c, kind));
      if (read.errors.length) refuseRows(read.errors, 'Tệp danh sách loại trừ có dòng không hợp lệ, không có thay đổi nào được lưu');
      exclusions = read.exclusions;
    }
    const after = db.transaction(() => {
      const before = getExclusions(db, contest.slug);
      replaceExclusions(db, contest.slug, exclusions);
      const replaced = getExclusions(db, contest.slug);
      audit(admin, 'exclusions.replace', contest.slug, { before: countOf(before), after: countOf(replaced) });
      return replaced;
    })();
    return c.json(after);
  });

  app.get('/audit', (c) => {
    requireAdmin(db, c, 'read');
    const query = parseOrRefuse(auditQuerySchema, c.req.query());
    return c.json(listAudit(db, query.limit, query.before ?? null));
  });

  return app;
}

const countOf = (e: { idNumbers: string[]; phones: string[] }) => ({ idNumbers: e.idNumbers.length, phones: e.phones.length });

// The contest body is referenced by the contract and the OpenAPI document from here.
