/**
 * Public JSON over the wire (issue 20): bodies above ~1 KB go out compressed when the client accepts
 * it; the bodies kept for many requests (units, the leaderboard, the privacy notice) carry an ETag and
 * answer 304 until what they show changes. Contest info carries the server clock, so it is never a 304.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getContest } from '../src/db/contests.js';
import { privacyNotice } from '../src/domain/privacy-notice.js';
import { correctOptionId, OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

async function get(env: TestEnv, path: string, headers: Record<string, string> = {}) {
  const response = await env.app.request(path, { headers });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

async function submit(env: TestEnv, n: number, correct: number) {
  const { token } = await register(env, n);
  const attempt = await startAttempt(env, token);
  const answers = Object.fromEntries(attempt.questions.slice(0, correct).map((q) => [q.id, correctOptionId(env, attempt.id, q.id)]));
  expect((await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: n } })).status).toBe(200);
}

describe('public JSON', () => {
  it('compresses a large public body by Accept-Encoding, to the same JSON', async () => {
    const env = testEnv();
    const plain = await get(env, `/api/contests/${OPEN}/units`);
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(plain.response.headers.get('content-encoding')).toBeNull();
    const br = await get(env, `/api/contests/${OPEN}/units`, { 'accept-encoding': 'gzip, br' });
    expect(br.response.headers.get('content-encoding')).toBe('br');
    expect(br.response.headers.get('vary')).toContain('Accept-Encoding');
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    const gzip = await get(env, `/api/contests/${OPEN}/units/stats`, { 'accept-encoding': 'gzip' });
    expect(gzip.response.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.body).toString())).toEqual((await env.call('GET', `/api/contests/${OPEN}/units/stats`)).body);
    expect(gzip.response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 304 for a kept leaderboard the client has, and 200 once it changed', async () => {
    const env = testEnv();
    for (let n = 1; n <= 20; n++) await submit(env, n, n % 5);
    const path = `/api/contests/${OPEN}/leaderboard?limit=50`;
    const first = await get(env, path, { 'accept-encoding': 'br' });
    const etag = first.response.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+-br"$/);
    expect(first.response.headers.get('cache-control')).toBe('no-cache');
    const same = await get(env, path, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(same.response.status).toBe(304);
    expect(same.body.length).toBe(0);
    await submit(env, 21, 9);
    const changed = await get(env, path, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get('etag')).not.toBe(etag);
    expect(JSON.parse(brotliDecompressSync(changed.body).toString()).entries).toHaveLength(21);
  });

  it('answers the privacy notice in full from its own route: ETag, 304, compressed when accepted, 404 in Vietnamese', async () => {
    const env = testEnv();
    const path = `/api/contests/${OPEN}/privacy-notice`;
    const plain = await get(env, path);
    expect(plain.response.status).toBe(200);
    expect(plain.response.headers.get('content-type')).toBe('application/json');
    expect(plain.response.headers.get('cache-control')).toBe('no-cache');
    const notice = JSON.parse(plain.body.toString());
    // The very notice the contest info used to carry whole, text and all.
    expect(notice).toEqual(privacyNotice(getContest(env.db, OPEN)!));
    expect(notice.text.length).toBeGreaterThan(2000);
    const { body: info } = await env.call('GET', `/api/contests/${OPEN}`);
    expect(info.privacyNotice).toEqual({ ...notice, text: undefined });
    expect(JSON.stringify(info)).not.toContain('91/2025/QH15');

    const etag = plain.response.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const same = await get(env, path, { 'if-none-match': etag });
    expect(same.response.status).toBe(304);
    expect(same.body.length).toBe(0);

    const br = await get(env, path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.response.headers.get('content-encoding')).toBe('br');
    expect(br.response.headers.get('vary')).toContain('Accept-Encoding');
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(notice);
    const gzip = await get(env, path, { 'accept-encoding': 'gzip' });
    expect(gzip.response.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.body).toString())).toEqual(notice);
    // Each encoding its own validator, and any of them names the one resource.
    expect(new Set([etag, br.response.headers.get('etag'), gzip.response.headers.get('etag')]).size).toBe(3);
    expect((await get(env, path, { 'accept-encoding': 'gzip', 'if-none-match': br.response.headers.get('etag')! })).response.status).toBe(304);

    // New wording: a new body, a new validator.
    const { body: contest } = await env.call('GET', `/api/admin/contests/${OPEN}`, { token: ORGANISER_TOKEN });
    const { status: _status, ...editable } = contest;
    const saved = await env.call('PUT', `/api/admin/contests/${OPEN}`, {
      token: ORGANISER_TOKEN,
      json: { ...editable, privacyNotice: { ...editable.privacyNotice, text: 'Nội dung thông báo mới.' } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const changed = await get(env, path, { 'if-none-match': etag });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get('etag')).not.toBe(etag);
    expect(JSON.parse(changed.body.toString())).toMatchObject({ version: 2, text: 'Nội dung thông báo mới.' });

    const missing = await env.call('GET', '/api/contests/khong-co-cuoc-thi-nay/privacy-notice');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Không tìm thấy cuộc thi' });
  });

  it('gzips contest info for a client that accepts it, the server clock included, to the same JSON', async () => {
    const env = testEnv();
    const path = `/api/contests/${OPEN}`;
    const plain = await get(env, path);
    expect(plain.response.headers.get('content-encoding')).toBeNull();
    expect(plain.body.length).toBeGreaterThan(1024);
    for (let turn = 0; turn < 3; turn++) {
      const zipped = await get(env, path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(zipped.response.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.response.headers.get('vary')).toContain('Accept-Encoding');
      expect(zipped.response.headers.get('cache-control')).toBe('no-store');
      expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
      // gunzip checks the stream's CRC-32 and length: the clock appended per request is part of both.
      const body = JSON.parse(gunzipSync(zipped.body).toString());
      expect(body.now).toBe(env.clock.now().toISOString());
      expect(body).toEqual({ ...JSON.parse(plain.body.toString()), now: body.now });
      env.clock.advance(1_234);
    }
    // Refused gzip (q=0) or only brotli: the plain body.
    for (const acceptEncoding of ['gzip;q=0, identity', 'br']) {
      const refused = await get(env, path, { 'accept-encoding': acceptEncoding });
      expect(refused.response.headers.get('content-encoding')).toBeNull();
      expect(JSON.parse(refused.body.toString()).now).toBe(env.clock.now().toISOString());
    }
  });

  it('never answers contest info with a 304: it carries the server clock', async () => {
    const env = testEnv();
    const first = await get(env, `/api/contests/${OPEN}`);
    expect(first.response.headers.get('etag')).toBeNull();
    expect(first.response.headers.get('cache-control')).toBe('no-store');
    const again = await get(env, `/api/contests/${OPEN}`, { 'if-none-match': '*' });
    expect(again.response.status).toBe(200);
  });
});
