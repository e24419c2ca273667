/**
 * The jury's integrity review over a seeded contest with a script attack in it: throw-away
 * registrations sharing one phone, one name and one network, 7 ms perfect attempts, submits that
 * answer nothing but the prediction, identical answer patterns across accounts and a real account
 * whose score jumps from low to perfect; and honest contestants beside them, who are not flagged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, expectError, smallContest } from './admin-support.js';
import { reviewIntegrity } from '../src/db/integrity.js';
import { DEFAULT_INTEGRITY } from '../src/domain/integrity.js';
import { JURY_TOKEN, ORGANISER_TOKEN, person, snapshot, testEnv, type TestEnv } from './support.js';

const SLUG = 'ra-soat-trung-thuc';
const QUESTIONS = 10;

/** The shown option id of bank option `bankIndex` in an attempt. */
function shownOption(env: TestEnv, attemptId: string, questionId: string, bankIndex: number): string {
  const { optionOrder } = env.db
    .prepare('SELECT option_order AS optionOrder FROM attempt_questions WHERE attempt_id = ? AND question_id = ?')
    .get(attemptId, questionId) as { optionOrder: string };
  return 'abcdef'[(JSON.parse(optionOrder) as number[]).indexOf(bankIndex)]!;
}

/** The bank's answer of a question (every imported test question has answer 0). */
const CORRECT = 0;

interface Player {
  contestantId: string;
  token: string;
}

