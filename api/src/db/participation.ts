import {
  contendingAttempts,
  DEFAULT_RANKING_ORDER,
  leadCriterion,
  standingPosition,
  withFirstPrediction,
  type RankableAttempt,
  type RankingCriterion,
} from '../domain/ranking.js';
import { vietnamDay } from '../domain/contest.js';
import { sql, type Db } from './connection.js';
import { COUNTING } from './rankings.js';

/**
 * Maintained participation figures, so public counters, unit tables, rankings and statistics never
 * scan attempts (decisions 0008 and 0011):
 * - `participation`: per contestant, counting attempts, best score, whether one was perfect, and
 *   `figures` — how their counting attempts split by occupation, source site, Vietnam day, score…;
 * - `unit_participation`: their sums per unit the contestant registered with;
 * - `contest_figures`: per contest the sums of `figures` (participants and attempts per key);
 * - `standings`: each participant's contending attempts under the contest's ranking order
 *   (domain/ranking.ts `contendingAttempts`), which rankings walk through an index.
 * Every write that can change what counts (a submission, a time-out, a void, the exclusion list, the
 * ranking order) refreshes the contestants it touches, in the same transaction.
 */
export const PARTICIPATION_TABLES = `
  CREATE TABLE participation (
    contestant_id TEXT PRIMARY KEY REFERENCES contestants(id),
    contest_slug TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    best_score INTEGER NOT NULL,
    perfect INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE unit_participation (
    contest_slug TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    participants INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    best_score_sum INTEGER NOT NULL,
    perfect_participants INTEGER NOT NULL,
    PRIMARY KEY (contest_slug, unit_id)
  ) STRICT, WITHOUT ROWID;
`;

/**
 * Migration 5 (decision 0011), then `rebuildParticipation` adds STANDINGS_ACCESS. `figure_versions` moves whenever something a leaderboard shows may
 * have changed — triggers, so that no write path can forget it and another process sees it too.
 */
export const STANDINGS_TABLES = `
  ALTER TABLE participation ADD COLUMN figures TEXT NOT NULL DEFAULT '{}';
  CREATE TABLE standings (
    attempt_id TEXT PRIMARY KEY,
    contestant_id TEXT NOT NULL,
    contest_slug TEXT NOT NULL,
    score INTEGER NOT NULL,
    total INTEGER NOT NULL,
    prediction INTEGER,
    duration_ms INTEGER NOT NULL,
    submitted_at TEXT NOT NULL,
    block INTEGER NOT NULL,
    lead INTEGER,
    -- 1 when the contestant has several contenders; 1 when this row counts in standing_counts.
    multi INTEGER NOT NULL,
    counted INTEGER NOT NULL,
    -- With the prediction as lead: the contestant's next higher contending prediction, if any.
    next_lead INTEGER
  ) STRICT;
  -- How many counted standings fall in each bucket of lead values (lead >> 8, >> 16, … >> 40), per
  -- block: a rank adds a few hundred bucket rows instead of counting a block row by row.
  CREATE TABLE standing_counts (
    contest_slug TEXT NOT NULL,
    block INTEGER NOT NULL,
    level INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    PRIMARY KEY (contest_slug, block, level, bucket)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE standing_orders (
    contest_slug TEXT PRIMARY KEY,
    ranking_order TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE contest_figures (
    contest_slug TEXT NOT NULL,
    dimension TEXT NOT NULL,
    key TEXT NOT NULL,
    participants INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    PRIMARY KEY (contest_slug, dimension, key)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX attempts_voided ON attempts(contest_slug) WHERE voided_at IS NOT NULL;

  CREATE TABLE figure_versions (contest_slug TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT, WITHOUT ROWID;
  CREATE TRIGGER contest_changed AFTER UPDATE ON contests BEGIN
    INSERT INTO figure_versions VALUES (NEW.slug, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER units_added AFTER INSERT ON units BEGIN
    INSERT INTO figure_versions VALUES (NEW.contest_slug, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER units_removed AFTER DELETE ON units BEGIN
    INSERT INTO figure_versions VALUES (OLD.contest_slug, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER units_changed AFTER UPDATE ON units BEGIN
    INSERT INTO figure_versions VALUES (NEW.contest_slug, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER contestant_changed AFTER UPDATE OF full_name, unit_id, birth_date ON contestants BEGIN
    INSERT INTO figure_versions VALUES (NEW.contest_slug, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER contestant_registered AFTER INSERT ON contestants BEGIN
    INSERT INTO contest_figures VALUES (NEW.contest_slug, 'registered', '', 1, 0)
      ON CONFLICT DO UPDATE SET participants = participants + 1; END;
  CREATE TRIGGER contestant_removed AFTER DELETE ON contestants BEGIN
    UPDATE contest_figures SET participants = participants - 1
      WHERE contest_slug = OLD.contest_slug AND dimension = 'registered' AND key = ''; END;
`;

