/**
 * Downloads over a provincial office's line (issue 20): CSV and JSON exports go out gzip-compressed
 * while they stream when the client accepts it, and decompress to exactly the bytes sent to a client
 * that does not; XLSX (already a ZIP) and the other admin routes are left as they are.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { correctOptionId, JURY_TOKEN, OPEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

async function get(env: TestEnv, path: string, acceptEncoding?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${JURY_TOKEN}` };
  if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
  const response = await env.app.request(path, { headers });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

/** A contest with `count` registered contestants who each submitted an attempt. */
async function withContestants(count: number): Promise<TestEnv> {
  const env = testEnv();
  for (let n = 1; n <= count; n++) {
    const { token } = await register(env, n);
    const attempt = await startAttempt(env, token);
    const answers = Object.fromEntries(attempt.questions.slice(0, n % 10).map((q) => [q.id, correctOptionId(env, attempt.id, q.id)]));
    expect((await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: n } })).status).toBe(200);
  }
  return env;
}

describe('compressed downloads', () => {
  for (const path of [
    `/api/admin/contests/${OPEN}/contestants?format=csv`,
    `/api/admin/contests/${OPEN}/ranking?format=csv`,
    `/api/admin/contests/${OPEN}/ranking?format=json`,
    `/api/admin/contests/${OPEN}/questions?format=csv`,
  ]) {
    it(`gzips ${path.split('/').slice(-1)[0]} for a client that accepts it, to the same bytes`, async () => {
      const env = await withContestants(30);
      const plain = await get(env, path);
      expect(plain.response.status).toBe(200);
      expect(plain.response.headers.get('content-encoding')).toBeNull();
      expect(plain.response.headers.get('vary')).toContain('Accept-Encoding');
      const gzipped = await get(env, path, 'gzip, deflate, br');
      expect(gzipped.response.status).toBe(200);
      expect(gzipped.response.headers.get('content-encoding')).toBe('gzip');
      expect(gzipped.response.headers.get('content-length')).toBeNull();
      expect(gzipped.response.headers.get('content-disposition')).toBe(plain.response.headers.get('content-disposition'));
      expect(gzipped.body.length).toBeLessThan(plain.body.length);
      expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    });
  }

  it('leaves a workbook and the admin routes beside the downloads uncompressed', async () => {
    const env = await withContestants(30);
    const workbook = await get(env, `/api/admin/contests/${OPEN}/contestants?format=xlsx`, 'gzip');
    expect(workbook.response.status).toBe(200);
    expect(workbook.response.headers.get('content-encoding')).toBeNull();
    expect(workbook.body.subarray(0, 2).toString()).toBe('PK');
    const audit = await get(env, `/api/admin/audit?limit=1000`, 'gzip');
    expect(audit.response.status).toBe(200);
    expect(audit.response.headers.get('content-encoding')).toBeNull();
  });
});
