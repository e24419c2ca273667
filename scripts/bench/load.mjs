/**
 * Load runs with autocannon on loopback against one running server, each bounded in time. Writes go
 * through the real API (register → start → autosave → submit); what each run consumes is prepared
 * before it starts: contestants with tokens (inserted directly, like the generator's), then the
 * attempts the start run opened, for autosave and submit.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { SLUG } from './dist.mjs';
import { createPeople, recordId, seededRandom, weightedPicker } from './people.mjs';

const JSON_HEADERS = { 'content-type': 'application/json' };
/** Serials of ID numbers handed out by load runs start here, above any the generator uses. */
const LOAD_SERIALS_FROM = 500_000;
/** No route is expected to exceed this share of the baseline; pools are sized for it and a run is repeated if one runs dry. */
const WRITE_SHARE_CEILING = 0.6;
const SETTLE_PATIENCE_MS = 30_000;

/** Summary of one autocannon result: throughput of 2xx answers, latency percentiles, every status seen. */
function summarise(result, extra = {}) {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
  const ok = result['2xx'];
  return {
    requests: result.requests.total,
    ok,
    requestsPerSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    durationSeconds: result.duration,
    statuses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ...extra,
  };
}

/**
 * Waits until the server answers quickly again: requests the last run left in flight are still
 * being worked through. A slow route can leave minutes of them; after SETTLE_PATIENCE_MS the server
 * is restarted instead, so the backlog does not spill into the next run.
 */