/** Bucket levels of `standing_counts`: lead >> 8, >> 16, … >> 40. */
const BUCKET_LEVELS = '(VALUES (1), (2), (3), (4), (5))';

/**
 * Covers every ranking criterion and what the ranking export lists of an attempt, so ties on a lead
 * value are counted, and a score block sorted for the export (db/rankings.ts), from the index alone.
 */
export const STANDINGS_BY_LEAD = `CREATE INDEX standings_by_lead
  ON standings(contest_slug, block, lead, multi, score, prediction, duration_ms, submitted_at, attempt_id, contestant_id, total)`;

/**
 * The indexes and triggers of `standings`. `rebuildParticipation` drops them, bulk-loads and
 * recreates them (building an index once beats maintaining it row by row), so they live here once.
 */
const STANDINGS_ACCESS = `
  CREATE INDEX standings_by_contestant ON standings(contestant_id);
  CREATE INDEX standings_in_order ON standings(contest_slug, score DESC, prediction);
  ${STANDINGS_BY_LEAD};
  CREATE INDEX standings_gaps ON standings(contest_slug, block, lead, next_lead) WHERE next_lead IS NOT NULL;
  CREATE TRIGGER standings_counted AFTER INSERT ON standings WHEN NEW.counted = 1 AND NEW.lead IS NOT NULL BEGIN
    INSERT INTO standing_counts SELECT NEW.contest_slug, NEW.block, column1, NEW.lead >> (8 * column1), 1
      FROM ${BUCKET_LEVELS} WHERE true
      ON CONFLICT DO UPDATE SET rows = rows + 1; END;
  CREATE TRIGGER standings_uncounted AFTER DELETE ON standings WHEN OLD.counted = 1 AND OLD.lead IS NOT NULL BEGIN
    UPDATE standing_counts SET rows = rows - 1 WHERE contest_slug = OLD.contest_slug AND block = OLD.block
      AND level BETWEEN 1 AND 5 AND bucket = OLD.lead >> (8 * level); END;
  CREATE TRIGGER standings_added AFTER INSERT ON standings BEGIN
    INSERT INTO figure_versions VALUES (NEW.contest_slug, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER standings_removed AFTER DELETE ON standings BEGIN
    INSERT INTO figure_versions VALUES (OLD.contest_slug, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
`;

/** Dimension → key → counting attempts of one contestant; a key present means they took part there. */
export type Figures = Record<string, Record<string, number>>;

export interface CountingAttempt extends RankableAttempt {
  total: number;
  source: string;
}

/** What the figures need of a contestant. */
export type ParticipantOf = Contestant;

interface Contestant {
  slug: string;
  unitId: string;
  occupation: string;
}

/** What one contestant contributes to every maintained figure. */
export interface Summary {
  attempts: number;
  best: number;
  perfect: number;
  figures: Figures;
  contenders: CountingAttempt[];
}

const COUNTING_ATTEMPT_COLUMNS = `a.id AS attemptId, a.contestant_id AS contestantId, a.score, a.total, a.prediction,
  a.duration_ms AS durationMs, a.submitted_at AS submittedAt, COALESCE(a.source, c.source, '') AS source`;

function add(figures: Figures, dimension: string, key: string | number): void {
  const keys = (figures[dimension] ??= {});
  keys[key] = (keys[key] ?? 0) + 1;
}

export function summarise(contestant: Contestant, attempts: readonly CountingAttempt[], order: readonly RankingCriterion[]): Summary {
  const figures: Figures = {};
  let best = 0;
  let perfect = 0;
  for (const a of attempts) {
    best = Math.max(best, a.score);
    add(figures, 'occupation', contestant.occupation);
    add(figures, 'source', a.source);
    add(figures, 'day', vietnamDay(a.submittedAt));
    add(figures, 'score', a.score);
    if (a.score === a.total) {
      perfect = 1;
      add(figures, 'perfect', '');
    }
  }
  // Participants by best score: the blocks a provisional rank counts above a person (db/rankings.ts).
  if (attempts.length > 0) figures.bestScore = { [best]: attempts.length };
  return { attempts: attempts.length, best, perfect, figures, contenders: contendersOf(attempts, order) };
}

