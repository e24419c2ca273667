import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { recordPersonalDataRead } from '../db/admin.js';
import { finaliseOverdueAttempts } from '../db/attempts.js';
import { listQuestions } from '../db/contests.js';
import { getPublishedResults } from '../db/results.js';
import { EXPORT_PAGE_SIZE } from './queries.js';
import { overallRanking, overallRankingPages } from '../db/rounds.js';
import { contestStatus, type Contest } from '../domain/contest.js';
import { RANKING_HEADER, rankingRow } from './rules.js';
import { fileExportQuerySchema, rankingExportQuerySchema } from '../contract/admin.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { compressedDownload } from './compressed-download.js';
import { exportJobResponse } from './runner.js';
import { streamedJson } from './json-stream.js';
import { exportResponse } from './responses.js';
import { parseOrRefuse, slugParam } from '../http/validate.js';
import { requireContest } from '../routes/contests.js';

/** Occupation ids with the names the contest gives them, for an export job (plain data). */
const occupationPairs = (contest: Contest): [string, string][] => contest.occupations.map((o) => [o.id, o.name]);

/**
 * The organisers' downloads: the ranking, every attempt and every contestant, as CSV (UTF-8 with
 * BOM, for Excel) or XLSX. Jury tokens may read them. Files are streamed page by page, so an
 * export of millions of attempts never sits in memory.
 */
export function exportRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  /** The contest and format of an export request; overdue attempts are finalised so the file shows them submitted. */
  function exportRequest<F extends string>(c: Context, query: z.ZodType<{ format: F }>): { contest: Contest; format: F; reader: string } {
    const admin = requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const { format } = parseOrRefuse(query, c.req.query());
    finaliseOverdueAttempts(db, contest.slug, clock());
    return { contest, format, reader: admin.name };
  }

  /**
   * The prize of a place in the ranking: as published when results are (the announced list),
   * else the place's prize under the contest's prize list (one prize per person, down the ranking).
   */
  function prizeByPlace(contest: Contest): (contestantId: string, rank: number) => string | null {
    const published = getPublishedResults<{ individual: { contestantId: string; prize: string }[] }>(db, contest.slug);
    if (published) {
      const prizes = new Map(published.payload.individual.map((w) => [w.contestantId, w.prize]));
      return (contestantId) => prizes.get(contestantId) ?? null;
    }
    const places = contest.prizes.individual.flatMap((prize) => Array<string>(prize.count).fill(prize.name));
    return (_contestantId, rank) => places[rank - 1] ?? null;
  }

  // Every download is audited as a read of personal data (contact details), once it is under way.
  app.get('/contests/:slug/ranking', compressedDownload, (c) => {
    const { contest, format, reader } = exportRequest(c, rankingExportQuerySchema);
    recordPersonalDataRead(db, reader, 'ranking', contest.slug, clock(), { format });
    // The overall ranking: with rounds, by the contest's `roundsRanking` (db/rounds.ts).
    const actual = overallRanking(db, contest).actual;
    if (format === 'json') {
      const provisional = contestStatus(contest, clock()) !== 'closed';
      // Streamed page by page like the files: the whole ranking of a province is millions of entries.
      return streamedJson(c, { provisional, actual, rankingOrder: contest.rankingOrder }, 'entries', overallRankingPages(db, contest, EXPORT_PAGE_SIZE));
    }
    const occupations = new Map(contest.occupations.map((o) => [o.id, o.name]));
    const occupationName = (id: string) => occupations.get(id) ?? id;
    const prizeOf = prizeByPlace(contest);
    return exportResponse(c, format, {
      filename: `xep-hang-${contest.slug}`,
      sheetName: 'Xếp hạng',
      header: RANKING_HEADER,
      widths: [7, 28, 12, 16, 13, 26, 30, 20, 7, 7, 10, 10, 26, 24, 16],
      pages: (function* () {
        // One score block at a time (decision 0011): the file never holds the whole ranking in memory.
        for (const page of overallRankingPages(db, contest, EXPORT_PAGE_SIZE)) {
          yield page.map((e) => rankingRow(e, format === 'csv', occupationName, prizeOf(e.contestantId, e.rank)));
        }
      })(),
    });
  });

  app.get('/contests/:slug/attempts', compressedDownload, (c) => {
    const { contest, format, reader } = exportRequest(c, fileExportQuerySchema);
    // Every question of the bank, retired ones too, in bank order: answers are keyed by question id.
    const questionIds = listQuestions(db, contest.slug, true).map((q) => q.id);
    const response = exportJobResponse(c, db, { kind: 'attempts', slug: contest.slug, format, questionIds, occupations: occupationPairs(contest) });
    recordPersonalDataRead(db, reader, 'attempts', contest.slug, clock(), { format });
    return response;
  });

  app.get('/contests/:slug/contestants', compressedDownload, (c) => {
    const admin = requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const { format } = parseOrRefuse(fileExportQuerySchema, c.req.query());
    const response = exportJobResponse(c, db, { kind: 'contestants', slug: contest.slug, format, occupations: occupationPairs(contest) });
    recordPersonalDataRead(db, admin.name, 'contestants', contest.slug, clock(), { format });
    return response;
  });

  return app;
}
