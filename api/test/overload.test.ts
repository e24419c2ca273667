/**
 * A real server process overloaded (decision 0031): two registrations whose bodies never finish
 * hold the whole bound of the low-priority class (ADMISSION_OTHER_MAX_IN_FLIGHT=2), so the outcome
 * of every request after them is certain however busy the machine is — the event-loop bounds are
 * set out of reach. Every request is answered 2xx or 503 with Retry-After, none loses its
 * connection, the work of an attempt gets through while starts are shed, and health always answers.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, killAll, startServer, tempDatabase, type Reply, type ServerProcess } from './server-process.js';
import { person } from './support.js';

const OPEN = 'de-an-06-thai-binh';
let server: ServerProcess;
const held: net.Socket[] = [];

beforeAll(async () => {
  server = await startServer(tempDatabase('quiz-overload-'), {
    ADMISSION: 'on',
    ADMISSION_OTHER_MAX_IN_FLIGHT: '2',
    ADMISSION_MAX_IN_FLIGHT: '1000',
    ADMISSION_OTHER_MAX_LAG_MS: '3600000',
    ADMISSION_MAX_LAG_MS: '3600000',
  });
}, 30_000);

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await killAll();
});

/** A registration whose headers arrive but whose body never does: admitted, it stays in flight. */
function holdRegistration(): net.Socket {
  const { port } = new URL(server.base);
  const socket = net.connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    `POST /api/contests/${OPEN}/contestants HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"fullName":`,
  );
  held.push(socket);
  return socket;
}

/** Waits (no fixed sleep) until a public read is shed, i.e. both held requests were admitted. */
async function untilShed(): Promise<Reply> {
  for (;;) {
    const reply = await call(server.base, 'GET', `/api/contests/${OPEN}`);
    if (reply.status === 503) return reply;
    expect(reply.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Sends a request and, once its answer is in, `GET /api/health` on the same connection; resolves
 * with both statuses, or rejects if the server closes the connection before the second answer.
 */
function twoRequestsOnOneConnection(requestLine: string, headers: Record<string, string>, body: string): Promise<number[]> {
  const { port } = new URL(server.base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    let sentSecond = false;
    const statuses = () => [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (!sentSecond && statuses().length === 1 && /\r\n\r\n\{.*\}$/s.test(received)) {
        sentSecond = true;
        socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      }
      if (statuses().length === 2) {
        socket.destroy();
        resolve(statuses());
      }
    });
    socket.on('close', () => reject(new Error(`connection closed after: ${received.slice(0, 300)}`)));
    socket.on('error', reject);
    const head = Object.entries({ host: '127.0.0.1', 'content-length': String(Buffer.byteLength(body)), ...headers })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`${requestLine} HTTP/1.1\r\n${head}\r\n${body}`);
  });
}

function expectOverloaded(reply: Reply) {
  expect(reply.status).toBe(503);
  expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(reply.body.error.code).toBe('OVERLOADED');
  expect(reply.body.error.message).toMatch(/quá nhiều người truy cập/);
}

describe('an overloaded server', () => {
  it('sheds starts, registrations and reads with 503 and Retry-After, lets saves and submits through, and drops no connection', async () => {
    // Before the surge: two contestants with an attempt each, one who has not started.
    const contestants = await Promise.all([1, 2, 3].map((n) => call(server.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(n) })));
    for (const reply of contestants) expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const [first, second, waiting] = contestants.map((r) => r.body.token as string);
    const attempts = [];
    for (const token of [first!, second!]) {
      const reply = await call(server.base, 'POST', `/api/contests/${OPEN}/attempts`, { token, json: { source: 'baothaibinh.com.vn' } });
      expect(reply.status).toBe(201);
      attempts.push({ token, attempt: reply.body as { id: string; questions: { id: string; options: { id: string }[] }[] } });
    }

    holdRegistration();
    holdRegistration();
    expectOverloaded(await untilShed());

    // A burst of everything at once.
    const burst: Promise<Reply>[] = [];
    const kinds: string[] = [];
    for (let i = 0; i < 20; i++) {
      kinds.push('start', 'register', 'leaderboard', 'health');
      burst.push(
        call(server.base, 'POST', `/api/contests/${OPEN}/attempts`, { token: waiting!, json: { source: 'baothaibinh.com.vn' } }),
        call(server.base, 'POST', `/api/contests/${OPEN}/contestants`, { json: person(100 + i) }),
        call(server.base, 'GET', `/api/contests/${OPEN}/leaderboard`),
        call(server.base, 'GET', '/api/health'),
      );
      for (const { token, attempt } of attempts) {
        const question = attempt.questions[i % attempt.questions.length]!;
        kinds.push('save');
        burst.push(call(server.base, 'PUT', `/api/attempts/${attempt.id}/answers`, { token, json: { answers: { [question.id]: question.options[i % 2]!.id } } }));
      }
    }
    const replies = await Promise.allSettled(burst);
    // No connection lost: every request got an answer.
    expect(replies.filter((r) => r.status === 'rejected')).toEqual([]);
    const answered = replies.map((r) => (r as PromiseFulfilledResult<Reply>).value);
    answered.forEach((reply, i) => {
      if (kinds[i] === 'health' || kinds[i] === 'save') expect(reply.status, `${kinds[i]} ${JSON.stringify(reply.body)}`).toBe(200);
      else expectOverloaded(reply);
    });

    // A submit gets through while a start is shed, and a repeated submit answers the same.
    const { token, attempt } = attempts[0]!;
    const submitted = await call(server.base, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 1000 } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expectOverloaded(await call(server.base, 'POST', `/api/contests/${OPEN}/attempts`, { token: waiting!, json: { source: 'baothaibinh.com.vn' } }));
    const again = await call(server.base, 'POST', `/api/attempts/${attempt.id}/submit`, { token, json: { prediction: 1000 } });
    expect(again.body).toEqual(submitted.body);

    // Every acknowledged save is stored: the last choice per question of the other attempt.
    const other = attempts[1]!;
    const stored = await call(server.base, 'GET', `/api/attempts/${other.attempt.id}`, { token: other.token });
    expect(stored.status).toBe(200);
    for (let i = 0; i < 20; i++) {
      const question = other.attempt.questions[i % other.attempt.questions.length]!;
      const last = Math.max(...[...Array(20).keys()].filter((j) => j % other.attempt.questions.length === i % other.attempt.questions.length));
      expect(stored.body.answers[question.id]).toBe(question.options[last % 2]!.id);
    }

    // A refused request leaves its kept-alive connection usable: the next request on it is answered.
    const onOneConnection = await twoRequestsOnOneConnection(
      `POST /api/contests/${OPEN}/attempts`,
      { authorization: `Bearer ${waiting}`, 'content-type': 'application/json' },
      JSON.stringify({ source: 'baothaibinh.com.vn' }),
    );
    expect(onOneConnection).toEqual([503, 200]);

    // Once the held requests end, starts are admitted again.
    for (const socket of held.splice(0)) socket.destroy();
    for (;;) {
      const reply = await call(server.base, 'POST', `/api/contests/${OPEN}/attempts`, { token: waiting!, json: { source: 'baothaibinh.com.vn' } });
      if (reply.status !== 503) {
        expect(reply.status).toBe(201);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }, 60_000);

  it('keeps idle connections longer than a proxy does', async () => {
    const reply = await call(server.base, 'GET', '/api/health');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('keep-alive')).toBe('timeout=65');
  });
});
