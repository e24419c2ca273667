import { recordAudit } from '../../db/admin.js';
import { answerAfterCommit } from '../../db/connection.js';
import { announceClosedRounds } from '../../db/rounds.js';
import {
  anyDeliveryDue,
  claimDueDeliveries,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  pruneWebhookDeliveries,
  recordDeliveryTry,
  retryWebhookDelivery,
  type ClaimedDelivery,
} from '../../db/webhooks.js';
import type { WebhookNotFound, WebhookStore } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_WEBHOOK: WebhookNotFound = Object.freeze({ kind: 'notFound', what: 'webhook' });
const NO_DELIVERY: WebhookNotFound = Object.freeze({ kind: 'notFound', what: 'delivery' });

/** Webhooks over db/webhooks.ts, each change with its audit entry in one transaction. */
export function sqliteWebhooks({ db, clock }: SqliteStoreDeps): WebhookStore {
  return {
    list: async (slug) => listWebhookEndpoints(db, slug),
    async create(slug, { id, url, events, secret }, max, actor) {
      return db.transaction(() => {
        if (listWebhookEndpoints(db, slug).length >= max) return { kind: 'tooMany' as const };
        const now = clock();
        const created = createWebhookEndpoint(db, { id, slug, url, events, secret, createdBy: actor }, now);
        recordAudit(db, { at: now.toISOString(), actor, action: 'webhook.create', target: slug, detail: { id, host: new URL(url).host, events } });
        return created;
      })();
    },
    async remove(slug, id, actor) {
      return db.transaction(() => {
        const found = getWebhookEndpoint(db, slug, id);
        if (!found) return NO_WEBHOOK;
        deleteWebhookEndpoint(db, slug, id);
        const now = clock();
        recordAudit(db, { at: now.toISOString(), actor, action: 'webhook.delete', target: slug, detail: { id, host: new URL(found.url).host } });
        return found;
      })();
    },
    async deliveries(slug, id, limit) {
      return getWebhookEndpoint(db, slug, id) ? listWebhookDeliveries(db, id, limit) : NO_WEBHOOK;
    },
    async retry(slug, id, deliveryId, actor) {
      return db.transaction(() => {
        if (!getWebhookEndpoint(db, slug, id)) return NO_WEBHOOK;
        const now = clock();
        const retried = retryWebhookDelivery(db, id, deliveryId, now);
        if (!retried) return NO_DELIVERY;
        recordAudit(db, {
          at: now.toISOString(),
          actor,
          action: 'webhook.retry',
          target: slug,
          detail: { id, deliveryId, ...(retried.enabled ? { enabled: true } : {}) },
        });
        return retried.delivery;
      })();
    },
    outbox: {
      async announceClosedRounds(now) {
        let announced = 0;
        await answerAfterCommit(db, async () => {
          announced = announceClosedRounds(db, now);
        });
        return announced;
      },
      anyDue: async (now) => anyDeliveryDue(db, now),
      // Committed before anything is sent (on the server's group-commit connection too), so no event leaves before it is durable.
      async claimDue(now, leaseMs, limit) {
        let claimed: ClaimedDelivery[] = [];
        await answerAfterCommit(db, async () => {
          claimed = claimDueDeliveries(db, now, leaseMs, limit);
        });
        return claimed;
      },
      recordTry: async (claimed, outcome, now, random) => recordDeliveryTry(db, claimed, outcome, now, random),
      prune: async (before) => pruneWebhookDeliveries(db, before),
    },
  };
}
