import { randomUUID } from 'node:crypto';
import { NOTHING, summarise, summaryChanges, STANDING_ROW_COLUMNS, type CountingAttempt, type Figures, type ParticipantOf, type Summary } from '../../db/participation.js';
import { COUNTING } from '../../db/rankings.js';
import { scoresVisible } from '../../domain/contest.js';
import { attemptSubmittedPayload, DELIVERY_WINDOW_MS, type SubmittedAttempt, type WebhookBody, type WebhookEvent } from '../../domain/webhooks.js';
import { DEFAULT_RANKING_ORDER, type RankingCriterion } from '../../domain/ranking.js';
import { all, contestBySlug, one, placeholders, type Queryable } from './rows.js';

/**
 * The writes every submission, time-out or registration makes besides its own rows, in its
 * transaction: the maintained participation figures (db/participation.ts `refreshParticipation`,
 * the same difference computed by the same functions) and the webhook outbox (db/webhooks.ts).
 * Counters go to the `*_shards` tables of schema.ts (their views carry the SQLite names); the
 * triggers on `standings` and `contestants` move the rest (standing_counts, figure_versions,
 * contest_figures 'registered').
 */

/** db/participation.ts COUNTING_ATTEMPT_COLUMNS, its aliases quoted. */
export const COUNTING_ATTEMPT_COLUMNS = `a.id AS "attemptId", a.contestant_id AS "contestantId", a.score, a.total, a.prediction,
  a.duration_ms AS "durationMs", a.submitted_at AS "submittedAt", COALESCE(a.source, c.source, '') AS source`;

/** The ranking order a contest's standings are kept in. */
async function rankingOrderOf(db: Queryable, slug: string): Promise<RankingCriterion[]> {
  const row = await one<{ settings: string }>(db, 'SELECT settings FROM contests WHERE slug = $1', [slug]);
  const order = row ? (JSON.parse(row.settings) as { rankingOrder?: RankingCriterion[] | null }).rankingOrder : null;
  return order ? [...order] : [...DEFAULT_RANKING_ORDER];
}

/** Recomputes the figures of one contestant and applies the difference to every maintained table. */
export async function refreshParticipation(db: Queryable, id: string): Promise<void> {
  const contestant = await one<ParticipantOf>(db, 'SELECT contest_slug AS slug, unit_id AS "unitId", occupation FROM contestants WHERE id = $1', [id]);
  if (!contestant) return;
  const order = await rankingOrderOf(db, contestant.slug);
  const counting = await all<CountingAttempt>(
    db,
    `SELECT ${COUNTING_ATTEMPT_COLUMNS} FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.contestant_id = $1 AND ${COUNTING}`,
    [id],
  );
  const current = summarise(contestant, counting, order);
  const row = await one<{ attempts: number; best: number; perfect: number; figures: string }>(
    db,
    'SELECT attempts, best_score AS best, perfect, figures FROM participation WHERE contestant_id = $1',
    [id],
  );
  const contenders = await all<CountingAttempt>(db, 'SELECT attempt_id AS "attemptId", prediction, score FROM standings WHERE contestant_id = $1', [id]);
  const old: Summary = row ? { ...row, figures: JSON.parse(row.figures) as Figures, contenders } : { ...NOTHING, contenders };
  const changes = summaryChanges(contestant, order, old, current);
  await db.query(
    `INSERT INTO unit_participation_shards (contest_slug, unit_id, shard, participants, attempts, best_score_sum, perfect_participants)
     VALUES ($1, $2, counter_shard(), $3, $4, $5, $6)
     ON CONFLICT (contest_slug, unit_id, shard) DO UPDATE SET participants = unit_participation_shards.participants + excluded.participants,
       attempts = unit_participation_shards.attempts + excluded.attempts, best_score_sum = unit_participation_shards.best_score_sum + excluded.best_score_sum,
       perfect_participants = unit_participation_shards.perfect_participants + excluded.perfect_participants`,
    [contestant.slug, contestant.unitId, changes.unit.participants, changes.unit.attempts, changes.unit.best, changes.unit.perfect],
  );
  if (changes.figures.length > 0) {
    // In key order, so two writers on one shard lock its rows in the same order.
    const figures = [...changes.figures].sort(([d1, k1], [d2, k2]) => (d1 < d2 ? -1 : d1 > d2 ? 1 : k1 < k2 ? -1 : k1 > k2 ? 1 : 0));
    await db.query(
      `INSERT INTO contest_figure_shards (contest_slug, dimension, key, shard, participants, attempts)
       SELECT $1, v.dimension, v.key, counter_shard(), v.participants, v.attempts
       FROM (VALUES ${figures.map((_, i) => `($${2 + i * 4}::text, $${3 + i * 4}::text, $${4 + i * 4}::bigint, $${5 + i * 4}::bigint)`).join(', ')}) AS v(dimension, key, participants, attempts)
       ON CONFLICT (contest_slug, dimension, key, shard) DO UPDATE SET participants = contest_figure_shards.participants + excluded.participants,
         attempts = contest_figure_shards.attempts + excluded.attempts`,
      [contestant.slug, ...figures.flat()],
    );
  }
  if (current.attempts > 0) {
    await db.query(
      `INSERT INTO participation (contestant_id, contest_slug, unit_id, attempts, best_score, perfect, figures) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (contestant_id) DO UPDATE SET attempts = excluded.attempts, best_score = excluded.best_score,
         perfect = excluded.perfect, figures = excluded.figures`,
      [id, contestant.slug, contestant.unitId, current.attempts, current.best, current.perfect, JSON.stringify(current.figures)],
    );
  } else {
    await db.query('DELETE FROM participation WHERE contestant_id = $1', [id]);
  }
  if (changes.standings === null) return;
  await db.query('DELETE FROM standings WHERE contestant_id = $1', [id]);
  if (changes.standings.length > 0) {
    await db.query(`INSERT INTO standings (${STANDING_ROW_COLUMNS}) VALUES ${placeholders(changes.standings.length, 13)}`, changes.standings.flat());
  }
}

