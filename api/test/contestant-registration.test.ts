import { expect, it } from 'vitest';
import { describeStores } from './store-env.js';
import { CLOSED, OPEN, person, register } from './support.js';

describeStores('registration', (newEnv) => {
  it('registers a contestant and answers a token that works on "me"', async () => {
    const env = await newEnv();
    const { status, body } = await env.call('POST', `/api/contests/${OPEN}/contestants`, {
      json: person(1, { fullName: '  Nguyễn   Văn  An ', phone: '+84 912 000 001', email: 'an@example.vn' }),
    });
    expect(status).toBe(201);
    expect(body.contestant).toMatchObject({ fullName: 'Nguyễn Văn An', unitId: 'tp-thai-binh', occupation: 'can-bo' });
    expect(body.contestant.id).toEqual(expect.any(String));
    expect(body.token.length).toBeGreaterThanOrEqual(43);
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token: body.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ attempts: [], remainingAttempts: 3, best: null, inProgress: null });
    const rows = await env.query<{ phone: string; full_name: string }>('SELECT phone, full_name FROM contestants');
    expect(rows).toEqual([{ phone: '0912000001', full_name: 'Nguyễn Văn An' }]);
  });

  it('stores the token only as a hash', async () => {
    const env = await newEnv();
    const { token } = await register(env);
    const stored = await env.query<{ token_hash: string }>('SELECT token_hash FROM contestant_tokens');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores a decomposed (NFD) name in NFC', async () => {
    const env = await newEnv();
    await register(env, 1, { fullName: 'Trần Thị Hương'.normalize('NFD') });
    const rows = await env.query<{ full_name: string }>('SELECT full_name FROM contestants');
    expect(rows.map((row) => row.full_name)).toEqual(['Trần Thị Hương'.normalize('NFC')]);
  });

  it('refuses a second registration with the same ID number', async () => {
    const env = await newEnv();
    await register(env, 1);
    const before = await env.snapshot();
    const again = await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(1, { phone: '0987000000' }) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_REGISTERED');
    expect(again.body.error.message).toMatch(/đã được đăng ký/);
    expect(await env.snapshot()).toBe(before);
  });

  it('names every refused field with a Vietnamese message at once', async () => {
    const env = await newEnv();
    const before = await env.snapshot();
    const { status, body } = await env.call('POST', `/api/contests/${OPEN}/contestants`, {
      json: {
        fullName: 'A1',
        birthDate: '1990-02-30',
        idNumber: '099090000001',
        phone: '0212345678',
        unitId: 'khong-co',
        occupation: 'phi-hanh-gia',
        consent: false,
        email: 'not-an-email',
        extra: 'x',
      },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION');
    expect(Object.keys(body.error.fields).sort()).toEqual(
      ['birthDate', 'consent', 'email', 'extra', 'fullName', 'idNumber', 'occupation', 'phone', 'unitId'].sort(),
    );
    expect(body.error.fields.idNumber).toMatch(/mã tỉnh/);
    expect(body.error.fields.phone).toMatch(/Số điện thoại/);
    expect(body.error.fields.consent).toMatch(/đồng ý/);
    expect(await env.snapshot()).toBe(before);
  });

  it('refuses an ID number whose century or year digits disagree with the birth date', async () => {
    const env = await newEnv();
    const century = await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(1, { idNumber: '034290000001' }) });
    expect(century.status).toBe(400);
    expect(century.body.error.fields.idNumber).toMatch(/thế kỷ/);
    const year = await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(1, { idNumber: '034091000001' }) });
    expect(year.status).toBe(400);
    expect(year.body.error.fields.idNumber).toMatch(/năm sinh/);
  });

  it('accepts a contestant born in the 2000s with century digit 2 or 3', async () => {
    const env = await newEnv();
    const male = await env.call('POST', `/api/contests/${OPEN}/contestants`, {
      json: person(1, { birthDate: '2007-09-01', idNumber: '034207000001', occupation: 'hoc-sinh' }),
    });
    const female = await env.call('POST', `/api/contests/${OPEN}/contestants`, {
      json: person(2, { birthDate: '2007-09-01', idNumber: '034307000002', occupation: 'hoc-sinh' }),
    });
    expect([male.status, female.status]).toEqual([201, 201]);
  });

  it('refuses registration once the contest has closed', async () => {
    const env = await newEnv();
    const { status, body } = await env.call('POST', `/api/contests/${CLOSED}/contestants`, { json: person(1) });
    expect(status).toBe(409);
    expect(body.error.code).toBe('CONTEST_NOT_OPEN');
  });

  it('answers 404 for an unknown contest and 400 for a malformed slug', async () => {
    const env = await newEnv();
    const missing = await env.call('POST', '/api/contests/khong-ton-tai/contestants', { json: person(1) });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const malformed = await env.call('GET', '/api/contests/AB');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields.slug).toMatch(/Mã cuộc thi/);
  });

  it('records the host site the contestant came from', async () => {
    const env = await newEnv();
    await register(env, 1, { source: 'baothaibinh.com.vn' });
    await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(2), headers: { origin: 'https://thaibinhtv.vn' } });
    const sources = await env.query('SELECT source FROM contestants ORDER BY id_number');
    expect(sources).toEqual([{ source: 'baothaibinh.com.vn' }, { source: 'thaibinhtv.vn' }]);
  });
});

