/**
 * SPEC §3.1 "Time", over a real socket against a real server process: a request whose headers reach
 * the server before the contest closes but whose body arrives after it is judged at its write.
 * The server's clock is the machine's, so the contest is set (through the organiser API) to close
 * a few seconds ahead, and the test waits until the server itself reports it closed.
 */
import Database from 'better-sqlite3';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, killAll, startServer, tempDatabase, type ServerProcess } from './server-process.js';
import { person } from './support.js';

const OPEN = 'de-an-06-thai-binh';
const ADMIN_TOKEN = 'late-organiser-token-0123456789abcdef';
/** Enough for registering and starting on a busy machine; the test waits on the server, not on this. */
const CLOSES_IN_MS = 6_000;

let server: ServerProcess;
let databasePath: string;

beforeAll(async () => {
  databasePath = tempDatabase('quiz-late-');
  server = await startServer(databasePath, { ADMIN_TOKEN });
}, 40_000);

afterAll(killAll);

/** A request written by hand: the head now, the body when `sendBody` is called. */
interface SplitRequest {
  sendBody(): void;
  response: Promise<{ status: number; body: any }>;
}

function splitRequest(base: string, method: string, path: string, json: unknown, token?: string): Promise<SplitRequest> {
  const { hostname, port } = new URL(base);
  const body = Buffer.from(JSON.stringify(json));
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${body.length}`,
    'Connection: close',
    ...(token ? [`Authorization: Bearer ${token}`] : []),
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const response = new Promise<{ status: number; body: any }>((done, fail) => {
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', fail);
      socket.on('end', () => done(parseResponse(Buffer.concat(chunks))));
    });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(head, () => resolve({ sendBody: () => socket.write(body), response })));
  });
}

/** Status and JSON body of a raw HTTP/1.1 response (content-length or chunked). */
function parseResponse(raw: Buffer): { status: number; body: any } {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split);
  let rest = text.slice(split + 4);
  if (/^transfer-encoding:\s*chunked/im.test(head)) {
    let decoded = '';
    const bytes = Buffer.from(rest, 'utf8');
    let at = 0;
    for (;;) {
      const lineEnd = bytes.indexOf('\r\n', at);
      const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
      if (!size) break;
      decoded += bytes.subarray(lineEnd + 2, lineEnd + 2 + size).toString('utf8');
      at = lineEnd + 2 + size + 2;
    }
    rest = decoded;
  }
  return { status: Number(head.split(' ')[1]), body: JSON.parse(rest) };
}

/** Polls the public contest until the server's own clock says it has closed. */
async function untilClosed(): Promise<void> {
  for (;;) {
    const { body } = await call(server.base, 'GET', `/api/contests/${OPEN}`);
    if (body.status === 'closed') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('requests whose body arrives after the contest closed (real server, real socket)', () => {
  it('refuses the late answers and the late registration, and stores neither', async () => {
    const admin = await call(server.base, 'GET', `/api/admin/contests/${OPEN}`, { token: ADMIN_TOKEN });
    const { status: _status, ...contest } = admin.body;
    const endsAt = new Date(Date.now() + CLOSES_IN_MS).toISOString();
    const put = await call(server.base, 'PUT', `/api/admin/contests/${OPEN}`, { token: ADMIN_TOKEN, json: { ...contest, endsAt } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    const registered = await call(server.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(1) });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const token = registered.body.token as string;
    const started = await call(server.base, 'POST', `/api/contests/${OPEN}/attempts`, { token });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const attempt = started.body as { id: string; deadline: string; questions: { id: string }[] };
    expect(attempt.deadline).toBe(endsAt);
    const [inTime, late] = attempt.questions;
    const saved = await call(server.base, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [inTime!.id]: 'a' } } });
    expect(saved.status).toBe(200);

    // Heads sent while the contest is open…
    const lateAnswer = await splitRequest(server.base, 'PUT', `/api/attempts/${attempt.id}/answers`, { answers: { [late!.id]: 'b' } }, token);
    const lateRegistration = await splitRequest(server.base, 'POST', `/api/contests/${OPEN}/contestants`, person(2));
    const stillOpen = await call(server.base, 'GET', `/api/contests/${OPEN}`);
    expect(stillOpen.body.status, 'the heads must reach the server before the close; the setup took too long').toBe('open');

    // …bodies after the server says it has closed.
    await untilClosed();
    lateAnswer.sendBody();
    lateRegistration.sendBody();
    const [answerReply, registrationReply] = await Promise.all([lateAnswer.response, lateRegistration.response]);

    expect(answerReply.status).toBe(409);
    expect(answerReply.body.error.code).toBe('ATTEMPT_CLOSED');
    expect(answerReply.body.error.message).toMatch(/Lượt thi đã kết thúc/);
    expect(registrationReply.status).toBe(409);
    expect(registrationReply.body.error.code).toBe('CONTEST_NOT_OPEN');
    expect(registrationReply.body.error.message).toMatch(/Cuộc thi đã kết thúc/);

    const fetched = await call(server.base, 'GET', `/api/attempts/${attempt.id}`, { token });
    expect(fetched.body).toMatchObject({ status: 'submitted', autoSubmitted: true, submittedAt: endsAt });
    expect(fetched.body.answers).toEqual({ [inTime!.id]: 'a' });

    const db = new Database(databasePath, { readonly: true });
    try {
      expect(db.prepare('SELECT question_id FROM attempt_answers WHERE attempt_id = ?').pluck().all(attempt.id)).toEqual([inTime!.id]);
      expect(db.prepare('SELECT COUNT(*) FROM contestants WHERE id_number = ?').pluck().get(person(2).idNumber)).toBe(0);
    } finally {
      db.close();
    }
  }, 60_000);
});