/** A contestant's contending attempts, each carrying the prediction of their first submission. */
function contendersOf(attempts: readonly CountingAttempt[], order: readonly RankingCriterion[]): CountingAttempt[] {
  return contendingAttempts(withFirstPrediction(attempts), order);
}

export const NOTHING: Summary = { attempts: 0, best: 0, perfect: 0, figures: {}, contenders: [] };

/** Parsed ranking orders by their JSON text: every submission asks, and the orders are few. */
const parsedOrders = new Map<string, readonly RankingCriterion[]>();

/** The ranking order a contest's standings are kept in. */
function rankingOrderOf(db: Db, slug: string): RankingCriterion[] {
  const row = sql<[string], { rankingOrder: string | null }>(db, `SELECT json_extract(settings, '$.rankingOrder') AS rankingOrder FROM contests WHERE slug = ?`).get(slug);
  if (!row?.rankingOrder) return [...DEFAULT_RANKING_ORDER];
  let order = parsedOrders.get(row.rankingOrder);
  if (!order) {
    if (parsedOrders.size > 100) parsedOrders.clear();
    parsedOrders.set(row.rankingOrder, (order = Object.freeze(JSON.parse(row.rankingOrder) as RankingCriterion[])));
  }
  return [...order];
}

/**
 * What a contestant's new summary changes in the maintained tables, as plain values, so every store
 * writes the same difference (the PostgreSQL store too, store/postgres/participation.ts):
 * - `unit`: the deltas of their unit's row of `unit_participation`;
 * - `figures`: the changed keys of `contest_figures` as [dimension, key, participants, attempts];
 * - `standings`: their new standings rows when they changed (delete theirs, insert these), else null.
 */
export interface SummaryChanges {
  unit: { participants: number; attempts: number; best: number; perfect: number };
  figures: [dimension: string, key: string, participants: number, attempts: number][];
  standings: StandingRow[] | null;
}

export function summaryChanges(contestant: ParticipantOf, order: readonly RankingCriterion[], old: Summary, current: Summary): SummaryChanges {
  const counts = (s: Summary) => (s.attempts > 0 ? 1 : 0);
  const unit = {
    participants: counts(current) - counts(old),
    attempts: current.attempts - old.attempts,
    best: current.best - old.best,
    perfect: current.perfect - old.perfect,
  };
  const figures: SummaryChanges['figures'] = [];
  for (const dimension of new Set([...Object.keys(old.figures), ...Object.keys(current.figures)])) {
    const before = old.figures[dimension] ?? {};
    const after = current.figures[dimension] ?? {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const participants = (key in after ? 1 : 0) - (key in before ? 1 : 0);
      const attempts = (after[key] ?? 0) - (before[key] ?? 0);
      if (participants !== 0 || attempts !== 0) figures.push([dimension, key, participants, attempts]);
    }
  }
  // Kept unless an attempt, its counted prediction or its score changed (voiding a first attempt
  // moves the prediction of the attempt that stays best; a regrade moves scores, db/regrade.ts).
  const before = new Map(old.contenders.map((a) => [a.attemptId, a]));
  const kept = (a: CountingAttempt) => before.get(a.attemptId)?.prediction === a.prediction && before.get(a.attemptId)?.score === a.score;
  const unchanged = current.contenders.length === before.size && current.contenders.every(kept);
  return { unit, figures, standings: unchanged ? null : standingRows(contestant.slug, order, current.contenders) };
}

