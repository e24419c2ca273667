import type pg from 'pg';
import { keyTerms, type RankedEntry } from '../../db/rankings.js';
import type { Contest } from '../../domain/contest.js';
import type { ExportJob } from '../../exports/jobs.js';
import { attemptRecord, contestantRecord, EXPORT_PAGE_SIZE, type AttemptColumns, type ContestantColumns } from '../../exports/queries.js';
import { prizeByPlace, rankedEntry, type AttemptRecord, type ContestantRecord } from '../../exports/rules.js';
import type { Pages } from '../../exports/sheet.js';
import type { ExportStore, NotFound } from '../store.js';
import { finaliseOverdueAttempts } from './attempts.js';
import { recordPersonalDataRead } from './audit.js';
import type { PostgresStoreDeps } from './index.js';
import { overallList, terms, withContestants } from './ranking.js';
import { all, contestBySlug, one } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** Rows per page handed to the writer, and per read of a score block of the ranking. */
export interface ExportPaging {
  pageSize: number;
  rankingRead: number;
}

/**
 * Pages as on SQLite (exports/queries.ts); a score block is read 10,000 rows at a time: each read
 * scans the rest of the block, and fewer reads took a block of 200,000 people from 36 to 21 s
 * (decision 0048).
 */
const DEFAULT_PAGING: ExportPaging = { pageSize: EXPORT_PAGE_SIZE, rankingRead: 10_000 };

/** Occupation ids with the names the contest gives them, for an export job (plain data). */
const occupationPairs = (contest: Contest): [string, string][] => contest.occupations.map((o) => [o.id, o.name]);

/** Rows as arrays, not objects: cheaper to build, and an export reads millions of them. */
async function arrays<R extends unknown[]>(pool: pg.Pool, text: string, values: unknown[]): Promise<R[]> {
  return (await pool.query<R>({ text, values, rowMode: 'array' })).rows;
}

/**
 * Pages of rows after `after` until a short page (exports/queries.ts `keysetPages`), each read by
 * one query on the pool when the writer asks for it: no connection is held between pages, so a
 * slow client holds none, and nothing is read ahead of what the client has taken.
 */
async function* keysetPages<R>(fetch: (after: number, limit: number) => Promise<{ rows: R[]; last: number }>, pageSize: number): AsyncGenerator<R[]> {
  let after = 0;
  for (;;) {
    const { rows, last } = await fetch(after, pageSize);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = last;
  }
}

/** Unit id → name for a contest, looked up in memory rather than joined per row (exports/queries.ts `unitNames`). */
async function unitNames(pool: pg.Pool, slug: string): Promise<Map<string, string>> {
  return new Map(await arrays<[string, string]>(pool, 'SELECT id, name FROM units WHERE contest_slug = $1', [slug]));
}

/** exports/queries.ts `attemptsForExport`: every attempt of a contest with its contestant and folded answers, by rowid. */
async function* attemptPages(pool: pg.Pool, slug: string, pageSize: number): AsyncGenerator<AttemptRecord[]> {
  const units = await unitNames(pool, slug);
  yield* keysetPages(async (after, limit) => {
    const rows = await arrays<AttemptColumns>(
      pool,
      `SELECT a.rowid, a.id, a.contestant_id, c.full_name, c.id_number, c.phone, c.unit_id, c.occupation,
              COALESCE(a.source, c.source), a.status, a.started_at, a.submitted_at, a.score, a.total,
              a.duration_ms, a.prediction, a.auto_submitted, a.voided_at, a.void_reason,
              (SELECT string_agg(aa.question_id || ':' || aa.option_index, ',') FROM attempt_answers aa WHERE aa.attempt_id = a.id)
       FROM attempts a
       JOIN contestants c ON c.id = a.contestant_id
       WHERE a.contest_slug = $1 AND a.rowid > $2
       ORDER BY a.rowid
       LIMIT $3`,
      [slug, after, limit],
    );
    const records = rows.map((r) => attemptRecord(r, units));
    return { rows: records, last: rows.length ? rows[rows.length - 1]![0] : after };
  }, pageSize);
}

