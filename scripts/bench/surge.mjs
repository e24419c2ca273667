/**
 * The surge benchmark (`npm run bench -- --surge`, decision 0031): virtual contestants arrive at
 * rising fixed rates, each from its own address (TRUST_PROXY=1 and X-Forwarded-For, so the
 * per-address rate limits apply as in production), and each walks the whole journey: register,
 * start, save 20 answers one by one with a short pause, submit, open the leaderboard. A 503 or 429
 * is waited out (its Retry-After, jittered) and the same request sent again, as the widget does; a
 * connection lost without an answer breaks the journey off. Afterwards every acknowledged save and
 * submit is read back from the server.
 *
 * The proof of work before a start is off (ATTEMPT_CHALLENGE=off): the browser solves it, not the
 * server, so it would only measure the generator.
 */
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBuiltApi, SLUG } from './dist.mjs';
import { createPeople, seededRandom, weightedPicker } from './people.mjs';
import { NGINX_KEEPALIVE, startNginx } from './nginx.mjs';
import { createBenchDatabase, BENCH_CHALLENGE_KEY, startServer } from './server.mjs';

const STEPS = ['register', 'start', 'save', 'submit', 'leaderboard'];
const ANSWERS_PER_JOURNEY = 20;
/**
 * Idle connections the proxy keeps to the server (nginx `keepalive`, docs/nginx.md). A busy server
 * takes one new connection per turn of its event loop (decision 0031, "New connections"), so a pool
 * that closes connections after a burst and opens them again at the next one makes requests wait
 * seconds unread in the kernel's accept queue; the pool is sized to hold the surge's connections.
 */
const UPSTREAM_IDLE_CONNECTIONS = NGINX_KEEPALIVE;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * One HTTP request on a kept-alive connection; rejects when the connection dies without an answer.
 * @param {http.Agent} agent @param {string} base @param {string} method @param {string} path
 * @param {{ ip: string, token?: string, json?: unknown }} options
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, text: string, fresh: boolean }>} `fresh`: sent on a new connection
 */
function send(agent, base, method, path, { ip, token, json }) {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const headers = { 'x-forwarded-for': ip, accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    let fresh = false;
    const request = http.request(`${base}${path}`, { method, headers, agent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8'), fresh }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.on('socket', (socket) => {
      fresh = socket.connecting;
    });
    request.end(body);
  });
}

/**
 * Runs the surge against a fresh server. `options`: { rates: number[], stepSeconds, pauseMs, drainSeconds
 * (journeys still running this long after the last arrival are counted as unfinished),
 * admission: boolean, proxy?: 'nginx', env?, log }. Returns the figures per arrival rate and the check of writes.
 */
