import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listContests } from '../src/db/contests.js';
import type { SmsProvider } from '../src/sms/providers.js';
import { logSmsProvider } from '../src/sms/providers.js';
import { expectError, smallContest } from './admin-support.js';
import { describeStores, twoServers, type StoreEnv, type StoreEnvOptions, type StoreKind } from './store-env.js';
import { OPEN, ORGANISER_TOKEN, person, snapshot, testEnv, type TestEnv } from './support.js';

const SLUG = 'xac-minh-sdt';

/** Records every message instead of sending it. */
function recordingSms() {
  const sent: { phone: string; text: string }[] = [];
  const provider: SmsProvider = {
    async send(phone, text) {
      sent.push({ phone, text });
    },
  };
  const lastCode = () => /\b(\d{6})\b/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '';
  return { sent, provider, lastCode };
}

type NewEnv = (options?: StoreEnvOptions) => Promise<StoreEnv>;

/** Contests that ask for a verified phone, prepared in the console before anyone takes part. */
const verifyingContests =
  (...slugs: string[]) =>
  async (console: TestEnv) => {
    for (const slug of slugs) await smallContest(console, slug, 4, 2, { phoneVerification: true });
  };

async function verifyingEnv(newEnv: NewEnv, env: Record<string, string> = {}, slugs = [SLUG]) {
  const sms = recordingSms();
  const t = await newEnv({ sms: sms.provider, env, prepare: verifyingContests(...slugs) });
  return { env: t, sms };
}

const askCode = (env: Pick<TestEnv, 'call'>, phone: string, slug = SLUG, headers: Record<string, string> = {}) =>
  env.call('POST', `/api/contests/${slug}/phone-codes`, { json: { phone }, headers });

const registerWith = (env: Pick<TestEnv, 'call'>, n: number, overrides: Record<string, unknown> = {}, slug = SLUG) =>
  env.call('POST', `/api/contests/${slug}/contestants`, { json: person(n, overrides) });

