import { describe, expect, it } from 'vitest';
import { consentRecord } from '../src/db/contestants.js';
import { ageOn, nameInitials } from '../src/domain/personal-data.js';
import { correctOptionId, OPEN, ORGANISER_TOKEN, person, register, startAttempt, testEnv, type TestEnv } from './support.js';

const admin = { token: ORGANISER_TOKEN };

/** Born 1 June 2011 (ID number century digit 2: 2000s, male): 15 on the test clock's day, 28/11/2026. */
const MINOR = { fullName: 'Trần Thị Bình', birthDate: '2011-06-01', idNumber: '034211000123' };
const GUARDIAN = { fullName: 'Trần Văn Cường', phone: '0987654321', relationship: 'cha', consent: true };

async function registration(env: TestEnv, body: Record<string, unknown>) {
  return env.call('POST', `/api/contests/${OPEN}/contestants`, { json: body });
}

/** The contest as the console sends it back: what the GET answers, without the derived status. */
async function updateContest(env: TestEnv, change: Record<string, unknown>) {
  const { body } = await env.call('GET', `/api/admin/contests/${OPEN}`, admin);
  const { status: _status, ...contest } = body;
  const saved = await env.call('PUT', `/api/admin/contests/${OPEN}`, { ...admin, json: { ...contest, ...change } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return saved.body;
}

async function play(env: TestEnv, token: string, correct: number) {
  const attempt = await startAttempt(env, token);
  const answers = Object.fromEntries(attempt.questions.slice(0, correct).map((q) => [q.id, correctOptionId(env, attempt.id, q.id)]));
  env.clock.advance(60_000);
  const result = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: 10 } });
  expect(result.status).toBe(200);
}

