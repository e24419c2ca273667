/**
 * Leak scan (SPEC §6 "Security"): every body a contestant or an anonymous visitor can get during an
 * open contest — contest info, units, unit stats, me, attempt start/get/save/submit, leaderboard,
 * published results, refusals, the widget files, the demo pages and the contest page — is searched
 * for the answer key of an attempt that may not show it yet, for other contestants' identity and
 * contact data, and for admin tokens and token hashes. The shipped static files are searched for
 * secrets and the answer key.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/tokens.js';
import { smallContest } from './admin-support.js';
import { CLOSED, correctOptionId, JURY_TOKEN, OPEN, ORGANISER_TOKEN, person, testEnv, wrongOptionId, type TestEnv } from './support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const KEY_FIELDS = new Set(['correctOptionId', 'answer', 'explanation']);

const figures = { bodies: 0, files: 0, leaks: 0 };
afterAll(() => {
  console.log(`leaks found: ${figures.leaks} (${figures.bodies} response bodies and ${figures.files} shipped files scanned)`);
});

interface Seen {
  label: string;
  status: number;
  text: string;
  /** Whether this body may carry the answer key of its attempt (submitted, reveal allowed). */
  keyAllowed?: boolean;
}

/** What a contestant's session sees: every response body, kept for the scan. */
function recorder(env: TestEnv) {
  const seen: Seen[] = [];
  async function send(label: string, method: string, path: string, o: { token?: string; json?: unknown; keyAllowed?: boolean } = {}) {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.json !== undefined) headers['content-type'] = 'application/json';
    const response = await env.app.request(path, { method, headers, body: o.json === undefined ? undefined : JSON.stringify(o.json) });
    const text = await response.text();
    seen.push({ label, status: response.status, text, keyAllowed: o.keyAllowed });
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* pages and scripts */
    }
    return { status: response.status, body };
  }
  return { seen, send };
}

/** JSON keys anywhere in a value. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Every leak in `seen`: a forbidden needle in the text, or an answer-key field where none may be. */
function leaks(seen: readonly Seen[], needles: readonly { what: string; value: string }[]): string[] {
  figures.bodies += seen.length;
  const found: string[] = [];
  for (const body of seen) {
    for (const needle of needles) {
      if (needle.value && body.text.includes(needle.value)) found.push(`${body.label}: ${needle.what}`);
    }
    if (!body.keyAllowed) {
      for (const key of keysOf(parsed(body.text))) if (KEY_FIELDS.has(key)) found.push(`${body.label}: answer-key field «${key}»`);
    }
  }
  figures.leaks += found.length;
  return found;
}

/** How another person's data could show: as stored and as typed. */
function identityNeedles(who: string, p: ReturnType<typeof person> & { email?: string }, token: string) {
  const [y, m, d] = p.birthDate.split('-');
  return [
    { what: `${who}'s ID number`, value: p.idNumber },
    { what: `${who}'s phone`, value: p.phone },
    { what: `${who}'s phone (+84)`, value: `+84${p.phone.slice(1)}` },
    { what: `${who}'s phone (84…)`, value: `84${p.phone.slice(1)}` },
    { what: `${who}'s birth date`, value: p.birthDate },
    { what: `${who}'s birth date (d/m/y)`, value: `${d}/${m}/${y}` },
    { what: `${who}'s email`, value: p.email ?? '' },
    { what: `${who}'s token`, value: token },
    { what: `${who}'s token hash`, value: hashToken(token) },
  ];
}

const SECRET_NEEDLES = [
  { what: 'organiser token', value: ORGANISER_TOKEN },
  { what: 'jury token', value: JURY_TOKEN },
  { what: 'organiser token hash', value: hashToken(ORGANISER_TOKEN) },
  { what: 'jury token hash', value: hashToken(JURY_TOKEN) },
  ...(process.env.ADMIN_TOKEN ? [{ what: 'ADMIN_TOKEN', value: process.env.ADMIN_TOKEN }] : []),
];