async function settle(server, log) {
  const until = Date.now() + SETTLE_PATIENCE_MS;
  while (Date.now() < until) {
    const started = performance.now();
    const ok = await fetch(`${server.base}/api/ping`, { signal: AbortSignal.timeout(Math.max(1, until - Date.now())) }).then(
      (r) => r.arrayBuffer().then(() => r.ok),
      () => false,
    );
    if (ok && performance.now() - started < 20) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  log(`  (máy chủ còn bận với các yêu cầu tồn đọng sau ${SETTLE_PATIENCE_MS / 1000} s: khởi động lại máy chủ)`);
  await server.restart();
}

function fire(base, options, request) {
  return autocannon({ url: base, connections: options.connections, timeout: 10, ...options.bound, requests: [request] });
}

/**
 * Direct access to a SQLite benchmark database, for what the load runs prepare outside the API
 * (postgres.mjs `postgresDirect` is the same on PostgreSQL): the highest ID-number serial, and
 * contestants inserted with a token each, like the generator's rows.
 */
export function sqliteDirect(api, databasePath) {
  const open = () => api.openDatabase(databasePath, { synchronous: 'NORMAL' });
  return {
    async highestSerial() {
      const db = open();
      try {
        return db.prepare('SELECT MAX(CAST(substr(id_number, 7) AS INTEGER)) AS highest FROM contestants WHERE contest_slug = ?').get(SLUG).highest;
      } finally {
        db.close();
      }
    },
    async addContestants(contestants) {
      const db = open();
      try {
        const insertContestant = db.prepare(
          `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, email, unit_id, occupation, source, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const insertToken = db.prepare('INSERT INTO contestant_tokens (token_hash, contestant_id, created_at) VALUES (?, ?, ?)');
        db.transaction(() => {
          for (const c of contestants) {
            insertContestant.run(c.id, SLUG, c.idNumber, c.fullName, c.birthDate, c.phone, c.email, c.unitId, c.occupation, c.source, c.createdAt);
            insertToken.run(c.tokenHash, c.id, c.createdAt);
          }
        })();
      } finally {
        db.close();
      }
    },
  };
}

/**
 * Contestants registered directly in the database with known tokens (the load runs need many
 * fresh ones: one open attempt per person). The server sees them as any other contestant.
 */
async function contestantPool(api, direct, people, units, occupations, count) {
  const tag = randomBytes(6).toString('hex');
  const tokens = [];
  const rows = [];
  const createdAt = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const occupation = occupations();
    const someone = people(occupation);
    const token = `bench-${tag}-${i}-${randomBytes(12).toString('base64url')}`;
    rows.push({ ...someone, id: recordId(Math.random), unitId: units(), occupation, source: 'baothaibinh.com.vn', createdAt, tokenHash: api.hashToken(token) });
    tokens.push(token);
  }
  await direct.addContestants(rows);
  return tokens;
}

/** The next item of a pool for each request; `exhausted` tells whether the run asked for more than the pool held. */
function cursor(items) {
  let next = 0;
  return {
    take: () => items[next++ % items.length],
    get used() {
      return next;
    },
    get exhausted() {
      return next > items.length;
    },
  };
}

/** Attempt starts from a pool of fresh contestants; returns the run and the attempts it opened. */
async function startAttempts(base, options, tokens) {
  const pool = cursor(tokens);
  const opened = [];
  let resumed = 0;
  const result = await fire(base, options, {
    method: 'POST',
    path: `/api/contests/${SLUG}/attempts`,
    body: JSON.stringify({ source: 'baothaibinh.com.vn' }),
    setupRequest: (request, context) => {
      context.token = pool.take();
      return { ...request, headers: { ...JSON_HEADERS, authorization: `Bearer ${context.token}` } };
    },
    onResponse: (status, body, context) => {
      // Parsed after the run, so the client spends as little as possible while measuring.
      if (status === 201) opened.push({ token: context.token, body });
      else if (status === 200) resumed++;
    },
  });
  const attempts = opened.map(({ token, body }) => {
    const attempt = JSON.parse(body);
    return { token, id: attempt.id, questions: attempt.questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.id) })) };
  });
  return { result, attempts, resumed };
}

/**
 * Runs every load route once against `server` (one node, or the proxy in front of several; its
 * database reached by `direct`: `sqliteDirect`, postgres.mjs `postgresDirect`), in this order: the
 * baseline, the reads, then the writes in a contestant's order (register, start, autosave, submit),
 * and the baseline again.
 * `options`: { duration, connections, participants (for predictions), deadline, log }.
 * Returns the figures keyed as in LOAD_ROUTES, plus `baselineAfter`.
 */
export async function loadRuns(api, direct, server, options) {
  const { duration, connections, log } = options;
  const base = server.base;
  const random = seededRandom(2023);
  const timed = { connections, bound: { duration } };
  const unitRows = /** @type {import('../../api/src/domain/units.js').TreeUnit[]} */ (await (await fetch(`${base}/api/contests/${SLUG}/units`)).json());
  const parents = new Set(unitRows.map((u) => u.parentId).filter(Boolean));
  const units = weightedPicker(unitRows.filter((u) => !parents.has(u.id)).map((u) => [u.id, 1]), random);
  const contest = /** @type {import('../../api/src/routes/views.js').PublicContest} */ (await (await fetch(`${base}/api/contests/${SLUG}`)).json());
  const occupations = weightedPicker(contest.occupations.map((o) => [o.id, 1]), random);
  const people = createPeople({ random, today: new Date(), serialFrom: await serialsFrom(direct) });
  const newContestants = (count) => contestantPool(api, direct, people, units, occupations, count);
  const results = {};
  const withMemory = (summary) => {
    const memory = server.memory();
    return { ...summary, serverRssBytes: memory.rss, ...(memory.nodes ? { nodeRssBytes: memory.nodes.map((node) => node.rss) } : {}) };
  };
  const read = (path) => async () => withMemory(summarise(await fire(base, timed, { method: 'GET', path })));
  /** Attempts the start run opened, for autosave and submit. */
  let opened = [];

  const steps = {
    baseline: async () => {
      await fire(base, { connections, bound: { duration: Math.min(2, duration) } }, { method: 'GET', path: '/api/ping' }); // warm-up
      return read('/api/ping')();
    },
    health: read('/api/health'),
    contestInfo: read(`/api/contests/${SLUG}`),
    leaderboard: read(`/api/contests/${SLUG}/leaderboard?limit=20`),
    unitsStats: read(`/api/contests/${SLUG}/units/stats`),

    registration: async () => {
      const result = await fire(base, timed, {
        method: 'POST',
        path: `/api/contests/${SLUG}/contestants`,
        setupRequest: (request) => {
          const occupation = occupations();
          const someone = people(occupation);
          // A pupil under 16 registers with a parent's consent, as the form asks.
          const guardian = api.needsGuardian(someone.birthDate, new Date()) ? { fullName: 'Nguyễn Văn Bình', phone: '0912345678', relationship: 'cha', consent: true } : undefined;
          const body = { ...someone, email: someone.email ?? undefined, unitId: units(), occupation, consent: true, guardian, source: 'thaibinh.gov.vn' };
          return { ...request, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
        },
      });
      return withMemory(summarise(result));
    },

    attemptStart: async () => {
      // One fresh contestant per start, enough for WRITE_SHARE_CEILING of the baseline; twice as many if that ran dry.
      let size = Math.max(2000, Math.ceil((results.baseline?.requestsPerSecond ?? 1000) * WRITE_SHARE_CEILING * duration));
      for (let round = 0; ; round++, size *= 2) {
        const tokens = await newContestants(size);
        await settle(server, log);
        const run = await startAttempts(base, timed, tokens);
        opened = run.attempts;
        const summary = withMemory(summarise(run.result, { poolSize: size, resumed: run.resumed }));
        if (run.resumed === 0 || round === 1) return summary;
        log(`  (hết ${size} thí sinh dự bị giữa chừng: chạy lại với nhóm gấp đôi)`);
      }
    },

    autosave: async () => {
      if (opened.length === 0) throw new Error('Không có lượt thi nào được bắt đầu để lưu câu trả lời');
      const pool = cursor(opened);
      const result = await fire(base, timed, {
        method: 'PUT',
        path: '/',
        setupRequest: (request) => {
          const attempt = pool.take();
          const question = attempt.questions[Math.floor(random() * attempt.questions.length)];
          const option = question.options[Math.floor(random() * question.options.length)];
          return {
            ...request,
            path: `/api/attempts/${attempt.id}/answers`,
            headers: { ...JSON_HEADERS, authorization: `Bearer ${attempt.token}` },
            body: JSON.stringify({ answers: { [question.id]: option } }),
          };
        },
      });
      return withMemory(summarise(result, { attempts: opened.length }));
    },

    submit: async () => {
      // Each submit needs an attempt still open: those the start run left, topped up (untimed) to about
      // twice what the start run managed; a run that still runs dry is repeated with twice as many.
      let pool = opened;
      let wanted = Math.max(4 * connections, Math.ceil(2 * (results.attemptStart?.requestsPerSecond ?? 0) * duration));
      for (let round = 0; ; round++) {
        if (pool.length < wanted) {
          const more = await startAttempts(base, { connections, bound: { amount: wanted - pool.length } }, await newContestants(wanted - pool.length));
          pool = [...pool, ...more.attempts];
          await settle(server, log);
        }
        const attempts = cursor(pool);
        const result = await fire(base, timed, {
          method: 'POST',
          path: '/',
          setupRequest: (request) => {
            const attempt = attempts.take();
            const question = attempt.questions[attempt.questions.length - 1];
            const prediction = Math.round(options.participants * Math.exp(0.3 * (random() + random() + random() - 1.5)));
            return {
              ...request,
              path: `/api/attempts/${attempt.id}/submit`,
              headers: { ...JSON_HEADERS, authorization: `Bearer ${attempt.token}` },
              body: JSON.stringify({ answers: { [question.id]: question.options[0] }, prediction }),
            };
          },
        });
        const summary = withMemory(summarise(result, { poolSize: pool.length, exhausted: attempts.exhausted }));
        if (!attempts.exhausted || round === 1) return summary;
        log(`  (hết ${pool.length} lượt thi đang mở giữa chừng: chạy lại với nhiều lượt hơn)`);
        wanted = 2 * attempts.used;
        pool = [];
      }
    },

    baselineAfter: read('/api/ping'),
  };

  for (const [key, step] of Object.entries(steps)) {
    if (Date.now() > options.deadline) {
      log(`  ${key}: bỏ qua, đã hết thời gian cho phép`);
      continue;
    }
    await settle(server, log);
    const r = (results[key] = await step());
    log(`  ${key.padEnd(14)} ${Math.round(r.requestsPerSecond).toLocaleString('vi-VN').padStart(8)} yêu cầu/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  ${describeStatuses(r)}`);
  }
  return results;
}

export function describeStatuses(run) {
  const parts = Object.entries(run.statuses).map(([code, count]) => `${code}×${count.toLocaleString('vi-VN')}`);
  if (run.errors > run.timeouts) parts.push(`lỗi kết nối×${run.errors - run.timeouts}`); // autocannon counts a timeout as an error too
  if (run.timeouts) parts.push(`quá hạn×${run.timeouts}`);
  return parts.join(' ');
}

/** First ID-number serial for load runs: above the generator's and any earlier load run's on this database. */
async function serialsFrom(direct) {
  return Math.max(LOAD_SERIALS_FROM, ((await direct.highestSerial()) ?? 0) + 10_000);
}
