import { randomUUID } from 'node:crypto';
import { NOTHING, summarise, summaryChanges, type CountingAttempt, type Figures, type ParticipantOf, type Summary } from '../../db/participation.js';
import { COUNTING } from '../../db/rankings.js';
import { scoresVisible, type Contest } from '../../domain/contest.js';
import { attemptSubmittedPayload, DELIVERY_WINDOW_MS, type SubmittedAttempt, type WebhookBody, type WebhookEvent } from '../../domain/webhooks.js';
import { DEFAULT_RANKING_ORDER, type RankingCriterion } from '../../domain/ranking.js';
import { all, one, placeholders, type Queryable } from './rows.js';

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

/** The ranking order a contest's standings are kept in, from its settings (null: no contest). */
function rankingOrderOf(settings: string | null): RankingCriterion[] {
  const order = settings ? (JSON.parse(settings) as { rankingOrder?: RankingCriterion[] | null }).rankingOrder : null;
  return order ? [...order] : [...DEFAULT_RANKING_ORDER];
}

/** What refreshing one contestant's figures starts from, read by one statement. */
interface ParticipantRead extends ParticipantOf {
  settings: string | null;
  counting: CountingAttempt[];
  participation: { attempts: number; best: number; perfect: number; figures: string } | null;
  contenders: CountingAttempt[];
}

/**
 * The statement reading a ParticipantRead of contestant $1: the counting attempts of `counting`
 * (aliased `a`, with `c`), and `more` columns. Reads of several tables in one round trip
 * (decision 0046); the JSON they come back as carries the same numbers and texts as their rows.
 */
const participantRead = (counting: string, more = '') => `SELECT c.contest_slug AS slug, c.unit_id AS "unitId", c.occupation, k.settings,
  (SELECT COALESCE(json_agg(x), '[]') FROM (${counting}) x) AS counting,
  (SELECT row_to_json(p) FROM (SELECT attempts, best_score AS best, perfect, figures FROM participation WHERE contestant_id = $1) p) AS participation,
  (SELECT COALESCE(json_agg(s), '[]') FROM (SELECT attempt_id AS "attemptId", prediction, score FROM standings WHERE contestant_id = $1) s) AS contenders${more}
  FROM contestants c LEFT JOIN contests k ON k.slug = c.contest_slug WHERE c.id = $1`;

const COUNTING_OF_CONTESTANT = `SELECT ${COUNTING_ATTEMPT_COLUMNS} FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.contestant_id = $1 AND ${COUNTING}`;

/** Recomputes the figures of one contestant and applies the difference to every maintained table. */
export async function refreshParticipation(db: Queryable, id: string): Promise<void> {
  const read = await one<ParticipantRead>(db, participantRead(COUNTING_OF_CONTESTANT), [id]);
  if (read) await applyParticipation(db, id, read);
}

/** The difference between what was kept of a contestant and what counts now, written by one call of `participation_apply`. */
async function applyParticipation(db: Queryable, id: string, read: ParticipantRead): Promise<void> {
  const contestant: ParticipantOf = { slug: read.slug, unitId: read.unitId, occupation: read.occupation };
  const order = rankingOrderOf(read.settings);
  const current = summarise(contestant, read.counting, order);
  const { contenders } = read;
  const old: Summary = read.participation ? { ...read.participation, figures: JSON.parse(read.participation.figures) as Figures, contenders } : { ...NOTHING, contenders };
  const changes = summaryChanges(contestant, order, old, current);
  // In key order, so two writers on one shard lock its rows in the same order.
  const figures = [...changes.figures].sort(([d1, k1], [d2, k2]) => (d1 < d2 ? -1 : d1 > d2 ? 1 : k1 < k2 ? -1 : k1 > k2 ? 1 : 0));
  await db.query('SELECT participation_apply($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13::jsonb)', [
    id,
    contestant.slug,
    contestant.unitId,
    changes.unit.participants,
    changes.unit.attempts,
    changes.unit.best,
    changes.unit.perfect,
    JSON.stringify(figures),
    current.attempts,
    current.best,
    current.perfect,
    JSON.stringify(current.figures),
    changes.standings === null ? null : JSON.stringify(changes.standings),
  ]);
}

