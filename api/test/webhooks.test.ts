/**
 * Signed webhooks (decision 0040), in process: the outbox written with the event, deliveries to a
 * real HTTP receiver on 127.0.0.1 driven by a fake clock (no waiting for back-off), the signature
 * checked by the test's own implementation, no personal data or answer key in any body, disabling
 * after repeated failure, the claim that keeps two senders apart, and refused input.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';
import { createAdminToken } from '../src/db/admin.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { claimDueDeliveries } from '../src/db/webhooks.js';
import { DISABLE_AFTER_FAILURES, DISABLE_AFTER_MS, FIRST_BACKOFF_MS, MAX_BACKOFF_MS, nextTryAt, webhookUrlProblem } from '../src/domain/webhooks.js';
import { seedDemoContests } from '../src/seed/demo.js';
import { sqliteStore } from '../src/store/sqlite/index.js';
import { hashToken } from '../src/tokens.js';
import { deliverDueWebhooks } from '../src/webhooks/delivery.js';
import { admin, contestantWithScore, expectError, smallContest } from './admin-support.js';
import { freePort, tempDatabase } from './server-process.js';
import { appEnv, JURY_TOKEN, OPEN, ORGANISER_TOKEN, person, register, seededRandom, startAttempt, TestClock, testEnv, type TestEnv } from './support.js';
import { startReceiver, verifySignature, type Receiver } from './webhooks-support.js';

const LOOPBACK = { WEBHOOKS_ALLOW_LOOPBACK: '1' };
const ALL_EVENTS = ['contestant.registered', 'attempt.submitted', 'results.published', 'round.closed'];

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(answer?: (index: number) => number): Promise<Receiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function addEndpoint(env: TestEnv, url: string, events: string[] = ALL_EVENTS, slug = OPEN): Promise<{ id: string; secret: string }> {
  const created = await admin(env, 'POST', `/contests/${slug}/webhooks`, { url, events });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

/** "Deliver due now" at the fake clock's time; deterministic jitter (the middle of the spread). */
const outboxOf = (db: Db, clock: TestClock) => sqliteStore({ db, clock: clock.now, random: seededRandom(), config: configFromEnv({}) }).webhooks.outbox;
const deliverNow = (env: TestEnv) => deliverDueWebhooks({ outbox: outboxOf(env.db, env.clock), clock: env.clock.now, random: () => 0.5, timeoutMs: 5_000 });

const deliveries = async (env: TestEnv, id: string, slug = OPEN) => {
  const log = await admin(env, 'GET', `/contests/${slug}/webhooks/${id}/deliveries`);
  expect(log.status).toBe(200);
  return log.body as { id: string; status: string; tries: number; lastStatus: number | null; lastError: string | null; nextTryAt: string | null; type: string }[];
};

