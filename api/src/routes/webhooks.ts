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
import { webhookUrlProblem } from '../domain/webhooks.js';
import { requireOrganiser } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { notFound } from '../http/errors.js';
import { idParam, invalidFields, readJson, slugParam } from '../http/validate.js';
import type { Context } from 'hono';
import type { WebhookNotFound } from '../store/store.js';

/** Endpoints a contest may have: enough for a few host sites, not a fan-out. */
const MAX_ENDPOINTS = 20;
/** Deliveries the log lists, newest first. */
const LOG_LENGTH = 100;

const MISSING: Record<WebhookNotFound['what'], string> = {
  webhook: 'Không tìm thấy địa chỉ nhận webhook này',
  delivery: 'Không tìm thấy lần gửi này',
};

/**
 * A contest's webhooks (decision 0040): organisers register a host site's endpoint (the signing
 * secret answered once), list and delete them, read each one's delivery log and send a delivery
 * again. Changes are audited; the secret never appears in a listing or the audit log.
 */
export function webhookRoutes(deps: Pick<PortableDeps, 'store' | 'config'>): Hono {
  const { store } = deps;
  const app = new Hono();

  /** The organiser and the contest of the path (404 for an unknown contest). */
  async function request(c: Context, access: 'read' | 'write') {
    const admin = await requireOrganiser(store, c, access);
    const contest = await store.contests.contest(slugParam(c));
    if (!contest) throw notFound('Không tìm thấy cuộc thi');
    return { admin, slug: contest.slug };
  }

  const found = <T extends object>(outcome: T | WebhookNotFound): T => {
    if ('kind' in outcome && outcome.kind === 'notFound') throw notFound(MISSING[outcome.what]);
    return outcome as T;
  };

  app.get('/contests/:slug/webhooks', async (c) => {
    const { slug } = await request(c, 'read');
    return c.json((await store.webhooks.list(slug)) satisfies WebhookEndpoints);
  });

  app.post('/contests/:slug/webhooks', async (c) => {
    const { admin, slug } = await request(c, 'write');
    const body = await readJson(c, webhookCreateSchema);
    const problem = webhookUrlProblem(body.url, deps.config.webhooks?.allowLoopback ?? false);
    if (problem) throw invalidFields({ url: problem });
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const id = randomBytes(9).toString('base64url');
    const endpoint = await store.webhooks.create(slug, { id, url: body.url, events: body.events, secret }, MAX_ENDPOINTS, admin.name);
    if ('kind' in endpoint) throw invalidFields({ url: `Mỗi cuộc thi có tối đa ${MAX_ENDPOINTS} địa chỉ nhận webhook` });
    return c.json({ id, secret, endpoint } satisfies CreatedWebhook, 201);
  });

  app.delete('/contests/:slug/webhooks/:id', async (c) => {
    const { admin, slug } = await request(c, 'write');
    const endpoint = found(await store.webhooks.remove(slug, idParam(c), admin.name));
    return c.json(endpoint satisfies WebhookEndpointView);
  });

  app.get('/contests/:slug/webhooks/:id/deliveries', async (c) => {
    const { slug } = await request(c, 'read');
    const deliveries = found(await store.webhooks.deliveries(slug, idParam(c), LOG_LENGTH));
    return c.json(deliveries satisfies WebhookDeliveries);
  });

  app.post('/contests/:slug/webhooks/:id/deliveries/:deliveryId/retry', async (c) => {
    const { admin, slug } = await request(c, 'write');
    const delivery = found(await store.webhooks.retry(slug, idParam(c), idParam(c, 'deliveryId'), admin.name));
    return c.json(delivery satisfies WebhookDeliveryView);
  });

  return app;
}
