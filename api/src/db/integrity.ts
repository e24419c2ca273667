/**
 * The integrity review's data: network data recorded with registrations and attempts (and purged
 * after the contest's retention date), and the grouped reads the review's flags are built from.
 * Each read is one aggregate over an index of the contest; the rules are in domain/integrity.ts.
 */
import {
  fastAttemptFindings,
  identicalAnswerFindings,
  integrityFlags,
  networkDataRetentionUntil,
  networkOf,
  predictionOnlyFindings,
  registrationBurstFindings,
  scoreJumpFindings,
  sharedNetworkFindings,
  truncateUserAgent,
  type IntegrityFinding as Finding,
  type IntegrityFlag,
  type IntegritySettings,
} from '../domain/integrity.js';
import { recordAudit } from './admin.js';
import { sql, type Db } from './connection.js';
import { getContest, listContests } from './contests.js';

/** Where a request came from: the client's address and its browser's user agent. */
export interface NetworkData {
  ip: string | null;
  userAgent: string | null;
}

export function networkData(ip: string | null | undefined, userAgent: string | null | undefined): NetworkData {
  return { ip: ip && ip !== 'local' ? ip.slice(0, 64) : null, userAgent: truncateUserAgent(userAgent) };
}

/** Records a new registration's network data; the caller runs it in the registration's transaction. */
export function recordContestantNetwork(db: Db, contestantId: string, network: NetworkData | null): void {
  if (!network || (!network.ip && !network.userAgent)) return;
  sql(db, 'UPDATE contestants SET ip = ?, ip_network = ?, user_agent = ? WHERE id = ?').run(
    network.ip,
    network.ip ? networkOf(network.ip) : null,
    network.userAgent,
    contestantId,
  );
}

/** Records a new attempt's network data; the caller runs it in the attempt's transaction. */
export function recordAttemptNetwork(db: Db, attemptId: string, network: NetworkData | null): void {
  if (!network || (!network.ip && !network.userAgent)) return;
  sql(db, 'UPDATE attempts SET ip = ?, ip_network = ?, user_agent = ? WHERE id = ?').run(
    network.ip,
    network.ip ? networkOf(network.ip) : null,
    network.userAgent,
    attemptId,
  );
}

export interface NetworkDataCounts {
  contestants: number;
  attempts: number;
}

/** How many registrations and attempts of a contest still hold network data. */
export function networkDataCounts(db: Db, slug: string): NetworkDataCounts {
  const count = (table: 'contestants' | 'attempts') =>
    sql<[string], number>(
      db,
      `SELECT COUNT(*) FROM ${table} WHERE contest_slug = ? AND (ip IS NOT NULL OR ip_network IS NOT NULL OR user_agent IS NOT NULL)`,
    )
      .pluck()
      .get(slug)!;
  return { contestants: count('contestants'), attempts: count('attempts') };
}

/** Erases a contest's network data (addresses and user agents) in one transaction; answers what was erased. */
export function purgeNetworkData(db: Db, slug: string): NetworkDataCounts {
  return db.transaction(() => {
    const erase = (table: 'contestants' | 'attempts') =>
      sql(
        db,
        `UPDATE ${table} SET ip = NULL, ip_network = NULL, user_agent = NULL
         WHERE contest_slug = ? AND (ip IS NOT NULL OR ip_network IS NOT NULL OR user_agent IS NOT NULL)`,
      ).run(slug).changes;
    return { contestants: erase('contestants'), attempts: erase('attempts') };
  })();
}

export type { IntegrityFlag };

/** The attempts that count, of table alias `a`. */
const COUNTING = `a.status = 'submitted' AND a.voided_at IS NULL`;

/**
 * Every flag of a contest, by kind (in FLAG_KINDS order), the members of one group of identical
 * answers together, then by name; or only those of the contestants in `only` (the prize winners): then
 * the answer patterns, the review's one read of every saved answer, are built only for attempts
 * scoring what one of theirs scored, since identical answers score the same.
 */