/** An open attempt, locked by the caller, as it is submitted (attempts.ts `finalise`). */
export interface Submission extends SubmittedAttempt {
  durationMs: number;
  prediction: number | null;
}

/**
 * Submits the attempt, refreshes its contestant's figures and writes `attempt.submitted` to the
 * subscribed endpoints (`emitAttemptSubmitted` of db/webhooks.ts): the UPDATE and every read in one
 * statement, the figures in one call, the deliveries (if any) in one INSERT. The counting attempts
 * are those the UPDATE leaves: the others, and the one it returns if it counts.
 */
export async function submitWithFigures(db: Queryable, submission: Submission, contest: Contest | null, now: Date): Promise<void> {
  const read = await one<ParticipantRead & { attemptSource: string | null; endpoints: Endpoint[] }>(
    db,
    `WITH finalised AS (
       UPDATE attempts SET status = 'submitted', submitted_at = $3, score = $4, duration_ms = $5, prediction = $6, auto_submitted = $7
       WHERE id = $2 AND status = 'inProgress' RETURNING *
     ) ${participantRead(
       `${COUNTING_OF_CONTESTANT} AND a.id NOT IN (SELECT id FROM finalised)
        UNION ALL SELECT ${COUNTING_ATTEMPT_COLUMNS} FROM finalised a JOIN contestants c ON c.id = a.contestant_id WHERE ${COUNTING}`,
       `, (SELECT source FROM finalised) AS "attemptSource",
       (SELECT COALESCE(json_agg(json_build_object('id', e.id, 'events', e.events) ORDER BY e.created_at, e.id), '[]')
        FROM webhook_endpoints e WHERE e.contest_slug = $8 AND e.disabled_at IS NULL) AS endpoints`,
     )}`,
    [
      submission.contestantId,
      submission.id,
      submission.submittedAt,
      submission.score,
      submission.durationMs,
      submission.prediction,
      submission.autoSubmitted ? 1 : 0,
      submission.contestSlug,
    ],
  );
  if (!read) return;
  await applyParticipation(db, submission.contestantId, read);
  await writeDeliveries(db, submission.contestSlug, 'attempt.submitted', now, subscribed(read.endpoints, 'attempt.submitted'), async () =>
    attemptSubmittedPayload(submission, { source: read.attemptSource, unitId: read.unitId }, contest !== null && scoresVisible(contest, now)),
  );
}

interface Endpoint {
  id: string;
  events: string;
}

const subscribed = (endpoints: Endpoint[], type: WebhookEvent) => endpoints.filter((endpoint) => (JSON.parse(endpoint.events) as string[]).includes(type));

/**
 * Writes the deliveries of one event to every active endpoint of `slug` subscribed to `type`
 * (db/webhooks.ts `emitWebhookEvent`), in the caller's transaction. `data` is built only when some
 * endpoint wants the event.
 */
export async function emitWebhookEvent(db: Queryable, slug: string, type: WebhookEvent, now: Date, data: () => Promise<Record<string, unknown>>): Promise<void> {
  const endpoints = await all<Endpoint>(db, 'SELECT id, events FROM webhook_endpoints WHERE contest_slug = $1 AND disabled_at IS NULL ORDER BY created_at, id', [slug]);
  await writeDeliveries(db, slug, type, now, subscribed(endpoints, type), data);
}

/** One delivery per endpoint, in one INSERT; nothing, and no `data` built, for none. */
async function writeDeliveries(db: Queryable, slug: string, type: WebhookEvent, now: Date, endpoints: Endpoint[], data: () => Promise<Record<string, unknown>>): Promise<void> {
  if (endpoints.length === 0) return;
  const body: WebhookBody = { id: randomUUID(), type, time: now.toISOString(), contest: { slug }, data: await data() };
  const text = JSON.stringify(body);
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + DELIVERY_WINDOW_MS).toISOString();
  await db.query(
    `INSERT INTO webhook_deliveries (id, contest_slug, endpoint_id, event_id, type, body, created_at, next_try_at, expires_at)
     VALUES ${placeholders(endpoints.length, 9)}`,
    endpoints.flatMap((endpoint) => [randomUUID(), slug, endpoint.id, body.id, type, text, at, at, expiresAt]),
  );
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
