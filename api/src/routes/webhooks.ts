import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import {
  webhookCreateSchema,
  type CreatedWebhook,
  type WebhookDeliveries,
  type WebhookDeliveryView,
  type WebhookEndpoints,
  type WebhookEndpointView,
} from '../contract/webhooks.js';
import { recordAudit } from '../db/admin.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  retryWebhookDelivery,
} from '../db/webhooks.js';
import { webhookUrlProblem } from '../domain/webhooks.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { notFound } from '../http/errors.js';
import { idParam, invalidFields, readJson, slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';

/** Endpoints a contest may have: enough for a few host sites, not a fan-out. */
const MAX_ENDPOINTS = 20;
/** Deliveries the log lists, newest first. */
const LOG_LENGTH = 100;

/**
 * A contest's webhooks (decision 0040): organisers register a host site's endpoint (the signing
 * secret answered once), list and delete them, read each one's delivery log and send a delivery
 * again. Changes are audited; the secret never appears in a listing or the audit log.
 */
export function webhookRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  const endpointOf = (slug: string, id: string) => {
    const endpoint = getWebhookEndpoint(db, slug, id);
    if (!endpoint) throw notFound('Không tìm thấy địa chỉ nhận webhook này');
    return endpoint;
  };

  app.get('/contests/:slug/webhooks', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    return c.json(listWebhookEndpoints(db, contest.slug) satisfies WebhookEndpoints);
  });

  app.post('/contests/:slug/webhooks', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const body = await readJson(c, webhookCreateSchema);
    const problem = webhookUrlProblem(body.url, deps.config.webhooks?.allowLoopback ?? false);
    if (problem) throw invalidFields({ url: problem });
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const id = randomBytes(9).toString('base64url');
    const endpoint = db.transaction(() => {
      if (listWebhookEndpoints(db, contest.slug).length >= MAX_ENDPOINTS) {
        throw invalidFields({ url: `Mỗi cuộc thi có tối đa ${MAX_ENDPOINTS} địa chỉ nhận webhook` });
      }
      const now = clock();
      const created = createWebhookEndpoint(db, { id, slug: contest.slug, url: body.url, events: body.events, secret, createdBy: admin.name }, now);
      recordAudit(db, { at: now.toISOString(), actor: admin.name, action: 'webhook.create', target: contest.slug, detail: { id, host: new URL(body.url).host, events: body.events } });
      return created;
    })();
    return c.json({ id, secret, endpoint } satisfies CreatedWebhook, 201);
  });

  app.delete('/contests/:slug/webhooks/:id', (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = idParam(c);
    const endpoint = db.transaction(() => {
      const found = endpointOf(contest.slug, id);
      deleteWebhookEndpoint(db, contest.slug, id);
      const now = clock();
      recordAudit(db, { at: now.toISOString(), actor: admin.name, action: 'webhook.delete', target: contest.slug, detail: { id, host: new URL(found.url).host } });
      return found;
    })();
    return c.json(endpoint satisfies WebhookEndpointView);
  });

  app.get('/contests/:slug/webhooks/:id/deliveries', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const endpoint = endpointOf(contest.slug, idParam(c));
    return c.json(listWebhookDeliveries(db, endpoint.id, LOG_LENGTH) satisfies WebhookDeliveries);
  });

  app.post('/contests/:slug/webhooks/:id/deliveries/:deliveryId/retry', (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = idParam(c);
    const deliveryId = idParam(c, 'deliveryId');
    const delivery = db.transaction(() => {
      endpointOf(contest.slug, id);
      const now = clock();
      const retried = retryWebhookDelivery(db, id, deliveryId, now);
      if (!retried) throw notFound('Không tìm thấy lần gửi này');
      recordAudit(db, {
        at: now.toISOString(),
        actor: admin.name,
        action: 'webhook.retry',
        target: contest.slug,
        detail: { id, deliveryId, ...(retried.enabled ? { enabled: true } : {}) },
      });
      return retried.delivery;
    })();
    return c.json(delivery satisfies WebhookDeliveryView);
  });

  return app;
}
