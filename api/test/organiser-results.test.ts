import { describe, expect, it } from 'vitest';
import { expectError } from './admin-support.js';
import { auditEntries, correctAnswers, describeStores, type StoreEnv } from './store-env.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, register, snapshot, startAttempt, testEnv, type TestEnv } from './support.js';

const admin = { token: ORGANISER_TOKEN };

/** Person n answers `correct` questions right in `minutes`, predicting `prediction`. */
async function play(env: TestEnv | StoreEnv, n: number, correct: number, options: { unitId?: string; prediction?: number; minutes?: number; source?: string } = {}) {
  const { token, contestant } = await register(env, n, { fullName: `Thí Sinh ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}`, unitId: options.unitId ?? 'tp-thai-binh' });
  const attempt = await startAttempt(env, token);
  const answers = await correctAnswers(env, attempt.id, attempt.questions.slice(0, correct).map((q) => q.id));
  env.clock.advance((options.minutes ?? 5) * 60_000);
  const result = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: options.prediction ?? 10 } });
  expect(result.status).toBe(200);
  return { token, contestantId: contestant.id, attemptId: attempt.id };
}

async function setUnits(env: TestEnv, units: unknown[]) {
  const response = await env.call('PUT', `/api/admin/contests/${OPEN}/units`, { ...admin, json: units });
  expect(response.status).toBe(200);
}