/** exports/queries.ts `contestantsForExport`: every registered contestant, in registration (rowid) order. */
async function* contestantPages(pool: pg.Pool, slug: string, pageSize: number): AsyncGenerator<ContestantRecord[]> {
  const units = await unitNames(pool, slug);
  yield* keysetPages(async (after, limit) => {
    const rows = await arrays<ContestantColumns>(
      pool,
      `SELECT c.rowid, c.id, c.full_name, c.birth_date, c.id_number, c.phone, c.email, c.unit_id, c.occupation, c.source,
              c.created_at, c.extra_attempts,
              (SELECT COUNT(*) FROM attempts a WHERE a.contestant_id = c.id),
              c.publish_name, c.guardian_full_name, c.guardian_relationship, c.guardian_phone, c.guardian_publish_name
       FROM contestants c
       WHERE c.contest_slug = $1 AND c.rowid > $2
       ORDER BY c.rowid
       LIMIT $3`,
      [slug, after, limit],
    );
    const records = rows.map((r) => contestantRecord(r, units));
    return { rows: records, last: rows.length ? rows[rows.length - 1]![0] : after };
  }, pageSize);
}

type RankedColumns = [
  attemptId: string,
  contestantId: string,
  multi: number,
  score: number,
  total: number,
  prediction: number | null,
  durationMs: number,
  submittedAt: string,
  fullName: string,
  unitId: string,
  unitName: string,
  birthDate: string,
  idNumber: string,
  phone: string,
  email: string | null,
  occupation: string,
  ...key: unknown[],
];

/**
 * The whole ranking of each person's best standing (db/rankings.ts `rankingPages`), score block by
 * score block (the whole contest when the order does not start with the score). SQLite sorts a
 * block into a temporary table of its connection; a pool has no connection of its own to keep one
 * on, so each page here is the block's next rows in the ranking order after the last row read: the
 * ranking chain as an ascending row value (`keyTerms`, ending with the attempt id, so no two rows
 * tie) compared with the last row's. Someone with several contenders counts at the first of them.
 * Each read scans what is left of the block and keeps its first `rankingRead` rows, so the cost
 * grows with the square of a block's size: reads are larger than pages (decision 0048), handed on
 * a page at a time so the writer still lets other requests run between pages.
 */
async function* bestRankingPages(pool: pg.Pool, contest: Contest, actual: number, { pageSize, rankingRead }: ExportPaging): AsyncGenerator<RankedEntry[]> {
  const order = contest.rankingOrder;
  const byScore = order[0] === 'score';
  const blocks = byScore
    ? (await all<{ block: string }>(pool, `SELECT key AS block FROM contest_figures WHERE contest_slug = $1 AND dimension = 'bestScore' AND participants > 0`, [contest.slug]))
        .map((row) => Number(row.block))
        .sort((a, b) => b - a)
    : [null];
  const keys = keyTerms(order, 's').map((term) => term.replaceAll('@actual', '$2::bigint'));
  const width = 16;
  let rank = 1;
  for (const block of blocks) {
    const counted = new Set<string>();
    let last: unknown[] | null = null;
    for (;;) {
      const values: unknown[] = [contest.slug, actual, rankingRead];
      if (block !== null) values.push(block);
      const blockTerm = block === null ? '' : 'AND s.block = $4';
      const after: string = last === null ? '' : `AND (${keys.join(', ')}) > (${keys.map((_, i) => `$${values.length + 1 + i}`).join(', ')})`;
      if (last !== null) values.push(...last);
      const rows: RankedColumns[] = await arrays<RankedColumns>(
        pool,
        `SELECT s.attempt_id, s.contestant_id, s.multi, s.score, s.total, s.prediction, s.duration_ms, s.submitted_at,
                c.full_name, c.unit_id, COALESCE(u.name, c.unit_id), c.birth_date, c.id_number, c.phone, c.email, c.occupation,
                ${keys.join(', ')}
         FROM standings s
         JOIN contestants c ON c.id = s.contestant_id
         LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
         WHERE s.contest_slug = $1 ${blockTerm} ${after}
         ORDER BY ${terms(order, 's', 2)}
         LIMIT $3`,
        values,
      );
      let entries: RankedEntry[] = [];
      for (const r of rows) {
        if (r[2] === 1) {
          if (counted.has(r[1])) continue;
          counted.add(r[1]);
        }
        entries.push({
          attemptId: r[0],
          contestantId: r[1],
          score: r[3],
          total: r[4],
          prediction: r[5],
          durationMs: r[6],
          submittedAt: r[7],
          fullName: r[8],
          unitId: r[9],
          unitName: r[10],
          birthDate: r[11],
          idNumber: r[12],
          phone: r[13],
          email: r[14],
          occupation: r[15],
          rank: rank++,
        });
        if (entries.length === pageSize) {
          yield entries;
          entries = [];
        }
      }
      if (entries.length) yield entries;
      if (rows.length < rankingRead) break;
      last = rows[rows.length - 1]!.slice(width);
    }
  }
}