export function reviewIntegrity(db: Db, slug: string, settings: IntegritySettings, only?: ReadonlySet<string>): IntegrityFlag[] {
  // Narrowed (the prize path: a few dozen winners), each read starts from those contestants' rows
  // instead of aggregating the whole contest: at 100,000 attempts the whole review took 1.2 s of
  // every prize computation, growing with the contest. A flag about a group (a shared network, a
  // burst of registrations, identical answers) still reads that whole group.
  const narrowed = only ? JSON.stringify([...only]) : null;
  const scores = only ? countingScores(db, [...only]) : null;
  const findings = [
    ...fastAttempts(db, slug, settings, narrowed),
    ...sharedNetworks(db, slug, settings, narrowed),
    ...registrationBursts(db, slug, settings, narrowed),
    ...scoreJumps(db, slug, settings, narrowed),
    ...(scores === null || scores.length ? identicalAnswers(db, slug, settings, scores) : []),
    ...predictionOnly(db, slug, settings, narrowed),
  ];
  return flagsFrom(db, only ? findings.filter((f) => only.has(f.contestantId)) : findings, settings);
}

/**
 * The attempts a per-attempt read looks at: the contest's (`a` over the contest), or, narrowed to
 * some contestants (a JSON array, the first parameter), theirs by the contestant index.
 */
const attemptsOf = (narrowed: string | null) =>
  narrowed === null ? 'attempts a WHERE a.contest_slug = @slug' : 'json_each(@only) j CROSS JOIN attempts a ON a.contestant_id = j.value WHERE a.contest_slug = @slug';

function countingScores(db: Db, contestantIds: string[]): number[] {
  return sql<[string], number>(
    db,
    `SELECT DISTINCT a.score FROM json_each(?) j JOIN attempts a ON a.contestant_id = j.value WHERE ${COUNTING}`,
  )
    .pluck()
    .all(JSON.stringify(contestantIds));
}

function fastAttempts(db: Db, slug: string, settings: IntegritySettings, narrowed: string | null): Finding[] {
  const perQuestionMs = settings.minSecondsPerQuestion * 1000;
  // Over the contest, a range bound lets the duration index narrow the scan (the longest attempt
  // bounds it); narrowed, the contestant index does, and a bound would tempt the planner back to the
  // duration index over the whole contest. The rule itself decides.
  const parameters =
    narrowed === null
      ? {
          slug,
          below: (sql<[string], number | null>(db, `SELECT MAX(total) FROM attempts a WHERE contest_slug = ? AND ${COUNTING}`).pluck().get(slug) ?? 0) * perQuestionMs,
          perQuestionMs,
        }
      : { slug, only: narrowed };
  const rows = sql<Record<string, unknown>, { id: string; contestantId: string; score: number; total: number; durationMs: number }>(
    db,
    `SELECT a.id, a.contestant_id AS contestantId, a.score, a.total, a.duration_ms AS durationMs FROM ${attemptsOf(narrowed)}
     AND ${COUNTING} ${narrowed === null ? 'AND a.duration_ms < @below AND a.duration_ms < a.total * @perQuestionMs' : ''} AND a.auto_submitted = 0`,
  ).all(parameters);
  return fastAttemptFindings(rows, settings);
}

function sharedNetworks(db: Db, slug: string, settings: IntegritySettings, narrowed: string | null): Finding[] {
  const windowMs = settings.networkWindowMinutes * 60_000;
  const findings: Finding[] = [];
  const sources = [
    { what: 'registrations', table: 'contestants', at: 'created_at', id: 'NULL', threshold: settings.networkRegistrations },
    { what: 'attempts', table: 'attempts', at: 'started_at', id: 'id', threshold: settings.networkAttempts },
  ] as const;
  for (const source of sources) {
    const owner = source.table === 'contestants' ? 'id' : 'contestant_id';
    const networks =
      narrowed === null
        ? sql<[string, number], string>(
            db,
            `SELECT ip_network FROM ${source.table} WHERE contest_slug = ? AND ip_network IS NOT NULL GROUP BY ip_network HAVING COUNT(*) >= ?`,
          )
            .pluck()
            .all(slug, source.threshold)
        : // The networks these contestants used; each is read whole below, and one of fewer rows than the threshold gives no burst.
          sql<[string, string], string>(
            db,
            `SELECT DISTINCT t.ip_network FROM json_each(?) j CROSS JOIN ${source.table} t ON t.${owner} = j.value
             WHERE t.contest_slug = ? AND t.ip_network IS NOT NULL ORDER BY t.ip_network`,
          )
            .pluck()
            .all(narrowed, slug);
    const members = sql<[string, string], { contestantId: string; attemptId: string | null; ip: string | null; at: string }>(
      db,
      `SELECT ${source.table === 'contestants' ? 'id' : 'contestant_id'} AS contestantId, ${source.id} AS attemptId, ip, ${source.at} AS at
       FROM ${source.table} WHERE contest_slug = ? AND ip_network = ?`,
    );
    for (const network of networks) findings.push(...sharedNetworkFindings(source.what, network, members.all(slug, network), source.threshold, windowMs));
  }
  return findings;
}