/** Writes the difference between a contestant's old and new summary into every maintained table. */
function applySummary(db: Db, id: string, contestant: Contestant, order: readonly RankingCriterion[], old: Summary, current: Summary): void {
  const changes = summaryChanges(contestant, order, old, current);
  sql(
    db,
    `INSERT INTO unit_participation (contest_slug, unit_id, participants, attempts, best_score_sum, perfect_participants)
     VALUES (@slug, @unitId, @participants, @attempts, @best, @perfect)
     ON CONFLICT (contest_slug, unit_id) DO UPDATE SET participants = participants + @participants,
       attempts = attempts + @attempts, best_score_sum = best_score_sum + @best, perfect_participants = perfect_participants + @perfect`,
  ).run({ slug: contestant.slug, unitId: contestant.unitId, ...changes.unit });
  // One statement for every changed key (a submission changes five or six).
  if (changes.figures.length > 0) {
    sql(
      db,
      `INSERT INTO contest_figures (contest_slug, dimension, key, participants, attempts) VALUES ${changes.figures.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT DO UPDATE SET participants = participants + excluded.participants, attempts = attempts + excluded.attempts`,
    ).run(changes.figures.flatMap((change) => [contestant.slug, ...change]));
  }
  if (current.attempts > 0) {
    sql(
      db,
      `INSERT INTO participation (contestant_id, contest_slug, unit_id, attempts, best_score, perfect, figures) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (contestant_id) DO UPDATE SET attempts = excluded.attempts, best_score = excluded.best_score,
         perfect = excluded.perfect, figures = excluded.figures`,
    ).run(id, contestant.slug, contestant.unitId, current.attempts, current.best, current.perfect, JSON.stringify(current.figures));
  } else {
    sql(db, 'DELETE FROM participation WHERE contestant_id = ?').run(id);
  }
  if (changes.standings === null) return;
  sql(db, 'DELETE FROM standings WHERE contestant_id = ?').run(id);
  insertStandings(db, changes.standings);
}

/** The columns of `standings`, in the order of `StandingRow`. */
export const STANDING_ROW_COLUMNS =
  'attempt_id, contestant_id, contest_slug, score, total, prediction, duration_ms, submitted_at, block, lead, multi, counted, next_lead';

/** One row of `standings`, its values in the order of STANDING_ROW_COLUMNS. */
export type StandingRow = [
  attemptId: string,
  contestantId: string,
  slug: string,
  score: number,
  total: number,
  prediction: number | null,
  durationMs: number,
  submittedAt: string,
  block: number,
  lead: number | null,
  multi: number,
  counted: number,
  nextLead: number | null,
];

