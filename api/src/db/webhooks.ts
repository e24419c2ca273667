/**
 * Webhook endpoints and their outbox (decision 0040). An event is written here, one row per
 * subscribed endpoint, inside the transaction that makes it happen (a registration, a submit, a
 * publication), so a delivery exists exactly when its event was committed, a crash between the
 * two notwithstanding; webhooks/delivery.ts sends the rows. The rows stay as the delivery log.
 */
import { randomUUID } from 'node:crypto';
import { scoresVisible } from '../domain/contest.js';
import { attemptSubmittedPayload, DELIVERY_WINDOW_MS, nextTryAt, shouldDisable, type SubmittedAttempt, type WebhookBody, type WebhookEvent } from '../domain/webhooks.js';
import { recordAudit } from './admin.js';
import { dataVersion, rollbackCount, sql, type Db } from './connection.js';
import { getContest } from './contests.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  consecutiveFailures: number;
  pending: number;
}

interface EndpointRow {
  id: string;
  url: string;
  events: string;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  consecutiveFailures: number;
  pending: number;
}

const ENDPOINT_COLUMNS = `e.id, e.url, e.events, e.created_at AS createdAt, e.created_by AS createdBy, e.disabled_at AS disabledAt,
  e.failures AS consecutiveFailures,
  (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending') AS pending`;

const endpointFromRow = (row: EndpointRow): WebhookEndpoint => ({ ...row, events: JSON.parse(row.events) as WebhookEvent[] });

// ── The hot path: which endpoints an event goes to ───────────────────────

/**
 * Active endpoints per contest, kept per connection: every registration and submit asks, and almost
 * no contest has any. Stale once this connection changed an endpoint (`endpointWrites`), rolled a
 * transaction back, or another connection or process committed anything (`PRAGMA data_version`),
 * as the contest cache does (db/contests.ts).
 */
interface EndpointCache {
  version: number;
  writes: number;
  rollbacks: number;
  bySlug: Map<string, { id: string; events: readonly string[] }[]>;
}

const endpointCaches = new WeakMap<Db, EndpointCache>();
const endpointWrites = new WeakMap<Db, number>();

function endpointsChanged(db: Db): void {
  endpointWrites.set(db, (endpointWrites.get(db) ?? 0) + 1);
}

function activeEndpoints(db: Db, slug: string): { id: string; events: readonly string[] }[] {
  const version = dataVersion(db);
  const writes = endpointWrites.get(db) ?? 0;
  const rollbacks = rollbackCount(db);
  let cache = endpointCaches.get(db);
  if (!cache || cache.version !== version || cache.writes !== writes || cache.rollbacks !== rollbacks) {
    endpointCaches.set(db, (cache = { version, writes, rollbacks, bySlug: new Map() }));
  }
  let endpoints = cache.bySlug.get(slug);
  if (!endpoints) {
    endpoints = sql<[string], { id: string; events: string }>(
      db,
      'SELECT id, events FROM webhook_endpoints WHERE contest_slug = ? AND disabled_at IS NULL ORDER BY created_at, id',
    )
      .all(slug)
      .map((row) => ({ id: row.id, events: JSON.parse(row.events) as string[] }));
    cache.bySlug.set(slug, endpoints);
  }
  return endpoints;
}

/**
 * Writes the deliveries of one event to every active endpoint of `slug` subscribed to `type`, in the
 * caller's transaction. `data` is built only when some endpoint wants the event, and must hold no
 * ID number, phone, birth date, guardian data or answer key (decision 0040).
 */
export function emitWebhookEvent(db: Db, slug: string, type: WebhookEvent, now: Date, data: () => Record<string, unknown>): void {
  const endpoints = activeEndpoints(db, slug).filter((endpoint) => endpoint.events.includes(type));
  if (endpoints.length === 0) return;
  const body: WebhookBody = { id: randomUUID(), type, time: now.toISOString(), contest: { slug }, data: data() };
  const text = JSON.stringify(body);
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + DELIVERY_WINDOW_MS).toISOString();
  const insert = sql(
    db,
    `INSERT INTO webhook_deliveries (id, contest_slug, endpoint_id, event_id, type, body, created_at, next_try_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const endpoint of endpoints) insert.run(randomUUID(), slug, endpoint.id, body.id, type, text, at, at, expiresAt);
}

/** `contestant.registered`: who (the record id, never the person), their unit and the site they came from. */
export function emitContestantRegistered(db: Db, slug: string, now: Date, contestant: { id: string; unitId: string; source: string | null }): void {
  emitWebhookEvent(db, slug, 'contestant.registered', now, () => ({
    contestantId: contestant.id,
    unitId: contestant.unitId,
    source: contestant.source,
    registeredAt: now.toISOString(),
  }));
}

/**
 * `attempt.submitted` (by the contestant or automatically at the deadline): the score only while
 * contestants themselves may see scores at `now` (the contest's revealScore), so a host site
 * learns no more than the contestant does.
 */
export function emitAttemptSubmitted(
  db: Db,
  now: Date,
  attempt: SubmittedAttempt,
): void {
  emitWebhookEvent(db, attempt.contestSlug, 'attempt.submitted', now, () => {
    const more = sql<[string], { source: string | null; unitId: string }>(
      db,
      'SELECT a.source, c.unit_id AS unitId FROM attempts a JOIN contestants c ON c.id = a.contestant_id WHERE a.id = ?',
    ).get(attempt.id);
    const contest = getContest(db, attempt.contestSlug);
    return attemptSubmittedPayload(attempt, more, contest !== null && scoresVisible(contest, now));
  });
}

// ── Endpoints ────────────────────────────────────────────────────────────

export function listWebhookEndpoints(db: Db, slug: string): WebhookEndpoint[] {
  return sql<[string], EndpointRow>(db, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.contest_slug = ? ORDER BY e.created_at, e.id`)
    .all(slug)
    .map(endpointFromRow);
}