/** Registrations purged of their phones and full names (db/personal-data.ts) are left out: they would all look alike. */
function registrationBursts(db: Db, slug: string, settings: IntegritySettings, narrowed: string | null): Finding[] {
  const windowMs = settings.burstWindowMinutes * 60_000;
  const keys = [
    { key: 'phone', expression: 'phone', threshold: settings.burstSamePhone },
    { key: 'name', expression: 'full_name', threshold: settings.burstSameName },
    { key: 'unitSource', expression: `unit_id || '|' || IFNULL(source, '')`, threshold: settings.burstSameUnitSource },
  ] as const;
  const findings: Finding[] = [];
  for (const { key, expression, threshold } of keys) {
    // Narrowed, only the groups these contestants belong to (by the same expression, so the same groups).
    const groups = sql<Record<string, unknown>, { value: string; members: string }>(
      db,
      `SELECT ${expression} AS value, json_group_array(json_array(id, created_at)) AS members
       FROM contestants WHERE contest_slug = @slug AND id_number NOT LIKE 'purged:%'
       ${narrowed === null ? '' : `AND ${expression} IN (SELECT ${expression} FROM json_each(@only) j JOIN contestants w ON w.id = j.value)`}
       GROUP BY ${expression} HAVING COUNT(*) >= @threshold`,
    ).all({ slug, threshold, ...(narrowed === null ? {} : { only: narrowed }) });
    for (const group of groups) findings.push(...registrationBurstFindings(key, JSON.parse(group.members) as [string, string][], threshold, windowMs));
  }
  return findings;
}

function scoreJumps(db: Db, slug: string, settings: IntegritySettings, narrowed: string | null): Finding[] {
  const rows = sql<Record<string, unknown>, { id: string; contestantId: string; score: number; total: number; previousBestRatio: number | null }>(
    db,
    `SELECT a.id, a.contestant_id AS contestantId, a.score, a.total,
       (SELECT MAX(CAST(p.score AS REAL) / p.total) FROM attempts p
        WHERE p.contestant_id = a.contestant_id AND p.status = 'submitted' AND p.total > 0 AND p.submitted_at < a.submitted_at) AS previousBestRatio
     FROM ${attemptsOf(narrowed)} AND ${COUNTING} AND a.total > 0 AND a.score = a.total`,
  ).all({ slug, ...(narrowed === null ? {} : { only: narrowed }) });
  return scoreJumpFindings(rows, settings);
}

/**
 * Attempts of different accounts with the same pattern (domain/integrity.ts `answerPattern`): built
 * and grouped in SQL so that the patterns of millions of attempts never sit in memory at once.
 */
export function identicalAnswerRows(db: Db, slug: string, minAnswers: number, scores: readonly number[] | null = null) {
  return sql<[string, string | null, string | null, number], { pattern: string; answered: number; allCorrect: number; members: string }>(
    db,
    `SELECT pattern, MIN(answered) AS answered, MIN(all_correct) AS allCorrect, json_group_array(json_array(id, contestant_id)) AS members
     FROM (
       SELECT a.id, a.contestant_id, COUNT(*) AS answered, a.score = COUNT(*) AS all_correct,
         group_concat(x.question_id || '=' || x.option_index, ',' ORDER BY x.question_id) AS pattern
       FROM attempts a JOIN attempt_answers x ON x.attempt_id = a.id
       WHERE a.contest_slug = ? AND ${COUNTING} AND (? IS NULL OR a.score IN (SELECT value FROM json_each(?)))
       GROUP BY a.id HAVING COUNT(*) >= ?
     )
     GROUP BY pattern HAVING COUNT(DISTINCT contestant_id) >= 2`,
  )
    .all(slug, scores && JSON.stringify(scores), scores && JSON.stringify(scores), minAnswers)
    .map((row) => ({
      pattern: row.pattern,
      answered: row.answered,
      allCorrect: row.allCorrect === 1,
      members: (JSON.parse(row.members) as [string, string][]).map(([attemptId, contestantId]) => ({ attemptId, contestantId })),
    }));
}