async function registerFrom(env: TestEnv, n: number, ip: string, overrides: Record<string, unknown> = {}): Promise<Player> {
  const response = await env.call('POST', `/api/contests/${SLUG}/contestants`, {
    json: person(n, overrides),
    headers: { 'x-forwarded-for': ip, 'user-agent': `Mozilla/5.0 test-browser-${n} ${'x'.repeat(400)}` },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { contestantId: response.body.contestant.id, token: response.body.token };
}

/**
 * Starts and submits an attempt: `choose(k)` is the bank option for the k-th question (by bank
 * order), or null to leave it; `thinkMs` passes between start and submit.
 */
async function play(env: TestEnv, player: Player, ip: string, choose: (k: number) => number | null, thinkMs: number, prediction = 100) {
  const started = await env.call('POST', `/api/contests/${SLUG}/attempts`, { token: player.token, headers: { 'x-forwarded-for': ip } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const attemptId: string = started.body.id;
  const answers: Record<string, string> = {};
  for (const q of started.body.questions as { id: string }[]) {
    const k = Number(q.id.split('-q')[1]) - 1;
    const bankIndex = choose(k);
    if (bankIndex !== null) answers[q.id] = shownOption(env, attemptId, q.id, bankIndex);
  }
  env.clock.advance(thinkMs);
  const submitted = await env.call('POST', `/api/attempts/${attemptId}/submit`, { token: player.token, json: { answers, prediction } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return attemptId;
}

const allCorrect = () => CORRECT;
const firstCorrect = (n: number, salt = 0) => (k: number) => (k < n ? CORRECT : 1 + ((k * 7 + n + salt) % 3));

interface Scenario {
  env: TestEnv;
  honest: Player[];
  honestAttempts: string[];
  throwaways: Player[];
  fast: string[];
  predictionOnly: string[];
  identicalWrong: string[];
  jumper: Player;
  jumpAttempt: string;
}

/** The seeded contest: honest people first, then the attack, then more honest people. */
async function seed(): Promise<Scenario> {
  const env = testEnv({ env: { TRUST_PROXY: '1' } });
  // Every attempt draws the whole bank, so answer patterns are comparable across accounts.
  await smallContest(env, SLUG, QUESTIONS, QUESTIONS, { maxAttempts: 3 });
  const honestNames = ['Lê Thị Mai', 'Vũ Đức Thắng', 'Đỗ Minh Châu', 'Bùi Văn Hùng', 'Hoàng Thu Trang', 'Ngô Quang Huy'];
  const honest: Player[] = [];
  const honestAttempts: string[] = [];
  for (const [i, fullName] of honestNames.entries()) {
    // Four of them share a school lab's one address: below the shared-network threshold.
    const ip = i < 4 ? '192.0.2.44' : `198.51.${100 + i}.7`;
    const player = await registerFrom(env, 100 + i, ip, { fullName });
    honest.push(player);
    honestAttempts.push(await play(env, player, ip, firstCorrect([9, 7, 6, 8, 4, 5][i]!), 4 * 60_000 + i * 1000));
    env.clock.advance(3 * 60_000);
  }
  // One honest person improves steadily: 5 then 8 of 10 is no jump.
  honestAttempts.push(await play(env, honest[5]!, '198.51.105.7', firstCorrect(8, 1), 5 * 60_000));

  // The attack: 25 throw-away registrations within minutes, one phone, one name, one /24.
  const throwaways: Player[] = [];
  for (let i = 0; i < 25; i++) {
    throwaways.push(await registerFrom(env, 500 + i, `203.0.113.${10 + i}`, { fullName: 'Trần Văn Bảo', phone: '0987654321' }));
    env.clock.advance(30_000);
  }
  const fast: string[] = [];
  for (const player of throwaways.slice(0, 3)) fast.push(await play(env, player, '203.0.113.10', allCorrect, 7));
  const predictionOnly: string[] = [];
  for (const player of throwaways.slice(3, 6)) predictionOnly.push(await play(env, player, '203.0.113.11', (k) => (k === 0 ? CORRECT : null), 40_000, 99_999));
  const identicalWrong: string[] = [];
  for (const player of throwaways.slice(6, 9)) identicalWrong.push(await play(env, player, '203.0.113.12', (k) => (k % 2 === 0 ? CORRECT : 2), 3 * 60_000));

  // The key-oracle attacker's real account, from home: 3 of 10, then perfect.
  const jumper = await registerFrom(env, 900, '100.64.7.9', { fullName: 'Phạm Thị Hoa', phone: '0977000111' });
  await play(env, jumper, '100.64.7.9', firstCorrect(3), 5 * 60_000);
  const jumpAttempt = await play(env, jumper, '100.64.7.9', allCorrect, 4 * 60_000);
  return { env, honest, honestAttempts, throwaways, fast, predictionOnly, identicalWrong, jumper, jumpAttempt };
}

type Flag = { kind: string; contestantId: string; contestantName: string; unit: string; attemptIds: string[]; explanation: string; details: any };

const VIETNAMESE = /[ạảãâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/i;

describe('GET /api/admin/contests/:slug/integrity', () => {
  let s: Scenario;
  let flags: Flag[];
  let body: any;
  beforeAll(async () => {
    s = await seed();
    const response = await admin(s.env, 'GET', `/contests/${SLUG}/integrity`, undefined, JURY_TOKEN);
    expect(response.status).toBe(200);
    body = response.body;
    flags = body.flags;
  }, 60_000);

  const ofKind = (kind: string) => flags.filter((f) => f.kind === kind);
  const people = (kind: string) => new Set(ofKind(kind).map((f) => f.contestantId));

  it('raises every kind of flag on the attack, with counts and the thresholds used', () => {
    for (const kind of ['fastAttempt', 'sharedNetwork', 'registrationBurst', 'scoreJump', 'identicalAnswers', 'predictionOnly']) {
      expect(ofKind(kind).length, kind).toBeGreaterThan(0);
      expect(body.counts[kind]).toBe(ofKind(kind).length);
    }
    expect(body.thresholds).toMatchObject({ minSecondsPerQuestion: 3, networkRegistrations: 20, burstSamePhone: 3 });
    // Listed by kind, then (identical answers) group by group.
    const order = ['fastAttempt', 'sharedNetwork', 'registrationBurst', 'scoreJump', 'identicalAnswers', 'predictionOnly'];
    const positions = flags.map((f) => order.indexOf(f.kind));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const groups = ofKind('identicalAnswers').map((f) => f.details.group);
    expect(groups).toEqual([...groups].sort());
    for (const flag of flags) {
      expect(flag.explanation).toMatch(VIETNAMESE);
      expect(flag.contestantName).toBeTruthy();
      expect(flag.unit).toBe('Thành phố Thái Bình');
    }
  });

  it('does not flag honest contestants, a school lab sharing one address or a steady improvement', () => {
    const honest = new Set(s.honest.map((p) => p.contestantId));
    expect(flags.filter((f) => honest.has(f.contestantId))).toEqual([]);
  });

  it('fastAttempt: the 7 ms perfect attempts, and nothing else', () => {
    expect(ofKind('fastAttempt').flatMap((f) => f.attemptIds).sort()).toEqual([...s.fast].sort());
    expect(ofKind('fastAttempt')[0]!.details).toMatchObject({ score: QUESTIONS, total: QUESTIONS, durationMs: 7 });
  });

  it('sharedNetwork and registrationBurst: every throw-away registration, with an explanation that a lab may be legitimate', () => {
    const throwaways = new Set(s.throwaways.map((p) => p.contestantId));
    expect(people('sharedNetwork')).toEqual(throwaways);
    expect(people('registrationBurst')).toEqual(throwaways);
    const network = ofKind('sharedNetwork')[0]!;
    expect(network.details).toMatchObject({ network: '203.0.113.0/24', count: 25, addresses: 25 });
    expect(network.explanation).toMatch(/hợp lệ/);
    const burst = ofKind('registrationBurst').find((f) => f.contestantId === s.throwaways[0]!.contestantId)!;
    expect(burst.details).toMatchObject({ key: 'phone', count: 25, occurrences: 2 }); // the phone and the name
    // A registration's flag carries the attempts that count, ready to be voided.
    expect(burst.attemptIds).toEqual([s.fast[0]]);
  });

  it('scoreJump: the real account that went from 3/10 to perfect', () => {
    expect(ofKind('scoreJump')).toEqual([
      expect.objectContaining({ contestantId: s.jumper.contestantId, contestantName: 'Phạm Thị Hoa', attemptIds: [s.jumpAttempt] }),
    ]);
    expect(ofKind('scoreJump')[0]!.details.previousBestRatio).toBeCloseTo(0.3);
  });

  it('identicalAnswers: the accounts sharing one pattern, grouped, wrong answers included', () => {
    const groups = new Map<string, string[]>();
    for (const flag of ofKind('identicalAnswers')) groups.set(flag.details.group, [...(groups.get(flag.details.group) ?? []), ...flag.attemptIds]);
    const sorted = [...groups.values()].map((ids) => ids.sort());
    expect(sorted).toContainEqual([...s.identicalWrong].sort());
    // The 7 ms attempts and the real account's perfect attempt share the all-correct pattern.
    expect(sorted).toContainEqual([...s.fast, s.jumpAttempt].sort());
    const wrong = ofKind('identicalAnswers').find((f) => f.attemptIds[0] === s.identicalWrong[0])!;
    expect(wrong.details).toMatchObject({ accounts: 3, answered: QUESTIONS, allCorrect: false });
  });

  it('predictionOnly: the submits that answered one question', () => {
    expect(ofKind('predictionOnly').flatMap((f) => f.attemptIds).sort()).toEqual([...s.predictionOnly].sort());
    expect(ofKind('predictionOnly')[0]!.details).toMatchObject({ answered: 1, prediction: 99_999 });
  });

  it('narrowed to some contestants (the prize path), the review finds exactly their flags of the full review', () => {
    const chosen = [s.jumper, s.throwaways[0]!, s.throwaways[7]!, s.honest[0]!].map((p) => p.contestantId);
    for (let k = 0; k <= chosen.length; k++) {
      const only = new Set(chosen.slice(0, k));
      const narrowed = reviewIntegrity(s.env.db, SLUG, DEFAULT_INTEGRITY, only);
      expect(narrowed).toEqual(flags.filter((f) => only.has(f.contestantId)));
    }
    // Each flagged person alone, and all of them together: the groups they belong to are read whole.
    const flagged = [...new Set(flags.map((f) => f.contestantId))];
    expect(flagged.length).toBeGreaterThan(5);
    for (const id of flagged) expect(reviewIntegrity(s.env.db, SLUG, DEFAULT_INTEGRITY, new Set([id]))).toEqual(flags.filter((f) => f.contestantId === id));
    expect(reviewIntegrity(s.env.db, SLUG, DEFAULT_INTEGRITY, new Set(flagged))).toEqual(flags);
  });

  it('registrations and attempts keep the address and a shortened user agent', () => {
    const row = s.env.db.prepare('SELECT ip, ip_network AS network, user_agent AS userAgent FROM contestants WHERE id = ?').get(s.throwaways[0]!.contestantId) as any;
    expect(row).toMatchObject({ ip: '203.0.113.10', network: '203.0.113.0/24' });
    expect(row.userAgent).toHaveLength(256);
    const attempt = s.env.db.prepare('SELECT ip, user_agent AS userAgent FROM attempts WHERE id = ?').get(s.fast[0]) as any;
    expect(attempt.ip).toBe('203.0.113.10');
  });
});

describe('refusals of the review routes', () => {
  it('needs an admin token; an unknown contest is 404', async () => {
    const env = testEnv();
    expectError(await env.call('GET', `/api/admin/contests/${SLUG}/integrity`), 401, 'UNAUTHORIZED');
    expectError(await admin(env, 'GET', '/contests/khong-co-cuoc-thi/integrity'), 404, 'NOT_FOUND');
  });

  it('bad bodies of the bulk void get a 4xx with the error shape and change nothing', async () => {
    const env = testEnv();
    const { slug } = await smallContest(env, SLUG, 3, 3);
    const before = snapshot(env.db);
    const path = `/api/admin/contests/${slug}/attempts/void`;
    const token = { token: ORGANISER_TOKEN };
    expectError(await env.call('POST', path, { ...token, body: 'attemptIds=a', contentType: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await env.call('POST', path, { ...token, body: '{"attemptIds": [', contentType: 'application/json' }), 400, 'VALIDATION');
    for (const json of [
      null,
      [],
      { attemptIds: 'a1', reason: 'Lý do đủ dài' },
      { attemptIds: [1, 2], reason: 'Lý do đủ dài' },
      { attemptIds: ['a1', 'a1'], reason: 'Lý do đủ dài' },
      { attemptIds: ["a1' OR 1=1 --"], reason: 'Lý do đủ dài' },
      { attemptIds: Array.from({ length: 10_001 }, (_, i) => `a${i}`), reason: 'Lý do đủ dài' },
      { attemptIds: ['a1'], reason: 'x'.repeat(5000) },
      { attemptIds: ['a1'] },
    ]) {
      const error = expectError(await env.call('POST', path, { ...token, json }), 400, 'VALIDATION');
      expect(JSON.stringify(error), JSON.stringify(json).slice(0, 80)).not.toMatch(/SQL|stack/i);
    }
    expect(snapshot(env.db)).toBe(before);
  });

  it('contest settings: thresholds and the retention have defaults and are validated', async () => {
    const env = testEnv();
    const { slug } = await smallContest(env, SLUG, 3, 3);
    const saved = await admin(env, 'GET', `/contests/${slug}`);
    expect(saved.body).toMatchObject({ networkDataRetentionDays: 90, integrity: { minSecondsPerQuestion: 3, predictionOnlyMaxAnswers: 2 } });
    const base = { title: 'Cuộc thi thử', startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-12-31T00:00:00Z' };
    const bad = expectError(
      await admin(env, 'PUT', `/contests/${slug}`, { ...base, networkDataRetentionDays: -1, integrity: { minSecondsPerQuestion: 'ba', extra: 1 } }),
      400,
      'VALIDATION',
    );
    expect(Object.keys(bad.fields!).sort()).toEqual(['integrity.extra', 'integrity.minSecondsPerQuestion', 'networkDataRetentionDays']);
    expect(bad.fields!.networkDataRetentionDays).toMatch(/Số ngày lưu dữ liệu mạng/);
    const tuned = await admin(env, 'PUT', `/contests/${slug}`, { ...base, integrity: { minSecondsPerQuestion: 5 } });
    expect(tuned.status).toBe(200);
    expect(tuned.body.integrity).toMatchObject({ minSecondsPerQuestion: 5, networkRegistrations: 20 });
  });
});

describe('POST /api/admin/contests/:slug/attempts/void', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await seed();
  }, 60_000);

  it('jury tokens may not void; unknown ids are named and nothing is voided', async () => {
    const before = snapshot(s.env.db);
    const reason = 'Lượt thi tự động, đăng ký hàng loạt';
    expectError(await admin(s.env, 'POST', `/contests/${SLUG}/attempts/void`, { attemptIds: s.fast, reason }, JURY_TOKEN), 403, 'FORBIDDEN');
    const unknown = expectError(await admin(s.env, 'POST', `/contests/${SLUG}/attempts/void`, { attemptIds: [...s.fast, 'khong-ton-tai'], reason }), 400, 'VALIDATION');
    expect(unknown.fields!.attemptIds).toMatch(/khong-ton-tai/);
    const fields = expectError(await admin(s.env, 'POST', `/contests/${SLUG}/attempts/void`, { attemptIds: [], reason: 'x' }), 400, 'VALIDATION').fields!;
    expect(Object.keys(fields).sort()).toEqual(['attemptIds', 'reason']);
    expectError(await admin(s.env, 'POST', `/contests/${SLUG}/attempts/void`, { attemptIds: s.fast, reason, extra: true }), 400, 'VALIDATION');
    expect(snapshot(s.env.db)).toBe(before);
  });

  it('voids the chosen attempts in one audited step; they stop counting and leave the review', async () => {
    const chosen = [...s.fast, ...s.predictionOnly];
    const participantsBefore = (await s.env.call('GET', `/api/contests/${SLUG}`)).body.stats.participants;
    const response = await admin(s.env, 'POST', `/contests/${SLUG}/attempts/void`, { attemptIds: chosen, reason: 'Lượt thi tự động, đăng ký hàng loạt' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ voided: 6, alreadyVoided: [] });
    const voided = s.env.db.prepare(`SELECT COUNT(*) AS n FROM attempts WHERE voided_at IS NOT NULL`).get() as { n: number };
    expect(voided.n).toBe(6);
    const audit = await admin(s.env, 'GET', '/audit');
    const entries = audit.body.filter((e: { action: string }) => e.action.includes('void'));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ target: SLUG, detail: expect.objectContaining({ count: 6 }) });
    expect((await s.env.call('GET', `/api/contests/${SLUG}`)).body.stats.participants).toBe(participantsBefore - 6);
    const review = await admin(s.env, 'GET', `/contests/${SLUG}/integrity`);
    expect(review.body.counts).toMatchObject({ fastAttempt: 0, predictionOnly: 0 });
    // Voiding again changes nothing and says so.
    const again = await admin(s.env, 'POST', `/contests/${SLUG}/attempts/void`, { attemptIds: s.fast.slice(0, 1), reason: 'Huỷ lần nữa để thử' });
    expect(again.body).toEqual({ voided: 0, alreadyVoided: s.fast.slice(0, 1) });
  });
});

describe('prize publication knows about flags', () => {
  it('the dry run names flagged winners; publishing them needs acknowledgeFlags, else 409 and nothing published', async () => {
    const s = await seed();
    const dry = await admin(s.env, 'POST', `/contests/${SLUG}/results`, {});
    expect(dry.status).toBe(200);
    const flaggedIds = dry.body.flaggedWinners.map((w: { contestantId: string }) => w.contestantId);
    expect(flaggedIds).toContain(s.jumper.contestantId);
    expect(flaggedIds).toContain(s.throwaways[0]!.contestantId);
    expect(dry.body.flaggedWinners.find((w: any) => w.contestantId === s.jumper.contestantId)).toMatchObject({
      name: 'Phạm Thị Hoa',
      kinds: expect.arrayContaining(['scoreJump', 'identicalAnswers']),
    });
    const honest = new Set(s.honest.map((p) => p.contestantId));
    expect(flaggedIds.filter((id: string) => honest.has(id))).toEqual([]);

    const before = snapshot(s.env.db);
    const refused = expectError(await admin(s.env, 'POST', `/contests/${SLUG}/results`, { publish: true }), 409, 'FLAGGED_WINNERS');
    expect(refused.message).toMatch(/Phạm Thị Hoa/);
    expect((refused as any).flaggedWinners).toHaveLength(flaggedIds.length);
    expect(snapshot(s.env.db)).toBe(before);
    expectError(await s.env.call('GET', `/api/contests/${SLUG}/results`), 404, 'NOT_PUBLISHED');

    const published = await admin(s.env, 'POST', `/contests/${SLUG}/results`, { publish: true, acknowledgeFlags: true });
    expect(published.status).toBe(200);
    expect((await s.env.call('GET', `/api/contests/${SLUG}/results`)).status).toBe(200);
    const audit = await admin(s.env, 'GET', '/audit');
    expect(audit.body.find((e: { action: string }) => e.action === 'results.publish').detail.flaggedWinners).toHaveLength(flaggedIds.length);
  }, 60_000);

  it('without flagged winners publishing needs no acknowledgement', async () => {
    const env = testEnv({ env: { TRUST_PROXY: '1' } });
    await smallContest(env, SLUG, QUESTIONS, QUESTIONS);
    const player = await registerFrom(env, 1, '198.51.100.1', { fullName: 'Lê Thị Mai' });
    await play(env, player, '198.51.100.1', firstCorrect(8), 5 * 60_000);
    const dry = await admin(env, 'POST', `/contests/${SLUG}/results`, {});
    expect(dry.body.flaggedWinners).toEqual([]);
    expect((await admin(env, 'POST', `/contests/${SLUG}/results`, { publish: true })).status).toBe(200);
  });
});