describeStores('computing and publishing results', (newEnv, kind) => {
  it('a dry run computes prizes without publishing anything', async () => {
    const env = await newEnv();
    await play(env, 1, 15);
    await play(env, 2, 18);
    const before = await env.snapshot();
    const dry = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: {} });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ published: false, provisional: true, actual: 2, predictionTarget: 'participants' });
    expect(dry.body.individual.map((a: { name: string; prize: string }) => [a.name, a.prize])).toEqual([
      ['Thí Sinh C', 'Giải Nhất'],
      ['Thí Sinh B', 'Giải Nhì'],
    ]);
    expect(await env.snapshot()).toBe(before);
    expect((await env.call('GET', `/api/contests/${OPEN}/results`)).status).toBe(404);
  });

  it('publishing freezes the results: later attempts do not change what the public sees', async () => {
    const env = await newEnv();
    await play(env, 1, 15);
    const published = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: { publish: true } });
    expect(published.status).toBe(200);
    await play(env, 2, 20);
    const { status, body } = await env.call('GET', `/api/contests/${OPEN}/results`);
    expect(status).toBe(200);
    expect(body.publishedAt).toBe(published.body.publishedAt);
    expect(body.provisional).toBe(true);
    expect(body.individual).toEqual([
      { prize: 'Giải Nhất', valueVnd: 6_000_000, rank: 1, name: 'Thí Sinh B', unit: 'Thành phố Thái Bình', birthYear: 1990, score: 15, total: 20, durationMs: 300_000, prediction: 10 },
    ]);
    expect(body.collective).toEqual([
      { prize: 'Giải Nhất', valueVnd: 8_000_000, unit: 'Thành phố Thái Bình', participants: 1, attempts: 1, rate: 1 / 12_000, averageScore: 15 },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/034090|0912|contestantId|1990-05-17/);
  });

  it('publishing again must be asked for explicitly and is audited', async () => {
    const env = await newEnv();
    await play(env, 1, 15);
    await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: { publish: true } });
    await play(env, 2, 20);
    const refused = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: { publish: true } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields.replace).toEqual(expect.any(String));
    const again = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: { publish: true, replace: true } });
    expect(again.status).toBe(200);
    const { body } = await env.call('GET', `/api/contests/${OPEN}/results`);
    expect(body.individual[0].name).toBe('Thí Sinh C');
    const audit = await auditEntries(env);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['results.publish', 'results.republish']));
  });

  it('is final once the contest has closed', async () => {
    const env = await newEnv();
    await play(env, 1, 15);
    const { body: contest } = await env.call('GET', `/api/contests/${OPEN}`);
    env.clock.set(contest.endsAt);
    await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: { publish: true } });
    const { body } = await env.call('GET', `/api/contests/${OPEN}/results`);
    expect(body.provisional).toBe(false);
  });

  it('lets the jury compute but not publish', async () => {
    const env = await newEnv();
    await play(env, 1, 15);
    expect((await env.call('POST', `/api/admin/contests/${OPEN}/results`, { token: JURY_TOKEN, json: {} })).status).toBe(200);
    const publish = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { token: JURY_TOKEN, json: { publish: true } });
    expect(publish.status).toBe(403);
    expect(publish.body.error.code).toBe('FORBIDDEN');
  });

  // Voids an attempt and excludes a person after they played: console routes, which a server on PostgreSQL answers 501 (decision 0045).
  if (kind === 'sqlite') {
    it('skips voided attempts and excluded people when handing out prizes', async () => {
      const env = testEnv();
      const best = await play(env, 1, 20);
      await play(env, 2, 18);
      const excluded = await play(env, 3, 19);
      await play(env, 4, 10);
      await env.call('POST', `/api/admin/attempts/${best.attemptId}/void`, { ...admin, json: { reason: 'Gian lận đã được xác minh' } });
      await env.call('PUT', `/api/admin/contests/${OPEN}/exclusions`, { ...admin, json: { idNumbers: ['034090000003'], phones: [] } });
      void excluded;
      const { body } = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: {} });
      expect(body.individual.map((a: { name: string }) => a.name)).toEqual(['Thí Sinh C', 'Thí Sinh E']);
      expect(body.actual).toBe(2);
    });
  }

  // Switches the criterion and edits the units between computations: console routes, which a server on PostgreSQL answers 501 (decision 0045).
  if (kind === 'sqlite') {
    it('awards units by participation rate with parent roll-up; a competing unit without headcount stops it, never a silent switch', async () => {
      const env = testEnv();
      const tree = [
        { id: 'huyen', name: 'Các huyện, thành phố', kind: 'group' },
        { id: 'vu-thu', name: 'Huyện Vũ Thư', parentId: 'huyen', kind: 'district', headcount: 10 },
        { id: 'xa-a', name: 'Xã Tân Lập', parentId: 'vu-thu', kind: 'commune' },
        { id: 'hung-ha', name: 'Huyện Hưng Hà', parentId: 'huyen', kind: 'district', headcount: 2 },
        { id: 'khac', name: 'Đơn vị khác', kind: 'other' },
      ];
      await setUnits(env, tree);
      await play(env, 1, 10, { unitId: 'xa-a' });
      await play(env, 2, 12, { unitId: 'xa-a' });
      await play(env, 3, 8, { unitId: 'vu-thu' });
      await play(env, 4, 5, { unitId: 'hung-ha' });
      await play(env, 5, 4, { unitId: 'khac' });
      // "Đơn vị khác" competes by default (a top-level unit without sub-units) and has no headcount.
      const refused = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: {} });
      expect(expectError(refused, 409, 'HEADCOUNT_MISSING').units).toEqual([{ id: 'khac', name: 'Đơn vị khác' }]);

      // The committee switches the criterion explicitly: distinct participants, no rate.
      const { body: settings } = await env.call('GET', `/api/admin/contests/${OPEN}`, admin);
      const { status: _s, ...rest } = settings;
      void _s;
      await env.call('PUT', `/api/admin/contests/${OPEN}`, { ...admin, json: { ...rest, collectiveCriterion: 'participants' } });
      const count = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: {} });
      expect(count.body.collectiveCriterion).toBe('participants');
      expect(count.body.collective.map((a: { unit: string }) => a.unit)).toEqual(['Huyện Vũ Thư', 'Huyện Hưng Hà', 'Đơn vị khác']);

      // Back to the rate, with the headcount declared: the whole subtree over the unit's headcount.
      await setUnits(env, tree.map((u) => (u.id === 'khac' ? { ...u, headcount: 100 } : u)));
      await env.call('PUT', `/api/admin/contests/${OPEN}`, { ...admin, json: { ...rest, collectiveCriterion: 'participationRate' } });
      const rate = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: {} });
      expect(rate.body.collectiveCriterion).toBe('participationRate');
      expect(rate.body.collective.map((a: { unit: string; rate: number; participants: number }) => [a.unit, a.participants, a.rate])).toEqual([
        ['Huyện Hưng Hà', 1, 0.5],
        ['Huyện Vũ Thư', 3, 0.3],
        ['Đơn vị khác', 1, 0.01],
      ]);
      expect(rate.body.collective[1].averageScore).toBe(10);
    });
  }

  it('measures the prediction figure as the target defines it', async () => {
    const env = await newEnv({
      prepare: async (console) => {
        const { body: settings } = await console.call('GET', `/api/admin/contests/${OPEN}`, admin);
        const { status: _s, ...rest } = settings;
        void _s;
        await console.call('PUT', `/api/admin/contests/${OPEN}`, { ...admin, json: { ...rest, predictionTarget: 'attempts' } });
      },
    });
    await play(env, 1, 20);
    await play(env, 2, 3);
    const attempts = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: {} });
    expect(attempts.body).toMatchObject({ predictionTarget: 'attempts', actual: 2 });
  });
});

