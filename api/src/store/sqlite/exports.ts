import { recordPersonalDataRead } from '../../db/admin.js';
import { finaliseOverdueAttempts } from '../../db/attempts.js';
import { getContest, listQuestions } from '../../db/contests.js';
import { getPublishedResults } from '../../db/results.js';
import { overallRanking, overallRankingPages } from '../../db/rounds.js';
import type { Contest } from '../../domain/contest.js';
import type { ExportJob } from '../../exports/jobs.js';
import { ALL_ROWS, attemptsForExport, contestantsForExport, EXPORT_PAGE_SIZE, unitNames } from '../../exports/queries.js';
import { prizeByPlace } from '../../exports/rules.js';
import { exportWorkerFree, workerOutput } from '../../exports/runner.js';
import type { ExportersBusy, ExportSource, ExportStore, NotFound } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const BUSY: ExportersBusy = Object.freeze({ kind: 'busy' });

/** Occupation ids with the names the contest gives them, for an export job (plain data). */
const occupationPairs = (contest: Contest): [string, string][] => contest.occupations.map((o) => [o.id, o.name]);

/**
 * The downloads over SQLite, as the routes made them before (decision 0007): on a database file
 * the attempts and contestants files are made by worker threads with read-only connections of their
 * own (exports/runner.ts), so the server's thread only passes the bytes on; in memory (tests), which
 * no other connection can open, their pages are read here. The ranking is paged on this thread.
 * `pageSize` is set lower only by tests (pages on this thread).
 */
export function sqliteExports({ db, clock }: SqliteStoreDeps, pageSize = EXPORT_PAGE_SIZE): ExportStore {
  /** Worker threads for a database file; null while all are busy (nothing recorded then). */
  function sourceOf<R>(job: ExportJob, pages: () => Iterable<R[]>): ExportSource<R> | null {
    if (db.memory) return { kind: 'pages', pages };
    if (!exportWorkerFree()) return null;
    return { kind: 'made', body: (onError) => workerOutput(db, job, onError) };
  }

  return {
    async ranking(slug, reader, readFormat) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const format = await readFormat();
      const at = clock();
      finaliseOverdueAttempts(db, contest.slug, at);
      recordPersonalDataRead(db, reader, 'ranking', contest.slug, clock(), { format });
      const published = getPublishedResults<{ individual: { contestantId: string; prize: string }[] }>(db, contest.slug);
      return {
        kind: 'ranking',
        contest,
        format,
        at,
        actual: overallRanking(db, contest).actual,
        // One score block at a time (decision 0011): the file never holds the whole ranking in memory.
        pages: overallRankingPages(db, contest, pageSize),
        prizeOf: prizeByPlace(contest, published?.payload.individual ?? null),
      };
    },

    async attempts(slug, reader, readFormat) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const format = await readFormat();
      const at = clock();
      finaliseOverdueAttempts(db, contest.slug, at);
      // Every question of the bank, retired ones too, in bank order: answers are keyed by question id.
      const questionIds = listQuestions(db, contest.slug, true).map((q) => q.id);
      const job: ExportJob = { kind: 'attempts', slug: contest.slug, format, questionIds, occupations: occupationPairs(contest) };
      const source = sourceOf(job, () => attemptsForExport(db, contest.slug, ALL_ROWS, unitNames(db, contest.slug), pageSize));
      if (!source) return BUSY;
      recordPersonalDataRead(db, reader, 'attempts', contest.slug, clock(), { format });
      return { kind: 'file', job, at, source };
    },

    async contestants(slug, reader, readFormat) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const format = await readFormat();
      const job: ExportJob = { kind: 'contestants', slug: contest.slug, format, occupations: occupationPairs(contest) };
      const source = sourceOf(job, () => contestantsForExport(db, contest.slug, pageSize));
      if (!source) return BUSY;
      recordPersonalDataRead(db, reader, 'contestants', contest.slug, clock(), { format });
      return { kind: 'file', job, at: clock(), source };
    },
  };
}
