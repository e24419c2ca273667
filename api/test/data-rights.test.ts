/**
 * A contestant's rights over their data (SPEC §3.1 "Personal data", decision 0029): the download of
 * everything stored about them, erasure while the contest runs (and its refusal for winners), data
 * requests with their 15-day deadline, the purge after the retention date, the dossier.
 */
import { describe, expect, it } from 'vitest';
import { rebuildParticipation } from '../src/db/participation.js';
import type { Db } from '../src/db/connection.js';
import { admin, contestantWithScore, expectError } from './admin-support.js';
import { describeStores } from './store-env.js';
import { JURY_TOKEN, OPEN, person, register, snapshot, startAttempt, testEnv, type TestEnv } from './support.js';

const DAY = 86_400_000;

/** The maintained figures, rows that count nothing left out (a rebuild does not write them). */
function maintainedFigures(db: Db) {
  const rows = (query: string) => JSON.stringify(db.prepare(query).all());
  return {
    participation: rows('SELECT contestant_id, contest_slug, unit_id, attempts, best_score, perfect, figures FROM participation ORDER BY contestant_id'),
    units: rows('SELECT * FROM unit_participation WHERE participants != 0 OR attempts != 0 ORDER BY contest_slug, unit_id'),
    standings: rows('SELECT * FROM standings ORDER BY attempt_id'),
    counts: rows('SELECT * FROM standing_counts WHERE rows != 0 ORDER BY contest_slug, block, level, bucket'),
    figures: rows('SELECT * FROM contest_figures WHERE participants != 0 OR attempts != 0 ORDER BY contest_slug, dimension, key'),
  };
}

