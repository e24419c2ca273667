import {
  fastAttemptFindings,
  identicalAnswerFindings,
  integrityFlags,
  predictionOnlyFindings,
  registrationBurstFindings,
  scoreJumpFindings,
  sharedNetworkFindings,
  type IntegrityFinding,
  type IntegrityFlag,
  type IntegritySettings,
} from '../../domain/integrity.js';
import { all, type Queryable } from './rows.js';

/** The attempts that count, of table alias `a` (db/integrity.ts). */
const COUNTING = `a.status = 'submitted' AND a.voided_at IS NULL`;

/**
 * The integrity review of some contestants of contest `slug` (the prize winners): db/integrity.ts
 * `reviewIntegrity` with `only`, the same reads narrowed to their rows (a flag about a group — a
 * shared network, a burst of registrations, identical answers — still reads that whole group),
 * turned into flags by the same domain rules.
 */
export async function reviewWinners(db: Queryable, slug: string, settings: IntegritySettings, only: ReadonlySet<string>): Promise<IntegrityFlag[]> {
  if (only.size === 0) return [];
  const ids = [...only];
  const scores = (
    await all<{ score: number }>(db, `SELECT DISTINCT a.score FROM attempts a WHERE a.contestant_id = ANY($1::text[]) AND ${COUNTING}`, [ids])
  ).map((row) => row.score);
  const findings = [
    ...(await fastAttempts(db, slug, settings, ids)),
    ...(await sharedNetworks(db, slug, settings, ids)),
    ...(await registrationBursts(db, slug, settings, ids)),
    ...(await scoreJumps(db, slug, settings, ids)),
    ...(scores.length ? await identicalAnswers(db, slug, settings, scores) : []),
    ...(await predictionOnly(db, slug, settings, ids)),
  ].filter((finding) => only.has(finding.contestantId));
  return integrityFlags(findings, await contestantsOf(db, [...new Set(findings.map((f) => f.contestantId))]), settings);
}

async function fastAttempts(db: Queryable, slug: string, settings: IntegritySettings, ids: string[]): Promise<IntegrityFinding[]> {
  const rows = await all<{ id: string; contestantId: string; score: number; total: number; durationMs: number }>(
    db,
    `SELECT a.id, a.contestant_id AS "contestantId", a.score, a.total, a.duration_ms AS "durationMs" FROM attempts a
     WHERE a.contest_slug = $1 AND a.contestant_id = ANY($2::text[]) AND ${COUNTING} AND a.auto_submitted = 0`,
    [slug, ids],
  );
  return fastAttemptFindings(rows, settings);
}

