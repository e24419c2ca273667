import { describe, expect, it } from 'vitest';
import { maskIdNumber } from '../src/domain/id-number.js';
import { admin, contestantWithScore } from './admin-support.js';
import { OPEN, testEnv } from './support.js';

type Entry = { action: string; target: string; contestant?: { id: string; fullName: string; idNumber: string; contestSlug: string } };

describe('GET /api/admin/audit names the contestant of a void or a grant', () => {
  it('with the name and a masked ID number instead of only the record id', async () => {
    const env = testEnv();
    const person = await contestantWithScore(env, 1, 3, { overrides: { fullName: 'Lê Thị Hồng' } });
    const me = (await admin(env, 'GET', `/contests/${OPEN}/contestants/search?q=${person.contestantId}`)).body.contestants[0];
    expect((await admin(env, 'POST', `/attempts/${person.attemptId}/void`, { reason: 'Thi hộ người khác' })).status).toBe(200);
    expect(
      (await admin(env, 'POST', `/contests/${OPEN}/contestants/${person.contestantId}/grants`, { attempts: 1, reason: 'Bù lượt bị huỷ nhầm' })).status,
    ).toBe(200);
    const entries = (await admin(env, 'GET', '/audit')).body as Entry[];
    const expected = { id: person.contestantId, fullName: 'Lê Thị Hồng', idNumber: maskIdNumber(me.idNumber), contestSlug: OPEN };
    expect(entries.find((e) => e.action === 'attempt.void')).toMatchObject({ target: person.attemptId, contestant: expected });
    expect(entries.find((e) => e.action === 'contestant.grant')).toMatchObject({ target: person.contestantId, contestant: expected });
    expect(expected.idNumber).toMatch(/^\d{4}\*{4}\d{4}$/);
    expect(JSON.stringify(entries)).not.toContain(me.idNumber);
    // Entries about something else carry no contestant.
    expect(entries.filter((e) => !['attempt.void', 'contestant.grant'].includes(e.action)).every((e) => e.contestant === undefined)).toBe(true);
  });

  it('maskIdNumber keeps four digits at each end and nothing of anything else', () => {
    expect(maskIdNumber('034190005678')).toBe('0341****5678');
    expect(maskIdNumber('released:abc')).toBe('');
  });
});