async function text(env: TestEnv, path: string, token = JURY_TOKEN) {
  const response = await env.app.request(`/api/admin${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** Every export the committee can download, as text (XLSX is left to the CSV of the same rows). */
async function allExports(env: TestEnv) {
  return [
    await text(env, `/contests/${OPEN}/contestants?format=csv`),
    await text(env, `/contests/${OPEN}/ranking?format=csv`),
    await text(env, `/contests/${OPEN}/ranking?format=json`),
    await text(env, `/contests/${OPEN}/attempts?format=csv`),
    await text(env, `/contests/${OPEN}/results/export?format=csv`),
    await text(env, `/contests/${OPEN}/exclusions`),
  ].join('\n');
}

async function endsAt(env: Pick<TestEnv, 'call'>): Promise<number> {
  return Date.parse((await env.call('GET', `/api/contests/${OPEN}`)).body.endsAt);
}

describeStores('GET /api/contests/:slug/me/data', (newEnv) => {
  it('downloads the whole record of the caller and nothing of another person', async () => {
    const env = await newEnv();
    const other = await contestantWithScore(env, 2, 5, { overrides: { fullName: 'Trần Thị Bình', email: 'binh@example.vn' } });
    const mine = await contestantWithScore(env, 1, 7, { overrides: { email: 'an@example.vn' } });
    const open = await startAttempt(env, mine.token);
    const q = open.questions[0]!;
    expect((await env.call('PUT', `/api/attempts/${open.id}/answers`, { token: mine.token, json: { answers: { [q.id]: 'c' } } })).status).toBe(200);
    expect((await env.call('POST', `/api/contests/${OPEN}/me/data-requests`, { token: mine.token, json: { kind: 'question', message: 'Dữ liệu của tôi được dùng vào việc gì?' } })).status).toBe(201);
    // Voiding is a console route, which a server on PostgreSQL answers 501 (decision 0045): there the other attempt stays counted.
    if (env.kind === 'sqlite') await admin(env, 'POST', `/attempts/${other.attemptId}/void`, { reason: 'Sự cố kỹ thuật đã xác minh' });

    const response = await env.call('GET', `/api/contests/${OPEN}/me/data`, { token: mine.token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="du-lieu-ca-nhan-${OPEN}.json"`);
    const data = response.body;
    const me = person(1);
    // Every column of the registration, in camelCase.
    expect(data.profile).toMatchObject({ id: mine.contestantId, idNumber: me.idNumber, phone: me.phone, birthDate: me.birthDate, fullName: me.fullName, email: 'an@example.vn', unitId: me.unitId, occupation: me.occupation });
    const columns = (await env.columns('contestants')).map((c) => c.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase()));
    expect(Object.keys(data.profile).sort()).toEqual(columns.sort());
    expect(data.consent).toMatchObject({ given: true, recordedAt: data.profile.createdAt });
    expect(data.sessions).toHaveLength(1);
    expect(Object.keys(data.sessions[0])).toEqual(['createdAt']);
    expect(data.dataRequests).toEqual([expect.objectContaining({ kind: 'question', status: 'open' })]);
    expect(data.audit.map((a: { action: string }) => a.action)).toEqual(['dataRequest.file']);

    expect(data.attempts).toHaveLength(2);
    const [submitted, inProgress] = data.attempts;
    expect(submitted).toMatchObject({ id: mine.attemptId, status: 'submitted', score: 7 });
    expect(submitted.questions).toHaveLength(20);
    expect(inProgress.status).toBe('inProgress');
    const [bank] = await env.query<{ text: string; options: string }>('SELECT text, options FROM questions WHERE contest_slug = ? AND id = ?', OPEN, q.id);
    expect(inProgress.questions[0]).toEqual({ text: bank!.text, options: q.options.map((o) => o.text), chosen: q.options[2]!.text });
    // The key of a question never leaves the server while the contest is open (revealAnswers afterClose).
    for (const attempt of data.attempts) for (const question of attempt.questions) expect(question).not.toHaveProperty('correct');

    const body = JSON.stringify(data);
    for (const foreign of [person(2).idNumber, person(2).phone, 'Trần Thị Bình', 'binh@example.vn', other.contestantId, other.attemptId]) expect(body).not.toContain(foreign);
    expect(body).not.toMatch(/token_?hash/i);
  });

  it('shows the correct options once the contest has closed', async () => {
    const env = await newEnv();
    const mine = await contestantWithScore(env, 1, 3);
    env.clock.set(new Date((await endsAt(env)) + DAY));
    const data = (await env.call('GET', `/api/contests/${OPEN}/me/data`, { token: mine.token })).body;
    expect(data.attempts[0].questions.slice(0, 3).every((q: { chosen: string; correct: string }) => q.chosen === q.correct)).toBe(true);
    expect(data.attempts[0].questions[3].chosen).not.toBe(data.attempts[0].questions[3].correct);
  });

  it('answers 401 without a token of the contest', async () => {
    const env = await newEnv();
    expectError(await env.call('GET', `/api/contests/${OPEN}/me/data`), 401, 'UNAUTHORIZED');
  });
});

