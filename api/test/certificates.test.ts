import { describe, expect, it } from 'vitest';
import { certificateCheckSchema, myCertificateSchema } from '../src/contract/learning.js';
import { CODE_ALPHABET, certificateCode, certificateDate, normaliseCertificateCode, qrSvg } from '../src/domain/certificate.js';
import { correctOptionId, JURY_TOKEN, OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv, type TestEnv } from './support.js';

const admin = { token: ORGANISER_TOKEN };
const CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

/** Starts and submits an attempt with `correct` right answers; answers the attempt's id. */
async function play(env: TestEnv, token: string, correct: number): Promise<string> {
  const attempt = await startAttempt(env, token);
  const answers = Object.fromEntries(attempt.questions.slice(0, correct).map((q) => [q.id, correctOptionId(env, attempt.id, q.id)]));
  env.clock.advance(60_000);
  const result = await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers, prediction: 10 } });
  expect(result.status).toBe(200);
  return attempt.id;
}

async function myCertificate(env: TestEnv, token: string) {
  return env.call('GET', `/api/contests/${OPEN}/me/certificate`, { token });
}

/** A contestant who submitted one attempt with 7 right answers, and their certificate. */
async function certified(env: TestEnv, n = 1, overrides: Record<string, unknown> = {}) {
  const { token, contestant } = await register(env, n, overrides);
  const attemptId = await play(env, token, 7);
  const response = await myCertificate(env, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { token, contestantId: contestant.id, attemptId, certificate: myCertificateSchema.parse(response.body) };
}

describe('the verification code', () => {
  it('is twelve characters of an alphabet without 0, O, 1 and I, in groups of four; a typed code is read back', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
    const code = certificateCode(Uint8Array.from({ length: 12 }, (_, i) => i * 37));
    expect(code).toMatch(CODE);
    expect(normaliseCertificateCode(code.toLowerCase())).toBe(code);
    expect(normaliseCertificateCode(code.replace(/-/g, ' '))).toBe(code);
    expect(normaliseCertificateCode(code.replace(/-/g, ''))).toBe(code);
    for (const bad of ['', 'ABCD-EFGH-JKL', 'ABCD-EFGH-JKLMN', 'ABCD-EFGH-JKL0', 'ABCD-EFGH-JKLI', 'ÀBCD-EFGH-JKLM', 'x'.repeat(1000)]) {
      expect(normaliseCertificateCode(bad), bad).toBeNull();
    }
  });

  it('writes the date in Vietnam time and draws a QR code as one SVG path', () => {
    // 17:30 UTC on 30 November is already 1 December in Vietnam.
    expect(certificateDate('2026-11-30T17:30:00.000Z')).toBe('ngày 1 tháng 12 năm 2026');
    expect(certificateDate('2026-11-30T17:30:00.000Z', 'en')).toBe('1 December 2026');
    const svg = qrSvg('http://localhost/chung-nhan/ABCD-EFGH-JKLM');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(svg.match(/<path /g)).toHaveLength(1);
  });
});