describe('the privacy notice and the consent record', () => {
  it('public contest info carries the notice without its text; the notice route answers it complete, in Vietnamese, by default', async () => {
    const env = testEnv();
    const { body } = await env.call('GET', `/api/contests/${OPEN}`);
    const notice = body.privacyNotice;
    expect(notice.version).toBe(1);
    expect(notice.controller).toContain('Ban Tổ chức');
    expect(notice.purposes).toHaveLength(4);
    // 12 months after the end, the same instant.
    expect(notice.retentionUntil).toBe(new Date(Date.parse(body.endsAt) + 365 * 86_400_000).toISOString());
    expect(notice).not.toHaveProperty('text');
    const full = await env.call('GET', `/api/contests/${OPEN}/privacy-notice`);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject(notice);
    for (const words of ['91/2025/QH15', '356/2025/NĐ-CP', '15 ngày', 'không được bán', 'rút lại sự đồng ý', 'xoá', 'dưới 16 tuổi']) {
      expect(full.body.text).toContain(words);
    }
    expect(body.minAge).toBeNull();
  });

  it('a registration records the notice version and the time of consent; changing the wording makes a new version', async () => {
    const env = testEnv();
    const first = await register(env, 1);
    expect(consentRecord(env.db, first.contestant.id)).toMatchObject({ noticeVersion: 1, consentedAt: '2026-11-28T03:00:00.000Z', publishName: false, guardian: null });

    // Saving the contest unchanged keeps the version; new wording moves it on.
    expect((await updateContest(env, {})).privacyNotice.version).toBe(1);
    const saved = await updateContest(env, { privacyNotice: { controller: 'Ban Tổ chức Cuộc thi – Công an tỉnh Thái Bình', contact: 'Phòng PC06, điện thoại 0227 000 000', text: 'Nội dung thông báo mới.' } });
    expect(saved.privacyNotice.version).toBe(2);
    const { body } = await env.call('GET', `/api/contests/${OPEN}`);
    expect(body.privacyNotice).toMatchObject({ version: 2, controller: 'Ban Tổ chức Cuộc thi – Công an tỉnh Thái Bình' });
    expect((await env.call('GET', `/api/contests/${OPEN}/privacy-notice`)).body).toMatchObject({ version: 2, text: 'Nội dung thông báo mới.' });
    // The version the console sends back is ignored: the server's counts.
    expect((await updateContest(env, { privacyNotice: { ...saved.privacyNotice, version: 1 } })).privacyNotice.version).toBe(2);
    // A new retention date changes what the notice says, so it is a new version too.
    const later = new Date(Date.parse(body.endsAt) + 400 * 86_400_000).toISOString();
    expect((await updateContest(env, { personalDataRetentionUntil: later })).privacyNotice.version).toBe(3);

    env.clock.advance(60_000);
    const second = await register(env, 2);
    expect(consentRecord(env.db, second.contestant.id)).toMatchObject({ noticeVersion: 3, consentedAt: '2026-11-28T03:01:00.000Z' });
    expect(consentRecord(env.db, first.contestant.id)?.noticeVersion).toBe(1);
  });

  it('refuses a retention date before the contest ends', async () => {
    const env = testEnv();
    const { body } = await env.call('GET', `/api/admin/contests/${OPEN}`, admin);
    const { status: _status, ...contest } = body;
    const refused = await env.call('PUT', `/api/admin/contests/${OPEN}`, { ...admin, json: { ...contest, personalDataRetentionUntil: contest.startsAt } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.personalDataRetentionUntil).toMatch(/không được trước/);
  });
});

describe('minors', () => {
  it('counts age on the day of registration in Vietnam time', () => {
    // 16th birthday on 28/11/2026 in Vietnam starts at 17:00 UTC the day before.
    expect(ageOn('2010-11-28', new Date('2026-11-27T16:59:59Z'))).toBe(15);
    expect(ageOn('2010-11-28', new Date('2026-11-27T17:00:00Z'))).toBe(16);
    expect(ageOn('2008-02-29', new Date('2026-02-28T05:00:00Z'))).toBe(17);
    expect(ageOn('2008-02-29', new Date('2026-03-01T05:00:00Z'))).toBe(18);
  });

  it('refuses a person under 16 without a guardian, naming guardian, and writes nothing', async () => {
    const env = testEnv();
    const refused = await registration(env, person(1, MINOR));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION');
    expect(refused.body.error.fields.guardian).toMatch(/dưới 16 tuổi.*cha, mẹ hoặc người giám hộ/);
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM contestants').get()).toEqual({ n: 0 });

    const withoutConsent = await registration(env, person(1, { ...MINOR, guardian: { ...GUARDIAN, consent: false } }));
    expect(withoutConsent.status).toBe(400);
    expect(withoutConsent.body.error.fields['guardian.consent']).toMatch(/xác nhận đồng ý/);
    const badRelationship = await registration(env, person(1, { ...MINOR, guardian: { ...GUARDIAN, relationship: 'anh' } }));
    expect(badRelationship.body.error.fields['guardian.relationship']).toMatch(/cha.*mẹ.*người giám hộ/);
    const badPhone = await registration(env, person(1, { ...MINOR, guardian: { ...GUARDIAN, phone: '123' } }));
    expect(badPhone.body.error.fields['guardian.phone']).toEqual(expect.any(String));
  });

  it('registers a person under 16 with a guardian and stores the guardian', async () => {
    const env = testEnv();
    const registered = await registration(env, person(1, { ...MINOR, guardian: { ...GUARDIAN, phone: '+84987654321' } }));
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(consentRecord(env.db, registered.body.contestant.id)).toEqual({
      noticeVersion: 1,
      consentedAt: '2026-11-28T03:00:00.000Z',
      publishName: false,
      guardian: { fullName: 'Trần Văn Cường', phone: '0987654321', relationship: 'cha', publishName: false, consentedAt: '2026-11-28T03:00:00.000Z' },
    });
  });

  it('keeps no guardian for an adult', async () => {
    const env = testEnv();
    const registered = await register(env, 1, { guardian: GUARDIAN });
    expect(consentRecord(env.db, registered.contestant.id)?.guardian).toBeNull();
  });

  it('refuses people younger than the contest minimum age politely, naming birthDate', async () => {
    const env = testEnv();
    await updateContest(env, { minAge: 18 });
    expect((await env.call('GET', `/api/contests/${OPEN}`)).body.minAge).toBe(18);
    const refused = await registration(env, person(1, { ...MINOR, guardian: GUARDIAN }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.birthDate).toBe('Cuộc thi dành cho người từ đủ 18 tuổi trở lên. Cảm ơn bạn đã quan tâm đến cuộc thi.');
    expect(refused.body.error.fields.guardian).toBeUndefined();
    expect((await registration(env, person(2))).status).toBe(201);
  });
});

describe('what is published', () => {
  it('writes initials the same way for every name', () => {
    expect(nameInitials('Nguyễn Văn An')).toBe('N. V. A.');
    expect(nameInitials('đặng thị ánh-dương')).toBe('Đ. T. Á.-D.');
    expect(nameInitials("O'Brien Lê")).toBe('O. L.');
  });

  it('the leaderboard shows initials and unit unless the person chose to publish the full name', async () => {
    const env = testEnv();
    const hidden = await register(env, 1, { fullName: 'Nguyễn Văn An' });
    const shown = await register(env, 2, { fullName: 'Lê Thị Hoa', publishName: true });
    await play(env, hidden.token, 15);
    await play(env, shown.token, 12);
    const { body } = await env.call('GET', `/api/contests/${OPEN}/leaderboard`);
    expect(body.entries.map((e: { name: string; unit: string }) => [e.name, e.unit])).toEqual([
      ['N. V. A.', 'Thành phố Thái Bình'],
      ['Lê Thị Hoa', 'Thành phố Thái Bình'],
    ]);
    // The caller's own row is marked, never with another person's name, and with the shared wording.
    const mine = await env.call('GET', `/api/contests/${OPEN}/leaderboard`, { token: hidden.token });
    expect(mine.body.entries[0]).toMatchObject({ name: 'N. V. A.', you: true });
    expect(JSON.stringify(mine.body)).not.toContain('Nguyễn Văn An');
  });

  it('a minor needs the guardian to agree as well before the leaderboard shows the full name', async () => {
    const env = testEnv();
    const minor = await registration(env, person(1, { ...MINOR, publishName: true, guardian: GUARDIAN }));
    await play(env, minor.body.token, 10);
    expect((await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body.entries[0].name).toBe('T. T. B.');
  });

  it('published winners show full names for adults and initials for a minor whose guardian did not agree', async () => {
    const env = testEnv();
    const adult = await register(env, 1, { fullName: 'Nguyễn Văn An' });
    const minor = await registration(env, person(2, { ...MINOR, guardian: GUARDIAN }));
    const agreed = await registration(env, person(3, { ...MINOR, idNumber: '034211000456', fullName: 'Phạm Minh Châu', guardian: { ...GUARDIAN, publishName: true } }));
    await play(env, adult.token, 18);
    await play(env, minor.body.token, 16);
    await play(env, agreed.body.token, 14);
    const published = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: { publish: true } });
    expect(published.status).toBe(200);
    // The jury's own view keeps full names.
    expect(published.body.individual.map((w: { name: string }) => w.name)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình', 'Phạm Minh Châu']);
    const { body } = await env.call('GET', `/api/contests/${OPEN}/results`);
    expect(body.individual.map((w: { name: string }) => w.name)).toEqual(['Nguyễn Văn An', 'T. T. B.', 'Phạm Minh Châu']);
    expect(JSON.stringify(body)).not.toContain('Trần Thị Bình');
  });
});