function explanationNeedles(env: TestEnv) {
  const rows = env.db.prepare(`SELECT DISTINCT explanation FROM questions WHERE explanation IS NOT NULL AND length(explanation) >= 12`).pluck().all() as string[];
  expect(rows.length).toBeGreaterThan(100);
  return rows.map((value) => ({ what: `bank explanation «${value.slice(0, 40)}…»`, value }));
}

/** Registers, signs in, starts, autosaves and submits — every body recorded. */
async function takePart(send: ReturnType<typeof recorder>['send'], env: TestEnv, n: number, p: Record<string, unknown>, slug = OPEN, keyAllowed = false) {
  const registered = await send(`#${n} register`, 'POST', `/api/contests/${slug}/contestants`, { json: p });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  const token = registered.body.token as string;
  await send(`#${n} sign in`, 'POST', `/api/contests/${slug}/sessions`, { json: { idNumber: p.idNumber, phone: p.phone, birthDate: p.birthDate } });
  await send(`#${n} me (before)`, 'GET', `/api/contests/${slug}/me`, { token });
  const started = await send(`#${n} start`, 'POST', `/api/contests/${slug}/attempts`, { token });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const attempt = started.body as { id: string; questions: { id: string }[] };
  await send(`#${n} resume`, 'POST', `/api/contests/${slug}/attempts`, { token });
  const [q1, q2, q3] = attempt.questions;
  await send(`#${n} autosave`, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [q1!.id]: correctOptionId(env, attempt.id, q1!.id), [q2!.id]: wrongOptionId(env, attempt.id, q2!.id) } } });
  await send(`#${n} get (in progress)`, 'GET', `/api/attempts/${attempt.id}`, { token });
  await send(`#${n} bad autosave`, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [q3!.id]: 'z', nope: 'a' } } });
  const submitted = await send(`#${n} submit`, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers: { [q3!.id]: 'a' }, prediction: 1000 + n } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  await send(`#${n} submit again`, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 1 } });
  await send(`#${n} autosave after submit`, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [q1!.id]: 'b' } } });
  await send(`#${n} get (submitted)`, 'GET', `/api/attempts/${attempt.id}`, { token, keyAllowed });
  await send(`#${n} me (after)`, 'GET', `/api/contests/${slug}/me`, { token });
  return { token, id: registered.body.contestant.id as string, attemptId: attempt.id };
}

function people() {
  const first = { ...person(11), fullName: 'Trần Thị Bình', email: 'binh.tran@example.vn' };
  // Agreed to publish the name: it is public on the leaderboard, the rest of the identity never.
  const second = { ...person(22), fullName: 'Lê Văn Cường', birthDate: '1990-11-03', email: 'cuong.le@example.vn', unitId: 'dong-hung', publishName: true };
  const third = { ...person(33), fullName: 'Phạm Thu Dung', birthDate: '1990-02-14', phone: '0387654321', email: 'dung.pham@example.vn' };
  return { first, second, third };
}

