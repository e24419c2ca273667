import { describe, expect, it } from 'vitest';
import { cachedContestCount, MAX_UNKNOWN_SLUGS } from '../src/db/contests.js';
import { CLOSED, OPEN, ORGANISER_TOKEN, testEnv } from './support.js';

describe('the contest cache under requests for slugs that do not exist', () => {
  it('remembers at most MAX_UNKNOWN_SLUGS unknown slugs, and every request still answers 404', async () => {
    const env = testEnv();
    expect((await env.call('GET', `/api/contests/${OPEN}`)).status).toBe(200);
    const known = cachedContestCount(env.db);
    const asked = MAX_UNKNOWN_SLUGS * 3;
    for (let i = 0; i < asked; i++) {
      const response = await env.call('GET', `/api/contests/khong-co-${i}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    expect(cachedContestCount(env.db)).toBe(known + MAX_UNKNOWN_SLUGS);
    // Known contests are still found and cached past the bound.
    expect((await env.call('GET', `/api/contests/${CLOSED}`)).status).toBe(200);
    expect(cachedContestCount(env.db)).toBe(known + MAX_UNKNOWN_SLUGS + 1);
  });

  it('a contest created under a slug once asked for is found at once', async () => {
    const env = testEnv();
    expect((await env.call('GET', '/api/contests/sap-mo-2027')).status).toBe(404);
    const saved = await env.call('PUT', '/api/admin/contests/sap-mo-2027', {
      token: ORGANISER_TOKEN,
      json: { title: 'Cuộc thi sắp mở', startsAt: '2027-01-01T00:00:00.000Z', endsAt: '2027-02-01T00:00:00.000Z' },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect((await env.call('GET', '/api/contests/sap-mo-2027')).status).toBe(200);
  });
});