describe('webhook deliveries', () => {
  it('signs each delivery so an independent check verifies it, and delivers on the third try after two failures, driven by the clock', async () => {
    const env = testEnv({ env: LOOPBACK });
    const host = await receiver((index) => (index < 2 ? [500, 503][index]! : 200));
    const endpoint = await addEndpoint(env, host.url, ['contestant.registered']);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // The secret is answered once: neither the list nor the audit log shows it.
    const listed = await admin(env, 'GET', `/contests/${OPEN}/webhooks`);
    expect(listed.body).toEqual([expect.objectContaining({ id: endpoint.id, url: host.url, events: ['contestant.registered'], disabledAt: null, pending: 0 })]);
    expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);
    expect(JSON.stringify((await admin(env, 'GET', '/audit')).body)).not.toContain(endpoint.secret);

    const { contestant } = await register(env, 1, { source: 'baothaibinh.com.vn' });
    // The outbox row was committed with the registration, before any delivery.
    expect(env.db.prepare(`SELECT status, tries FROM webhook_deliveries WHERE endpoint_id = ?`).all(endpoint.id)).toEqual([{ status: 'pending', tries: 0 }]);

    const firstAt = env.clock.now();
    expect(await deliverNow(env)).toBe(1);
    expect(host.received).toHaveLength(1);
    let [log] = await deliveries(env, endpoint.id);
    expect(log).toMatchObject({ status: 'pending', tries: 1, lastStatus: 500, lastError: 'Nơi nhận trả mã 500' });
    expect(Date.parse(log!.nextTryAt!) - firstAt.getTime()).toBe(FIRST_BACKOFF_MS); // random 0.5: no spread
    // Not due yet: nothing is sent however often the worker looks.
    env.clock.advance(FIRST_BACKOFF_MS - 1);
    expect(await deliverNow(env)).toBe(0);
    expect(host.received).toHaveLength(1);

    env.clock.set(log!.nextTryAt!);
    expect(await deliverNow(env)).toBe(1);
    [log] = await deliveries(env, endpoint.id);
    expect(log).toMatchObject({ status: 'pending', tries: 2, lastStatus: 503 });
    expect(Date.parse(log!.nextTryAt!) - env.clock.now().getTime()).toBe(2 * FIRST_BACKOFF_MS); // doubled

    env.clock.set(log!.nextTryAt!);
    expect(await deliverNow(env)).toBe(1);
    [log] = await deliveries(env, endpoint.id);
    expect(log).toMatchObject({ status: 'delivered', tries: 3, lastStatus: 200, lastError: null, nextTryAt: null });
    expect(host.received).toHaveLength(3);
    env.clock.advance(3_600_000);
    expect(await deliverNow(env)).toBe(0); // delivered once is enough

    // Each try carries the same body (one event id), signed at the time it was sent.
    const bodies = new Set(host.received.map((r) => r.body));
    expect(bodies.size).toBe(1);
    const sentAt = [firstAt.getTime(), firstAt.getTime() + FIRST_BACKOFF_MS, firstAt.getTime() + 3 * FIRST_BACKOFF_MS].map((ms) => Math.floor(ms / 1000));
    host.received.forEach((r, i) => {
      const check = verifySignature(endpoint.secret, r.headers['x-de-an-06-signature'] as string, r.body, sentAt[i]!);
      expect(check).toEqual({ ok: true, t: sentAt[i] });
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.headers['x-de-an-06-event']).toBe('contestant.registered');
    });
    // A wrong secret, a changed body or a stale time fail the same check.
    const last = host.received[2]!;
    const header = last.headers['x-de-an-06-signature'] as string;
    expect(verifySignature(`${endpoint.secret}x`, header, last.body, sentAt[2]!).ok).toBe(false);
    expect(verifySignature(endpoint.secret, header, last.body.replace('baothaibinh', 'baothaibinX'), sentAt[2]!).ok).toBe(false);
    expect(verifySignature(endpoint.secret, header, last.body, sentAt[2]! + 301).ok).toBe(false);

    expect(JSON.parse(last.body)).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'contestant.registered',
      time: firstAt.toISOString(),
      contest: { slug: OPEN },
      data: { contestantId: contestant.id, unitId: 'tp-thai-binh', source: 'baothaibinh.com.vn', registeredAt: firstAt.toISOString() },
    });
  });

  it("the README's Node snippet for host sites accepts a real delivery and refuses a forged or stale one", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const snippet = /Node\.js:\n\n```js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Webhook cho trang đăng cai')))?.[1];
    expect(snippet).toContain('timingSafeEqual');
    const file = join(mkdtempSync(join(tmpdir(), 'quiz-webhook-snippet-')), 'verify.mjs');
    writeFileSync(file, snippet!);
    const { verifyDeAn06 } = (await import(pathToFileURL(file).href)) as { verifyDeAn06: (secret: string, header: string, body: Buffer | string, now?: number) => boolean };

    const env = testEnv({ env: LOOPBACK });
    const host = await receiver();
    const endpoint = await addEndpoint(env, host.url, ['contestant.registered']);
    await register(env, 1, { fullName: 'Trần Thị Ngọc Ánh' });
    await deliverNow(env);
    const [{ headers, body }] = host.received as [(typeof host.received)[number]];
    const header = headers['x-de-an-06-signature'] as string;
    const now = Math.floor(env.clock.now().getTime() / 1000);
    expect(verifyDeAn06(endpoint.secret, header, Buffer.from(body, 'utf8'), now)).toBe(true);
    expect(verifyDeAn06(endpoint.secret, header, body, now + 300)).toBe(true);
    expect(verifyDeAn06(endpoint.secret, header, body, now + 301)).toBe(false);
    expect(verifyDeAn06(endpoint.secret, header, `${body} `, now)).toBe(false);
    expect(verifyDeAn06('whsec_khac', header, body, now)).toBe(false);
    expect(verifyDeAn06(endpoint.secret, 't=abc,v1=00', body, now)).toBe(false);
  });

  it('puts no ID number, phone, birth date, name, guardian data or answer key in any payload', async () => {
    const env = testEnv({ env: LOOPBACK });
    const host = await receiver();
    await addEndpoint(env, host.url);
    const adult = person(7, { fullName: 'Phạm Thị Thu Hằng', email: 'hang@example.vn' });
    const scored = await contestantWithScore(env, 7, 3, { overrides: adult });
    // A minor, registered with a guardian.
    const minor = person(8, {
      fullName: 'Đỗ Minh Khôi',
      birthDate: '2012-03-04',
      idNumber: '034212000008',
      guardian: { fullName: 'Đỗ Văn Quang', phone: '0987123456', relationship: 'cha', consent: true },
    });
    const minorReply = await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: minor });
    expect(minorReply.status, JSON.stringify(minorReply.body)).toBe(201);
    // An attempt left open past its deadline is submitted automatically: that is an event too.
    const late = await startAttempt(env, minorReply.body.token);
    env.clock.set(new Date(Date.parse(late.deadline) + 1000));
    expect((await env.call('GET', `/api/attempts/${late.id}`, { token: minorReply.body.token })).status).toBe(200);
    expect((await admin(env, 'POST', `/contests/${OPEN}/results`, { publish: true })).status).toBe(200);

    while ((await deliverNow(env)) > 0) {
      /* everything is due now */
    }
    const bodies = host.received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type).sort()).toEqual([
      'attempt.submitted',
      'attempt.submitted',
      'contestant.registered',
      'contestant.registered',
      'results.published',
    ]);
    const submitted = bodies.filter((b) => b.type === 'attempt.submitted');
    expect(submitted.find((b) => b.data.attemptId === scored.attemptId)!.data).toMatchObject({ autoSubmitted: false, score: 3, contestantId: scored.contestantId });
    expect(submitted.find((b) => b.data.attemptId === late.id)!.data).toMatchObject({ autoSubmitted: true, submittedAt: late.deadline });
    // Only these keys, whatever the event: nothing else can slip in unnoticed.
    const allowed = new Set(['contestantId', 'unitId', 'source', 'registeredAt', 'attemptId', 'submittedAt', 'autoSubmitted', 'score', 'total', 'publishedAt']);
    for (const body of bodies) for (const key of Object.keys(body.data)) expect(allowed, key).toContain(key);

    const questions = env.db.prepare(`SELECT text, options, explanation FROM questions WHERE contest_slug = ?`).all(OPEN) as { text: string; options: string; explanation: string | null }[];
    const everything = host.received.map((r) => r.body).join('\n');
    const forbidden = [
      adult.idNumber as string,
      adult.phone as string,
      '1990-05-17',
      '17/05/1990',
      'Phạm Thị Thu Hằng',
      'hang@example.vn',
      minor.idNumber as string,
      minor.phone as string,
      '2012-03-04',
      'Đỗ Minh Khôi',
      'Đỗ Văn Quang',
      '0987123456',
      ...questions.flatMap((q) => [q.text, ...(JSON.parse(q.options) as string[]), q.explanation ?? q.text]),
    ];
    // A short text (an option such as "001", a province code) may occur inside a random id by chance:
    // it is looked for as a whole JSON value; a longer one anywhere.
    for (const value of forbidden) expect(everything, value).not.toContain(value.length >= 8 ? value : JSON.stringify(value));
    expect(everything).not.toMatch(/"(answer|answers|correct|options|idNumber|phone|birthDate|guardian|fullName)"/);
  });

  it('sends a score only while contestants may see it (revealScore afterClose)', async () => {
    const env = testEnv({ env: LOOPBACK });
    const host = await receiver();
    const { slug } = await smallContest(env, 'diem-sau', 4, 2, { revealScore: 'afterClose' });
    await addEndpoint(env, host.url, ['attempt.submitted'], slug);
    const { token } = await register(env, 3, {}, slug);
    const attempt = await startAttempt(env, token, slug);
    const submitted = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers: {}, prediction: 10 } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).not.toHaveProperty('score'); // the contestant is not told either
    await deliverNow(env);
    expect(host.received).toHaveLength(1);
    const data = JSON.parse(host.received[0]!.body).data;
    expect(data).not.toHaveProperty('score');
    expect(data).not.toHaveProperty('total');
  });

  it('writes a delivery only with its event: a refused registration leaves none, an unsubscribed event none', async () => {
    const env = testEnv({ env: LOOPBACK });
    const host = await receiver();
    const endpoint = await addEndpoint(env, host.url, ['attempt.submitted']);
    await register(env, 1);
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 0 });
    const other = await addEndpoint(env, host.url, ['contestant.registered']);
    expect((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(1) })).status).toBe(409); // the same ID number
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 0 });
    await register(env, 2);
    expect(env.db.prepare('SELECT endpoint_id AS id, type FROM webhook_deliveries').all()).toEqual([{ id: other.id, type: 'contestant.registered' }]);
    // Deleting an endpoint takes its pending deliveries with it: nothing is sent there any more.
    expect((await admin(env, 'DELETE', `/contests/${OPEN}/webhooks/${other.id}`)).status).toBe(200);
    expect(await deliverNow(env)).toBe(0);
    expect((await admin(env, 'GET', `/contests/${OPEN}/webhooks`)).body.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
  });

  it('disables an endpoint after repeated failures with an audit entry; "Gửi lại" enables it again', async () => {
    const env = testEnv({ env: LOOPBACK });
    const host = await receiver(() => 500);
    const endpoint = await addEndpoint(env, host.url, ['contestant.registered']);
    await register(env, 1);
    const startedAt = env.clock.now().getTime();
    let tries = 0;
    for (;;) {
      expect(await deliverNow(env)).toBe(1);
      tries++;
      const [log] = await deliveries(env, endpoint.id);
      const listed = (await admin(env, 'GET', `/contests/${OPEN}/webhooks`)).body[0];
      if (listed.disabledAt) break;
      expect(tries).toBeLessThan(DISABLE_AFTER_FAILURES + 5);
      env.clock.set(log!.nextTryAt!);
    }
    expect(tries).toBe(DISABLE_AFTER_FAILURES);
    expect(env.clock.now().getTime() - startedAt).toBeGreaterThanOrEqual(DISABLE_AFTER_MS);
    const audit = (await admin(env, 'GET', '/audit')).body as { action: string; actor: string; target: string; detail: Record<string, unknown> }[];
    expect(audit.find((e) => e.action === 'webhook.disable')).toMatchObject({
      target: OPEN,
      detail: { id: endpoint.id, host: new URL(host.url).host, failures: DISABLE_AFTER_FAILURES },
    });
    // Disabled: no more tries, and new events are not queued for it.
    env.clock.advance(MAX_BACKOFF_MS);
    expect(await deliverNow(env)).toBe(0);
    await register(env, 2);
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 1 });

    // The host fixed its receiver; "Gửi lại" sends now and enables the endpoint.
    host.answer = () => 200;
    const [log] = await deliveries(env, endpoint.id);
    const retried = await admin(env, 'POST', `/contests/${OPEN}/webhooks/${endpoint.id}/deliveries/${log!.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'pending', nextTryAt: env.clock.now().toISOString() });
    expect((await admin(env, 'GET', `/contests/${OPEN}/webhooks`)).body[0]).toMatchObject({ disabledAt: null, consecutiveFailures: 0 });
    expect(await deliverNow(env)).toBe(1);
    expect((await deliveries(env, endpoint.id))[0]).toMatchObject({ status: 'delivered', tries: DISABLE_AFTER_FAILURES + 1, lastStatus: 200 });
    const actions = ((await admin(env, 'GET', '/audit')).body as { action: string; detail: unknown }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook.create', 'webhook.disable', 'webhook.retry']));
    // A jury code reads the log but cannot send again; an unknown delivery is 404.
    expect((await admin(env, 'GET', `/contests/${OPEN}/webhooks/${endpoint.id}/deliveries`, undefined, JURY_TOKEN)).status).toBe(200);
    expectError(await admin(env, 'POST', `/contests/${OPEN}/webhooks/${endpoint.id}/deliveries/${log!.id}/retry`, undefined, JURY_TOKEN), 403, 'FORBIDDEN');
    expectError(await admin(env, 'POST', `/contests/${OPEN}/webhooks/${endpoint.id}/deliveries/khong-co/retry`), 404, 'NOT_FOUND');
  });

  it('gives a delivery up once its 24 hours have run out', () => {
    const start = Date.parse('2026-11-28T03:00:00Z');
    const expires = start + 24 * 3_600_000;
    let now = start;
    let tries = 0;
    for (;;) {
      tries++;
      const next = nextTryAt(tries, now, expires, 0.999);
      if (next === null) break;
      expect(next).toBeGreaterThan(now);
      expect(next).toBeLessThanOrEqual(expires);
      expect(next - now).toBeLessThanOrEqual(MAX_BACKOFF_MS * 1.25);
      now = next;
    }
    expect(now).toBe(expires); // the last try is at the end of the window, then no more
    expect(tries).toBeGreaterThan(20);
    // The spread: ±25 % around the doubling wait.
    expect(nextTryAt(3, start, expires, 0)! - start).toBe(0.75 * 4 * FIRST_BACKOFF_MS);
    expect(nextTryAt(3, start, expires, 0.999999)! - start).toBeCloseTo(1.25 * 4 * FIRST_BACKOFF_MS, -1);
  });

  it('never sends one delivery from two senders at once: a claim holds until its lease ends', async () => {
    const path = tempDatabase('quiz-webhook-claim-');
    const clock = new TestClock(new Date('2026-11-28T03:00:00Z'));
    const first = openDatabase(path);
    const env = appEnv(first, clock, configFromEnv({ RATE_LIMIT: 'off', ATTEMPT_CHALLENGE: 'off', ...LOOPBACK }));
    seedDemoContests(first, clock.now());
    createAdminToken(first, hashToken(ORGANISER_TOKEN), 'Ban Tổ chức', 'organiser', clock.now());
    const host = await receiver();
    await addEndpoint(env, host.url, ['contestant.registered']);
    await register(env, 1);
    // Process A claims the delivery and dies before sending (nothing recorded).
    expect(claimDueDeliveries(first, clock.now(), 40_000, 10)).toHaveLength(1);
    // Process B, its own connection to the file, finds nothing to send while the lease holds…
    const second = openDatabase(path);
    const fromSecond = () => deliverDueWebhooks({ outbox: outboxOf(second, clock), clock: clock.now, random: () => 0.5 });
    expect(await fromSecond()).toBe(0);
    clock.advance(39_999);
    expect(await fromSecond()).toBe(0);
    // …and sends it once the lease ran out: at least once, never twice at the same time.
    clock.advance(1);
    expect(await fromSecond()).toBe(1);
    expect(host.received).toHaveLength(1);
    expect(await Promise.all([fromSecond(), deliverDueWebhooks({ outbox: outboxOf(first, clock), clock: clock.now })])).toEqual([0, 0]);
    second.close();
    first.close();
  });

  it('never fails a contestant route when the receiver is down; the failure is logged', async () => {
    const env = testEnv({ env: LOOPBACK });
    const port = await freePort(); // nothing listens there
    const endpoint = await addEndpoint(env, `http://127.0.0.1:${port}/hook`);
    const scored = await contestantWithScore(env, 1, 2);
    expect(scored.attemptId).toBeTruthy();
    expect(await deliverNow(env)).toBe(2);
    const log = await deliveries(env, endpoint.id);
    expect(log).toHaveLength(2);
    for (const entry of log) {
      expect(entry).toMatchObject({ status: 'pending', tries: 1, lastStatus: null });
      expect(entry.lastError).toMatch(/^Không kết nối được tới nơi nhận/);
    }
    // Still answering contestants while deliveries keep failing.
    expect((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(2) })).status).toBe(201);
  });
});