describe('leak scan of everything a contestant or visitor can get', () => {
  it('during an open contest, no answer key, no other person’s data and no admin secret in any body', async () => {
    const env = testEnv();
    const { seen, send } = recorder(env);
    const { first, second, third } = people();

    // The others take part first (their bodies are theirs to see, and are left out of the scan).
    const others = recorder(env);
    const b = await takePart(others.send, env, 2, second);
    const c = await takePart(others.send, env, 3, third);
    const cStarted = await others.send('#3 second attempt', 'POST', `/api/contests/${OPEN}/attempts`, { token: c.token });
    expect(cStarted.status).toBe(201);

    // Anonymous visitor.
    const anonymous = async (who: string) => {
      await send(`${who} health`, 'GET', '/api/health');
      await send(`${who} contest`, 'GET', `/api/contests/${OPEN}`);
      await send(`${who} closed contest`, 'GET', `/api/contests/${CLOSED}`);
      await send(`${who} units`, 'GET', `/api/contests/${OPEN}/units`);
      await send(`${who} unit stats`, 'GET', `/api/contests/${OPEN}/units/stats`);
      await send(`${who} leaderboard`, 'GET', `/api/contests/${OPEN}/leaderboard?limit=500`);
      await send(`${who} results`, 'GET', `/api/contests/${OPEN}/results`);
      if (env.app.routes.some((r) => r.path === '/api/contests/:slug/challenge')) await send(`${who} challenge`, 'GET', `/api/contests/${OPEN}/challenge`);
    };
    await anonymous('visitor');
    for (const path of ['/', '/c/de-an-06-thai-binh', '/embed/de-an-06-thai-binh', '/demo/', '/demo/bao-thai-binh.html', '/demo/bang-xep-hang.html', '/demo/cong-so.html', '/demo/esm.html', '/demo/hostile.html', '/de-an-06-quiz.js', '/de-an-06-quiz.mjs']) {
      await send(`visitor ${path}`, 'GET', path);
    }

    // The first contestant's whole journey.
    const a = await takePart(send, env, 1, first);
    await anonymous('contestant');

    // Refusals that name another person's data, attempt or contestant id.
    await send('register with another person’s ID number', 'POST', `/api/contests/${OPEN}/contestants`, { json: { ...first, idNumber: second.idNumber, phone: '0912000999' } });
    await send('register with another person’s phone', 'POST', `/api/contests/${OPEN}/contestants`, { json: { ...person(44), phone: second.phone } });
    await send('sign in as another person, wrong phone', 'POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: second.idNumber, phone: first.phone, birthDate: second.birthDate } });
    await send('sign in as another person, wrong birth date', 'POST', `/api/contests/${OPEN}/sessions`, { json: { idNumber: second.idNumber, phone: second.phone, birthDate: '1990-01-01' } });
    await send('another person’s attempt', 'GET', `/api/attempts/${b.attemptId}`, { token: a.token });
    await send('another person’s running attempt', 'GET', `/api/attempts/${cStarted.body.id}`, { token: a.token });
    await send('autosave into another person’s attempt', 'PUT', `/api/attempts/${cStarted.body.id}/answers`, { token: a.token, json: { answers: {} } });
    await send('submit another person’s attempt', 'POST', `/api/attempts/${cStarted.body.id}/submit`, { token: a.token, json: { prediction: 1 } });
    await send('me with another contest', 'GET', `/api/contests/${CLOSED}/me`, { token: a.token });
    await send('admin route with a contestant token', 'GET', `/api/admin/contests/${OPEN}/ranking`, { token: a.token });
    await send('admin export with a contestant token', 'GET', `/api/admin/contests/${OPEN}/contestants?format=csv`, { token: a.token });
    await send('admin report with a contestant token', 'GET', `/api/admin/contests/${OPEN}/report`, { token: a.token });
    await send('void with a contestant token', 'POST', `/api/admin/attempts/${b.attemptId}/void`, { token: a.token, json: { reason: 'thử nghiệm rò rỉ' } });
    await send('audit with a contestant token', 'GET', '/api/admin/audit', { token: a.token });
    await send('unknown route', 'GET', '/api/khong-co');

    // Results published by the committee (while the contest is still open: provisional). These
    // winners answered in milliseconds, so the integrity review flags them: acknowledged here.
    const published = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { token: ORGANISER_TOKEN, json: { publish: true, acknowledgeFlags: true } });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    await send('published results', 'GET', `/api/contests/${OPEN}/results`);
    await send('leaderboard after publishing', 'GET', `/api/contests/${OPEN}/leaderboard`);
    await send('me after publishing', 'GET', `/api/contests/${OPEN}/me`, { token: a.token });
    await send('attempt after publishing', 'GET', `/api/attempts/${a.attemptId}`, { token: a.token });

    const found = leaks(seen, [
      ...identityNeedles('contestant 2', second, b.token),
      ...identityNeedles('contestant 3', third, c.token),
      ...SECRET_NEEDLES,
      ...explanationNeedles(env),
    ]);
    expect(found).toEqual([]);
    expect(seen.length).toBeGreaterThan(40);
    // The scan looks where the data is: a name published by choice is on the leaderboard.
    expect(seen.find((s) => s.label === 'contestant leaderboard')!.text).toContain(second.fullName);
  });

  it('with revealAnswers "afterSubmit", the key shows for a submitted attempt only — never while it runs', async () => {
    const env = testEnv();
    await smallContest(env, 'lo-dap-an', 12, 5, { revealAnswers: 'afterSubmit' });
    const { seen, send } = recorder(env);
    const { first, second } = people();
    const others = recorder(env);
    const b = await takePart(others.send, env, 2, second, 'lo-dap-an', true);
    const a = await takePart(send, env, 1, first, 'lo-dap-an', true);
    const running = await send('second attempt started', 'POST', '/api/contests/lo-dap-an/attempts', { token: a.token });
    expect(running.status).toBe(201);
    await send('second attempt, in progress', 'GET', `/api/attempts/${running.body.id}`, { token: a.token });
    await send('another person’s submitted attempt', 'GET', `/api/attempts/${b.attemptId}`, { token: a.token });

    // Positive control: the scan does see a key where one is allowed.
    const shown = seen.find((s) => s.label === '#1 get (submitted)')!;
    expect(keysOf(parsed(shown.text)).has('correctOptionId')).toBe(true);
    const explanation = 'VNeID do Bộ Công an (C06) xây dựng và quản lý.';
    expect(shown.text).toContain(explanation);

    const found = leaks(seen, [...identityNeedles('contestant 2', second, b.token), ...SECRET_NEEDLES]);
    expect(found).toEqual([]);
    // Outside the bodies allowed to reveal it, the explanation text shows nowhere.
    const elsewhere = seen.filter((s) => !s.keyAllowed && s.text.includes(explanation)).map((s) => s.label);
    expect(elsewhere).toEqual([]);
  });

  it('the shipped widget (every chunk), the console bundle, demo pages and contest page hold no token, hash or answer key', () => {
    const widgetDir = join(ROOT, 'dist', 'widget');
    const adminDir = join(ROOT, 'dist', 'admin');
    if (!existsSync(join(widgetDir, 'de-an-06-quiz.js'))) execFileSync('npm', ['run', 'build:widget', '--silent'], { cwd: ROOT, stdio: 'ignore' });
    const files = [
      ...readdirSync(widgetDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.m?js$/.test(f)).map((f) => join(widgetDir, f)),
      ...(existsSync(adminDir) ? readdirSync(adminDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.m?js$/.test(f)).map((f) => join(adminDir, f)) : []),
      ...readdirSync(join(ROOT, 'demo')).filter((f) => f.endsWith('.html')).map((f) => join(ROOT, 'demo', f)),
    ];
    const bank = JSON.parse(readFileSync(join(ROOT, 'api', 'src', 'seed', 'de-an-06-questions.json'), 'utf8')) as { text: string; explanation?: string }[];
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = file.slice(ROOT.length + 1);
      for (const needle of SECRET_NEEDLES) if (text.includes(needle.value)) found.push(`${name}: ${needle.what}`);
      for (const q of bank) {
        if (q.explanation && text.includes(q.explanation)) found.push(`${name}: bank explanation «${q.explanation.slice(0, 40)}…»`);
        if (text.includes(q.text)) found.push(`${name}: bank question «${q.text.slice(0, 40)}…»`);
      }
      if (/"answer"\s*:/.test(text)) found.push(`${name}: a JSON "answer" field`);
      if (/ADMIN_TOKEN\s*[=:]\s*['"]?[A-Za-z0-9._~+/-]{8,}/.test(text)) found.push(`${name}: an ADMIN_TOKEN value`);
      if (/Bearer\s+[A-Za-z0-9._~+/-]{16,}/.test(text)) found.push(`${name}: a bearer token`);
      if (/\b[0-9a-f]{64}\b/.test(text)) found.push(`${name}: a 256-bit hex value (token hash?)`);
      if (/\b0\d{2}[0-3]\d{8}\b/.test(text) && !name.endsWith('.js') && !name.endsWith('.mjs')) found.push(`${name}: something like an ID number`);
    }
    figures.files += files.length;
    figures.leaks += found.length;
    expect(files.length).toBeGreaterThanOrEqual(9);
    expect(found).toEqual([]);
  });
});