describe('a contestant’s certificate', () => {
  it('is refused, in Vietnamese, before an attempt is submitted', async () => {
    const env = testEnv();
    const { token } = await register(env, 1);
    const none = await myCertificate(env, token);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('NOT_AVAILABLE');
    expect(none.body.error.message).toMatch(/nộp ít nhất một lượt thi/);
    await startAttempt(env, token);
    expect((await myCertificate(env, token)).body.error.code).toBe('NOT_AVAILABLE');
    expect(env.db.prepare('SELECT COUNT(*) FROM certificates').pluck().get()).toBe(0);
    expect((await env.call('GET', `/api/contests/${OPEN}/me/certificate`)).status).toBe(401);
  });

  it('is issued on the first request and the same afterwards', async () => {
    const env = testEnv();
    const { token, certificate } = await certified(env, 1);
    expect(certificate.code).toMatch(CODE);
    expect(certificate).toMatchObject({
      verifyUrl: `http://localhost/chung-nhan/${certificate.code}`,
      fullName: 'Nguyễn Văn An',
      unitName: 'Thành phố Thái Bình',
      contest: { slug: OPEN, title: 'Cuộc thi trắc nghiệm tìm hiểu Đề án 06 trên địa bàn tỉnh Thái Bình' },
      bestScore: 7,
      total: 20,
      participatedAt: '2026-11-28T03:01:00.000Z',
      issuedAt: '2026-11-28T03:01:00.000Z',
    });
    // A better attempt later: the same code and issue date, the new best score.
    env.clock.advance(3_600_000);
    await play(env, token, 9);
    const again = myCertificateSchema.parse((await myCertificate(env, token)).body);
    expect(again.code).toBe(certificate.code);
    expect(again.issuedAt).toBe(certificate.issuedAt);
    expect(again.bestScore).toBe(9);
    expect(env.db.prepare('SELECT COUNT(*) FROM certificates').pluck().get()).toBe(1);
    // Another contestant gets another code.
    const other = await certified(env, 2);
    expect(other.certificate.code).not.toBe(certificate.code);
  });

  it('carries the best score only once the contest shows scores; the verify URL follows a trusted proxy’s scheme', async () => {
    const env = testEnv({ env: { TRUST_PROXY: '1' } });
    const { body } = await env.call('GET', `/api/admin/contests/${OPEN}`, admin);
    const { status: _status, ...contest } = body;
    expect((await env.call('PUT', `/api/admin/contests/${OPEN}`, { ...admin, json: { ...contest, revealScore: 'afterClose' } })).status).toBe(200);
    const { token } = await register(env, 1);
    await play(env, token, 5);
    const hidden = await env.call('GET', `/api/contests/${OPEN}/me/certificate`, { token, headers: { 'x-forwarded-proto': 'https' } });
    expect(hidden.body).toMatchObject({ bestScore: null, total: 20 });
    expect(hidden.body.verifyUrl).toBe(`https://localhost/chung-nhan/${hidden.body.code}`);
    env.clock.set(new Date(Date.parse(contest.endsAt) + 1000));
    expect((await myCertificate(env, token)).body.bestScore).toBe(5);
  });
});

describe('checking a code', () => {
  it('confirms a valid code (any case, with or without dashes) with name and unit only', async () => {
    const env = testEnv();
    const { certificate } = await certified(env, 1);
    for (const typed of [certificate.code, certificate.code.toLowerCase(), certificate.code.replace(/-/g, '')]) {
      const checked = await env.call('GET', `/api/certificates/${encodeURIComponent(typed)}`);
      expect(checked.status, typed).toBe(200);
      expect(certificateCheckSchema.parse(checked.body)).toEqual({
        valid: true,
        code: certificate.code,
        fullName: 'Nguyễn Văn An',
        unitName: 'Thành phố Thái Bình',
        contest: certificate.contest,
        issuedAt: certificate.issuedAt,
      });
    }
  });

  it('answers 404 NOT_FOUND for a code never issued, and never a 500 for malformed input', async () => {
    const env = testEnv();
    await certified(env, 1);
    const unknown = await env.call('GET', '/api/certificates/ABCD-EFGH-JKLM');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(unknown.body.error.message).toMatch(/mã xác minh/);
    for (const bad of ['x', '0000-0000-0000', 'A'.repeat(5000), '%E0%A4%A', '..%2F..%2Fetc', '%00', 'ABCD%20EFGH%20JKLM%20', "'%20OR%201=1--", '%F0%9F%98%80']) {
      const api = await env.call('GET', `/api/certificates/${bad}`);
      expect([400, 404], bad).toContain(api.status);
      expect(api.body.error.code, bad).toMatch(/^(NOT_FOUND|VALIDATION)$/);
      const page = await env.call('GET', `/chung-nhan/${bad}`);
      expect([400, 404], bad).toContain(page.status);
    }
  });

  it('stops confirming once every attempt of the holder is voided', async () => {
    const env = testEnv();
    const { token, certificate, attemptId } = await certified(env, 1);
    env.clock.advance(60_000);
    const second = await play(env, token, 3);
    const voidIt = (id: string) => env.call('POST', `/api/admin/attempts/${id}/void`, { ...admin, json: { reason: 'Lỗi kỹ thuật đã xác minh' } });
    expect((await voidIt(attemptId)).status).toBe(200);
    // One counted attempt remains: still valid.
    expect((await env.call('GET', `/api/certificates/${certificate.code}`)).status).toBe(200);
    expect((await voidIt(second)).status).toBe(200);
    expect((await env.call('GET', `/api/certificates/${certificate.code}`)).status).toBe(404);
    expect((await env.call('GET', `/chung-nhan/${certificate.code}`)).status).toBe(404);
    expect((await myCertificate(env, token)).body.error.code).toBe('NOT_AVAILABLE');
  });

  it('stops confirming once the holder erased their data, whose certificate row goes with it', async () => {
    const env = testEnv();
    const { token, certificate } = await certified(env, 1);
    const kept = await certified(env, 2);
    const erased = await env.call('DELETE', `/api/contests/${OPEN}/me`, { token, json: { confirm: true } });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect((await env.call('GET', `/api/certificates/${certificate.code}`)).status).toBe(404);
    expect((await env.call('GET', `/chung-nhan/${certificate.code}`)).status).toBe(404);
    expect(env.db.prepare('SELECT code FROM certificates').pluck().all()).toEqual([kept.certificate.code]);
  });
});

