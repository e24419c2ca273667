/**
 * The webhook outbox across a crash (decision 0040), with real server processes (server-process.ts):
 * a registration acknowledged by a server that sends no webhooks (WEBHOOKS_DELIVERY=off) has its
 * delivery in the file; the server is killed with SIGKILL before anything is sent; a server started
 * afterwards on the same file delivers it, signed, to a real receiver.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { call, killAll, killServer, startServer, tempDatabase } from './server-process.js';
import { person } from './support.js';
import { startReceiver, verifySignature, type Receiver } from './webhooks-support.js';

const OPEN = 'de-an-06-thai-binh';
let host: Receiver | null = null;

afterEach(async () => {
  await killAll();
  await host?.close();
  host = null;
});

describe('webhook outbox across kill -9', () => {
  it('keeps a delivery committed with its event through SIGKILL and delivers it after the restart', async () => {
    const databasePath = tempDatabase('quiz-webhook-crash-');
    const adminToken = randomBytes(32).toString('base64url');
    const env = { ADMIN_TOKEN: adminToken, WEBHOOKS_ALLOW_LOOPBACK: '1' };
    host = await startReceiver();

    const first = await startServer(databasePath, { ...env, WEBHOOKS_DELIVERY: 'off' });
    const created = await call(first.base, 'POST', `/api/admin/contests/${OPEN}/webhooks`, {
      token: adminToken,
      json: { url: host.url, events: ['contestant.registered'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const registered = await call(first.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(1, { source: 'thaibinhtv.vn' }) });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    await killServer(first);
    expect(host.received).toHaveLength(0);

    // Acknowledged means committed: the delivery is in the file, not yet tried.
    const file = new Database(databasePath, { readonly: true });
    expect(file.prepare('SELECT type, status, tries FROM webhook_deliveries').all()).toEqual([{ type: 'contestant.registered', status: 'pending', tries: 0 }]);
    file.close();

    const second = await startServer(databasePath, env);
    await host.waitFor(1);
    const [delivery] = host.received;
    const check = verifySignature(created.body.secret, delivery!.headers['x-de-an-06-signature'] as string, delivery!.body, Math.floor(Date.now() / 1000));
    expect(check.ok).toBe(true);
    expect(JSON.parse(delivery!.body)).toMatchObject({
      type: 'contestant.registered',
      contest: { slug: OPEN },
      data: { contestantId: registered.body.contestant.id, source: 'thaibinhtv.vn' },
    });
    // The delivery is recorded as delivered once the receiver's answer is in: wait for that, then stop.
    const log = async () =>
      (await call(second.base, 'GET', `/api/admin/contests/${OPEN}/webhooks/${created.body.id}/deliveries`, { token: adminToken })).body as { status: string }[];
    while ((await log())[0]!.status !== 'delivered') await new Promise((resolve) => setImmediate(resolve));
    expect(await log()).toEqual([expect.objectContaining({ status: 'delivered', tries: 1, lastStatus: 200 })]);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(host.received).toHaveLength(1);
  });
});
