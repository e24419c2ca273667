import { describe, expect, it } from 'vitest';
import { admin, expectError } from './admin-support.js';
import { JURY_TOKEN, OPEN, ORGANISER_TOKEN, snapshot, testEnv } from './support.js';

const NEW = 'thi-thu-2027';
const MINIMAL = { title: 'Cuộc thi tìm hiểu Luật Căn cước', startsAt: '2027-03-20T03:00:00Z', endsAt: '2027-05-19T03:00:00Z' };

describe('PUT /api/admin/contests/:slug creates a contest with the documented defaults', () => {
  it('201 with only title, startsAt and endsAt; every other field takes its default', async () => {
    const env = testEnv();
    const response = await admin(env, 'PUT', `/contests/${NEW}`, MINIMAL);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      slug: NEW,
      title: MINIMAL.title,
      startsAt: '2027-03-20T03:00:00.000Z',
      endsAt: '2027-05-19T03:00:00.000Z',
      status: 'upcoming',
      questionsPerAttempt: 20,
      timeLimitSeconds: 900,
      maxAttempts: 3,
      predictionTarget: 'participants',
      rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'],
      revealAnswers: 'afterClose',
      collectiveCriterion: 'participationRate',
      topicQuotas: null,
      allowedOrigins: [],
      documents: [],
    });
    expect(response.body.predictionQuestion).toMatch(/bao nhiêu người/);
    expect(response.body.prizes).toEqual({
      individual: [
        { name: 'Giải Nhất', count: 1, valueVnd: 6_000_000 },
        { name: 'Giải Nhì', count: 3, valueVnd: 3_000_000 },
        { name: 'Giải Ba', count: 5, valueVnd: 2_000_000 },
        { name: 'Giải Khuyến khích', count: 11, valueVnd: 1_000_000 },
      ],
      collective: [
        { name: 'Giải Nhất', count: 1, valueVnd: 8_000_000 },
        { name: 'Giải Nhì', count: 2, valueVnd: 6_000_000 },
        { name: 'Giải Ba', count: 3, valueVnd: 5_000_000 },
        { name: 'Giải Khuyến khích', count: 5, valueVnd: 2_000_000 },
      ],
    });
    expect(response.body.occupations.map((o: { id: string }) => o.id)).toContain('can-bo');

    // The stored contest is what the organiser was told, for organisers and for the public.
    const stored = await admin(env, 'GET', `/contests/${NEW}`, undefined, JURY_TOKEN);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(response.body);
    const listed = (await admin(env, 'GET', '/contests')).body as { slug: string }[];
    expect(listed.map((c) => c.slug)).toEqual(expect.arrayContaining([NEW, OPEN]));
    const publicInfo = await env.call('GET', `/api/contests/${NEW}`);
    expect(publicInfo.status).toBe(200);
    expect(publicInfo.body).toMatchObject({ slug: NEW, status: 'upcoming', maxAttempts: 3, questionsPerAttempt: 20, stats: { participants: 0, attempts: 0 } });
    expect(publicInfo.body.prizes.individual.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(20);
    expect(publicInfo.body.prizes.collective.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(11);
  });

  it('times given with a +07:00 offset are stored and answered in UTC', async () => {
    const env = testEnv();
    const response = await admin(env, 'PUT', `/contests/${NEW}`, {
      ...MINIMAL,
      startsAt: '2023-03-20T10:00:00+07:00',
      endsAt: '2023-05-19T10:00:00+07:00',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ startsAt: '2023-03-20T03:00:00.000Z', endsAt: '2023-05-19T03:00:00.000Z', status: 'closed' });
    const publicInfo = await env.call('GET', `/api/contests/${NEW}`);
    expect(publicInfo.body).toMatchObject({ startsAt: '2023-03-20T03:00:00.000Z', endsAt: '2023-05-19T03:00:00.000Z' });
  });

  it('records contest.create in the audit log with the organiser as actor', async () => {
    const env = testEnv();
    await admin(env, 'PUT', `/contests/${NEW}`, MINIMAL);
    const audit = await admin(env, 'GET', '/audit', undefined, JURY_TOKEN);
    expect(audit.status).toBe(200);
    expect(audit.body[0]).toMatchObject({ actor: 'Ban Tổ chức', action: 'contest.create', target: NEW, at: env.clock.now().toISOString() });
  });
});

