import {
  fastAttemptFindings,
  identicalAnswerFindings,
  integrityFlags,
  integrityReview,
  integritySettings,
  predictionOnlyFindings,
  registrationBurstFindings,
  scoreJumpFindings,
  sharedNetworkFindings,
  type IntegrityFinding,
  type IntegrityFlag,
  type IntegritySettings,
} from '../../domain/integrity.js';
import type { IntegrityStore, NotFound } from '../store.js';
import { recordAudit } from './audit.js';
import { refreshParticipation } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { all, contestBySlug, one, type Queryable } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** The attempts that count, of table alias `a` (db/integrity.ts). */
const COUNTING = `a.status = 'submitted' AND a.voided_at IS NULL`;

/**
 * The integrity review over PostgreSQL: db/integrity.ts `reviewIntegrity`'s reads, turned into
 * flags by the same domain rules, so the same flags as on SQLite; the bulk void locks the contest's
 * row, then the attempts' contestants in id order, before the attempts (the lock order of every
 * write to a contestant's attempts).
 */
export function postgresIntegrity({ pool, clock }: PostgresStoreDeps): IntegrityStore {
  return {
    async review(slug) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const thresholds = integritySettings(contest);
      return integrityReview(await reviewIntegrity(pool, contest.slug, thresholds, null), thresholds);
    },
    voidAttempts(slug, attemptIds, reason, actor) {
      return inTransaction(pool, async (db) => {
        // FOR NO KEY UPDATE: bulk voids of the contest queue on every node; registrations' foreign-key checks are not blocked.
        if (!(await one(db, 'SELECT 1 FROM contests WHERE slug = $1 FOR NO KEY UPDATE', [slug]))) return NO_CONTEST;
        const rows = await all<{ id: string; contestantId: string }>(
          db,
          `SELECT id, contestant_id AS "contestantId" FROM attempts WHERE id = ANY($1::text[]) AND contest_slug = $2`,
          [attemptIds, slug],
        );
        const known = new Set(rows.map((row) => row.id));
        const unknown = attemptIds.filter((id) => !known.has(id));
        if (unknown.length) return { kind: 'unknown' as const, attemptIds: unknown };
        const people = [...new Set(rows.map((row) => row.contestantId))].sort();
        await db.query('SELECT 1 FROM contestants WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE', [people]);
        const now = clock();
        const changed = await all<{ id: string; contestantId: string }>(
          db,
          `UPDATE attempts SET voided_at = $1, void_reason = $2 WHERE id = ANY($3::text[]) AND voided_at IS NULL RETURNING id, contestant_id AS "contestantId"`,
          [now.toISOString(), reason, attemptIds],
        );
        for (const id of [...new Set(changed.map((row) => row.contestantId))].sort()) await refreshParticipation(db, id);
        const done = new Set(changed.map((row) => row.id));
        const voided = attemptIds.filter((id) => done.has(id));
        await recordAudit(db, {
          at: now.toISOString(),
          actor,
          action: 'attempts.void.bulk',
          target: slug,
          detail: { reason, count: voided.length, attemptIds: voided, alreadyVoided: attemptIds.length - voided.length },
        });
        return { voided: voided.length, alreadyVoided: attemptIds.filter((id) => !done.has(id)) };
      });
    },
  };
}

/**
 * Every flag of contest `slug` (db/integrity.ts `reviewIntegrity`), or only those of the
 * contestants in `only` (the prize winners): then each read starts from their rows (a flag about a
 * group — a shared network, a burst of registrations, identical answers — still reads that whole
 * group), and the answer patterns are built only for attempts scoring what one of theirs scored.
 */
export async function reviewIntegrity(db: Queryable, slug: string, settings: IntegritySettings, only: ReadonlySet<string> | null): Promise<IntegrityFlag[]> {
  if (only !== null && only.size === 0) return [];
  const ids = only === null ? null : [...only];
  const scores =
    ids === null
      ? null
      : (await all<{ score: number }>(db, `SELECT DISTINCT a.score FROM attempts a WHERE a.contestant_id = ANY($1::text[]) AND ${COUNTING}`, [ids])).map(
          (row) => row.score,
        );
  const findings = [
    ...(await fastAttempts(db, slug, settings, ids)),
    ...(await sharedNetworks(db, slug, settings, ids)),
    ...(await registrationBursts(db, slug, settings, ids)),
    ...(await scoreJumps(db, slug, settings, ids)),
    ...(scores === null || scores.length ? await identicalAnswers(db, slug, settings, scores) : []),
    ...(await predictionOnly(db, slug, settings, ids)),
  ].filter((finding) => only === null || only.has(finding.contestantId));
  return integrityFlags(findings, await contestantsOf(db, [...new Set(findings.map((f) => f.contestantId))]), settings);
}

