/**
 * The sign-in back-off holds across real server processes sharing one database file, and across a
 * restart: the count lives in SQLite, not in a process's memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FREE_SIGN_IN_FAILURES } from '../src/domain/sign-in-backoff.js';
import { call, killAll, killServer, startServer, tempDatabase } from './server-process.js';
import { OPEN, person } from './support.js';

afterEach(killAll);

const owner = person(7);
const signIn = (base: string, birthDate: string) =>
  call(base, 'POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: owner.idNumber, phone: owner.phone, birthDate } });

describe('sign-in back-off with several processes', () => {
  it('counts failures sent to two servers on one file together, and keeps them over a restart', { timeout: 60_000 }, async () => {
    const database = tempDatabase();
    const first = await startServer(database);
    const second = await startServer(database);
    expect((await call(first.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: owner })).status).toBe(201);

    const statuses: number[] = [];
    for (let n = 0; n < FREE_SIGN_IN_FAILURES - 1; n++) statuses.push((await signIn(n % 2 ? second.base : first.base, `1990-01-0${n + 1}`)).status);
    expect(statuses).toEqual(Array(FREE_SIGN_IN_FAILURES - 1).fill(401));

    // Both processes stop; a fresh one takes over the file.
    await killServer(first);
    await killServer(second);
    const restarted = await startServer(database);
    expect((await signIn(restarted.base, '1990-01-09')).status).toBe(401);
    const blocked = await signIn(restarted.base, owner.birthDate);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The failures were logged as JSON lines with no ID number in them; the 429 is also logged as a rate-limit hit.
    const lines = restarted.output().split('\n').filter((line) => line.startsWith('{'));
    expect(lines.map((line) => JSON.parse(line).event)).toEqual(['sign-in.failed', 'sign-in.failed', 'rate-limited']);
    expect(restarted.output()).not.toContain(owner.idNumber);
  });
});