function insertStandings(db: Db, rows: readonly StandingRow[]): void {
  const insert = sql(db, `INSERT INTO standings (${STANDING_ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const row of rows) insert.run(row);
}

/** Writes a contestant's contenders. */
function addStandings(db: Db, slug: string, order: readonly RankingCriterion[], contenders: readonly CountingAttempt[]): void {
  insertStandings(db, standingRows(slug, order, contenders));
}

/** A contestant's contenders as rows of `standings`; `counted` as db/rankings.ts `contestantRank` counts them. */
export function standingRows(slug: string, order: readonly RankingCriterion[], contenders: readonly CountingAttempt[]): StandingRow[] {
  // Contenders share every criterion before the prediction: unless the lead is the prediction, one
  // row per contestant is enough for the bucket counts.
  const countAll = leadCriterion(order) === 'prediction';
  const positions = contenders.map((a) => standingPosition(order, a));
  const leads = positions.map((p) => p.lead).filter((lead) => lead !== null).sort((x, y) => x - y);
  return contenders.map((a, index): StandingRow => {
    const { block, lead } = positions[index]!;
    const multi = contenders.length > 1 ? 1 : 0;
    // Several contending predictions of one person sit in one block; each gap to the next one lets
    // a rank subtract the person counted twice (db/rankings.ts `contestantRank`).
    const next = countAll && multi && lead !== null ? (leads.find((other) => other > lead) ?? null) : null;
    return [a.attemptId, a.contestantId, slug, a.score, a.total, a.prediction, a.durationMs, a.submittedAt, block, lead, multi, countAll || index === 0 ? 1 : 0, next];
  });
}

/** Recomputes the figures of some contestants and applies the difference to every maintained table. */
export function refreshParticipation(db: Db, contestantIds: Iterable<string>): void {
  const contestantOf = sql<[string], Contestant>(db, 'SELECT contest_slug AS slug, unit_id AS unitId, occupation FROM contestants WHERE id = ?');
  const countingOf = sql<[string], CountingAttempt>(
    db,
    `SELECT ${COUNTING_ATTEMPT_COLUMNS} FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.contestant_id = ? AND ${COUNTING}`,
  );
  const before = sql<[string], { attempts: number; best: number; perfect: number; figures: string }>(
    db,
    'SELECT attempts, best_score AS best, perfect, figures FROM participation WHERE contestant_id = ?',
  );
  const standingsOf = sql<[string], { attemptId: string; prediction: number | null; score: number }>(
    db,
    'SELECT attempt_id AS attemptId, prediction, score FROM standings WHERE contestant_id = ?',
  );
  db.transaction(() => {
    const orders = new Map<string, RankingCriterion[]>();
    for (const id of new Set(contestantIds)) {
      const contestant = contestantOf.get(id);
      if (!contestant) continue;
      if (!orders.has(contestant.slug)) orders.set(contestant.slug, rankingOrderOf(db, contestant.slug));
      const current = summarise(contestant, countingOf.all(id), orders.get(contestant.slug)!);
      const row = before.get(id);
      const old: Summary = row
        ? { ...row, figures: JSON.parse(row.figures) as Figures, contenders: standingsOf.all(id) as CountingAttempt[] }
        : { ...NOTHING, contenders: standingsOf.all(id) as CountingAttempt[] };
      applySummary(db, id, contestant, orders.get(contestant.slug)!, old, current);
    }
  })();
}

/**
 * Rebuilds the standings of one contest after its ranking order changed (contenders depend on the
 * order; the other figures do not). A no-op when they are already kept in that order.
 */
export function rebuildStandings(db: Db, slug: string): void {
  db.transaction(() => {
    const order = rankingOrderOf(db, slug);
    const kept = sql<[string], { order: string }>(db, 'SELECT ranking_order AS "order" FROM standing_orders WHERE contest_slug = ?').get(slug);
    if (kept?.order === JSON.stringify(order)) return;
    withoutStandingsAccess(db, () => {
      sql(db, 'DELETE FROM standings WHERE contest_slug = ?').run(slug);
      sql(db, 'DELETE FROM standing_counts WHERE contest_slug = ?').run(slug);
      forEachParticipant(db, slug, (_contestant, attempts) => addStandings(db, slug, order, contendersOf(attempts, order)));
      sql(db, `${COUNT_STANDINGS} AND contest_slug = ? GROUP BY 1, 2, 3, 4`).run(slug);
      sql(db, 'INSERT INTO figure_versions VALUES (?, 1) ON CONFLICT DO UPDATE SET version = version + 1').run(slug);
    });
    keepOrder(db, slug, order);
  })();
}

/** Bucket counts of counted standings (`standing_counts`), to be completed with a filter and GROUP BY 1, 2, 3, 4. */
const COUNT_STANDINGS = `INSERT INTO standing_counts (contest_slug, block, level, bucket, rows)
  SELECT contest_slug, block, column1, lead >> (8 * column1), COUNT(*) FROM standings, ${BUCKET_LEVELS}
  WHERE counted = 1 AND lead IS NOT NULL`;

/**
 * Runs a bulk rewrite of `standings` without its indexes and triggers, then builds them once over
 * the result: building an index once beats maintaining it row by row, and the triggers' per-row
 * bucket counts and version bumps are left to the rewrite to write in bulk. Only inside a
 * transaction, so no other connection ever sees the table without them.
 */
function withoutStandingsAccess(db: Db, rewrite: () => void): void {
  const drops = [...STANDINGS_ACCESS.matchAll(/CREATE (INDEX|TRIGGER) (\w+)/g)].map(([, kind, name]) => `DROP ${kind} IF EXISTS ${name};`);
  db.exec(drops.join('\n'));
  rewrite();
  db.exec(STANDINGS_ACCESS);
}

function keepOrder(db: Db, slug: string, order: readonly RankingCriterion[]): void {
  sql(db, 'INSERT INTO standing_orders VALUES (?, ?) ON CONFLICT DO UPDATE SET ranking_order = excluded.ranking_order').run(slug, JSON.stringify(order));
}

/**
 * Every counting attempt of a contest (all contests when null), grouped by contestant, read in
 * keyset pages: better-sqlite3 refuses writes while a cursor is open, and callers write as they go.
 */
function forEachParticipant(db: Db, slug: string | null, each: (contestant: Contestant & { id: string }, attempts: CountingAttempt[]) => void): void {
  const PAGE = 20_000;
  const page = sql<{ slug: string | null; after: string; limit: number }, CountingAttempt & Contestant>(
    db,
    `SELECT ${COUNTING_ATTEMPT_COLUMNS}, c.contest_slug AS slug, c.unit_id AS unitId, c.occupation
     FROM attempts a JOIN contestants c ON c.id = a.contestant_id
     WHERE a.contestant_id > @after AND (@slug IS NULL OR a.contest_slug = @slug) AND ${COUNTING}
     ORDER BY a.contestant_id LIMIT @limit`,
  );
  let after = '';
  for (;;) {
    const rows = page.all({ slug, after, limit: PAGE });
    if (rows.length === 0) return;
    const complete = rows.length < PAGE;
    // The last contestant of a full page may continue on the next one: leave them for it.
    const last = rows[rows.length - 1]!.contestantId;
    const upTo = complete || rows[0]!.contestantId === last ? rows.length : rows.findIndex((r) => r.contestantId === last);
    let from = 0;
    for (let i = 1; i <= upTo; i++) {
      if (i === upTo || rows[i]!.contestantId !== rows[from]!.contestantId) {
        const { contestantId, slug: contestSlug, unitId, occupation } = rows[from]!;
        each({ id: contestantId, slug: contestSlug, unitId, occupation }, rows.slice(from, i));
        from = i;
      }
    }
    if (complete) return;
    after = rows[upTo - 1]!.contestantId;
  }
}

function tableExists(db: Db, name: string): boolean {
  return !!sql<[string], { one: number }>(db, `SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name);
}