describe('webhook endpoints refused', () => {
  it('answers 400 naming the field in Vietnamese: not https, unknown event, no event, loopback without the test setting', async () => {
    const env = testEnv({ env: LOOPBACK });
    const http = expectError(await admin(env, 'POST', `/contests/${OPEN}/webhooks`, { url: 'http://bao.example.vn/hook', events: ['contestant.registered'] }), 400, 'VALIDATION');
    expect(http.fields).toEqual({ url: 'Địa chỉ nhận phải dùng https://' });
    const ftp = expectError(await admin(env, 'POST', `/contests/${OPEN}/webhooks`, { url: 'ftp://bao.example.vn/hook', events: ['contestant.registered'] }), 400, 'VALIDATION');
    expect(ftp.fields).toEqual({ url: 'Địa chỉ nhận phải dùng https://' });
    const garbage = expectError(await admin(env, 'POST', `/contests/${OPEN}/webhooks`, { url: 'không phải địa chỉ', events: ['contestant.registered'] }), 400, 'VALIDATION');
    expect(Object.keys(garbage.fields!)).toEqual(['url']);
    const unknown = expectError(await admin(env, 'POST', `/contests/${OPEN}/webhooks`, { url: 'https://bao.example.vn/hook', events: ['contestant.deleted'] }), 400, 'VALIDATION');
    expect(unknown.fields).toEqual({ 'events.0': expect.stringContaining('Sự kiện phải là một trong: contestant.registered') });
    const none = expectError(await admin(env, 'POST', `/contests/${OPEN}/webhooks`, { url: 'https://bao.example.vn/hook', events: [] }), 400, 'VALIDATION');
    expect(none.fields).toEqual({ events: 'Cần chọn ít nhất một sự kiện' });
    const missing = expectError(await admin(env, 'POST', `/contests/${OPEN}/webhooks`, {}), 400, 'VALIDATION');
    expect(missing.fields).toEqual({ url: 'Thiếu «Địa chỉ nhận»', events: 'Thiếu «Sự kiện»' });
    expectError(await admin(env, 'POST', `/contests/${OPEN}/webhooks`, { url: 'https://bao.example.vn/hook', events: ['attempt.submitted'] }, JURY_TOKEN), 403, 'FORBIDDEN');
    expectError(await admin(env, 'POST', `/contests/khong-co-cuoc-thi/webhooks`, { url: 'https://bao.example.vn/hook', events: ['attempt.submitted'] }), 404, 'NOT_FOUND');
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM webhook_endpoints').get()).toEqual({ n: 0 });

    // Without WEBHOOKS_ALLOW_LOOPBACK the server never sends to itself, not even over https.
    const strict = testEnv();
    for (const url of ['http://127.0.0.1:9/hook', 'https://localhost/hook', 'https://[::1]/hook']) {
      const refused = expectError(await admin(strict, 'POST', `/contests/${OPEN}/webhooks`, { url, events: ['attempt.submitted'] }), 400, 'VALIDATION');
      expect(Object.keys(refused.fields!)).toEqual(['url']);
    }
    expect((await admin(strict, 'POST', `/contests/${OPEN}/webhooks`, { url: 'https://bao.example.vn/hook', events: ['round.closed'] })).status).toBe(201);
  });

  it('webhookUrlProblem: https anywhere, http only to loopback and only when allowed, no credentials', () => {
    expect(webhookUrlProblem('https://bao.example.vn/a?b=1', false)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/a', true)).toBeNull();
    expect(webhookUrlProblem('http://localhost/a', true)).toBeNull();
    expect(webhookUrlProblem('http://[::1]/a', true)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/a', false)).toMatch(/chính máy chủ/);
    expect(webhookUrlProblem('http://bao.example.vn/a', true)).toMatch(/https/);
    expect(webhookUrlProblem('https://user:pass@bao.example.vn/a', false)).toMatch(/mật khẩu/);
  });
});