/**
 * Writes the deliveries of one event to every active endpoint of `slug` subscribed to `type`
 * (db/webhooks.ts `emitWebhookEvent`), in the caller's transaction. `data` is built only when some
 * endpoint wants the event.
 */
export async function emitWebhookEvent(db: Queryable, slug: string, type: WebhookEvent, now: Date, data: () => Promise<Record<string, unknown>>): Promise<void> {
  const endpoints = (
    await all<{ id: string; events: string }>(
      db,
      'SELECT id, events FROM webhook_endpoints WHERE contest_slug = $1 AND disabled_at IS NULL ORDER BY created_at, id',
      [slug],
    )
  ).filter((endpoint) => (JSON.parse(endpoint.events) as string[]).includes(type));
  if (endpoints.length === 0) return;
  const body: WebhookBody = { id: randomUUID(), type, time: now.toISOString(), contest: { slug }, data: await data() };
  const text = JSON.stringify(body);
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + DELIVERY_WINDOW_MS).toISOString();
  for (const endpoint of endpoints) {
    await db.query(
      `INSERT INTO webhook_deliveries (id, contest_slug, endpoint_id, event_id, type, body, created_at, next_try_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [randomUUID(), slug, endpoint.id, body.id, type, text, at, at, expiresAt],
    );
  }
}

/** `contestant.registered` (db/webhooks.ts `emitContestantRegistered`). */
export function emitContestantRegistered(db: Queryable, slug: string, now: Date, contestant: { id: string; unitId: string; source: string | null }): Promise<void> {
  return emitWebhookEvent(db, slug, 'contestant.registered', now, async () => ({
    contestantId: contestant.id,
    unitId: contestant.unitId,
    source: contestant.source,
    registeredAt: now.toISOString(),
  }));
}

/** `attempt.submitted` (db/webhooks.ts `emitAttemptSubmitted`): the score only while contestants may see scores. */
export function emitAttemptSubmitted(
  db: Queryable,
  now: Date,
  attempt: SubmittedAttempt,
): Promise<void> {
  return emitWebhookEvent(db, attempt.contestSlug, 'attempt.submitted', now, async () => {
    const more = await one<{ source: string | null; unitId: string }>(
      db,
      'SELECT a.source, c.unit_id AS "unitId" FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.id = $1',
      [attempt.id],
    );
    const contest = await contestBySlug(db, attempt.contestSlug);
    return attemptSubmittedPayload(attempt, more, contest !== null && scoresVisible(contest, now));
  });
}
