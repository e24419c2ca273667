import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvSeparator, decodeCsv, parseCsv } from '../src/domain/csv.js';
import { admin, expectError } from './admin-support.js';
import { OPEN, ORGANISER_TOKEN, snapshot, testEnv, type TestEnv } from './support.js';

const QUESTIONS = 'topic,text,option_a,option_b,option_c,option_d,answer,explanation\r\nvneid,Ứng dụng định danh điện tử là gì?,VNeID,Zalo,,,A,Đề án 06\r\n';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'utf8')] : part)));
const utf16 = (text: string, order: 'le' | 'be') => {
  const le = Buffer.from(text, 'utf16le');
  if (order === 'be') le.swap16();
  return Uint8Array.from([...(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), ...le]);
};

const upload = async (env: TestEnv, method: 'POST' | 'PUT', what: 'questions' | 'units' | 'exclusions', body: Uint8Array) => {
  const response = await env.app.request(`/api/admin/contests/${OPEN}/${what}`, {
    method,
    headers: { authorization: `Bearer ${ORGANISER_TOKEN}`, 'content-type': 'text/csv' },
    body: Buffer.from(body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
};

/**
 * Text as Windows writes it in code page 1258: letters with their shape (ă â ê ô ơ ư đ) as one
 * byte, tones as a separate combining mark byte after them.
 */
/** Grave, acute, tilde, hook above, dot below. */
const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const windows1258 = (text: string) =>
  Uint8Array.from(
    iconv.encode(
      [...text.normalize('NFC')]
        .map((ch) => {
          const parts = ch.normalize('NFD');
          const isTone = (part: string) => TONES.includes(part);
          return [...parts].filter((part) => !isTone(part)).join('').normalize('NFC') + [...parts].filter(isTone).join('');
        })
        .join(''),
      'windows1258',
    ),
  );

const lastQuestion = async (env: TestEnv) => ((await admin(env, 'GET', `/contests/${OPEN}/questions`)).body as any[]).at(-1);

describe('decodeCsv: the encodings Excel and other programs save CSV in', () => {
  const text = 'chủ đề,Đề án 06';
  it('reads UTF-8 with and without BOM, UTF-16 LE and BE with BOM', () => {
    expect(decodeCsv(bytes([0xef, 0xbb, 0xbf], text))).toEqual({ kind: 'text', text, encoding: 'UTF-8' });
    expect(decodeCsv(bytes(text))).toEqual({ kind: 'text', text, encoding: 'UTF-8' });
    expect(decodeCsv(utf16(text, 'le'))).toEqual({ kind: 'text', text, encoding: 'UTF-16LE' });
    expect(decodeCsv(utf16(text, 'be'))).toEqual({ kind: 'text', text, encoding: 'UTF-16BE' });
  });

  it('reads Windows-1258 bytes, tones written as combining marks, as composed Vietnamese', () => {
    // "Đề án" in Windows-1258, byte by byte: Đ=D0, ê=EA + grave mark CC, space, á=E1, n.
    const decoded = decodeCsv(Uint8Array.from([0xd0, 0xea, 0xcc, 0x20, 0xe1, 0x6e]));
    expect(decoded).toEqual({ kind: 'text', text: 'Đề án', encoding: 'Windows-1258' });
    // "ở" and "ự" have no precomposed byte: o-horn F5 + hook D2, u-horn FD + dot below F2.
    expect(decodeCsv(Uint8Array.from([0x6f, 0xf5, 0xd2, 0x20, 0xfd, 0xf2]))).toMatchObject({ text: 'oở ự' });
  });

  it('refuses UTF-16 without a BOM, saying how to save as CSV UTF-8', () => {
    const refused = decodeCsv(Uint8Array.from(Buffer.from('topic,text', 'utf16le')));
    expect(refused.kind).toBe('refused');
    expect(refused.kind === 'refused' && refused.message).toMatch(/UTF-16.*CSV UTF-8/s);
  });
});

describe('csvSeparator', () => {
  it('reads "," and ";" from the header line, not from quoted text or later lines', () => {
    expect(csvSeparator('topic,text\n"a;b;c",x')).toEqual({ kind: 'separator', separator: ',' });
    expect(csvSeparator('\uFEFFtopic;text;"phương án, A"\na,b,c,d')).toEqual({ kind: 'separator', separator: ';' });
    expect(csvSeparator('id')).toEqual({ kind: 'separator', separator: ',' });
    expect(parseCsv('a;"b;c";d\r\n1;2;3', ';')).toEqual([
      ['a', 'b;c', 'd'],
      ['1', '2', '3'],
    ]);
  });

  it('refuses tab and "|" by name', () => {
    expect(csvSeparator('topic\ttext\tanswer')).toMatchObject({ kind: 'refused', message: expect.stringContaining('dấu tab') });
    expect(csvSeparator('topic|text|answer')).toMatchObject({ kind: 'refused', message: expect.stringContaining('dấu gạch đứng (|)') });
  });
});

describe('every CSV import reads the encoding and the separator', () => {
  it('questions in UTF-8 with BOM, UTF-16 LE, UTF-16 BE and Windows-1258 import the same text', async () => {
    const files = [
      bytes([0xef, 0xbb, 0xbf], QUESTIONS),
      utf16(QUESTIONS, 'le'),
      utf16(QUESTIONS, 'be'),
      windows1258(QUESTIONS),
    ];
    for (const file of files) {
      const env = testEnv();
      const response = await upload(env, 'POST', 'questions', file);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(await lastQuestion(env)).toMatchObject({ text: 'Ứng dụng định danh điện tử là gì?', options: ['VNeID', 'Zalo'], explanation: 'Đề án 06' });
    }
  });

  it('the Windows-1258 fixture really is not UTF-8', () => {
    const file = windows1258(QUESTIONS);
    expect(iconv.decode(Buffer.from(file), 'windows1258').normalize('NFC')).toBe(QUESTIONS);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow();
  });

  it('questions, units and exclusions separated by ";" (Excel in a Vietnamese locale) import', async () => {
    const env = testEnv();
    const questions = await upload(env, 'POST', 'questions', bytes(QUESTIONS.replaceAll(',', ';')));
    expect(questions.status, JSON.stringify(questions.body)).toBe(200);
    expect(await lastQuestion(env)).toMatchObject({ options: ['VNeID', 'Zalo'], answer: 0 });

    const units = await upload(env, 'PUT', 'units', bytes('id;name;parent_id\r\ntinh;"Tỉnh Thái Bình; các đơn vị";\r\nvu-thu;Huyện Vũ Thư;tinh\r\n'));
    expect(units.status, JSON.stringify(units.body)).toBe(200);
    expect(units.body.map((u: { name: string }) => u.name)).toEqual(['Tỉnh Thái Bình; các đơn vị', 'Huyện Vũ Thư']);

    const exclusions = await upload(env, 'PUT', 'exclusions', bytes('Họ và tên;Số CCCD;Số điện thoại\r\nTrần Thị Bình;034090000009;0912000009\r\n'));
    expect(exclusions.status, JSON.stringify(exclusions.body)).toBe(200);
    expect(exclusions.body).toMatchObject({ idNumbers: ['034090000009'], phones: ['0912000009'] });
  });

  it('units in Windows-1258 keep their Vietnamese names', async () => {
    const env = testEnv();
    const response = await upload(env, 'PUT', 'units', windows1258('id,name\r\ndong-hung,Huyện Đông Hưng\r\n'));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body[0].name).toBe('Huyện Đông Hưng');
  });

  it('a tab-separated file or UTF-16 without BOM → 400 naming the separator or encoding; nothing written', async () => {
    const env = testEnv();
    const before = snapshot(env.db);
    const tabbed = expectError(await upload(env, 'POST', 'questions', bytes(QUESTIONS.replaceAll(',', '\t'))), 400, 'VALIDATION');
    expect(tabbed.message).toContain('dấu tab');
    expect(tabbed.fields?.file).toContain('CSV UTF-8');
    const noBom = expectError(await upload(env, 'PUT', 'exclusions', Uint8Array.from(Buffer.from('id_number\r\n034090000009', 'utf16le'))), 400, 'VALIDATION');
    expect(noBom.message).toContain('UTF-16');
    expect(snapshot(env.db)).toBe(before);
  });
});