/** Attempts of the contest (`a`), or of contestants `ids` (parameter `$n`). */
const ofContestants = (ids: string[] | null, n: number) => (ids === null ? '' : `AND a.contestant_id = ANY($${n}::text[])`);

async function fastAttempts(db: Queryable, slug: string, settings: IntegritySettings, ids: string[] | null): Promise<IntegrityFinding[]> {
  // Over the contest, the bound lets the duration index narrow the scan; the rule itself decides.
  const rows = await all<{ id: string; contestantId: string; score: number; total: number; durationMs: number }>(
    db,
    `SELECT a.id, a.contestant_id AS "contestantId", a.score, a.total, a.duration_ms AS "durationMs" FROM attempts a
     WHERE a.contest_slug = $1 ${ids === null ? 'AND a.duration_ms < a.total * $2::float8' : ofContestants(ids, 2)} AND ${COUNTING} AND a.auto_submitted = 0`,
    [slug, ids ?? settings.minSecondsPerQuestion * 1000],
  );
  return fastAttemptFindings(rows, settings);
}

async function sharedNetworks(db: Queryable, slug: string, settings: IntegritySettings, ids: string[] | null): Promise<IntegrityFinding[]> {
  const windowMs = settings.networkWindowMinutes * 60_000;
  const findings: IntegrityFinding[] = [];
  const sources = [
    { what: 'registrations', table: 'contestants', owner: 'id', at: 'created_at', id: 'NULL', threshold: settings.networkRegistrations },
    { what: 'attempts', table: 'attempts', owner: 'contestant_id', at: 'started_at', id: 'id', threshold: settings.networkAttempts },
  ] as const;
  for (const source of sources) {
    // In SQLite's (binary) order; narrowed, the networks these contestants used: each is read whole
    // below, and one of fewer rows than the threshold gives no burst.
    const networks =
      ids === null
        ? await all<{ network: string }>(
            db,
            `SELECT ip_network AS network FROM ${source.table} WHERE contest_slug = $1 AND ip_network IS NOT NULL
             GROUP BY ip_network HAVING COUNT(*) >= $2 ORDER BY ip_network COLLATE "C"`,
            [slug, source.threshold],
          )
        : await all<{ network: string }>(
            db,
            `SELECT DISTINCT ip_network COLLATE "C" AS network FROM ${source.table} WHERE ${source.owner} = ANY($1::text[]) AND contest_slug = $2 AND ip_network IS NOT NULL
             ORDER BY 1`,
            [ids, slug],
          );
    for (const { network } of networks) {
      const rows = await all<{ contestantId: string; attemptId: string | null; ip: string | null; at: string }>(
        db,
        `SELECT ${source.owner} AS "contestantId", ${source.id} AS "attemptId", ip, ${source.at} AS at
         FROM ${source.table} WHERE contest_slug = $1 AND ip_network = $2`,
        [slug, network],
      );
      findings.push(...sharedNetworkFindings(source.what, network, rows, source.threshold, windowMs));
    }
  }
  return findings;
}

/** Registrations purged of their phones and full names are left out: they would all look alike. */
async function registrationBursts(db: Queryable, slug: string, settings: IntegritySettings, ids: string[] | null): Promise<IntegrityFinding[]> {
  const windowMs = settings.burstWindowMinutes * 60_000;
  const keys = [
    { key: 'phone', expression: (t: string) => `${t}.phone`, threshold: settings.burstSamePhone },
    { key: 'name', expression: (t: string) => `${t}.full_name`, threshold: settings.burstSameName },
    { key: 'unitSource', expression: (t: string) => `${t}.unit_id || '|' || COALESCE(${t}.source, '')`, threshold: settings.burstSameUnitSource },
  ] as const;
  const findings: IntegrityFinding[] = [];
  for (const { key, expression, threshold } of keys) {
    // Narrowed, only the groups these contestants belong to (by the same expression, so the same groups).
    const groups = await all<{ members: [string, string][] }>(
      db,
      `SELECT json_agg(json_build_array(c.id, c.created_at) ORDER BY c.created_at, c.id) AS members
       FROM contestants c WHERE c.contest_slug = $1 AND c.id_number NOT LIKE 'purged:%'
         ${ids === null ? '' : `AND ${expression('c')} IN (SELECT ${expression('w')} FROM contestants w WHERE w.id = ANY($3::text[]))`}
       GROUP BY ${expression('c')} HAVING COUNT(*) >= $2`,
      ids === null ? [slug, threshold] : [slug, threshold, ids],
    );
    for (const group of groups) findings.push(...registrationBurstFindings(key, group.members, threshold, windowMs));
  }
  return findings;
}