const count = async (env: StoreEnv, table: string) => (await env.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;

/** Everything but the phone codes, whose failure counters a refused registration does move on purpose. */
const withoutCodes = (env: StoreEnv) => env.snapshot(['phone_codes']);

describeStores('phone verification: off by default', (newEnv, kind) => {
  it('changes nothing for a contest that does not ask for it', async () => {
    const sms = recordingSms();
    const env = await newEnv({ sms: sms.provider });
    const info = await env.call('GET', `/api/contests/${OPEN}`);
    expect(info.body.phoneVerification).toBe(false);
    expect((await registerWith(env, 1, {}, OPEN)).status).toBe(201);
    const before = await env.snapshot();
    const refused = expectError(await askCode(env, '0912000002', OPEN), 409, 'CONFLICT');
    expect(refused.message).toMatch(/không yêu cầu xác minh số điện thoại/);
    expect(await env.snapshot()).toBe(before);
    expect(sms.sent).toEqual([]);
  });

  // A SQLite row read by db/contests.ts, and the console's route (501 on PostgreSQL, decision 0045).
  if (kind === 'sqlite') {
    it('reads a contest saved before the setting existed as off', async () => {
      const env = testEnv();
      const row = env.db.prepare('SELECT settings FROM contests WHERE slug = ?').get(OPEN) as { settings: string };
      const settings = JSON.parse(row.settings) as Record<string, unknown>;
      delete settings.phoneVerification;
      env.db.prepare('UPDATE contests SET settings = ? WHERE slug = ?').run(JSON.stringify(settings), OPEN);
      expect(listContests(env.db).find((c) => c.slug === OPEN)?.phoneVerification).toBe(false);
    });

    it('is saved by the organiser and shown in the public contest info', async () => {
      const { env } = await verifyingEnv(newEnv);
      expect((await env.call('GET', `/api/contests/${SLUG}`)).body.phoneVerification).toBe(true);
      const refused = expectError(
        await env.call('PUT', `/api/admin/contests/${SLUG}`, {
          token: ORGANISER_TOKEN,
          json: { title: 'Cuộc thi thử', startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-12-30T00:00:00Z', phoneVerification: 'có' },
        }),
        400,
        'VALIDATION',
      );
      expect(refused.fields?.phoneVerification).toMatch(/Xác minh số điện thoại/);
    });
  }
});

describeStores('phone verification: codes', (newEnv, kind) => {
  it('sends a 6-digit code by SMS and stores only a salted hash with an expiry', async () => {
    const { env, sms } = await verifyingEnv(newEnv);
    const now = env.clock.now().getTime();
    const sent = await askCode(env, '+84 912 000 001');
    expect(sent.status).toBe(202);
    expect(Date.parse(sent.body.expiresAt)).toBe(now + 10 * 60_000);
    expect(Date.parse(sent.body.resendAfter)).toBe(now + 60_000);
    expect(sent.body.now).toBe(new Date(now).toISOString());
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]!.phone).toBe('0912000001');
    const code = sms.lastCode();
    expect(code).toMatch(/^\d{6}$/);
    const rows = await env.query<Record<string, unknown>>('SELECT * FROM phone_codes');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ contest_slug: SLUG, phone: '0912000001', failures: 0, used_at: null });
    expect(await env.contents()).not.toContain(`"${code}"`);
    expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a bad phone, a closed contest and a body of the wrong shape, sending nothing', async () => {
    const { env, sms } = await verifyingEnv(newEnv);
    const before = await env.snapshot();
    expect(expectError(await askCode(env, '0212345678'), 400, 'VALIDATION').fields?.phone).toMatch(/Số điện thoại/);
    const extra = await env.call('POST', `/api/contests/${SLUG}/phone-codes`, { json: { phone: '0912000001', code: '1' } });
    expect(expectError(extra, 400, 'VALIDATION').fields?.code).toBeDefined();
    expectError(await env.call('POST', `/api/contests/${SLUG}/phone-codes`, { body: 'phone=0912000001', contentType: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await askCode(env, '0912000001', 'khong-co-cuoc-thi'), 404, 'NOT_FOUND');
    for (const body of ['[]', 'null', '{"phone":912000001}', `{"phone":"${'9'.repeat(100)}"}`, '{"phone":', '']) {
      const refused = await env.call('POST', `/api/contests/${SLUG}/phone-codes`, { body, contentType: 'application/json' });
      expectError(refused, 400, 'VALIDATION');
    }
    env.clock.advance(31 * 86_400_000);
    expectError(await askCode(env, '0912000001'), 409, 'CONTEST_NOT_OPEN');
    expect(await env.snapshot()).toBe(before);
    expect(sms.sent).toEqual([]);
  });

  it('limits each phone to one code a minute and five an hour, with Retry-After, across contests', async () => {
    const { env, sms } = await verifyingEnv(newEnv, {}, [SLUG, 'xac-minh-khac']);
    expect((await askCode(env, '0912000001')).status).toBe(202);
    const soon = await askCode(env, '0912000001', 'xac-minh-khac');
    const error = expectError(soon, 429, 'RATE_LIMITED');
    expect(soon.headers.get('retry-after')).toBe('60');
    expect(error.message).toMatch(/Vui lòng chờ 1 phút/);
    expect(error.fields?.phone).toBe(error.message);
    // Another phone is not held back.
    expect((await askCode(env, '0912000002')).status).toBe(202);
    for (let sentCodes = 2; sentCodes <= 5; sentCodes++) {
      env.clock.advance(60_000);
      const next = await askCode(env, '0912000001');
      expect(next.status, JSON.stringify(next.body)).toBe(202);
    }
    env.clock.advance(60_000);
    const hourly = await askCode(env, '0912000001');
    expect(expectError(hourly, 429, 'RATE_LIMITED').message).toMatch(/một giờ/);
    // The first of the five was sent 5 minutes ago: the hour ends in 55 minutes.
    expect(hourly.headers.get('retry-after')).toBe(String(55 * 60));
    expect(sms.sent.filter((m) => m.phone === '0912000001')).toHaveLength(5);
    env.clock.advance(55 * 60_000);
    expect((await askCode(env, '0912000001')).status).toBe(202);
  });

  it('keeps the per-phone limit in the database, so two servers on one database agree', async () => {
    const sms = recordingSms();
    const [first, second] = await twoServers(kind as StoreKind, { sms: sms.provider, prepare: verifyingContests(SLUG) });
    expect((await askCode(first, '0912000001')).status).toBe(202);
    expectError(await askCode(second, '0912000001'), 429, 'RATE_LIMITED');
    // A code sent through one server is accepted by the other, once.
    expect((await registerWith(second, 1, { phoneCode: sms.lastCode() })).status).toBe(201);
    expect(expectError(await registerWith(first, 2, { phone: '0912000001', phoneCode: sms.lastCode() }), 400, 'VALIDATION').fields?.phoneCode).toMatch(
      /đã được dùng/,
    );
  });

  it('limits codes per address in memory, like the other per-IP limits', async () => {
    const { env, sms } = await verifyingEnv(newEnv, { RATE_LIMIT: 'on', RATE_LIMIT_PHONE_CODES_PER_HOUR: '3' });
    for (let n = 1; n <= 3; n++) expect((await askCode(env, `091200000${n}`)).status).toBe(202);
    const refused = await askCode(env, '0912000004');
    expectError(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(sms.sent).toHaveLength(3);
  });
});

describeStores('phone verification: registration', (newEnv) => {
  it('refuses a registration without a code, naming phoneCode, and writes nothing', async () => {
    const { env } = await verifyingEnv(newEnv);
    const before = await env.snapshot();
    const missing = expectError(await registerWith(env, 1), 400, 'VALIDATION');
    expect(missing.fields?.phoneCode).toMatch(/Mã xác minh/);
    const malformed = expectError(await registerWith(env, 1, { phoneCode: '12ab56' }), 400, 'VALIDATION');
    expect(malformed.fields?.phoneCode).toMatch(/6 chữ số/);
    const neverSent = expectError(await registerWith(env, 1, { phoneCode: '123456' }), 400, 'VALIDATION');
    expect(neverSent.fields?.phoneCode).toMatch(/Gửi mã xác minh/);
    expect(await env.snapshot()).toBe(before);
  });

  it('registers with the right code, which cannot be used again', async () => {
    const { env, sms } = await verifyingEnv(newEnv);
    await askCode(env, '0912000001');
    const code = sms.lastCode();
    const registered = await registerWith(env, 1, { phone: '0912 000 001', phoneCode: code });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(await count(env, 'contestants')).toBe(1);
    const used = await env.query<{ used_at: string | null }>('SELECT used_at FROM phone_codes');
    expect(used.map((row) => row.used_at)).toEqual([env.clock.now().toISOString()]);
    const before = await env.snapshot();
    const reused = expectError(await registerWith(env, 2, { phone: '0912000001', phoneCode: code }), 400, 'VALIDATION');
    expect(reused.fields?.phoneCode).toMatch(/đã được dùng/);
    expect(await env.snapshot()).toBe(before);
    // Signing in again needs no code.
    const signIn = await env.call('POST', `/api/contests/${SLUG}/sessions`, {
      json: { idNumber: person(1).idNumber, phone: '0912000001', birthDate: person(1).birthDate },
    });
    expect(signIn.status).toBe(200);
  });

  it('counts wrong codes and burns the code after five, writing no registration', async () => {
    const { env, sms } = await verifyingEnv(newEnv);
    await askCode(env, '0912000001');
    const code = sms.lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    const before = await withoutCodes(env);
    for (let tries = 1; tries <= 4; tries++) {
      const refused = expectError(await registerWith(env, 1, { phoneCode: wrong }), 400, 'VALIDATION');
      expect(refused.fields?.phoneCode).toMatch(new RegExp(`còn ${5 - tries} lần`));
    }
    const fifth = expectError(await registerWith(env, 1, { phoneCode: wrong }), 400, 'VALIDATION');
    expect(fifth.fields?.phoneCode).toMatch(/mã đã bị huỷ/);
    const burned = expectError(await registerWith(env, 1, { phoneCode: code }), 400, 'VALIDATION');
    expect(burned.fields?.phoneCode).toMatch(/đã bị huỷ/);
    expect(await withoutCodes(env)).toBe(before);
    expect(await count(env, 'contestants')).toBe(0);
    // A new code (after the minute) works.
    env.clock.advance(60_000);
    await askCode(env, '0912000001');
    expect((await registerWith(env, 1, { phoneCode: sms.lastCode() })).status).toBe(201);
  });

  it('refuses an expired code, and an older code once a newer one was sent', async () => {
    const { env, sms } = await verifyingEnv(newEnv);
    await askCode(env, '0912000001');
    const first = sms.lastCode();
    env.clock.advance(10 * 60_000);
    const before = await env.snapshot();
    expect(expectError(await registerWith(env, 1, { phoneCode: first }), 400, 'VALIDATION').fields?.phoneCode).toMatch(/hết hạn/);
    expect(await env.snapshot()).toBe(before);
    await askCode(env, '0912000001');
    const second = sms.lastCode();
    if (first !== second) {
      expect(expectError(await registerWith(env, 1, { phoneCode: first }), 400, 'VALIDATION').fields?.phoneCode).toMatch(/không đúng/);
    }
    expect((await registerWith(env, 1, { phoneCode: second })).status).toBe(201);
  });

  it('keeps the code unused when the registration is refused for another reason', async () => {
    const { env, sms } = await verifyingEnv(newEnv);
    await askCode(env, '0912000001');
    expect((await registerWith(env, 1, { phoneCode: sms.lastCode() })).status).toBe(201);
    env.clock.advance(60_000);
    await askCode(env, '0912000009');
    const code = sms.lastCode();
    const before = await env.snapshot();
    // Same ID number as the first person: refused as a duplicate, the code is not spent.
    expectError(await registerWith(env, 1, { phone: '0912000009', phoneCode: code }), 409, 'ALREADY_REGISTERED');
    expect(await env.snapshot()).toBe(before);
    expect((await registerWith(env, 9, { phone: '0912000009', phoneCode: code })).status).toBe(201);
  });

  it('does not accept a code sent for one contest in another', async () => {
    const { env, sms } = await verifyingEnv(newEnv, {}, [SLUG, 'xac-minh-khac']);
    await askCode(env, '0912000001');
    const refused = expectError(await registerWith(env, 1, { phoneCode: sms.lastCode() }, 'xac-minh-khac'), 400, 'VALIDATION');
    expect(refused.fields?.phoneCode).toMatch(/Chưa có/);
  });
});

describe('SMS providers', () => {
  it('the development log provider writes one JSON line with the phone masked', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    try {
      await logSmsProvider.send('0912345678', 'Ma xac minh 123456');
      expect(info).toHaveBeenCalledTimes(1);
      const line = JSON.parse(String(info.mock.calls[0]![0])) as Record<string, string>;
      expect(line).toMatchObject({ event: 'sms.log', phone: '0912***678', text: 'Ma xac minh 123456' });
      expect(JSON.stringify(line)).not.toContain('0912345678');
    } finally {
      info.mockRestore();
    }
  });

  it('a production server without SMS_PROVIDER refuses to send (503) and stores nothing', async () => {
    const env = testEnv({ env: { NODE_ENV: 'production' } });
    await smallContest(env, SLUG, 4, 2, { phoneVerification: true });
    const before = snapshot(env.db);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expectError(await askCode(env, '0912000001'), 503, 'UNAVAILABLE');
    } finally {
      warn.mockRestore();
    }
    expect(snapshot(env.db)).toBe(before);
  });
});