describe('voiding an attempt', () => {
  it('takes it out of rankings and statistics, keeps the try used, and audits it with a reason', async () => {
    const env = testEnv();
    const played = await play(env, 1, 15);
    const voided = await env.call('POST', `/api/admin/attempts/${played.attemptId}/void`, { ...admin, json: { reason: 'Lỗi kỹ thuật đã xác minh' } });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ id: played.attemptId, voided: true, voidReason: 'Lỗi kỹ thuật đã xác minh' });
    expect((await env.call('GET', `/api/contests/${OPEN}/leaderboard`)).body.entries).toEqual([]);
    expect((await env.call('GET', `/api/contests/${OPEN}`)).body.stats).toEqual({ participants: 0, attempts: 0 });
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token: played.token });
    expect(me.body.remainingAttempts).toBe(2);
    expect(me.body.best).toBeNull();
    const audit = await env.call('GET', '/api/admin/audit', admin);
    const entry = audit.body.find((e: { action: string }) => e.action.includes('void'));
    expect(entry).toMatchObject({ actor: 'Ban Tổ chức', target: played.attemptId, detail: { reason: 'Lỗi kỹ thuật đã xác minh' } });
  });

  it('refuses without a reason, twice, for the jury and for an unknown attempt — changing nothing', async () => {
    const env = testEnv();
    const played = await play(env, 1, 15);
    const before = snapshot(env.db);
    const noReason = await env.call('POST', `/api/admin/attempts/${played.attemptId}/void`, { ...admin, json: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.reason).toEqual(expect.any(String));
    const jury = await env.call('POST', `/api/admin/attempts/${played.attemptId}/void`, { token: JURY_TOKEN, json: { reason: 'Lý do hợp lệ' } });
    expect(jury.status).toBe(403);
    const unknown = await env.call('POST', '/api/admin/attempts/khong-co/void', { ...admin, json: { reason: 'Lý do hợp lệ' } });
    expect(unknown.status).toBe(404);
    expect(snapshot(env.db)).toBe(before);
    await env.call('POST', `/api/admin/attempts/${played.attemptId}/void`, { ...admin, json: { reason: 'Lý do hợp lệ' } });
    const twice = await env.call('POST', `/api/admin/attempts/${played.attemptId}/void`, { ...admin, json: { reason: 'Lý do khác nữa' } });
    expect(twice.status).toBe(409);
  });
});

describe('granting extra attempts', () => {
  it('gives tries back after the limit, with the reason audited', async () => {
    const env = testEnv();
    const played = await play(env, 1, 5);
    for (let i = 0; i < 2; i++) {
      const a = await startAttempt(env, played.token);
      await env.call('POST', `/api/attempts/${a.id}/submit`, { token: played.token, json: { prediction: 1 } });
    }
    expect((await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: played.token })).status).toBe(409);
    const grant = await env.call('POST', `/api/admin/contests/${OPEN}/contestants/${played.contestantId}/grants`, {
      ...admin,
      json: { attempts: 1, reason: 'Mất điện tại điểm thi ngày 25/3' },
    });
    expect(grant.status).toBe(200);
    expect(grant.body).toMatchObject({ extraAttempts: 1, remainingAttempts: 1 });
    expect((await env.call('POST', `/api/contests/${OPEN}/attempts`, { token: played.token })).status).toBe(201);
    const audit = await env.call('GET', '/api/admin/audit', admin);
    expect(audit.body[0]).toMatchObject({ action: 'contestant.grant', detail: { reason: 'Mất điện tại điểm thi ngày 25/3', attempts: 1 } });
  });

  it('refuses bad counts, a missing reason and an unknown contestant', async () => {
    const env = testEnv();
    const played = await play(env, 1, 5);
    const path = `/api/admin/contests/${OPEN}/contestants/${played.contestantId}/grants`;
    const before = snapshot(env.db);
    for (const json of [{ attempts: 0, reason: 'Lý do đủ dài' }, { attempts: 11, reason: 'Lý do đủ dài' }, { attempts: 1 }, { attempts: 1.5, reason: 'Lý do đủ dài' }]) {
      expect((await env.call('POST', path, { ...admin, json })).status).toBe(400);
    }
    expect((await env.call('POST', `/api/admin/contests/${OPEN}/contestants/khong-co/grants`, { ...admin, json: { attempts: 1, reason: 'Lý do đủ dài' } })).status).toBe(404);
    expect(snapshot(env.db)).toBe(before);
  });
});