async function scoreJumps(db: Queryable, slug: string, settings: IntegritySettings, ids: string[] | null): Promise<IntegrityFinding[]> {
  const rows = await all<{ id: string; contestantId: string; score: number; total: number; previousBestRatio: number | null }>(
    db,
    `SELECT a.id, a.contestant_id AS "contestantId", a.score, a.total,
       (SELECT MAX(p.score::float8 / p.total) FROM attempts p
        WHERE p.contestant_id = a.contestant_id AND p.status = 'submitted' AND p.total > 0 AND p.submitted_at < a.submitted_at) AS "previousBestRatio"
     FROM attempts a WHERE a.contest_slug = $1 ${ofContestants(ids, 2)} AND ${COUNTING} AND a.total > 0 AND a.score = a.total`,
    ids === null ? [slug] : [slug, ids],
  );
  return scoreJumpFindings(rows, settings);
}

/**
 * Attempts of different accounts with the same pattern (domain/integrity.ts `answerPattern`), of
 * the contest or among those scoring one of `scores` (identical answers score the same): built and
 * grouped in SQL, the groups in SQLite's (binary) order of their patterns.
 */
async function identicalAnswers(db: Queryable, slug: string, settings: IntegritySettings, scores: number[] | null): Promise<IntegrityFinding[]> {
  const rows = await all<{ answered: number; allCorrect: number; members: [string, string][] }>(
    db,
    `SELECT MIN(answered) AS answered, MIN(all_correct) AS "allCorrect", json_agg(json_build_array(id, contestant_id) ORDER BY id) AS members
     FROM (
       SELECT a.id, a.contestant_id, COUNT(*) AS answered, (a.score = COUNT(*))::int AS all_correct,
         string_agg(x.question_id || '=' || x.option_index, ',' ORDER BY x.question_id COLLATE "C") AS pattern
       FROM attempts a JOIN attempt_answers x ON x.attempt_id = a.id
       WHERE a.contest_slug = $1 AND ${COUNTING} AND ($2::bigint[] IS NULL OR a.score = ANY($2::bigint[]))
       GROUP BY a.id HAVING COUNT(*) >= $3
     ) per_attempt
     GROUP BY pattern HAVING COUNT(DISTINCT contestant_id) >= 2
     ORDER BY pattern COLLATE "C"`,
    [slug, scores, settings.identicalMinAnswers],
  );
  return identicalAnswerFindings(
    rows.map((row) => ({
      answered: row.answered,
      allCorrect: row.allCorrect === 1,
      members: row.members.map(([attemptId, contestantId]) => ({ attemptId, contestantId })),
    })),
  );
}

async function predictionOnly(db: Queryable, slug: string, settings: IntegritySettings, ids: string[] | null): Promise<IntegrityFinding[]> {
  // Answering at most n questions scores at most n: the score narrows the attempts whose answers are counted.
  const rows = await all<{ id: string; contestantId: string; answered: number; prediction: number | null }>(
    db,
    `SELECT a.id, a.contestant_id AS "contestantId", a.prediction,
       (SELECT COUNT(*) FROM attempt_answers x WHERE x.attempt_id = a.id) AS answered
     FROM attempts a WHERE a.contest_slug = $1 ${ofContestants(ids, 3)} AND ${COUNTING} AND a.auto_submitted = 0 AND a.score <= $2`,
    ids === null ? [slug, settings.predictionOnlyMaxAnswers] : [slug, settings.predictionOnlyMaxAnswers, ids],
  );
  return predictionOnlyFindings(rows, settings);
}

async function contestantsOf(db: Queryable, ids: string[]): Promise<Map<string, { fullName: string; unitName: string; countingAttemptIds: string[] }>> {
  if (ids.length === 0) return new Map();
  const rows = await all<{ id: string; fullName: string; unitName: string; attempts: string[] | null }>(
    db,
    `SELECT c.id, c.full_name AS "fullName", COALESCE(u.name, c.unit_id) AS "unitName",
       (SELECT array_agg(a.id) FROM attempts a WHERE a.contestant_id = c.id AND ${COUNTING}) AS attempts
     FROM contestants c LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id WHERE c.id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { fullName: r.fullName, unitName: r.unitName, countingAttemptIds: [...(r.attempts ?? [])].sort() }]));
}