describeStores('DELETE /api/contests/:slug/me while the contest runs', (newEnv, kind) => {
  it('refuses without {confirm: true}, naming confirm, and writes nothing', async () => {
    const env = await newEnv();
    const { token } = await register(env, 1);
    const before = await env.snapshot();
    const refused = expectError(await env.call('DELETE', `/api/contests/${OPEN}/me`, { token, json: { confirm: false } }), 400, 'VALIDATION');
    expect(refused.fields).toHaveProperty('confirm');
    expect(expectError(await env.call('DELETE', `/api/contests/${OPEN}/me`, { token, json: {} }), 400, 'VALIDATION').fields).toHaveProperty('confirm');
    expect(expectError(await env.call('DELETE', `/api/contests/${OPEN}/me`, { token }), 400, 'VALIDATION').fields).toHaveProperty('confirm');
    expectError(await env.call('DELETE', `/api/contests/${OPEN}/me`, { token, body: 'confirm=true', contentType: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await env.snapshot()).toBe(before);
  });

  // Reads the exports and the audit (console routes, 501 on PostgreSQL, decision 0045) and rebuilds the figures with SQLite's rebuild.
  if (kind === 'sqlite') {
    it('erases the person from the leaderboard, figures, statistics and exports, and frees the ID number', async () => {
      const env = testEnv();
      await contestantWithScore(env, 1, 9, { prediction: 3 });
      const leaving = await contestantWithScore(env, 2, 15, { prediction: 2, overrides: { fullName: 'Lê Văn Cường', unitId: 'dong-hung', publishName: true } });
      await contestantWithScore(env, 3, 12, { prediction: 1, overrides: { unitId: 'dong-hung' } });
      // A second attempt and one in progress, so every table that hangs off attempts has rows.
      const again = await startAttempt(env, leaving.token);
      await env.call('POST', `/api/attempts/${again.id}/submit`, { token: leaving.token, json: { answers: {}, prediction: 5 } });
      await startAttempt(env, leaving.token);

      const board = async () => (await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body.entries.map((e: { name: string }) => e.name);
      expect(await board()).toContain('Lê Văn Cường');
      const participants = async () => (await env.call('GET', `/api/contests/${OPEN}`)).body.stats.participants;
      expect(await participants()).toBe(3);

      const erased = await env.call('DELETE', `/api/contests/${OPEN}/me`, { token: leaving.token, json: { confirm: true } });
      expect(erased.status, JSON.stringify(erased.body)).toBe(200);
      expect(erased.body).toEqual({ erasedAt: env.clock.now().toISOString() });

      expect(await board()).not.toContain('Lê Văn Cường');
      expect(await participants()).toBe(2);
      const stats = (await admin(env, 'GET', `/contests/${OPEN}/stats`)).body;
      expect(stats.totals).toMatchObject({ registered: 2, participants: 2, attempts: 2 });
      const units = (await env.call('GET', `/api/contests/${OPEN}/units/stats`)).body as { unitId: string; participants: number }[];
      expect(units.find((u) => u.unitId === 'dong-hung')?.participants).toBe(1);
      const exports = await allExports(env);
      for (const gone of [person(2).idNumber, person(2).phone, 'Lê Văn Cường', leaving.attemptId]) expect(exports).not.toContain(gone);
      // No row anywhere refers to the person any more.
      const tables = JSON.parse(snapshot(env.db)) as [string, unknown[]][];
      for (const [table, rows] of tables) if (table !== 'audit_log') expect(JSON.stringify(rows), table).not.toContain(leaving.contestantId);

      // Maintained figures equal those rebuilt from scratch.
      const kept = maintainedFigures(env.db);
      rebuildParticipation(env.db);
      expect(maintainedFigures(env.db)).toEqual(kept);

      // The session is over, and the ID number registers again.
      expectError(await env.call('GET', `/api/contests/${OPEN}/me`, { token: leaving.token }), 401, 'UNAUTHORIZED');
      expect((await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(2) })).status).toBe(201);

      // The audit records the erasure without the ID number in clear.
      const audit = (await admin(env, 'GET', '/audit')).body;
      const entry = (audit as { action: string; detail: Record<string, unknown> }[]).find((e) => e.action === 'contestant.erase')!;
      expect(entry.detail).toMatchObject({ contest: OPEN, idNumber: `*********${person(2).idNumber.slice(-3)}`, attempts: 3 });
      expect(JSON.stringify(audit)).not.toContain(person(2).idNumber);
    });
  }
});

describeStores('erasure refused as RETAINED', (newEnv, kind) => {
  // Lists the data requests: a console route, which a server on PostgreSQL answers 501 (decision 0045).
  if (kind === 'sqlite') {
    it('keeps a published winner and opens one erasure request for the committee', async () => {
      const env = testEnv();
      const winner = await contestantWithScore(env, 1, 10);
      expect((await admin(env, 'POST', `/contests/${OPEN}/results`, { publish: true })).status).toBe(200);
      const before = env.db.prepare('SELECT COUNT(*) FROM attempts').pluck().get();

      const refused = expectError(await env.call('DELETE', `/api/contests/${OPEN}/me`, { token: winner.token, json: { confirm: true } }), 409, 'RETAINED');
      expect(refused.message).toContain('đoạt giải');
      const request = (refused as unknown as { dataRequest: { id: string; kind: string; status: string; receivedAt: string; dueAt: string } }).dataRequest;
      expect(request).toMatchObject({ kind: 'erasure', status: 'open' });
      expect(Date.parse(request.dueAt) - Date.parse(request.receivedAt)).toBe(15 * DAY);
      expect(env.db.prepare('SELECT COUNT(*) FROM attempts').pluck().get()).toBe(before);

      // Asking again does not open a second request.
      const again = expectError(await env.call('DELETE', `/api/contests/${OPEN}/me`, { token: winner.token, json: { confirm: true } }), 409, 'RETAINED');
      expect((again as unknown as { dataRequest: { id: string } }).dataRequest.id).toBe(request.id);
      const listed = (await admin(env, 'GET', `/contests/${OPEN}/data-requests`, undefined, JURY_TOKEN)).body;
      expect(listed.requests).toEqual([expect.objectContaining({ id: request.id, kind: 'erasure', contestantId: winner.contestantId, contestantName: 'Nguyễn Văn An', overdue: false })]);
      expect(listed.counts).toEqual({ open: 1, dueSoon: 0, overdue: 0 });
    });
  }

  it('keeps a person within the prizes once the contest has closed, before publication', async () => {
    const env = await newEnv();
    const ranked = await contestantWithScore(env, 1, 10);
    env.clock.set(new Date((await endsAt(env)) + DAY));
    const refused = expectError(await env.call('DELETE', `/api/contests/${OPEN}/me`, { token: ranked.token, json: { confirm: true } }), 409, 'RETAINED');
    expect(refused.message).toContain('xét giải');
  });

  it('erases a registration without a counting attempt after the close', async () => {
    const env = await newEnv();
    const { token } = await register(env, 1);
    env.clock.set(new Date((await endsAt(env)) + DAY));
    expect((await env.call('DELETE', `/api/contests/${OPEN}/me`, { token, json: { confirm: true } })).status).toBe(200);
  });
});

describe('data requests', () => {
  it('are filed by the contestant, due in 15 days, flagged overdue after, and answered once with an audit entry', async () => {
    const env = testEnv();
    const { token, contestant } = await register(env, 1);
    const refused = expectError(await env.call('POST', `/api/contests/${OPEN}/me/data-requests`, { token, json: { kind: 'delete-all', message: 'x' } }), 400, 'VALIDATION');
    expect(Object.keys(refused.fields ?? {}).sort()).toEqual(['kind', 'message']);
    const filed = await env.call('POST', `/api/contests/${OPEN}/me/data-requests`, { token, json: { kind: 'correction', message: 'Tên tôi là Nguyễn Văn Ân, không phải An' } });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ kind: 'correction', status: 'open', receivedAt: env.clock.now().toISOString(), dueAt: new Date(env.clock.now().getTime() + 15 * DAY).toISOString() });

    env.clock.advance(13 * DAY);
    let listed = (await admin(env, 'GET', `/contests/${OPEN}/data-requests`)).body;
    expect(listed.counts).toEqual({ open: 1, dueSoon: 1, overdue: 0 });
    env.clock.advance(3 * DAY);
    listed = (await admin(env, 'GET', `/contests/${OPEN}/data-requests`)).body;
    expect(listed.requests[0]).toMatchObject({ id: filed.body.id, overdue: true, dueSoon: false, contestantId: contestant.id });
    expect(listed.counts).toEqual({ open: 1, dueSoon: 0, overdue: 1 });

    const path = `/contests/${OPEN}/data-requests/${filed.body.id}`;
    expectError(await admin(env, 'PUT', path, { status: 'answered', answer: 'Đã sửa họ tên.' }, JURY_TOKEN), 403, 'FORBIDDEN');
    expectError(await admin(env, 'PUT', path, { status: 'open', answer: 'Đã sửa.' }), 400, 'VALIDATION');
    expectError(await admin(env, 'PUT', `/contests/${OPEN}/data-requests/khong-co`, { status: 'answered', answer: 'Đã sửa họ tên.' }), 404, 'NOT_FOUND');
    const answered = await admin(env, 'PUT', path, { status: 'answered', answer: 'Đã sửa họ tên theo thẻ căn cước.' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', answer: 'Đã sửa họ tên theo thẻ căn cước.', answeredAt: env.clock.now().toISOString() });
    expectError(await admin(env, 'PUT', path, { status: 'refused', answer: 'Từ chối lần hai.' }), 409, 'CONFLICT');
    listed = (await admin(env, 'GET', `/contests/${OPEN}/data-requests`)).body;
    expect(listed.requests[0]).toMatchObject({ status: 'answered', overdue: false, answeredBy: 'Ban Tổ chức' });
    expect(listed.counts).toEqual({ open: 0, dueSoon: 0, overdue: 0 });

    // The contestant sees the answer in their data; the committee's answer is in the audit.
    const mine = (await env.call('GET', `/api/contests/${OPEN}/me/data`, { token })).body;
    expect(mine.dataRequests[0]).toMatchObject({ status: 'answered', answer: 'Đã sửa họ tên theo thẻ căn cước.' });
    expect(mine.audit.map((a: { action: string }) => a.action)).toEqual(['dataRequest.file', 'dataRequest.answer']);
  });
});

describe('data requests of one contestant', () => {
  it('are limited to ten awaiting an answer at a time', async () => {
    const env = testEnv();
    const { token } = await register(env, 1);
    const file = () => env.call('POST', `/api/contests/${OPEN}/me/data-requests`, { token, json: { kind: 'question', message: 'Một câu hỏi về dữ liệu' } });
    for (let i = 0; i < 10; i++) expect((await file()).status).toBe(201);
    const before = snapshot(env.db);
    expectError(await file(), 409, 'CONFLICT');
    expect(snapshot(env.db)).toBe(before);
    const first = (await admin(env, 'GET', `/contests/${OPEN}/data-requests`)).body.requests[0];
    expect((await admin(env, 'PUT', `/contests/${OPEN}/data-requests/${first.id}`, { status: 'answered', answer: 'Đã trả lời câu hỏi.' })).status).toBe(200);
    expect((await file()).status).toBe(201);
  });
});

describe('POST /api/admin/contests/:slug/purge-personal-data', () => {
  /** A winner published before the close, two people who played after, one excluded by phone. */
  async function playedContest() {
    const env = testEnv();
    const winner = await contestantWithScore(env, 1, 18, { overrides: { fullName: 'Phạm Thị Hoa', email: 'hoa@example.vn' } });
    expect((await admin(env, 'POST', `/contests/${OPEN}/results`, { publish: true })).status).toBe(200);
    await contestantWithScore(env, 2, 12, { overrides: { fullName: 'Lê Văn Cường' } });
    await contestantWithScore(env, 3, 14, { overrides: { fullName: 'Đỗ Minh Đức', unitId: 'dong-hung' } });
    await contestantWithScore(env, 4, 20, { overrides: { fullName: 'Vũ Thị Lan' } });
    expect((await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: [], phones: [person(4).phone] })).status).toBe(200);
    const asked = await env.call('POST', `/api/contests/${OPEN}/me/data-requests`, { token: winner.token, json: { kind: 'question', message: 'Số điện thoại của tôi là 0912000001, xin liên hệ' } });
    expect(asked.status).toBe(201);
    return { env, winner };
  }

  const ranking = async (env: TestEnv) => JSON.parse(await text(env, `/contests/${OPEN}/ranking?format=json`)).entries;
  const stats = async (env: TestEnv) => (await admin(env, 'GET', `/contests/${OPEN}/stats`)).body;

  it('is refused before the retention date, though a dry run counts', async () => {
    const { env } = await playedContest();
    const before = snapshot(env.db);
    const refused = expectError(await admin(env, 'POST', `/contests/${OPEN}/purge-personal-data`, {}), 409, 'RETENTION_NOT_OVER');
    expect(refused.message).toContain('Chưa đến hạn');
    const dry = await admin(env, 'POST', `/contests/${OPEN}/purge-personal-data`, { dryRun: true }, JURY_TOKEN);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ due: false, dryRun: true, counts: { idNumbers: 4, phones: 4 } });
    expect(snapshot(env.db)).toBe(before);
  });

  it('erases identity and contact data after the retention date, keeping rankings, statistics and results', async () => {
    const { env, winner } = await playedContest();
    env.clock.set(new Date((await endsAt(env)) + 366 * DAY));
    const rankingBefore = await ranking(env);
    const statsBefore = await stats(env);
    const resultsBefore = (await env.call('GET', `/api/contests/${OPEN}/results`)).body;
    const exportsBefore = await allExports(env);
    for (const n of [1, 2, 3, 4]) expect(exportsBefore).toContain(person(n).idNumber);

    const dry = await admin(env, 'POST', `/contests/${OPEN}/purge-personal-data`, { dryRun: true });
    expect(dry.body).toMatchObject({ due: true, dryRun: true });
    const purged = await admin(env, 'POST', `/contests/${OPEN}/purge-personal-data`, { dryRun: false });
    expect(purged.status, JSON.stringify(purged.body)).toBe(200);
    expect(purged.body.counts).toEqual(dry.body.counts);
    expect(purged.body.counts).toEqual({
      idNumbers: 4,
      phones: 4,
      emails: 1,
      birthDates: 4,
      guardians: 0,
      names: 3,
      namesKept: 1,
      exclusions: 1,
      phoneCodes: 0,
      dataRequests: 1,
      networkData: { contestants: 0, attempts: 0 },
      erasureLimits: 0,
    });

    // Rankings, statistics and published results are unchanged but for the erased fields.
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ fullName: _n, birthDate: _b, idNumber: _i, phone: _p, email: _e, ...rest }) => rest);
    const rankingAfter = await ranking(env);
    expect(strip(rankingAfter)).toEqual(strip(rankingBefore));
    expect(rankingAfter.map((r: { fullName: string }) => r.fullName).sort()).toEqual(['L. V. C.', 'Phạm Thị Hoa', 'Đ. M. Đ.'].sort());
    expect(await stats(env)).toEqual(statsBefore);
    expect((await env.call('GET', `/api/contests/${OPEN}/results`)).body).toEqual(resultsBefore);
    expect(rankingAfter.some((r: { contestantId?: string; fullName: string }) => r.fullName === 'Phạm Thị Hoa')).toBe(true);
    void winner;

    // No ID number, phone, e-mail or birth date in any export any more.
    const exportsAfter = await allExports(env);
    for (const n of [1, 2, 3, 4]) {
      for (const value of [person(n).idNumber, person(n).phone, person(n).birthDate, '17/05/1990']) expect(exportsAfter).not.toContain(value);
    }
    expect(exportsAfter).not.toContain('hoa@example.vn');
    const requests = (await admin(env, 'GET', `/contests/${OPEN}/data-requests`)).body.requests;
    expect(requests).toEqual([expect.objectContaining({ kind: 'question', message: '', status: 'open' })]);

    // A second run has nothing left to erase; the audit has the purge.
    const second = await admin(env, 'POST', `/contests/${OPEN}/purge-personal-data`, { dryRun: true });
    expect(second.body.counts).toMatchObject({ idNumbers: 0, phones: 0, emails: 0, birthDates: 0, names: 0, exclusions: 0 });
    const audit = (await admin(env, 'GET', '/audit')).body;
    expect(JSON.stringify(audit)).toContain('personalData.purge');
  });
});

describe('GET /api/admin/contests/:slug/privacy-dossier', () => {
  it('prints a Vietnamese A4 draft with the real fields, retention and storage', async () => {
    const env = testEnv();
    const response = await env.app.request(`/api/admin/contests/${OPEN}/privacy-dossier`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    for (const expected of [
      'Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân',
      'Số định danh cá nhân',
      'Số điện thoại di động',
      'Ngày, tháng, năm sinh',
      'Địa chỉ IP',
      'SQLite',
      'Chuyển dữ liệu ra nước ngoài',
      'size: A4',
      'TM. BAN TỔ CHỨC',
      (await env.call('GET', `/api/contests/${OPEN}`)).body.title,
    ]) {
      expect(html).toContain(expected);
    }
    expectError(await env.call('GET', `/api/admin/contests/${OPEN}/privacy-dossier`), 401, 'UNAUTHORIZED');
  });
});