export function getWebhookEndpoint(db: Db, slug: string, id: string): WebhookEndpoint | null {
  const row = sql<[string, string], EndpointRow>(db, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.contest_slug = ? AND e.id = ?`).get(slug, id);
  return row ? endpointFromRow(row) : null;
}

export function createWebhookEndpoint(
  db: Db,
  endpoint: { id: string; slug: string; url: string; events: WebhookEvent[]; secret: string; createdBy: string },
  now: Date,
): WebhookEndpoint {
  sql(db, 'INSERT INTO webhook_endpoints (id, contest_slug, url, events, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    endpoint.id,
    endpoint.slug,
    endpoint.url,
    JSON.stringify(endpoint.events),
    endpoint.secret,
    now.toISOString(),
    endpoint.createdBy,
  );
  endpointsChanged(db);
  return getWebhookEndpoint(db, endpoint.slug, endpoint.id)!;
}

/** Deletes an endpoint with its delivery log; pending deliveries are never sent. */
export function deleteWebhookEndpoint(db: Db, slug: string, id: string): boolean {
  sql(db, 'DELETE FROM webhook_deliveries WHERE endpoint_id = ? AND contest_slug = ?').run(id, slug);
  const deleted = sql(db, 'DELETE FROM webhook_endpoints WHERE id = ? AND contest_slug = ?').run(id, slug).changes > 0;
  endpointsChanged(db);
  return deleted;
}

// ── The delivery log ─────────────────────────────────────────────────────

export interface WebhookDelivery {
  id: string;
  eventId: string;
  type: WebhookEvent;
  createdAt: string;
  status: 'pending' | 'delivered' | 'failed';
  tries: number;
  lastTryAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  nextTryAt: string | null;
  deliveredAt: string | null;
}

const DELIVERY_COLUMNS = `id, event_id AS eventId, type, created_at AS createdAt, status, tries, last_try_at AS lastTryAt,
  last_status AS lastStatus, last_error AS lastError, next_try_at AS nextTryAt, delivered_at AS deliveredAt`;

/** An endpoint's latest deliveries, newest first. */
export function listWebhookDeliveries(db: Db, endpointId: string, limit: number): WebhookDelivery[] {
  return sql<[string, number], WebhookDelivery>(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  ).all(endpointId, limit);
}

function getDelivery(db: Db, endpointId: string, id: string): WebhookDelivery | null {
  return sql<[string, string], WebhookDelivery>(db, `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = ? AND id = ?`).get(endpointId, id) ?? null;
}

/**
 * "Gửi lại": the delivery is due now, with a fresh 24-hour window, whatever its state (a delivered
 * one is sent again, with the same event id so the host can tell). On a disabled endpoint it also
 * enables the endpoint again, its failure count cleared. Null when there is no such delivery.
 */
export function retryWebhookDelivery(db: Db, endpointId: string, id: string, now: Date): { delivery: WebhookDelivery; enabled: boolean } | null {
  const at = now.toISOString();
  const changed = sql(
    db,
    `UPDATE webhook_deliveries SET status = 'pending', next_try_at = ?, expires_at = ?, claimed_until = NULL, delivered_at = NULL
     WHERE endpoint_id = ? AND id = ?`,
  ).run(at, new Date(now.getTime() + DELIVERY_WINDOW_MS).toISOString(), endpointId, id).changes;
  if (changed === 0) return null;
  const enabled =
    sql(db, 'UPDATE webhook_endpoints SET disabled_at = NULL, failures = 0, failing_since = NULL WHERE id = ? AND disabled_at IS NOT NULL').run(endpointId).changes > 0;
  if (enabled) endpointsChanged(db);
  return { delivery: getDelivery(db, endpointId, id)!, enabled };
}

// ── The worker's side ────────────────────────────────────────────────────

export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  contestSlug: string;
  url: string;
  secret: string;
  type: WebhookEvent;
  body: string;
  tries: number;
  expiresAt: string;
}

/**
 * Takes up to `limit` deliveries due at `now` on enabled endpoints, each for `leaseMs` (longer than
 * a try may take): in one write transaction, so two server processes on one file never take the same
 * row at once. A process killed while holding one leaves it to be taken again when the lease ends.
 */
export function claimDueDeliveries(db: Db, now: Date, leaseMs: number, limit: number): ClaimedDelivery[] {
  return db.transaction(() => {
    const at = now.toISOString();
    const due = sql<[string, string, number], ClaimedDelivery>(
      db,
      `SELECT d.id, d.endpoint_id AS endpointId, d.contest_slug AS contestSlug, e.url, e.secret, d.type, d.body, d.tries, d.expires_at AS expiresAt
       FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND d.next_try_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until <= ?) AND e.disabled_at IS NULL
       ORDER BY d.next_try_at LIMIT ?`,
    ).all(at, at, limit);
    const claim = sql(db, 'UPDATE webhook_deliveries SET claimed_until = ? WHERE id = ?');
    const until = new Date(now.getTime() + leaseMs).toISOString();
    for (const delivery of due) claim.run(until, delivery.id);
    return due;
  })();
}

/**
 * Whether any delivery is due at `now` on an enabled endpoint (an indexed read, no write lock: the
 * worker's idle check; deliveries waiting on a disabled endpoint do not make it claim every second).
 */
export function anyDeliveryDue(db: Db, now: Date): boolean {
  const at = now.toISOString();
  return !!sql<[string, string], { one: number }>(
    db,
    `SELECT 1 AS one FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
     WHERE d.status = 'pending' AND d.next_try_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until <= ?) AND e.disabled_at IS NULL LIMIT 1`,
  ).get(at, at);
}

export type TryOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** Who the audit log names for what the delivery worker does on its own. */
export const WEBHOOK_ACTOR = 'Hệ thống (webhook)';

/**
 * Records one try of a claimed delivery: delivered, due again after a back-off, or given up once
 * its window ran out; the endpoint's run of failures, and its disabling (audited) once that run is
 * long enough (domain/webhooks.ts `shouldDisable`). `random` in [0, 1) spreads the back-off.
 */
export function recordDeliveryTry(db: Db, claimed: ClaimedDelivery, outcome: TryOutcome, now: Date, random: number): { disabled: boolean } {
  return db.transaction(() => {
    const at = now.toISOString();
    const tries = claimed.tries + 1;
    let status: 'delivered' | 'pending' | 'failed' = 'delivered';
    let next: string | null = null;
    if (!outcome.ok) {
      const due = nextTryAt(tries, now.getTime(), Date.parse(claimed.expiresAt), random);
      status = due === null ? 'failed' : 'pending';
      next = due === null ? null : new Date(due).toISOString();
    }
    const updated = sql(
      db,
      `UPDATE webhook_deliveries SET status = ?, tries = ?, next_try_at = ?, claimed_until = NULL, last_try_at = ?, last_status = ?, last_error = ?,
         delivered_at = ? WHERE id = ? AND status = 'pending'`,
    ).run(status, tries, next, at, outcome.status, outcome.ok ? null : outcome.error.slice(0, 500), outcome.ok ? at : null, claimed.id).changes;
    if (updated === 0) return { disabled: false }; // deleted with its endpoint meanwhile
    if (outcome.ok) {
      sql(db, 'UPDATE webhook_endpoints SET failures = 0, failing_since = NULL WHERE id = ?').run(claimed.endpointId);
      return { disabled: false };
    }
    const endpoint = sql<[string, string], { failures: number; failingSince: string; disabledAt: string | null; url: string }>(
      db,
      `UPDATE webhook_endpoints SET failures = failures + 1, failing_since = COALESCE(failing_since, ?) WHERE id = ?
       RETURNING failures, failing_since AS failingSince, disabled_at AS disabledAt, url`,
    ).get(at, claimed.endpointId);
    if (!endpoint || endpoint.disabledAt !== null || !shouldDisable(endpoint.failures, Date.parse(endpoint.failingSince), now.getTime())) return { disabled: false };
    sql(db, 'UPDATE webhook_endpoints SET disabled_at = ? WHERE id = ?').run(at, claimed.endpointId);
    endpointsChanged(db);
    recordAudit(db, {
      at,
      actor: WEBHOOK_ACTOR,
      action: 'webhook.disable',
      target: claimed.contestSlug,
      detail: { id: claimed.endpointId, host: new URL(endpoint.url).host, failures: endpoint.failures, failingSince: endpoint.failingSince },
    });
    return { disabled: true };
  })();
}

/** Forgets delivered and given-up deliveries created before `before` (the log keeps 30 days). */
export function pruneWebhookDeliveries(db: Db, before: Date): number {
  return sql(db, `DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?`).run(before.toISOString()).changes;
}