describe('PUT /api/admin/contests/:slug updates an existing contest', () => {
  const update = {
    title: 'Cuộc thi trắc nghiệm Đề án 06 – đợt 2',
    description: 'Đợt thi thứ hai.\n\n- Mỗi người thi tối đa 2 lượt.',
    startsAt: '2026-11-20T03:00:00Z',
    endsAt: '2026-12-31T03:00:00Z',
    questionsPerAttempt: 10,
    timeLimitSeconds: 600,
    maxAttempts: 2,
    predictionQuestion: 'Có bao nhiêu lượt thi được nộp khi cuộc thi kết thúc?',
    predictionTarget: 'attempts',
    rankingOrder: ['score', 'duration', 'prediction', 'submittedAt'],
    revealAnswers: 'afterSubmit',
    prizes: { individual: [{ name: 'Giải Nhất', count: 2, valueVnd: 5_000_000 }], collective: [] },
    documents: [{ title: 'Kế hoạch số 34/KH-UBND', url: 'https://thaibinh.gov.vn/ke-hoach-34.pdf' }],
  };

  it('200; the public contest info shows the change at once', async () => {
    const env = testEnv();
    const response = await admin(env, 'PUT', `/contests/${OPEN}`, update);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ ...update, startsAt: '2026-11-20T03:00:00.000Z', endsAt: '2026-12-31T03:00:00.000Z', status: 'open' });

    const publicInfo = await env.call('GET', `/api/contests/${OPEN}`);
    expect(publicInfo.body).toMatchObject({
      title: update.title,
      description: update.description,
      endsAt: '2026-12-31T03:00:00.000Z',
      questionsPerAttempt: 10,
      timeLimitSeconds: 600,
      maxAttempts: 2,
      predictionQuestion: update.predictionQuestion,
      prizes: update.prizes,
      documents: update.documents,
    });
    // Settings for organisers only stay out of the public info.
    expect(publicInfo.body).not.toHaveProperty('rankingOrder');
    expect(publicInfo.body).not.toHaveProperty('allowedOrigins');
  });

  it('a PUT replaces the contest: a field left out goes back to its default', async () => {
    const env = testEnv();
    await admin(env, 'PUT', `/contests/${OPEN}`, update);
    const response = await admin(env, 'PUT', `/contests/${OPEN}`, { title: update.title, startsAt: update.startsAt, endsAt: update.endsAt });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ maxAttempts: 3, questionsPerAttempt: 20, revealAnswers: 'afterClose', predictionTarget: 'participants', rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'], documents: [] });
    expect((await env.call('GET', `/api/contests/${OPEN}`)).body.maxAttempts).toBe(3);
  });

  it('maxAttempts null means unlimited tries', async () => {
    const env = testEnv();
    const response = await admin(env, 'PUT', `/contests/${OPEN}`, { ...update, maxAttempts: null });
    expect(response.status).toBe(200);
    expect((await env.call('GET', `/api/contests/${OPEN}`)).body.maxAttempts).toBeNull();
  });

  it('the organiser can round-trip what GET answered (without the computed status)', async () => {
    const env = testEnv();
    const { status: _status, ...contest } = (await admin(env, 'GET', `/contests/${OPEN}`)).body;
    const response = await admin(env, 'PUT', `/contests/${OPEN}`, { ...contest, topicQuotas: { vneid: 5, 'can-cuoc': 5 } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.topicQuotas).toEqual({ vneid: 5, 'can-cuoc': 5 });
    expect(response.body.description).toBe(contest.description);
  });

  it('records contest.update with the state before and after', async () => {
    const env = testEnv();
    const before = (await admin(env, 'GET', `/contests/${OPEN}`)).body;
    await admin(env, 'PUT', `/contests/${OPEN}`, update);
    const [entry] = (await admin(env, 'GET', '/audit')).body;
    expect(entry).toMatchObject({ actor: 'Ban Tổ chức', action: 'contest.update', target: OPEN });
    expect(entry.detail.before.title).toBe(before.title);
    expect(entry.detail.after.title).toBe(update.title);
  });
});