/**
 * The downloads over PostgreSQL: the same records as SQLite's (decision 0007's queries, with
 * `string_agg` for `group_concat`), read in keyset pages on the pool, one query per page when the
 * writer asks for the next, and formatted on the server's thread (no worker threads: the pages are
 * read by the database server's own processes, and the pool's other connections keep answering
 * contestants meanwhile). Tests set the paging lower, to cross page boundaries.
 */
export function postgresExports({ pool, clock }: PostgresStoreDeps, paging: Partial<ExportPaging> = {}): ExportStore {
  const { pageSize, rankingRead } = { ...DEFAULT_PAGING, ...paging };
  return {
    async ranking(slug, reader, readFormat) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const format = await readFormat();
      const at = clock();
      await finaliseOverdueAttempts(pool, contest.slug, at);
      await recordPersonalDataRead(pool, reader, 'ranking', contest.slug, clock(), { format });
      const published = await one<{ payload: string }>(pool, 'SELECT payload FROM results WHERE contest_slug = $1', [contest.slug]);
      const individual = published ? (JSON.parse(published.payload) as { individual: { contestantId: string; prize: string }[] }).individual : null;
      // With rounds summed or the final round's, the ranking is made in memory (db/rounds.ts `overallRankingPages`).
      const { actual, list } = await overallList(pool, contest);
      const pages: Pages<RankedEntry> = list
        ? (async function* () {
            for (let from = 0; from < list.length; from += pageSize) yield (await withContestants(pool, list.slice(from, from + pageSize), from + 1)).map(rankedEntry);
          })()
        : bestRankingPages(pool, contest, actual, { pageSize, rankingRead });
      return { kind: 'ranking', contest, format, at, actual, pages, prizeOf: prizeByPlace(contest, individual) };
    },

    async attempts(slug, reader, readFormat) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const format = await readFormat();
      const at = clock();
      await finaliseOverdueAttempts(pool, contest.slug, at);
      // Every question of the bank, retired ones too, in bank order: answers are keyed by question id.
      const questionIds = (await all<{ id: string }>(pool, 'SELECT id FROM questions WHERE contest_slug = $1 ORDER BY position', [contest.slug])).map((q) => q.id);
      const job: ExportJob = { kind: 'attempts', slug: contest.slug, format, questionIds, occupations: occupationPairs(contest) };
      await recordPersonalDataRead(pool, reader, 'attempts', contest.slug, clock(), { format });
      return { kind: 'file', job, at, source: { kind: 'pages', pages: () => attemptPages(pool, contest.slug, pageSize) } };
    },

    async contestants(slug, reader, readFormat) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const format = await readFormat();
      const job: ExportJob = { kind: 'contestants', slug: contest.slug, format, occupations: occupationPairs(contest) };
      await recordPersonalDataRead(pool, reader, 'contestants', contest.slug, clock(), { format });
      return { kind: 'file', job, at: clock(), source: { kind: 'pages', pages: () => contestantPages(pool, contest.slug, pageSize) } };
    },
  };
}