describe('SMS provider: generic HTTP gateway', () => {
  interface Received {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }
  let server: Server | null = null;

  afterEach(async () => {
    const s = server;
    server = null;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  /** A gateway on 127.0.0.1 that records each request and answers with `answer`. */
  async function gateway(answer: (response: ServerResponse) => void) {
    const received: Received[] = [];
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        answer(response);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { received, base };
  }

  const ok = (response: ServerResponse) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');

  async function httpEnv(env: Record<string, string>) {
    const t = testEnv({ env: { SMS_PROVIDER: 'http', ...env } });
    await smallContest(t, SLUG, 4, 2, { phoneVerification: true });
    return t;
  }

  it('fills {phone} and {text} into the URL and sends the secret as a bearer token and an HMAC', async () => {
    const gw = await gateway(ok);
    const env = await httpEnv({ SMS_HTTP_URL: `${gw.base}/send?to={phone}&msg={text}`, SMS_HTTP_SECRET: 'bi-mat-cua-cong-sms' });
    expect((await askCode(env, '0912000001')).status).toBe(202);
    expect(gw.received).toHaveLength(1);
    const request = gw.received[0]!;
    expect(request.method).toBe('GET');
    const url = new URL(request.url, gw.base);
    expect(url.searchParams.get('to')).toBe('0912000001');
    const code = /\b(\d{6})\b/.exec(url.searchParams.get('msg') ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(request.headers.authorization).toBe('Bearer bi-mat-cua-cong-sms');
    const signed = createHmac('sha256', 'bi-mat-cua-cong-sms').update(`${gw.base}${request.url}`).digest('hex');
    expect(request.headers['x-signature']).toBe(`sha256=${signed}`);
    expect((await registerWith(env, 1, { phoneCode: code })).status).toBe(201);
  });

  it('POSTs a JSON body: the body template with JSON-escaped values, or {phone, text}', async () => {
    const gw = await gateway(ok);
    const env = await httpEnv({ SMS_HTTP_URL: `${gw.base}/api/sms`, SMS_HTTP_BODY: '{"to":"{phone84}","content":"{text}","brand":"DEAN06"}', SMS_HTTP_SECRET: 'k' });
    await askCode(env, '0912000001');
    const request = gw.received[0]!;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request.body) as Record<string, string>;
    expect(body).toMatchObject({ to: '84912000001', brand: 'DEAN06' });
    expect(body.content).toMatch(/\b\d{6}\b/);
    expect(request.headers['x-signature']).toBe(`sha256=${createHmac('sha256', 'k').update(request.body).digest('hex')}`);

    const plain = await httpEnv({ SMS_HTTP_URL: `${gw.base}/api/sms` });
    await askCode(plain, '0912000002');
    const second = gw.received[1]!;
    expect(JSON.parse(second.body)).toEqual({ phone: '0912000002', text: expect.stringMatching(/\b\d{6}\b/) });
    expect(second.headers.authorization).toBeUndefined();
  });

  it('answers 503 with a Vietnamese message and stores nothing when the gateway fails', async () => {
    const gw = await gateway((response) => response.writeHead(500).end('loi'));
    const env = await httpEnv({ SMS_HTTP_URL: `${gw.base}/send?to={phone}&msg={text}` });
    const before = snapshot(env.db);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const failed = await askCode(env, '0912000001');
      expect(expectError(failed, 503, 'UNAVAILABLE').message).toMatch(/Chưa gửi được tin nhắn/);
      expect(failed.headers.get('retry-after')).toBeTruthy();
      expect(snapshot(env.db)).toBe(before);
      // A failed send does not count against the phone's limit.
      expect(gw.received).toHaveLength(1);
      expect((await askCode(env, '0912000001')).status).toBe(503);
      expect(gw.received).toHaveLength(2);
    } finally {
      warn.mockRestore();
    }
  });

  it('gives up after SMS_HTTP_TIMEOUT_MS: 503 and nothing stored', async () => {
    const held: ServerResponse[] = [];
    const gw = await gateway((response) => held.push(response));
    const env = await httpEnv({ SMS_HTTP_URL: `${gw.base}/send?to={phone}&msg={text}`, SMS_HTTP_TIMEOUT_MS: '300' });
    const before = snapshot(env.db);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const started = Date.now();
      expectError(await askCode(env, '0912000001'), 503, 'UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(held).toHaveLength(1);
      expect(snapshot(env.db)).toBe(before);
    } finally {
      warn.mockRestore();
      for (const response of held) response.end();
    }
  });

  it('answers 503 when nothing listens at the gateway address', async () => {
    const gw = await gateway(ok);
    const base = gw.base;
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const env = await httpEnv({ SMS_HTTP_URL: `${base}/send?to={phone}&msg={text}` });
    const before = snapshot(env.db);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expectError(await askCode(env, '0912000001'), 503, 'UNAVAILABLE');
    } finally {
      warn.mockRestore();
    }
    expect(snapshot(env.db)).toBe(before);
  });
});