describe('PUT /api/admin/contests/:slug refuses invalid contests and changes nothing', () => {
  const cases: [string, unknown, string][] = [
    ['an unknown field', { ...MINIMAL, colour: 'đỏ' }, 'colour'],
    ['a missing title', { startsAt: MINIMAL.startsAt, endsAt: MINIMAL.endsAt }, 'title'],
    ['a missing startsAt', { title: MINIMAL.title, endsAt: MINIMAL.endsAt }, 'startsAt'],
    ['endsAt before startsAt', { ...MINIMAL, startsAt: '2027-05-19T03:00:00Z', endsAt: '2027-03-20T03:00:00Z' }, 'endsAt'],
    ['endsAt equal to startsAt', { ...MINIMAL, endsAt: MINIMAL.startsAt }, 'endsAt'],
    ['a time without a zone', { ...MINIMAL, startsAt: '2027-03-20 10:00' }, 'startsAt'],
    ['duplicate ranking criteria', { ...MINIMAL, rankingOrder: ['score', 'score'] }, 'rankingOrder'],
    ['an unknown ranking criterion', { ...MINIMAL, rankingOrder: ['score', 'luck'] }, 'rankingOrder.1'],
    ['an empty ranking order', { ...MINIMAL, rankingOrder: [] }, 'rankingOrder'],
    ['an unknown predictionTarget', { ...MINIMAL, predictionTarget: 'views' }, 'predictionTarget'],
    ['an unknown revealAnswers', { ...MINIMAL, revealAnswers: 'always' }, 'revealAnswers'],
    ['zero questions per attempt', { ...MINIMAL, questionsPerAttempt: 0 }, 'questionsPerAttempt'],
    ['a fractional time limit', { ...MINIMAL, timeLimitSeconds: 90.5 }, 'timeLimitSeconds'],
    ['a negative prize value', { ...MINIMAL, prizes: { individual: [{ name: 'Giải Nhất', count: 1, valueVnd: -1 }], collective: [] } }, 'prizes.individual.0.valueVnd'],
    ['an allowed origin with a path', { ...MINIMAL, allowedOrigins: ['https://baothaibinh.com.vn/quiz'] }, 'allowedOrigins.0'],
    ['a javascript: document link', { ...MINIMAL, documents: [{ title: 'Thể lệ', url: 'javascript:alert(1)' }] }, 'documents.0.url'],
    ['a slug in the body that differs from the path', { ...MINIMAL, slug: 'khac-di' }, 'slug'],
  ];

  for (const [what, body, field] of cases) {
    it(`400 VALIDATION naming «${field}» for ${what}`, async () => {
      const env = testEnv();
      const before = snapshot(env.db);
      for (const slug of [OPEN, NEW]) {
        const error = expectError(await admin(env, 'PUT', `/contests/${slug}`, body), 400, 'VALIDATION');
        expect(Object.keys(error.fields ?? {})).toContain(field);
      }
      expect(snapshot(env.db)).toBe(before);
    });
  }

  it('names an end before the start together with the other refused fields, in Vietnamese', async () => {
    const env = testEnv();
    const body = { ...MINIMAL, title: 'ab', startsAt: '2027-05-19T03:00:00Z', endsAt: '2027-03-20T03:00:00Z', questionsPerAttempt: 0 };
    const error = expectError(await admin(env, 'PUT', `/contests/${NEW}`, body), 400, 'VALIDATION');
    expect(error.fields).toEqual({
      title: '«Tên cuộc thi» phải có ít nhất 3 ký tự',
      endsAt: 'Thời gian kết thúc phải sau thời gian bắt đầu',
      questionsPerAttempt: '«Số câu hỏi mỗi lượt» phải lớn hơn hoặc bằng 1',
    });
  });

  it('names the unknown field in its message', async () => {
    const env = testEnv();
    const error = expectError(await admin(env, 'PUT', `/contests/${NEW}`, { ...MINIMAL, colour: 'đỏ' }), 400, 'VALIDATION');
    expect(error.fields!.colour).toContain('colour');
  });

  it('400 for a slug outside [a-z0-9-]{3,64}', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    for (const slug of ['AB', 'ab', 'co_dau_gach_duoi', 'x'.repeat(65)]) {
      const error = expectError(await admin(env, 'PUT', `/contests/${slug}`, MINIMAL), 400, 'VALIDATION');
      expect(error.fields).toHaveProperty('slug');
    }
    expect(snapshot(env.db)).toBe(before);
  });

  it('415 for a body that is not JSON, 400 for broken JSON', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const form = await env.call('PUT', `/api/admin/contests/${NEW}`, {
      token: ORGANISER_TOKEN,
      body: 'title=abc',
      contentType: 'application/x-www-form-urlencoded',
    });
    expectError(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const broken = await env.call('PUT', `/api/admin/contests/${NEW}`, { token: ORGANISER_TOKEN, body: '{"title": ', contentType: 'application/json' });
    expectError(broken, 400, 'VALIDATION');
    const empty = await env.call('PUT', `/api/admin/contests/${NEW}`, { token: ORGANISER_TOKEN, body: '', contentType: 'application/json' });
    expectError(empty, 400, 'VALIDATION');
    expect(snapshot(env.db)).toBe(before);
  });
});

