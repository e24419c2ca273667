import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { finaliseOverdueAttempts } from '../db/attempts.js';
import { listQuestions } from '../db/contests.js';
import { attemptsForExport, contestantsForExport, EXPORT_PAGE_SIZE } from '../db/exports.js';
import { contestCounts, rankingPages } from '../db/rankings.js';
import { contestStatus, type Contest } from '../domain/contest.js';
import { attemptRow, attemptsHeader, attemptsLayout, CONTESTANTS_HEADER, contestantRow, RANKING_HEADER, rankingRow } from '../domain/exports.js';
import { predictionActual } from '../domain/prediction.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { streamedJson } from '../http/json-stream.js';
import { exportResponse } from '../http/spreadsheet.js';
import { parseOrRefuse, slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';

const rankingQuery = z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).default('json') });
const fileQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });

/** Occupation ids as the contest names them ("can-bo" → "Cán bộ, công chức, viên chức"). */
function occupationNames(contest: Contest): (id: string) => string {
  const names = new Map(contest.occupations.map((o) => [o.id, o.name]));
  return (id) => names.get(id) ?? id;
}

/**
 * The organisers' downloads: the ranking, every attempt and every contestant, as CSV (UTF-8 with
 * BOM, for Excel) or XLSX. Jury tokens may read them. Files are streamed page by page, so an
 * export of millions of attempts never sits in memory.
 */
export function exportRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  /** The contest and format of an export request; overdue attempts are finalised so the file shows them submitted. */
  function exportRequest<F extends string>(c: Context, query: z.ZodType<{ format: F }>): { contest: Contest; format: F } {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const { format } = parseOrRefuse(query, c.req.query());
    finaliseOverdueAttempts(db, contest.slug, clock());
    return { contest, format };
  }

  app.get('/contests/:slug/ranking', (c) => {
    const { contest, format } = exportRequest(c, rankingQuery);
    const actual = predictionActual(contest.predictionTarget, contestCounts(db, contest.slug));
    if (format === 'json') {
      const provisional = contestStatus(contest, clock()) !== 'closed';
      // Streamed page by page like the files: the whole ranking of a province is millions of entries.
      return streamedJson(c, { provisional, actual, rankingOrder: contest.rankingOrder }, 'entries', rankingPages(db, contest.slug, contest.rankingOrder, actual, EXPORT_PAGE_SIZE));
    }
    return exportResponse(c, format, {
      filename: `xep-hang-${contest.slug}`,
      sheetName: 'Xếp hạng',
      header: RANKING_HEADER,
      widths: [7, 28, 12, 16, 13, 26, 30, 20, 7, 7, 10, 10, 26, 24],
      pages: (function* () {
        // One score block at a time (decision 0011): the file never holds the whole ranking in memory.
        for (const page of rankingPages(db, contest.slug, contest.rankingOrder, actual, EXPORT_PAGE_SIZE)) {
          yield page.map((e) => rankingRow(e, format === 'csv'));
        }
      })(),
    });
  });

  app.get('/contests/:slug/attempts', (c) => {
    const { contest, format } = exportRequest(c, fileQuery);
    // Every question of the bank, retired ones too, in bank order: answers are keyed by question id.
    const questionIds = listQuestions(db, contest.slug, true).map((q) => q.id);
    const layout = attemptsLayout(questionIds, occupationNames(contest));
    return exportResponse(c, format, {
      filename: `luot-thi-${contest.slug}`,
      sheetName: 'Lượt thi',
      header: attemptsHeader(questionIds),
      widths: [24, 24, 28, 16, 13, 30, 20, 24, 10, 20, 26, 20, 26, 7, 7, 10, 10, 8, 8, 30],
      pages: (function* () {
        for (const page of attemptsForExport(db, contest.slug)) yield page.map((attempt) => attemptRow(attempt, layout));
      })(),
    });
  });

  app.get('/contests/:slug/contestants', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const { format } = parseOrRefuse(fileQuery, c.req.query());
    const occupation = occupationNames(contest);
    return exportResponse(c, format, {
      filename: `thi-sinh-${contest.slug}`,
      sheetName: 'Thí sinh',
      header: CONTESTANTS_HEADER,
      widths: [24, 28, 12, 16, 13, 26, 16, 30, 20, 24, 20, 26, 10, 10],
      pages: (function* () {
        for (const page of contestantsForExport(db, contest.slug)) yield page.map((contestant) => contestantRow(contestant, occupation));
      })(),
    });
  });

  return app;
}