/**
 * Rebuilds every maintained figure from the attempts (after a migration or a bulk load): THE one
 * function a generator that inserts rows directly must call.
 */
export function rebuildParticipation(db: Db): void {
  // Migration 3 calls this before migration 5 has created the later tables; migration 5 rebuilds all.
  if (!tableExists(db, 'standings')) return;
  db.transaction(() => {
    withoutStandingsAccess(db, () => {
      db.exec(`DELETE FROM participation; DELETE FROM unit_participation; DELETE FROM standings; DELETE FROM standing_orders;
        DELETE FROM standing_counts; DELETE FROM contest_figures;`);
      const orders = new Map<string, RankingCriterion[]>();
      for (const { slug } of sql<[], { slug: string }>(db, 'SELECT slug FROM contests').all()) orders.set(slug, rankingOrderOf(db, slug));
      // Sums are gathered here and written once: one upsert per contestant and key would take minutes.
      const units = new Map<string, { slug: string; unitId: string; participants: number; attempts: number; best: number; perfect: number }>();
      const figures = new Map<string, { slug: string; dimension: string; key: string; participants: number; attempts: number }>();
      const save = sql(db, 'INSERT INTO participation (contestant_id, contest_slug, unit_id, attempts, best_score, perfect, figures) VALUES (?, ?, ?, ?, ?, ?, ?)');
      forEachParticipant(db, null, (contestant, attempts) => {
        const summary = summarise(contestant, attempts, orders.get(contestant.slug)!);
        save.run(contestant.id, contestant.slug, contestant.unitId, summary.attempts, summary.best, summary.perfect, JSON.stringify(summary.figures));
        addStandings(db, contestant.slug, orders.get(contestant.slug)!, summary.contenders);
        const unitKey = `${contestant.slug}\u0000${contestant.unitId}`;
        const unit = units.get(unitKey) ?? { slug: contestant.slug, unitId: contestant.unitId, participants: 0, attempts: 0, best: 0, perfect: 0 };
        units.set(unitKey, { ...unit, participants: unit.participants + 1, attempts: unit.attempts + summary.attempts, best: unit.best + summary.best, perfect: unit.perfect + summary.perfect });
        for (const [dimension, keys] of Object.entries(summary.figures)) {
          for (const [key, n] of Object.entries(keys)) {
            const figureKey = `${contestant.slug}\u0000${dimension}\u0000${key}`;
            const figure = figures.get(figureKey) ?? { slug: contestant.slug, dimension, key, participants: 0, attempts: 0 };
            figure.participants += 1;
            figure.attempts += n;
            figures.set(figureKey, figure);
          }
        }
      });
      const addUnit = sql(db, 'INSERT INTO unit_participation VALUES (?, ?, ?, ?, ?, ?)');
      for (const u of units.values()) addUnit.run(u.slug, u.unitId, u.participants, u.attempts, u.best, u.perfect);
      const addFigure = sql(db, 'INSERT INTO contest_figures VALUES (?, ?, ?, ?, ?)');
      for (const f of figures.values()) addFigure.run(f.slug, f.dimension, f.key, f.participants, f.attempts);
      for (const [slug, order] of orders) keepOrder(db, slug, order);
      db.exec(`INSERT INTO contest_figures (contest_slug, dimension, key, participants, attempts)
        SELECT contest_slug, 'registered', '', COUNT(*), 0 FROM contestants GROUP BY contest_slug;
        ${COUNT_STANDINGS} GROUP BY 1, 2, 3, 4;
        INSERT INTO figure_versions SELECT slug, 1 FROM contests WHERE true ON CONFLICT DO UPDATE SET version = version + 1;`);
    });
  })();
}