describe('GET /api/admin/contests/:slug', () => {
  it('404 NOT_FOUND for an unknown contest', async () => {
    const env = testEnv();
    for (const path of ['/contests/khong-co', '/contests/khong-co/questions', '/contests/khong-co/units', '/contests/khong-co/exclusions', '/contests/khong-co/ranking']) {
      expectError(await admin(env, 'GET', path), 404, 'NOT_FOUND');
    }
  });

  it('answers the organiser-only settings the public info leaves out', async () => {
    const env = testEnv();
    const response = await admin(env, 'GET', `/contests/${OPEN}`, undefined, JURY_TOKEN);
    expect(response.body).toMatchObject({ slug: OPEN, status: 'open', rankingOrder: expect.any(Array), revealAnswers: 'afterClose', allowedOrigins: [] });
  });
});

describe('GET /api/admin/audit', () => {
  it('lists the newest change first, with limit and before for paging', async () => {
    const env = testEnv();
    await admin(env, 'PUT', `/contests/${NEW}`, MINIMAL);
    env.clock.advance(1000);
    await admin(env, 'PUT', `/contests/${NEW}`, { ...MINIMAL, title: 'Tên mới của cuộc thi' });
    env.clock.advance(1000);
    await admin(env, 'PUT', `/contests/${OPEN}/exclusions`, { idNumbers: ['034090000999'] });
    const all = (await admin(env, 'GET', '/audit')).body;
    expect(all.map((e: { action: string }) => e.action)).toEqual(['exclusions.replace', 'contest.update', 'contest.create']);
    const page = (await admin(env, 'GET', '/audit?limit=1')).body;
    expect(page).toHaveLength(1);
    const next = (await admin(env, 'GET', `/audit?limit=5&before=${page[0].id}`)).body;
    expect(next.map((e: { action: string }) => e.action)).toEqual(['contest.update', 'contest.create']);
  });

  it('400 for a bad limit', async () => {
    const env = testEnv();
    const error = expectError(await admin(env, 'GET', '/audit?limit=0'), 400, 'VALIDATION');
    expect(error.fields).toHaveProperty('limit');
  });
});