function identicalAnswers(db: Db, slug: string, settings: IntegritySettings, scores: readonly number[] | null): Finding[] {
  return identicalAnswerFindings(identicalAnswerRows(db, slug, settings.identicalMinAnswers, scores));
}

function predictionOnly(db: Db, slug: string, settings: IntegritySettings, narrowed: string | null): Finding[] {
  // Answering at most n questions scores at most n: the score narrows the attempts whose answers are counted.
  const rows = sql<Record<string, unknown>, { id: string; contestantId: string; answered: number; prediction: number | null }>(
    db,
    `SELECT a.id, a.contestant_id AS contestantId, a.prediction,
       (SELECT COUNT(*) FROM attempt_answers x WHERE x.attempt_id = a.id) AS answered
     FROM ${attemptsOf(narrowed)} AND ${COUNTING} AND a.auto_submitted = 0 AND a.score <= @most`,
  ).all({ slug, most: settings.predictionOnlyMaxAnswers, ...(narrowed === null ? {} : { only: narrowed }) });
  return predictionOnlyFindings(rows, settings);
}

/** One flag per kind and contestant, with the contestant's name, unit and attempts. */
function flagsFrom(db: Db, findings: Finding[], settings: IntegritySettings): IntegrityFlag[] {
  return integrityFlags(findings, contestantsOf(db, [...new Set(findings.map((f) => f.contestantId))]), settings);
}

function contestantsOf(db: Db, ids: string[]): Map<string, { fullName: string; unitName: string; countingAttemptIds: string[] }> {
  if (ids.length === 0) return new Map();
  const rows = sql<[string], { id: string; fullName: string; unitName: string; attempts: string }>(
    db,
    `SELECT c.id, c.full_name AS fullName, IFNULL(u.name, c.unit_id) AS unitName,
       (SELECT json_group_array(a.id) FROM attempts a WHERE a.contestant_id = c.id AND ${COUNTING}) AS attempts
     FROM json_each(?) j JOIN contestants c ON c.id = j.value
     LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id`,
  ).all(JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, { fullName: r.fullName, unitName: r.unitName, countingAttemptIds: (JSON.parse(r.attempts) as string[]).sort() }]));
}

/** Of `attemptIds`, those that are not attempts of the contest. */
export function unknownAttempts(db: Db, slug: string, attemptIds: readonly string[]): string[] {
  const known = new Set(
    sql<[string, string], string>(db, 'SELECT a.id FROM json_each(?) j JOIN attempts a ON a.id = j.value WHERE a.contest_slug = ?')
      .pluck()
      .all(JSON.stringify(attemptIds), slug),
  );
  return attemptIds.filter((id) => !known.has(id));
}

export interface NetworkPurge extends NetworkDataCounts {
  slug: string;
  retentionUntil: string;
  /** False while the contest's retention date has not come: nothing of it is erased. */
  due: boolean;
}

/**
 * Erases the network data of every contest (or of `slug`) past its retention date; with `dryRun`
 * only counts. Each contest's erasure and its audit entry are one transaction.
 */
export function purgeExpiredNetworkData(db: Db, options: { slug?: string; now: Date; dryRun: boolean; actor: string }): NetworkPurge[] {
  const contests = options.slug ? [getContest(db, options.slug)].filter((c) => c !== null) : listContests(db);
  return contests.map((contest) => {
    const until = networkDataRetentionUntil(contest);
    const due = until.getTime() <= options.now.getTime();
    const base = { slug: contest.slug, retentionUntil: until.toISOString(), due };
    if (!due) return { ...base, contestants: 0, attempts: 0 };
    if (options.dryRun) return { ...base, ...networkDataCounts(db, contest.slug) };
    return db.transaction(() => {
      const erased = purgeNetworkData(db, contest.slug);
      if (erased.contestants + erased.attempts > 0) {
        recordAudit(db, { at: options.now.toISOString(), actor: options.actor, action: 'networkData.purge', target: contest.slug, detail: erased });
      }
      return { ...base, ...erased };
    })();
  });
}