describeStores('signing in again on another device', (newEnv) => {
  it('gives a new token for matching ID number, phone and birth date', async () => {
    const env = await newEnv();
    const first = await register(env, 7);
    const { status, body } = await env.call('POST', `/api/contests/${OPEN}/sessions`, {
      json: { idNumber: '034090000007', phone: '+84912000007', birthDate: '1990-05-17' },
    });
    expect(status).toBe(200);
    expect(body.contestant.id).toBe(first.contestant.id);
    expect(body.token).not.toBe(first.token);
    const me = await env.call('GET', `/api/contests/${OPEN}/me`, { token: body.token });
    expect(me.body.contestant.id).toBe(first.contestant.id);
    const meOld = await env.call('GET', `/api/contests/${OPEN}/me`, { token: first.token });
    expect(meOld.status).toBe(200);
  });

  it('answers 401 without saying which detail was wrong', async () => {
    const env = await newEnv();
    await register(env, 7);
    const wrongPhone = await env.call('POST', `/api/contests/${OPEN}/sessions`, {
      json: { idNumber: '034090000007', phone: '0912999999', birthDate: '1990-05-17' },
    });
    const unknown = await env.call('POST', `/api/contests/${OPEN}/sessions`, {
      json: { idNumber: '034090009999', phone: '0912000007', birthDate: '1990-05-17' },
    });
    expect(wrongPhone.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrongPhone.body.error.message).toBe(unknown.body.error.message);
  });

  it('does not accept a token of one contest on another', async () => {
    const env = await newEnv();
    const { token } = await register(env, 1);
    const other = await env.call('GET', `/api/contests/${CLOSED}/me`, { token });
    expect(other.status).toBe(401);
    expect(other.body.error.code).toBe('UNAUTHORIZED');
  });
});

describeStores('public contest information', (newEnv) => {
  it('shows status, window, prizes, occupations, counters and the server time', async () => {
    const env = await newEnv();
    const { status, body } = await env.call('GET', `/api/contests/${OPEN}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ slug: OPEN, status: 'open', questionsPerAttempt: 20, timeLimitSeconds: 900, maxAttempts: 3 });
    expect(body.prizes.individual.map((p: { count: number }) => p.count)).toEqual([1, 3, 5, 11]);
    expect(body.prizes.collective.map((p: { count: number }) => p.count)).toEqual([1, 2, 3, 5]);
    expect(body.occupations).toHaveLength(6);
    expect(body.stats).toEqual({ participants: 0, attempts: 0 });
    expect(body.now).toBe(env.clock.now().toISOString());
    expect(JSON.stringify(body)).not.toMatch(/allowedOrigins|rankingOrder|revealAnswers/);
  });

  it('shows the reference contest of plan 34/KH-UBND as closed, with its window', async () => {
    const env = await newEnv();
    const { body } = await env.call('GET', `/api/contests/${CLOSED}`);
    expect(body).toMatchObject({ status: 'closed', startsAt: '2023-03-20T03:00:00.000Z', endsAt: '2023-05-19T03:00:00.000Z' });
  });

  it('shows "upcoming" before the window opens', async () => {
    const env = await newEnv();
    env.clock.set('2023-03-20T02:59:59Z');
    const { body } = await env.call('GET', `/api/contests/${CLOSED}`);
    expect(body.status).toBe('upcoming');
  });

  it('lists the unit tree for registration', async () => {
    const env = await newEnv();
    const { body } = await env.call('GET', `/api/contests/${OPEN}/units`);
    const names = body.map((u: { name: string }) => u.name);
    for (const name of ['Thành phố Thái Bình', 'Huyện Đông Hưng', 'Huyện Vũ Thư', 'Công an tỉnh', 'Báo Thái Bình']) {
      expect(names).toContain(name);
    }
    expect(body.find((u: { id: string }) => u.id === 'dong-hung')).toEqual({
      id: 'dong-hung',
      name: 'Huyện Đông Hưng',
      parentId: 'huyen-thanh-pho',
      kind: 'district',
    });
  });

  it('answers health with the version', async () => {
    const env = await newEnv();
    const { status, body } = await env.call('GET', '/api/health');
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, version: expect.any(String) });
  });
});