async function sharedNetworks(db: Queryable, slug: string, settings: IntegritySettings, ids: string[]): Promise<IntegrityFinding[]> {
  const windowMs = settings.networkWindowMinutes * 60_000;
  const findings: IntegrityFinding[] = [];
  const sources = [
    { what: 'registrations', table: 'contestants', owner: 'id', at: 'created_at', id: 'NULL', threshold: settings.networkRegistrations },
    { what: 'attempts', table: 'attempts', owner: 'contestant_id', at: 'started_at', id: 'id', threshold: settings.networkAttempts },
  ] as const;
  for (const source of sources) {
    // The networks these contestants used; each is read whole, and one of fewer rows than the threshold gives no burst.
    const networks = await all<{ network: string }>(
      db,
      `SELECT DISTINCT ip_network AS network FROM ${source.table} WHERE ${source.owner} = ANY($1::text[]) AND contest_slug = $2 AND ip_network IS NOT NULL ORDER BY 1`,
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
async function registrationBursts(db: Queryable, slug: string, settings: IntegritySettings, ids: string[]): Promise<IntegrityFinding[]> {
  const windowMs = settings.burstWindowMinutes * 60_000;
  const keys = [
    { key: 'phone', expression: (t: string) => `${t}.phone`, threshold: settings.burstSamePhone },
    { key: 'name', expression: (t: string) => `${t}.full_name`, threshold: settings.burstSameName },
    { key: 'unitSource', expression: (t: string) => `${t}.unit_id || '|' || COALESCE(${t}.source, '')`, threshold: settings.burstSameUnitSource },
  ] as const;
  const findings: IntegrityFinding[] = [];
  for (const { key, expression, threshold } of keys) {
    // Only the groups these contestants belong to (by the same expression, so the same groups).
    const groups = await all<{ members: [string, string][] }>(
      db,
      `SELECT json_agg(json_build_array(c.id, c.created_at) ORDER BY c.created_at, c.id) AS members
       FROM contestants c WHERE c.contest_slug = $1 AND c.id_number NOT LIKE 'purged:%'
         AND ${expression('c')} IN (SELECT ${expression('w')} FROM contestants w WHERE w.id = ANY($2::text[]))
       GROUP BY ${expression('c')} HAVING COUNT(*) >= $3`,
      [slug, ids, threshold],
    );
    for (const group of groups) findings.push(...registrationBurstFindings(key, group.members, threshold, windowMs));
  }
  return findings;
}

async function scoreJumps(db: Queryable, slug: string, settings: IntegritySettings, ids: string[]): Promise<IntegrityFinding[]> {
  const rows = await all<{ id: string; contestantId: string; score: number; total: number; previousBestRatio: number | null }>(
    db,
    `SELECT a.id, a.contestant_id AS "contestantId", a.score, a.total,
       (SELECT MAX(p.score::float8 / p.total) FROM attempts p
        WHERE p.contestant_id = a.contestant_id AND p.status = 'submitted' AND p.total > 0 AND p.submitted_at < a.submitted_at) AS "previousBestRatio"
     FROM attempts a WHERE a.contest_slug = $1 AND a.contestant_id = ANY($2::text[]) AND ${COUNTING} AND a.total > 0 AND a.score = a.total`,
    [slug, ids],
  );
  return scoreJumpFindings(rows, settings);
}

/**
 * Attempts of different accounts with the same pattern (domain/integrity.ts `answerPattern`), among
 * those scoring one of `scores` (identical answers score the same): built and grouped in SQL.
 */
async function identicalAnswers(db: Queryable, slug: string, settings: IntegritySettings, scores: number[]): Promise<IntegrityFinding[]> {
  const rows = await all<{ answered: number; allCorrect: number; members: [string, string][] }>(
    db,
    `SELECT MIN(answered) AS answered, MIN(all_correct) AS "allCorrect", json_agg(json_build_array(id, contestant_id) ORDER BY id) AS members
     FROM (
       SELECT a.id, a.contestant_id, COUNT(*) AS answered, (a.score = COUNT(*))::int AS all_correct,
         string_agg(x.question_id || '=' || x.option_index, ',' ORDER BY x.question_id) AS pattern
       FROM attempts a JOIN attempt_answers x ON x.attempt_id = a.id
       WHERE a.contest_slug = $1 AND ${COUNTING} AND a.score = ANY($2::bigint[])
       GROUP BY a.id HAVING COUNT(*) >= $3
     ) per_attempt
     GROUP BY pattern HAVING COUNT(DISTINCT contestant_id) >= 2`,
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

async function predictionOnly(db: Queryable, slug: string, settings: IntegritySettings, ids: string[]): Promise<IntegrityFinding[]> {
  // Answering at most n questions scores at most n: the score narrows the attempts whose answers are counted.
  const rows = await all<{ id: string; contestantId: string; answered: number; prediction: number | null }>(
    db,
    `SELECT a.id, a.contestant_id AS "contestantId", a.prediction,
       (SELECT COUNT(*) FROM attempt_answers x WHERE x.attempt_id = a.id) AS answered
     FROM attempts a WHERE a.contest_slug = $1 AND a.contestant_id = ANY($2::text[]) AND ${COUNTING} AND a.auto_submitted = 0 AND a.score <= $3`,
    [slug, ids, settings.predictionOnlyMaxAnswers],
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