describe('the page /chung-nhan/:code', () => {
  it('confirms a valid certificate in Vietnamese, with the printable certificate and its QR code, under the page CSP', async () => {
    const env = testEnv();
    const { certificate, contestantId } = await certified(env, 1, { fullName: 'Lê Thị Hoa' });
    // Stored text is escaped wherever it came from (registration refuses such a name; an import might not).
    env.db.prepare('UPDATE contestants SET full_name = ? WHERE id = ?').run('Lê Thị <b>Hoa</b>', contestantId);
    const page = await env.call('GET', `/chung-nhan/${certificate.code.toLowerCase()}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = page.body as string;
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Giấy chứng nhận hợp lệ');
    expect(html).toContain('Lê Thị &lt;b&gt;Hoa&lt;/b&gt;');
    expect(html).not.toContain('<b>Hoa</b>');
    expect(html).toContain('Thành phố Thái Bình');
    expect(html).toContain('Cuộc thi trắc nghiệm tìm hiểu Đề án 06 trên địa bàn tỉnh Thái Bình');
    expect(html).toContain('ngày 28 tháng 11 năm 2026');
    expect(html).toContain('Giấy chứng nhận đã tham gia');
    expect(html).toContain(certificate.code);
    expect(html).toContain(`http://localhost/chung-nhan/${certificate.code}`);
    expect(html).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(html).toContain('<script src="/in-chung-nhan.js" defer></script>');
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html).toContain('@page { size: A4 portrait');
    // Nothing but name, unit, contest and date: no ID number, phone, birth date or score.
    expect(html).not.toMatch(/034090|0912|1990/);
    const script = await env.call('GET', '/in-chung-nhan.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.body).toContain('window.print()');
  });

  it('says plainly that an unknown code is not valid, with 404', async () => {
    const env = testEnv();
    const page = await env.call('GET', '/chung-nhan/ABCD-EFGH-JKLM');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('Mã xác minh không hợp lệ');
    expect(page.body).toContain('ABCD-EFGH-JKLM');
    const script = await env.call('GET', '/chung-nhan/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(script.status).toBe(404);
    expect(script.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the organisers’ list of certificates', () => {
  it('lists unit, name, code, issue time and verify URL per unit as CSV and XLSX, audited as a read of personal data', async () => {
    const env = testEnv();
    const a = await certified(env, 1, { fullName: 'Trần Văn Bình', unitId: 'so-tu-phap' });
    const b = await certified(env, 2, { fullName: 'Đỗ Thị Cúc', unitId: 'tp-thai-binh' });
    const c = await certified(env, 3, { fullName: 'Phạm Văn Dũng', unitId: 'dong-hung' });
    await register(env, 4); // no attempt, no certificate
    await env.call('POST', `/api/admin/attempts/${c.attemptId}/void`, { ...admin, json: { reason: 'Gian lận đã xác minh' } });

    const csv = await env.call('GET', `/api/admin/contests/${OPEN}/certificates`, { token: JURY_TOKEN });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(`giay-chung-nhan-${OPEN}.csv`);
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Mã đơn vị,Đơn vị,Họ và tên,Mã xác minh,Cấp lúc (giờ Việt Nam),Cấp lúc (UTC),Địa chỉ xác minh,Còn hiệu lực');
    expect(lines).toHaveLength(4);
    // By unit name: Huyện Đông Hưng, Sở Tư pháp, Thành phố Thái Bình.
    expect(lines[1]).toBe(`dong-hung,Huyện Đông Hưng,Phạm Văn Dũng,${c.certificate.code},28/11/2026 10:03:00,${c.certificate.issuedAt},http://localhost/chung-nhan/${c.certificate.code},Không`);
    expect(lines[2]).toContain(`so-tu-phap,Sở Tư pháp,Trần Văn Bình,${a.certificate.code},28/11/2026 10:01:00`);
    expect(lines[2]).toMatch(/,Có$/);
    expect(lines[3]).toContain(`tp-thai-binh,Thành phố Thái Bình,Đỗ Thị Cúc,${b.certificate.code}`);

    // One unit, and the units under a grouping.
    const one = await env.call('GET', `/api/admin/contests/${OPEN}/certificates?unit=so-tu-phap`, admin);
    expect((one.body as string).trim().split('\r\n')).toHaveLength(2);
    expect(one.headers.get('content-disposition')).toContain(`giay-chung-nhan-${OPEN}-so-tu-phap.csv`);
    const group = await env.call('GET', `/api/admin/contests/${OPEN}/certificates?unit=huyen-thanh-pho`, admin);
    expect((group.body as string).trim().split('\r\n').slice(1).map((line) => line.split(',')[0])).toEqual(['dong-hung', 'tp-thai-binh']);

    const xlsx = await env.app.request(`/api/admin/contests/${OPEN}/certificates?format=xlsx`, { headers: { authorization: `Bearer ${ORGANISER_TOKEN}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('PK');

    const audit = env.db.prepare(`SELECT actor, target, detail FROM audit_log WHERE action = 'read.certificates' ORDER BY id`).all() as { actor: string; target: string; detail: string }[];
    expect(audit.map((e) => [e.actor, e.target])).toEqual([
      ['Ban Giám khảo', OPEN],
      ['Ban Tổ chức', OPEN],
      ['Ban Tổ chức', OPEN],
      ['Ban Tổ chức', OPEN],
    ]);
    expect(JSON.parse(audit[1]!.detail)).toEqual({ format: 'csv', unit: 'so-tu-phap', rows: 1 });
  });

  it('refuses an unknown unit or format (400 naming the field) and a caller without an access code', async () => {
    const env = testEnv();
    const unit = await env.call('GET', `/api/admin/contests/${OPEN}/certificates?unit=khong-co`, admin);
    expect(unit.status).toBe(400);
    expect(unit.body.error.fields.unit).toMatch(/đơn vị/);
    const format = await env.call('GET', `/api/admin/contests/${OPEN}/certificates?format=pdf`, admin);
    expect(format.status).toBe(400);
    expect(format.body.error.fields.format).toBeTruthy();
    expect((await env.call('GET', `/api/admin/contests/${OPEN}/certificates`)).status).toBe(401);
    expect(env.db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'read.certificates'`).pluck().get()).toBe(0);
  });
});
