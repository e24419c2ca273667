import { expect, it } from 'vitest';
import { expectError } from './admin-support.js';
import { describeStores, type StoreEnv } from './store-env.js';
import { OPEN, person, register, startAttempt } from './support.js';

const registerWith = (env: StoreEnv, overrides: Record<string, unknown>, headers: Record<string, string> = {}) =>
  env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(1, overrides), headers });

describeStores('fullName: Latin letters with Vietnamese diacritics, spaces and . \' -', (newEnv) => {
  it.each([
    ['U+3164 HANGUL FILLER in place of a name', '\u3164\u3164\u3164'],
    ['U+3164 between words', 'Nguyễn\u3164Văn An'],
    ['a zero-width space', 'Nguyễn\u200bVăn An'],
    ['a zero-width joiner at the end', 'Nguyễn Văn An\u200d'],
    ['a Cyrillic а that looks Latin', 'Nguyễn Vаn An'],
    ['a Greek ο that looks Latin', 'Hοàng Văn An'],
    ['stacked combining marks', `Nguyễn Văn A${'\u0300\u0301\u0302\u0303\u0309'.repeat(6)}n`],
    ['a formula', '=HYPERLINK("http://x","An")'],
  ])('refuses %s: 400 naming fullName in Vietnamese, nothing written', async (_, fullName) => {
    const env = await newEnv();
    const before = await env.snapshot();
    const error = expectError(await registerWith(env, { fullName }), 400, 'VALIDATION');
    expect(Object.keys(error.fields!)).toEqual(['fullName']);
    expect(error.fields!.fullName).toMatch(/Họ và tên/);
    expect(await env.snapshot()).toBe(before);
  });

  it("accepts O'Brien, hyphenated and initialled names, stored NFC", async () => {
    const env = await newEnv();
    for (const [n, fullName] of ["Nguyễn Thị Ánh-Dương", "D'Artagnan Lê", 'Trần Văn B.', 'Nguye\u0302\u0303n Va\u0306n An'].entries()) {
      const response = await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(n + 1, { fullName }) });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
    const names = (await env.query<{ n: string }>('SELECT full_name AS n FROM contestants ORDER BY id_number')).map((r) => r.n);
    expect(names).toEqual(['Nguyễn Thị Ánh-Dương', "D'Artagnan Lê", 'Trần Văn B.', 'Nguyễn Văn An']);
    for (const name of names) expect(name.normalize('NFC')).toBe(name);
  });
});

describeStores('source: a host name', (newEnv) => {
  it.each([
    ['free text', 'Báo Thái Bình điện tử'],
    ['a formula', "-1+cmd|' /C calc'!A0"],
    ['a URL', 'https://baothaibinh.com.vn/cuoc-thi'],
    ['a host with a port', 'baothaibinh.com.vn:8080'],
    ['markup', '<img src=x onerror=alert(1)>'],
    ['254 characters', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`],
  ])('registration refuses %s: 400 naming source in Vietnamese, nothing written', async (_, source) => {
    const env = await newEnv();
    const before = await env.snapshot();
    const error = expectError(await registerWith(env, { source }), 400, 'VALIDATION');
    expect(Object.keys(error.fields!)).toEqual(['source']);
    expect(error.fields!.source).toMatch(/Trang nguồn.*tên miền/);
    expect(await env.snapshot()).toBe(before);
  });

  it('attempt start refuses a source that is not a host name, starting nothing', async () => {
    const env = await newEnv();
    const { token } = await register(env, 1);
    const before = await env.snapshot();
    const response = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token, json: { source: '=1+1' } });
    const error = expectError(response, 400, 'VALIDATION');
    expect(error.fields).toEqual({ source: expect.stringMatching(/Trang nguồn/) });
    expect(await env.snapshot()).toBe(before);
  });

  it('stores host names lower-case, Unicode names in their ASCII (punycode) form, as location.hostname gives them', async () => {
    const env = await newEnv();
    await register(env, 1, { source: 'BaoThaiBinh.COM.vn' });
    await register(env, 2, { source: 'thái-bình.vn' });
    await register(env, 3, { source: 'xn--thi-bnh-iwa6h.vn' });
    await register(env, 4, { source: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` });
    const sources = (await env.query<{ source: string }>('SELECT source FROM contestants ORDER BY id_number')).map((r) => r.source);
    expect(sources.slice(0, 3)).toEqual(['baothaibinh.com.vn', 'xn--thi-bnh-iwa6h.vn', 'xn--thi-bnh-iwa6h.vn']);
    expect(sources[3]).toHaveLength(253);
    const { token } = await register(env, 5);
    const attempt = await startAttempt(env, token);
    const started = await env.call('POST', `/api/contests/${OPEN}/attempts`, { token, json: { source: 'ThaiBinhTV.vn' } });
    expect(started.status).toBe(200); // resumes the attempt in progress
    expect(started.body.id).toBe(attempt.id);
  });

  it('without source, the Origin\'s host name is recorded only when it is one', async () => {
    const env = await newEnv();
    await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(1), headers: { origin: 'https://ThaiBinhTV.vn' } });
    await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(2), headers: { origin: 'https://[::1]:8443' } });
    await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(3), headers: { origin: 'null' } });
    await env.call('POST', `/api/contests/${OPEN}/contestants`, { json: person(4, { source: '' }), headers: { origin: 'https://baothaibinh.com.vn' } });
    const sources = (await env.query<{ source: string | null }>('SELECT source FROM contestants ORDER BY id_number')).map((r) => r.source);
    expect(sources).toEqual(['thaibinhtv.vn', null, null, 'baothaibinh.com.vn']);
  });
});