describeStores('organiser statistics', (newEnv) => {
  it('counts totals, units with parents, occupations, sites, Vietnam-time days and scores', async () => {
    const env = await newEnv({ now: '2026-11-28T16:00:00Z' }); // 23:00 in Vietnam
    await play(env, 1, 20, { unitId: 'dong-hung', minutes: 10 }); // submitted 23:10 Vietnam time, 28/11
    env.clock.set('2026-11-28T16:55:00Z');
    await play(env, 2, 7, { unitId: 'cong-an-tinh', minutes: 10 }); // submitted 00:05 Vietnam time, 29/11
    const { token } = await register(env, 3, { unitId: 'dong-hung' });
    await startAttempt(env, token); // in progress
    const { status, body } = await env.call('GET', `/api/admin/contests/${OPEN}/stats`, { token: JURY_TOKEN });
    expect(status).toBe(200);
    expect(body.totals).toEqual({ registered: 3, participants: 2, attempts: 2, perfectAttempts: 1, inProgress: 1, voided: 0 });
    const unit = (id: string) => body.byUnit.find((u: { unitId: string }) => u.unitId === id);
    expect(unit('dong-hung')).toMatchObject({ participants: 1, attempts: 1, averageScore: 20 });
    expect(unit('huyen-thanh-pho')).toMatchObject({ participants: 1, attempts: 1 });
    expect(unit('co-quan-tinh')).toMatchObject({ participants: 1, attempts: 1, averageScore: 7 });
    expect(unit('vu-thu')).toMatchObject({ participants: 0, averageScore: null });
    expect(body.byOccupation).toEqual([{ occupation: 'can-bo', name: 'Cán bộ, công chức, viên chức, người lao động', participants: 2, attempts: 2 }]);
    expect(body.byDay).toEqual([
      { day: '2026-11-28', participants: 1, attempts: 1 },
      { day: '2026-11-29', participants: 1, attempts: 1 },
    ]);
    expect(body.scoreDistribution).toEqual([
      { score: 7, attempts: 1 },
      { score: 20, attempts: 1 },
    ]);
    expect(body.bySource).toEqual([{ source: '', participants: 2, attempts: 2 }]);
  });

  it('needs an admin token', async () => {
    const env = await newEnv();
    const { token } = await register(env, 1);
    expect((await env.call('GET', `/api/admin/contests/${OPEN}/stats`)).status).toBe(401);
    expect((await env.call('GET', `/api/admin/contests/${OPEN}/stats`, { token })).status).toBe(401);
  });
});

describe('the printable report', () => {
  it('summarises totals, units, days and winners in Vietnamese, escaping every text', async () => {
    const env = testEnv();
    await setUnits(env, [
      { id: 'vu-thu', name: 'Huyện Vũ Thư <script>alert(1)</script>', kind: 'district', headcount: 100 },
      { id: 'khac', name: 'Đơn vị khác', kind: 'other', headcount: 50 },
    ]);
    await play(env, 1, 18, { unitId: 'vu-thu' });
    await play(env, 2, 12, { unitId: 'khac' });
    const response = await env.app.request(`/api/admin/contests/${OPEN}/report`, { headers: { authorization: `Bearer ${JURY_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('Cuộc thi trắc nghiệm tìm hiểu Đề án 06 trên địa bàn tỉnh Thái Bình');
    expect(html).toMatch(/\d{1,2} giờ \d{2}, ngày \d{1,2}\/\d{1,2}\/\d{4}/);
    expect(html).toContain('CHƯA được công bố');
    expect(html).toContain('Huyện Vũ Thư &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Thí Sinh B');
    expect(html).toContain('6.000.000 đ');
    expect(html).toContain('<polyline');
    await env.call('POST', `/api/admin/contests/${OPEN}/results`, { ...admin, json: { publish: true } });
    const published = await (await env.app.request(`/api/admin/contests/${OPEN}/report`, { headers: { authorization: `Bearer ${ORGANISER_TOKEN}` } })).text();
    expect(published).toContain('Kết quả đã công bố lúc');
  });

  it('needs an admin token', async () => {
    const env = testEnv();
    expect((await env.call('GET', `/api/admin/contests/${OPEN}/report`)).status).toBe(401);
  });
});
