import type { ClaimedDelivery, WebhookDelivery, WebhookEndpoint } from '../../db/webhooks.js';
import { WEBHOOK_ACTOR } from '../../db/webhooks.js';
import { DELIVERY_WINDOW_MS, nextTryAt, shouldDisable, type WebhookEvent } from '../../domain/webhooks.js';
import { roundNumber, roundsOf } from '../../domain/rounds.js';
import type { WebhookNotFound, WebhookStore } from '../store.js';
import { finaliseOverdueAttempts } from './attempts.js';
import { recordAudit } from './audit.js';
import { emitWebhookEvent } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { readRound } from './ranking.js';
import { all, contestBySlug, one, type Queryable } from './rows.js';

const NO_WEBHOOK: WebhookNotFound = Object.freeze({ kind: 'notFound', what: 'webhook' });
const NO_DELIVERY: WebhookNotFound = Object.freeze({ kind: 'notFound', what: 'delivery' });

/** db/webhooks.ts ENDPOINT_COLUMNS, with the aliases quoted (PostgreSQL folds unquoted names to lower case). */
const ENDPOINT_COLUMNS = `e.id, e.url, e.events, e.created_at AS "createdAt", e.created_by AS "createdBy", e.disabled_at AS "disabledAt",
  e.failures AS "consecutiveFailures",
  (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending') AS pending`;

const DELIVERY_COLUMNS = `id, event_id AS "eventId", type, created_at AS "createdAt", status, tries, last_try_at AS "lastTryAt",
  last_status AS "lastStatus", last_error AS "lastError", next_try_at AS "nextTryAt", delivered_at AS "deliveredAt"`;

/** What a claim sends: the delivery with its endpoint's address and secret. */
const CLAIMED_COLUMNS = `d.id, d.endpoint_id AS "endpointId", d.contest_slug AS "contestSlug", e.url, e.secret, d.type, d.body, d.tries, d.expires_at AS "expiresAt"`;

/** A delivery on an enabled endpoint that is due at $1 and not leased to a worker. */
const DUE = `d.status = 'pending' AND d.next_try_at <= $1 AND (d.claimed_until IS NULL OR d.claimed_until <= $1) AND e.disabled_at IS NULL`;

type EndpointRow = Omit<WebhookEndpoint, 'events'> & { events: string };
const endpointFromRow = (row: EndpointRow): WebhookEndpoint => ({ ...row, events: JSON.parse(row.events) as WebhookEvent[] });

async function endpointOf(db: Queryable, slug: string, id: string, lock = false): Promise<WebhookEndpoint | null> {
  const row = await one<EndpointRow>(db, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.contest_slug = $1 AND e.id = $2${lock ? ' FOR UPDATE' : ''}`, [slug, id]);
  return row ? endpointFromRow(row) : null;
}

async function endpointsOf(db: Queryable, slug: string): Promise<WebhookEndpoint[]> {
  return (await all<EndpointRow>(db, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.contest_slug = $1 ORDER BY e.created_at, e.id`, [slug])).map(endpointFromRow);
}

/**
 * Webhooks over PostgreSQL: the same rows, answers and audit entries as db/webhooks.ts. Workers on
 * several nodes claim with `FOR UPDATE SKIP LOCKED`, so each takes rows no other is taking.
 */
