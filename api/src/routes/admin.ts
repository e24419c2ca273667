import { Hono } from 'hono';
import type { Unit } from '../db/contests.js';
import { contestStatus, type Contest } from '../domain/contest.js';
import { roundsOf } from '../domain/rounds.js';
import { exclusionsFromRows, type ExclusionList } from '../domain/exclusions.js';
import { normalisePhone } from '../domain/phone.js';
import { defaultRetentionUntil } from '../domain/privacy-notice.js';
import { checkQuestion, checkQuestions, QUESTION_EXPORT_HEADER, questionExportRows, questionsFromRows, type RowError } from '../domain/questions.js';
import { competingUnits, unitsFromRows, type TreeUnit } from '../domain/units.js';
import { auditQuerySchema, contestSchema, exclusionsReplaceSchema, questionEditSchema, questionsQuerySchema, unitsReplaceSchema } from '../contract/admin.js';
import { requireOrganiser } from '../http/auth.js';
import { compressedDownload } from '../exports/compressed-download.js';
import type { PortableDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { exportResponse } from '../exports/responses.js';
import { readTable, uploadKind } from '../http/spreadsheet.js';
import { idParam, invalidFields, parseOrRefuse, readJson, readJsonValue, slugParam } from '../http/validate.js';
import { newId } from '../tokens.js';
import { missing } from './contests.js';
import type { AdminContest, AdminContests, AdminUnits, Exclusions, QuestionsImported } from '../contract/admin.js';

/** The tree as organisers see it: each unit says whether it competes for collective prizes, explicitly or by default. */
export function unitsWithCompeting(units: TreeUnit[]): (TreeUnit & { competing: boolean })[] {
  const competing = new Set(competingUnits(units).map((u) => u.id));
  return units.map((u) => ({ ...u, competing: competing.has(u.id) }));
}

function refuseRows(rows: RowError[], message: string): never {
  throw new ApiError('VALIDATION', message, undefined, { rows });
}

/**
 * The console's setup of a contest (configuration, questions, units, exclusion list) and the audit
 * log, over the store (`store.setup`, decision 0047): served on SQLite and PostgreSQL alike. Uploads
 * are parsed here; the checks and writes are the store's.
 */
export function adminRoutes(deps: PortableDeps): Hono {
  const { store, clock } = deps;
  const setup = store.setup;
  const app = new Hono();

  /** A contest as organisers read it: saved fields, the defaults of fields added since, and its status. */
  const adminView = (contest: Contest, now: Date): AdminContest => ({
    ...contest,
    rounds: roundsOf(contest),
    roundsRanking: contest.roundsRanking ?? 'best',
    status: contestStatus(contest, now),
  });

  /** The contest of the path, 404 before the route's own refusals (a malformed id or query). */
  async function requireContest(slug: string): Promise<Contest> {
    const contest = await setup.contest(slug);
    if (!contest) throw missing('contest');
    return contest;
  }

  app.get('/contests', async (c) => {
    await requireOrganiser(store, c, 'read');
    const now = clock();
    return c.json((await setup.contests()).map((contest) => adminView(contest, now)) satisfies AdminContests);
  });

  app.get('/contests/:slug', async (c) => {
    await requireOrganiser(store, c, 'read');
    const contest = await requireContest(slugParam(c));
    return c.json(adminView(contest, clock()) satisfies AdminContest);
  });

  app.put('/contests/:slug', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const slug = slugParam(c);
    const { slug: bodySlug, ...body } = await readJson(c, contestSchema);
    if (bodySlug !== undefined && bodySlug !== slug) {
      throw new ApiError('VALIDATION', 'Mã cuộc thi trong nội dung khác với đường dẫn', { slug: 'Phải trùng với mã trong đường dẫn' });
    }
    const { version: _version, ...notice } = body.privacyNotice;
    const contest: Contest = {
      slug,
      ...body,
      // The version is the server's: the store keeps it or moves it on (decision 0027).
      privacyNotice: { version: 0, ...notice },
      personalDataRetentionUntil: body.personalDataRetentionUntil ?? defaultRetentionUntil(body.endsAt),
    };
    const outcome = await setup.saveContest(contest, admin.name);
    if (outcome.kind === 'occupationsInUse') {
      throw new ApiError('VALIDATION', 'Không thể bỏ đối tượng đã có thí sinh đăng ký', {
        occupations: `Đối tượng đã có thí sinh đăng ký: ${outcome.dropped.join(', ')}`,
      });
    }
    if (outcome.kind === 'roundsInUse') {
      throw invalidFields(
        Object.fromEntries(outcome.problems.map((p) => [`rounds.${p.index}.${p.field}`, p.message])),
        'Không thể đổi các vòng đã có lượt thi',
      );
    }
    return c.json(adminView(outcome.contest, clock()) satisfies AdminContest, outcome.created ? 201 : 200);
  });

  app.get('/contests/:slug/questions', compressedDownload, async (c) => {
    await requireOrganiser(store, c, 'read');
    const contest = await requireContest(slugParam(c));
    const query = parseOrRefuse(questionsQuerySchema, c.req.query());
    const read = await setup.questions(contest.slug, query.includeRetired === 'true');
    if (read.kind === 'notFound') throw missing(read.what);
    if (query.format === 'json') return c.json(read.questions);
    // The import's own layout, so the file goes back in as it is (here or into another contest).
    return exportResponse(c, query.format, {
      filename: `cau-hoi-${contest.slug}`,
      sheetName: 'Câu hỏi',
      header: QUESTION_EXPORT_HEADER,
      widths: [14, 60, 30, 30, 30, 30, 30, 30, 8, 60, 40, 40, 10, 34],
      pages: [questionExportRows(read.questions)],
    });
  });

  app.post('/contests/:slug/questions', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const outcome = await setup.importQuestions(slugParam(c), admin.name, async (inUse) => {
      const kind = uploadKind(c.req.header('content-type'), 'Tệp câu hỏi');
      let checked: ReturnType<typeof checkQuestions>;
      if (kind === 'json') {
        const value = await readJsonValue(c);
        if (!Array.isArray(value)) {
          throw new ApiError('VALIDATION', 'Nội dung phải là một danh sách câu hỏi', { _: 'Cần một mảng JSON các câu hỏi' });
        }
        checked = checkQuestions(value as Record<string, unknown>[], 1, inUse);
      } else {
        const { inputs, rows, errors } = questionsFromRows(await readTable(c, kind));
        if (errors.length) refuseRows(errors, `Tệp ${kind.toUpperCase()} không đúng mẫu, không câu hỏi nào được nhập`);
        checked = checkQuestions(inputs, rows, inUse);
      }
      if (checked.errors.length) refuseRows(checked.errors, 'Có dòng không hợp lệ, không câu hỏi nào được nhập');
      return checked.questions.map((q) => ({ ...q, id: q.id ?? newId() }));
    });
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    const { imported, affectedAttempts } = outcome;
    return c.json({ imported, errors: [], ...(affectedAttempts ? { affectedAttempts } : {}) } satisfies QuestionsImported);
  });

  app.put('/contests/:slug/questions/:id', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const contest = await requireContest(slugParam(c));
    const id = idParam(c);
    const outcome = await setup.editQuestion(contest.slug, id, admin.name, async () => {
      const body = await readJson(c, questionEditSchema);
      const checked = checkQuestion({ ...body, id }, 1, false);
      if (Array.isArray(checked)) {
        throw new ApiError('VALIDATION', 'Câu hỏi chưa hợp lệ', Object.fromEntries(checked.map((e) => [e.field ?? '_', e.message])));
      }
      return checked;
    });
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'optionCount') {
      throw new ApiError('CONFLICT', 'Câu hỏi đã được dùng trong các lượt thi nên không thể đổi số phương án. Hãy ngừng dùng câu này và nhập câu mới.', {
        options: `Phải giữ ${outcome.options} phương án`,
      });
    }
    // A changed key or options leaves submitted attempts scored against the old one until a regrade
    // (routes/regrade.ts): the answer says how many, the console offers the regrade.
    return c.json({ ...outcome.question, affectedAttempts: outcome.affectedAttempts });
  });

  app.delete('/contests/:slug/questions/:id', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const contest = await requireContest(slugParam(c));
    const outcome = await setup.retireQuestion(contest.slug, idParam(c), admin.name);
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    return c.json(outcome.question);
  });

  app.get('/contests/:slug/units', async (c) => {
    await requireOrganiser(store, c, 'read');
    const read = await setup.units(slugParam(c));
    if (read.kind === 'notFound') throw missing(read.what);
    return c.json(unitsWithCompeting(read.units) satisfies AdminUnits);
  });

  app.put('/contests/:slug/units', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    let fromFile = false;
    const outcome = await setup.replaceUnits(slugParam(c), admin.name, async () => {
      const kind = uploadKind(c.req.header('content-type'), 'Danh sách đơn vị');
      if (kind === 'json') {
        const units: Unit[] = parseOrRefuse(unitsReplaceSchema, await readJsonValue(c)).map((u) => ({
          id: u.id,
          name: u.name,
          parentId: u.parentId ?? null,
          kind: u.kind ?? null,
          headcount: u.headcount ?? null,
          competes: u.competes ?? null,
        }));
        return { units };
      }
      const read = unitsFromRows(await readTable(c, kind));
      if (read.errors.length) refuseRows(read.errors, 'Tệp đơn vị có dòng không hợp lệ, không có thay đổi nào được lưu');
      fromFile = true;
      return { units: read.units, rows: read.rows };
    });
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    if (outcome.kind === 'invalid') {
      // A file names its columns parent_id; the JSON body names the field parentId.
      const problems = fromFile ? outcome.problems.map((p) => (p.field === 'parentId' ? { ...p, field: 'parent_id' } : p)) : outcome.problems;
      refuseRows(problems, 'Danh sách đơn vị chưa hợp lệ, không có thay đổi nào được lưu');
    }
    return c.json(unitsWithCompeting(outcome.units));
  });

  app.get('/contests/:slug/exclusions', async (c) => {
    const admin = await requireOrganiser(store, c, 'read');
    const read = await setup.exclusions(slugParam(c), admin.name);
    if (read.kind === 'notFound') throw missing(read.what);
    return c.json(read.exclusions satisfies Exclusions);
  });

  app.put('/contests/:slug/exclusions', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const outcome = await setup.replaceExclusions(slugParam(c), admin.name, async (): Promise<ExclusionList> => {
      const kind = uploadKind(c.req.header('content-type'), 'Danh sách loại trừ');
      if (kind === 'json') {
        const body = parseOrRefuse(exclusionsReplaceSchema, await readJsonValue(c));
        const fields: Record<string, string> = {};
        const phones = body.phones.map((raw, index) => {
          const phone = normalisePhone(raw);
          if (!phone) fields[`phones.${index}`] = `Số điện thoại «${raw}» không hợp lệ`;
          return phone ?? '';
        });
        if (Object.keys(fields).length) throw new ApiError('VALIDATION', 'Danh sách loại trừ có số điện thoại không hợp lệ', fields);
        return { idNumbers: body.idNumbers, phones };
      }
      const read = exclusionsFromRows(await readTable(c, kind));
      if (read.errors.length) refuseRows(read.errors, 'Tệp danh sách loại trừ có dòng không hợp lệ, không có thay đổi nào được lưu');
      return read.exclusions;
    });
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    return c.json(outcome.exclusions);
  });

  app.get('/audit', async (c) => {
    await requireOrganiser(store, c, 'read');
    const query = parseOrRefuse(auditQuerySchema, c.req.query());
    return c.json(await setup.audit(query.limit, query.before ?? null));
  });

  return app;
}

// The contest body is referenced by the contract and the OpenAPI document from here.
