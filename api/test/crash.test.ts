/**
 * Crash safety (SPEC §6 Durability): a real server under mixed load is killed with SIGKILL at
 * random moments, with requests in flight, and restarted; every write it acknowledged must be in
 * the file afterwards, nothing half-written, the maintained figures equal to a recount.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { hashToken } from '../src/tokens.js';
import { call, killAll, killServer, participationAndRecount, startServer, tempDatabase, type ServerProcess } from './server-process.js';
import { person } from './support.js';

const OPEN = 'de-an-06-thai-binh';
const KILLS = 22;
const WORKERS = 8;

afterEach(killAll);

interface Registration {
  idNumber: string;
  contestantId: string;
  token: string;
}
interface Submission {
  attemptId: string;
  score: number;
  durationMs: number;
  submittedAt: string;
}
/** Per attempt and question, every option id sent in order, and how many of them were acknowledged. */
interface AnswerLog {
  sent: string[];
  acknowledgedUpTo: number;
}

describe('crash safety', () => {
  it(`keeps every acknowledged write across ${KILLS} kill -9 under load`, async () => {
    const databasePath = tempDatabase('quiz-crash-');
    let server: ServerProcess | null = null;
    let running = true;
    let inFlight = 0;
    let nextPerson = 1;
    const registrations: Registration[] = [];
    const submissions: Submission[] = [];
    const answers = new Map<string, AnswerLog>();
    const unexpected: string[] = [];
    let acknowledgedSaves = 0;

    /** A request to the live server; null when there is none or the connection died. */
    async function attempt(method: string, path: string, options: { json?: unknown; token?: string } = {}) {
      const target = server;
      if (!target) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return null;
      }
      inFlight++;
      try {
        return await call(target.base, method, path, options);
      } catch {
        return null; // killed mid-request: not acknowledged
      } finally {
        inFlight--;
      }
    }

    /** One contestant after another: register, start, autosave a few times, submit. */
    async function worker(random: () => number) {
      while (running) {
        const n = nextPerson++;
        let me: Registration | null = null;
        while (running && !me) {
          const reply = await attempt('POST', `/api/contests/${OPEN}/contestants`, { json: person(n) });
          if (reply?.status === 201) {
            me = { idNumber: person(n).idNumber, contestantId: reply.body.contestant.id, token: reply.body.token };
            registrations.push(me);
          } else if (reply?.status === 409) {
            // An earlier try landed but its answer was lost with the server: sign in instead.
            const signIn = await attempt('POST', `/api/contests/${OPEN}/sessions`, {
              json: { idNumber: person(n).idNumber, phone: person(n).phone, birthDate: person(n).birthDate },
            });
            if (signIn?.status === 200) me = { idNumber: person(n).idNumber, contestantId: signIn.body.contestant.id, token: signIn.body.token };
          } else if (reply) unexpected.push(`register ${reply.status} ${JSON.stringify(reply.body)}`);
        }
        let started: { id: string; questions: { id: string }[] } | null = null;
        while (running && me && !started) {
          const reply = await attempt('POST', `/api/contests/${OPEN}/attempts`, { token: me.token });
          if (reply?.status === 200 || reply?.status === 201) started = reply.body;
          else if (reply) unexpected.push(`start ${reply.status} ${JSON.stringify(reply.body)}`);
        }
        let submitted = false;
        let submitUnanswered = false;
        while (running && me && started && !submitted) {
          // After a submit whose answer was lost, only a repeated submit makes sense (it may have landed).
          if (!submitUnanswered && random() < 0.8) {
            const batch = Object.fromEntries(
              Array.from({ length: 1 + Math.floor(random() * 3) }, () => [
                started!.questions[Math.floor(random() * started!.questions.length)]!.id,
                'abcd'[Math.floor(random() * 4)]!,
              ]),
            );
            const logs = Object.entries(batch).map(([questionId, optionId]) => {
              const key = `${started!.id}/${questionId}`;
              const log = answers.get(key) ?? { sent: [], acknowledgedUpTo: 0 };
              answers.set(key, log);
              log.sent.push(optionId);
              return [log, log.sent.length] as const;
            });
            const reply = await attempt('PUT', `/api/attempts/${started.id}/answers`, { token: me.token, json: { answers: batch } });
            if (reply?.status === 200) {
              for (const [log, upTo] of logs) log.acknowledgedUpTo = Math.max(log.acknowledgedUpTo, upTo);
              acknowledgedSaves++;
            } else if (reply) unexpected.push(`save ${reply.status} ${JSON.stringify(reply.body)}`);
          } else {
            const reply = await attempt('POST', `/api/attempts/${started.id}/submit`, { token: me.token, json: { prediction: n } });
            if (reply?.status === 200) {
              submissions.push({ attemptId: started.id, score: reply.body.score, durationMs: reply.body.durationMs, submittedAt: reply.body.submittedAt });
              submitted = true;
            } else if (!reply) submitUnanswered = true;
            else unexpected.push(`submit ${reply.status} ${JSON.stringify(reply.body)}`);
          }
        }
      }
    }

    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    server = await startServer(databasePath);
    const load = Array.from({ length: WORKERS }, () => worker(random));
    let killsWithRequestsInFlight = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 100 + random() * 300));
      // Several requests in flight at each kill (the workers keep up to WORKERS going).
      for (let wait = 0; inFlight < 3 && wait < 50; wait++) await new Promise((resolve) => setTimeout(resolve, 2));
      if (inFlight >= 3) killsWithRequestsInFlight++;
      const victim = server!;
      server = null;
      await killServer(victim);
      if (kill < KILLS - 1) server = await startServer(databasePath);
    }
    running = false;
    await Promise.all(load);

    const db = new Database(databasePath);
    try {
      expect(unexpected).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

      const contestant = db.prepare('SELECT id FROM contestants WHERE contest_slug = ? AND id_number = ?');
      const token = db.prepare('SELECT contestant_id AS id FROM contestant_tokens WHERE token_hash = ?');
      for (const r of registrations) {
        expect(contestant.get(OPEN, r.idNumber)).toEqual({ id: r.contestantId });
        expect(token.get(hashToken(r.token))).toEqual({ id: r.contestantId });
      }

      // The latest acknowledged option, or one sent after it (a save may land and lose its answer).
      const saved = db.prepare(
        `SELECT aa.option_index AS optionIndex, aq.option_order AS optionOrder FROM attempt_questions aq
         LEFT JOIN attempt_answers aa ON aa.attempt_id = aq.attempt_id AND aa.question_id = aq.question_id
         WHERE aq.attempt_id = ? AND aq.question_id = ?`,
      );
      let answersChecked = 0;
      for (const [key, log] of answers) {
        if (log.acknowledgedUpTo === 0) continue;
        const [attemptId, questionId] = key.split('/');
        const row = saved.get(attemptId, questionId) as { optionIndex: number | null; optionOrder: string };
        const shown = row.optionIndex === null ? null : 'abcdef'[(JSON.parse(row.optionOrder) as number[]).indexOf(row.optionIndex)];
        expect(log.sent.slice(log.acknowledgedUpTo - 1), key).toContain(shown);
        answersChecked++;
      }

      const submittedRow = db.prepare('SELECT status, score, duration_ms AS durationMs, submitted_at AS submittedAt FROM attempts WHERE id = ?');
      for (const s of submissions) {
        expect(submittedRow.get(s.attemptId)).toEqual({ status: 'submitted', score: s.score, durationMs: s.durationMs, submittedAt: s.submittedAt });
      }

      // Nothing half-written: submitted attempts are complete, every attempt has all its questions.
      expect(
        db.prepare(`SELECT COUNT(*) AS n FROM attempts WHERE status = 'submitted' AND (score IS NULL OR submitted_at IS NULL OR duration_ms IS NULL)`).get(),
      ).toEqual({ n: 0 });
      expect(db.prepare(`SELECT COUNT(*) AS n FROM attempts WHERE status = 'inProgress' AND (score IS NOT NULL OR submitted_at IS NOT NULL)`).get()).toEqual({ n: 0 });
      expect(
        db.prepare('SELECT COUNT(*) AS n FROM attempts a WHERE total <> (SELECT COUNT(*) FROM attempt_questions q WHERE q.attempt_id = a.id)').get(),
      ).toEqual({ n: 0 });
      const { stored, recount } = participationAndRecount(db);
      expect(stored).toEqual(recount);

      const checked = registrations.length + answersChecked + submissions.length;
      console.log(
        `crash safety: survived ${KILLS} kill -9 (${killsWithRequestsInFlight} with ≥3 requests in flight); ` +
          `checked ${checked} acknowledged writes: ${registrations.length} registrations, ${answersChecked} saved answers ` +
          `(from ${acknowledgedSaves} acknowledged autosaves), ${submissions.length} submissions`,
      );
      expect(killsWithRequestsInFlight).toBeGreaterThanOrEqual(KILLS - 2);
      expect(submissions.length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 180_000);
});