export function postgresWebhooks({ pool, clock }: PostgresStoreDeps): WebhookStore {
  return {
    list: (slug) => endpointsOf(pool, slug),
    create(slug, { id, url, events, secret }, max, actor) {
      return inTransaction(pool, async (db) => {
        // The contest's row locked, so two nodes adding endpoints at once count each other's.
        await db.query('SELECT 1 FROM contests WHERE slug = $1 FOR UPDATE', [slug]);
        if ((await endpointsOf(db, slug)).length >= max) return { kind: 'tooMany' as const };
        const now = clock();
        await db.query(
          'INSERT INTO webhook_endpoints (id, contest_slug, url, events, secret, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [id, slug, url, JSON.stringify(events), secret, now.toISOString(), actor],
        );
        await recordAudit(db, { at: now.toISOString(), actor, action: 'webhook.create', target: slug, detail: { id, host: new URL(url).host, events } });
        return (await endpointOf(db, slug, id))!;
      });
    },
    remove(slug, id, actor) {
      return inTransaction(pool, async (db) => {
        const found = await endpointOf(db, slug, id, true);
        if (!found) return NO_WEBHOOK;
        await db.query('DELETE FROM webhook_deliveries WHERE endpoint_id = $1 AND contest_slug = $2', [id, slug]);
        await db.query('DELETE FROM webhook_endpoints WHERE id = $1 AND contest_slug = $2', [id, slug]);
        const now = clock();
        await recordAudit(db, { at: now.toISOString(), actor, action: 'webhook.delete', target: slug, detail: { id, host: new URL(found.url).host } });
        return found;
      });
    },
    async deliveries(slug, id, limit) {
      if (!(await endpointOf(pool, slug, id))) return NO_WEBHOOK;
      return all<WebhookDelivery>(pool, `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY created_at DESC, rowid DESC LIMIT $2`, [
        id,
        limit,
      ]);
    },
    retry(slug, id, deliveryId, actor) {
      return inTransaction(pool, async (db) => {
        if (!(await endpointOf(db, slug, id, true))) return NO_WEBHOOK;
        const now = clock();
        const at = now.toISOString();
        const { rowCount } = await db.query(
          `UPDATE webhook_deliveries SET status = 'pending', next_try_at = $1, expires_at = $2, claimed_until = NULL, delivered_at = NULL
           WHERE endpoint_id = $3 AND id = $4`,
          [at, new Date(now.getTime() + DELIVERY_WINDOW_MS).toISOString(), id, deliveryId],
        );
        if (!rowCount) return NO_DELIVERY;
        const enabled =
          ((await db.query('UPDATE webhook_endpoints SET disabled_at = NULL, failures = 0, failing_since = NULL WHERE id = $1 AND disabled_at IS NOT NULL', [id])).rowCount ?? 0) > 0;
        await recordAudit(db, { at, actor, action: 'webhook.retry', target: slug, detail: { id, deliveryId, ...(enabled ? { enabled: true } : {}) } });
        return (await one<WebhookDelivery>(db, `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 AND id = $2`, [id, deliveryId]))!;
      });
    },
    outbox: {
      async announceClosedRounds(now) {
        const at = now.toISOString();
        const due = await all<{ slug: string; roundId: string }>(
          pool,
          `SELECT k.slug, r->>'id' AS "roundId"
           FROM contests k,
             jsonb_array_elements(CASE WHEN jsonb_typeof(k.settings::jsonb -> 'rounds') = 'array' THEN k.settings::jsonb -> 'rounds' ELSE '[]'::jsonb END) r
           WHERE r->>'endsAt' <= $1
             AND NOT EXISTS (SELECT 1 FROM round_closures x WHERE x.contest_slug = k.slug AND x.round_id = r->>'id')
           ORDER BY r->>'endsAt', k.slug`,
          [at],
        );
        let announced = 0;
        for (const { slug, roundId } of due) {
          // The round's last attempts are counted before it is announced (each finalised in its own transaction).
          await finaliseOverdueAttempts(pool, slug, now);
          const marked = await inTransaction(pool, async (db) => {
            const inserted = await db.query('INSERT INTO round_closures (contest_slug, round_id, announced_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [slug, roundId, at]);
            if (!inserted.rowCount) return false; // another node announced it first
            const contest = (await contestBySlug(db, slug))!;
            const rounds = roundsOf(contest);
            const round = rounds.find((r) => r.id === roundId)!;
            const { counts } = await readRound(db, slug, roundId);
            await emitWebhookEvent(db, slug, 'round.closed', now, async () => ({
              round: { id: round.id, title: round.title, number: roundNumber(rounds, round.id), startsAt: round.startsAt, endsAt: round.endsAt },
              participants: counts.participants,
              attempts: counts.attempts,
            }));
            return true;
          });
          if (marked) announced++;
        }
        return announced;
      },
      async anyDue(now) {
        const at = now.toISOString();
        return (await one(pool, `SELECT 1 FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE ${DUE} LIMIT 1`, [at])) !== null;
      },
      async claimDue(now, leaseMs, limit) {
        const at = now.toISOString();
        // One statement, so one transaction: the rows it leases are committed before the claim answers.
        return all<ClaimedDelivery>(
          pool,
          `WITH due AS (
             SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
             WHERE ${DUE} ORDER BY d.next_try_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED
           ), leased AS (
             UPDATE webhook_deliveries d SET claimed_until = $2 FROM due WHERE d.id = due.id RETURNING d.*
           )
           SELECT ${CLAIMED_COLUMNS} FROM leased d JOIN webhook_endpoints e ON e.id = d.endpoint_id ORDER BY d.next_try_at, d.rowid`,
          [at, new Date(now.getTime() + leaseMs).toISOString(), limit],
        );
      },
      recordTry(claimed, outcome, now, random) {
        return inTransaction(pool, async (db) => {
          const at = now.toISOString();
          const tries = claimed.tries + 1;
          let status: 'delivered' | 'pending' | 'failed' = 'delivered';
          let next: string | null = null;
          if (!outcome.ok) {
            const due = nextTryAt(tries, now.getTime(), Date.parse(claimed.expiresAt), random);
            status = due === null ? 'failed' : 'pending';
            next = due === null ? null : new Date(due).toISOString();
          }
          const updated = await db.query(
            `UPDATE webhook_deliveries SET status = $1, tries = $2, next_try_at = $3, claimed_until = NULL, last_try_at = $4, last_status = $5, last_error = $6,
               delivered_at = $7 WHERE id = $8 AND status = 'pending'`,
            [status, tries, next, at, outcome.status, outcome.ok ? null : outcome.error.slice(0, 500), outcome.ok ? at : null, claimed.id],
          );
          if (!updated.rowCount) return { disabled: false }; // deleted with its endpoint meanwhile
          if (outcome.ok) {
            await db.query('UPDATE webhook_endpoints SET failures = 0, failing_since = NULL WHERE id = $1', [claimed.endpointId]);
            return { disabled: false };
          }
          const endpoint = await one<{ failures: number; failingSince: string; disabledAt: string | null; url: string }>(
            db,
            `UPDATE webhook_endpoints SET failures = failures + 1, failing_since = COALESCE(failing_since, $1) WHERE id = $2
             RETURNING failures, failing_since AS "failingSince", disabled_at AS "disabledAt", url`,
            [at, claimed.endpointId],
          );
          if (!endpoint || endpoint.disabledAt !== null || !shouldDisable(endpoint.failures, Date.parse(endpoint.failingSince), now.getTime())) return { disabled: false };
          await db.query('UPDATE webhook_endpoints SET disabled_at = $1 WHERE id = $2', [at, claimed.endpointId]);
          await recordAudit(db, {
            at,
            actor: WEBHOOK_ACTOR,
            action: 'webhook.disable',
            target: claimed.contestSlug,
            detail: { id: claimed.endpointId, host: new URL(endpoint.url).host, failures: endpoint.failures, failingSince: endpoint.failingSince },
          });
          return { disabled: true };
        });
      },
      async prune(before) {
        const { rowCount } = await pool.query(`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1`, [before.toISOString()]);
        return rowCount ?? 0;
      },
    },
  };
}