export async function surgeRun(options) {
  const { rates, stepSeconds, pauseMs, log } = options;
  const drainMs = (options.drainSeconds ?? 60) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'de-an-06-surge-'));
  // On PostgreSQL (`store: 'postgres'`), a database of the run's own, and `nodes` servers on it behind nginx.
  const database = options.store === 'postgres' ? await createBenchDatabase() : null;
  const env = {
    SEED_DEMO: 'on',
    RATE_LIMIT: 'on',
    TRUST_PROXY: options.proxy === 'nginx' ? '2' : '1',
    ADMISSION: options.admission ? 'on' : 'off',
    ...(database ? { DATABASE_URL: database.url, CHALLENGE_KEY: BENCH_CHALLENGE_KEY } : {}),
    ...(options.env ?? {}),
  };
  const servers = [];
  // One after the other: the first migrates and seeds, the others find it done.
  for (let i = 0; i < (options.nodes ?? 1); i++) servers.push(await startServer(join(dir, 'surge.db'), { env, entry: options.serverEntry }));
  // Behind nginx the client's address is the second entry from the right: the generator's, then nginx's.
  const server = servers[0];
  const proxy = options.proxy === 'nginx' ? await startNginx(dir, servers.map((node) => Number(new URL(node.base).port))) : null;
  // Like a proxy's upstream pool (docs/nginx.md, `keepalive`): idle connections kept up to
  // UPSTREAM_IDLE_CONNECTIONS, closed after 30 s idle (the agent destroys a free socket on its
  // timeout) — before the server's keep-alive timeout, so it is the client that closes an idle one.
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: UPSTREAM_IDLE_CONNECTIONS, timeout: 30_000 });
  // How late the generator itself runs: on a shared machine its own lag is part of every latency.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  try {
    const base = proxy?.base ?? server.base;
    const random = seededRandom(2026);
    const units = /** @type {{id: string, parentId: string | null}[]} */ (JSON.parse((await send(agent, base, 'GET', `/api/contests/${SLUG}/units`, { ip: '10.255.0.1' })).text));
    const parents = new Set(units.map((u) => u.parentId).filter(Boolean));
    const unit = weightedPicker(units.filter((u) => !parents.has(u.id)).map((u) => [u.id, 1]), random);
    const contest = JSON.parse((await send(agent, base, 'GET', `/api/contests/${SLUG}`, { ip: '10.255.0.1' })).text);
    const occupation = weightedPicker(contest.occupations.map((o) => [o.id, 1]), random);
    const people = createPeople({ random, today: new Date(), serialFrom: 100_000 });
    const { needsGuardian } = await loadBuiltApi();

    /** Every answered request: [phase, step, latencyMs, status, endedAt, onNewConnection]. */
    const answered = [];
    const phases = rates.map((rate) => ({ rate, started: 0, completed: 0, broken: 0, failed: 0, dropped: 0, dropsByStep: {}, dropCodes: {}, startedAt: 0 }));
    const journeys = [];
    /** Drops while reading the writes back, after the surge (phase -1). */
    const checking = { dropped: 0, dropsByStep: {}, dropCodes: {} };

    /** Sends until answered 2xx (waiting out 503 and 429); throws 'dropped' or 'failed' otherwise. */
    async function step(phase, name, method, path, options) {
      for (;;) {
        const began = performance.now();
        let reply;
        try {
          reply = await send(agent, base, method, path, options);
        } catch (error) {
          const code = error.code ?? error.message;
          const counters = phases[phase] ?? checking;
          counters.dropCodes[code] = (counters.dropCodes[code] ?? 0) + 1;
          counters.dropped++;
          counters.dropsByStep[name] = (counters.dropsByStep[name] ?? 0) + 1;
          throw new Error('dropped');
        }
        const ended = performance.now();
        answered.push([phase, name, ended - began, reply.status, ended, reply.fresh]);
        if (reply.status >= 200 && reply.status < 300) return JSON.parse(reply.text);
        if (reply.status === 503 || reply.status === 429) {
          const wait = Number(reply.headers['retry-after'] ?? 1);
          await sleep(wait * 1000 * (1 + random() * 0.5));
          continue;
        }
        throw new Error(`failed: ${name} ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }

    async function journey(phase, n) {
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const record = { phase, token: null, attemptId: null, acknowledged: {}, submitted: false, done: false };
      journeys.push(record);
      try {
        const group = occupation();
        const someone = people(group);
        // A pupil under 16 registers with a parent's consent, as the form asks.
        const guardian = needsGuardian(someone.birthDate, new Date()) ? { fullName: 'Nguyễn Văn Bình', phone: '0912345678', relationship: 'cha', consent: true } : undefined;
        const registration = { ...someone, email: someone.email ?? undefined, unitId: unit(), occupation: group, consent: true, guardian, source: 'baothaibinh.com.vn' };
        const session = await step(phase, 'register', 'POST', `/api/contests/${SLUG}/contestants`, { ip, json: registration });
        record.token = session.token;
        const attempt = await step(phase, 'start', 'POST', `/api/contests/${SLUG}/attempts`, { ip, token: session.token, json: { source: 'baothaibinh.com.vn' } });
        record.attemptId = attempt.id;
        for (const question of attempt.questions.slice(0, ANSWERS_PER_JOURNEY)) {
          await sleep(pauseMs * (0.5 + random()));
          const optionId = question.options[Math.floor(random() * question.options.length)].id;
          await step(phase, 'save', 'PUT', `/api/attempts/${attempt.id}/answers`, { ip, token: session.token, json: { answers: { [question.id]: optionId } } });
          record.acknowledged[question.id] = optionId;
        }
        await step(phase, 'submit', 'POST', `/api/attempts/${attempt.id}/submit`, { ip, token: session.token, json: { prediction: 50_000 } });
        record.submitted = true;
        await step(phase, 'leaderboard', 'GET', `/api/contests/${SLUG}/leaderboard?limit=20`, { ip });
        phases[phase].completed++;
      } catch (error) {
        if (error.message === 'dropped') phases[phase].broken++;
        else {
          phases[phase].failed++;
          if (phases[phase].failed <= 3) log(`   hành trình hỏng: ${error.message}`);
        }
      } finally {
        record.done = true;
      }
    }

    // How soon the server reads a request at all: /api/health is never refused and does no work, so
    // its latency on its own connection is the time a request waits unread behind others.
    const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const health = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const began = performance.now();
        try {
          await send(healthAgent, base, 'GET', '/api/health', { ip: '10.253.0.1' });
          health.push([began, performance.now() - began]);
        } catch {
          health.push([began, Number.POSITIVE_INFINITY]);
        }
        await sleep(100);
      }
    })();

    // Arrivals at a fixed rate per phase, the rates rising.
    const running = [];
    let n = 0;
    const surgeStarted = performance.now();
    for (const [index, phase] of phases.entries()) {
      phase.startedAt = performance.now();
      lag.reset();
      const total = Math.round(phase.rate * stepSeconds);
      for (let k = 0; k < total; k++) {
        const due = phase.startedAt + (k * 1000) / phase.rate;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        phase.started++;
        running.push(journey(index, ++n));
      }
      const end = phase.startedAt + stepSeconds * 1000;
      if (end > performance.now()) await sleep(end - performance.now());
      phase.endedAt = performance.now();
      phase.generatorLagP99Ms = Math.round(lag.percentile(99) / 1e6);
      log(`   ${phase.rate} lượt đến/giây: ${phase.started} hành trình bắt đầu`);
    }
    const drained = await Promise.race([Promise.all(running).then(() => true), sleep(drainMs).then(() => false)]);
    const unfinished = journeys.filter((j) => !j.done).length;
    if (!drained) log(`   ${unfinished} hành trình chưa xong sau ${drainMs / 1000} s chờ`);
    const surgeSeconds = (performance.now() - surgeStarted) / 1000;
    probing = false;
    await probe;
    healthAgent.destroy();

    // Every acknowledged write, read back.
    let missing = 0;
    let checked = 0;
    const toCheck = journeys.filter((j) => j.attemptId && j.done);
    for (let i = 0; i < toCheck.length; i += 20) {
      await Promise.all(
        toCheck.slice(i, i + 20).map(async (j) => {
          let stored;
          try {
            stored = await step(-1, 'check', 'GET', `/api/attempts/${j.attemptId}`, { ip: '10.254.0.1', token: j.token });
          } catch {
            return; // counted in checkDropped: this attempt stays unchecked
          }
          checked++;
          for (const [questionId, optionId] of Object.entries(j.acknowledged)) if (stored.answers?.[questionId] !== optionId) missing++;
          if (j.submitted && stored.status !== 'submitted') missing++;
        }),
      );
    }

    const figures = phases.map((phase, index) => {
      const mine = answered.filter((a) => a[0] === index && a[1] !== 'check');
      const inWindow = answered.filter((a) => a[4] >= phase.startedAt && a[4] < phase.endedAt && a[1] !== 'check');
      const ok = mine.filter((a) => a[3] < 300);
      const shed = mine.filter((a) => a[3] === 503 || a[3] === 429);
      const byStep = {};
      for (const name of STEPS) {
        const latencies = ok.filter((a) => a[1] === name).map((a) => a[2]).sort((x, y) => x - y);
        byStep[name] = { count: latencies.length, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
      }
      const all = mine.map((a) => a[2]).sort((x, y) => x - y);
      const freshMs = mine.filter((a) => a[5]).map((a) => a[2]).sort((x, y) => x - y);
      const healthMs = health.filter(([at]) => at >= phase.startedAt && at < phase.endedAt).map(([, ms]) => ms).sort((x, y) => x - y);
      const statuses = {};
      for (const a of mine) statuses[a[3]] = (statuses[a[3]] ?? 0) + 1;
      return {
        rate: phase.rate,
        journeys: phase.started,
        completed: phase.completed,
        broken: phase.broken,
        failed: phase.failed,
        requestsPerSecond: Math.round(inWindow.length / ((phase.endedAt - phase.startedAt) / 1000)),
        answers: mine.length,
        shedPercent: mine.length ? Math.round((1000 * shed.length) / mine.length) / 10 : 0,
        dropped: phase.dropped,
        dropsByStep: phase.dropsByStep,
        dropCodes: phase.dropCodes,
        generatorLagP99Ms: phase.generatorLagP99Ms,
        statuses,
        p50Ms: round(percentile(all, 50)),
        p99Ms: round(percentile(all, 99)),
        maxMs: round(all.at(-1) ?? null),
        healthP99Ms: round(percentile(healthMs, 99)),
        newConnections: freshMs.length,
        newConnectionP99Ms: round(percentile(freshMs, 99)),
        byStep,
      };
    });
    return { admission: options.admission, server: options.serverEntry ?? 'dist/api/server.js', rates, stepSeconds, pauseMs, surgeSeconds: Math.round(surgeSeconds), unfinished, checked, missing, checkDropped: checking.dropped, figures, store: database ? 'PostgreSQL' : 'SQLite', nodes: servers.length, serverErrors: servers.map((node) => node.errors()).join('').trim(), proxy: options.proxy ?? null, proxyErrors: proxy?.errors().trim() ?? '' };
  } finally {
    lag.disable();
    agent.destroy();
    await proxy?.stop();
    for (const node of servers) await node.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (ms) => (ms === null ? null : Math.round(ms));

export function surgeTable(result) {
  const lines = [
    `${result.nodes} máy chủ ${result.server} trên ${result.store}${result.proxy ? ` sau ${result.proxy}` : ''}, admission control: ${result.admission ? 'bật' : 'tắt (ADMISSION=off)'}; mỗi mức ${result.stepSeconds} s, nghỉ giữa hai câu trả lời ≈ ${result.pauseMs} ms`,
    '| lượt đến/s | yêu cầu/s | p50 | p99 | đăng ký p99 | bắt đầu p99 | lưu p99 | nộp p99 | xếp hạng p99 | 503/429 | mất kết nối | hành trình xong | kết nối mới (p99) | /api/health p99 | trễ vòng lặp của máy phát p99 |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const f of result.figures) {
    const s = f.byStep;
    lines.push(
      `| ${f.rate} | ${f.requestsPerSecond} | ${f.p50Ms} ms | ${f.p99Ms} ms | ${s.register.p99Ms} ms | ${s.start.p99Ms} ms | ${s.save.p99Ms} ms | ${s.submit.p99Ms} ms | ${s.leaderboard.p99Ms} ms | ${f.shedPercent} % | ${f.dropped} | ${f.completed}/${f.journeys}${f.failed ? ` (${f.failed} lỗi)` : ''} | ${f.newConnections} (${f.newConnectionP99Ms ?? '—'} ms) | ${f.healthP99Ms} ms | ${f.generatorLagP99Ms} ms |`,
    );
  }
  for (const f of result.figures) {
    const otherFailures = Object.entries(f.statuses).filter(([status]) => Number(status) >= 500 && status !== '503');
    if (otherFailures.length) lines.push(`${f.rate}/s, lỗi 5xx khác 503: ${JSON.stringify(Object.fromEntries(otherFailures))}`);
  }
  for (const f of result.figures) if (f.dropped) lines.push(`${f.rate}/s, mất kết nối: ${JSON.stringify(f.dropCodes)} ở ${JSON.stringify(f.dropsByStep)}`);
  lines.push(`Ghi đã xác nhận kiểm lại: ${result.checked} lượt thi, thiếu ${result.missing}; hành trình chưa xong: ${result.unfinished}`);
  return lines.join('\n');
}
