/**
 * Fills a database with a realistic contest of N submitted attempts in the demo contest
 * (`de-an-06-thai-binh`), by raw SQL in large transactions: contestants spread over the seeded
 * units of the reference province, the plan's groups and several host sites; one to three attempts
 * each; scores skewed towards high marks; durations of 2–15 minutes; submissions over a 60-day
 * window with a launch surge, a closing surge and a morning peak before 10:00; predictions around
 * the true number of participants. Historical attempts carry no per-question rows unless
 * `answersPerAttempt` asks for saved answers (the export benchmark does).
 */
import { SLUG } from './dist.mjs';
import { createPeople, normal, recordId, seededRandom, weightedPicker } from './people.mjs';

export const DEFAULT_ATTEMPTS = 5_000_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const VIETNAM_OFFSET = 7 * HOUR;
/** Rows per transaction while loading. */
const BATCH_CONTESTANTS = 40_000;

/**
 * Relative shares of contestants by unit, used when the units carry no headcount (the seed has
 * none): districts roughly by population, province departments by staff, the rest for citizens.
 */
const UNIT_SHARES = {
  'tp-thai-binh': 210, 'dong-hung': 230, 'hung-ha': 250, 'kien-xuong': 215, 'quynh-phu': 240, 'thai-thuy': 260,
  'tien-hai': 210, 'vu-thu': 220, 'cong-an-tinh': 45, 'so-gd-dt': 90, 'so-tt-tt': 6, 'so-noi-vu': 5, 'vp-ubnd-tinh': 4,
  'bao-thai-binh': 3, 'dai-ptth': 3, 'so-tu-phap': 4, 'so-y-te': 30, 'so-tai-chinh': 4, 'so-lao-dong': 5,
  'bo-chqs-tinh': 25, 'tinh-doan': 20, 'co-quan-khac': 40, khac: 120,
};
const OCCUPATION_SHARES = { 'can-bo': 25, 'luc-luong-vu-trang': 8, 'doan-vien': 20, 'hoc-sinh': 22, 'sinh-vien': 5, 'nhan-dan': 20 };
/** The host sites that embed the widget; null is the contest's own page. */
const SOURCE_SHARES = [
  ['baothaibinh.com.vn', 34], ['thaibinhtv.vn', 14], ['thaibinh.gov.vn', 18], ['congan.thaibinh.gov.vn', 6],
  ['sogddt.thaibinh.gov.vn', 8], ['stttt.thaibinh.gov.vn', 3], ['tinhdoanthaibinh.vn', 4], [null, 13],
];
const ATTEMPTS_PER_CONTESTANT = [[1, 55], [2, 25], [3, 20]];
/** Submissions by hour of the day, Vietnam time: a peak in the office morning before 10:00 and in the evening. */
const HOUR_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 3, 5, 6, 4, 3, 2, 2, 3, 3, 2.5, 2, 1.5, 2.5, 3.5, 3, 1.5, 0.5];
const VOID_EVERY = 20_000;

/** Indexes and triggers of the bulk-loaded tables: dropped while loading, rebuilt after (much faster than maintaining them row by row). */
function dropSecondaryStructures(db, tables) {
  const rows = db
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
    .all(...tables);
  for (const row of rows) db.exec(`DROP ${row.type.toUpperCase()} "${row.name}"`);
  return () => {
    for (const row of rows.filter((r) => r.type === 'index')) db.exec(row.sql);
    for (const row of rows.filter((r) => r.type === 'trigger')) db.exec(row.sql);
  };
}

/** Unit ids with their weights: headcounts where every leaf unit has one, else the shares above. */
function unitWeights(db) {
  const units = db.prepare('SELECT id, parent_id AS parentId, headcount FROM units WHERE contest_slug = ? ORDER BY position').all(SLUG);
  const parents = new Set(units.map((u) => u.parentId).filter(Boolean));
  const leaves = units.filter((u) => !parents.has(u.id));
  const byHeadcount = leaves.every((u) => u.headcount > 0);
  return leaves.map((u) => [u.id, byHeadcount ? u.headcount : (UNIT_SHARES[u.id] ?? 10)]);
}

/**
 * Generates the contest into `databasePath` (created and migrated by the built server's
 * openDatabase). Returns what was made and how long it took.
 */
export function generateContest(api, databasePath, { attempts, answersPerAttempt = 0, now = new Date(), seed = 34, onProgress = /** @type {(made: number, total: number) => void} */ (() => {}) }) {
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error('Số lượt thi phải là số nguyên dương');
  const started = performance.now();
  const random = seededRandom(seed);
  const db = api.openDatabase(databasePath, { synchronous: 'NORMAL' });
  api.seedDemoContests(db, now);

  // The contest opened at 10:00 (Vietnam time) 60 days ago and closes at 10:00 the day after tomorrow.
  const openingDay = Math.floor((now.getTime() + VIETNAM_OFFSET) / DAY) * DAY - VIETNAM_OFFSET - 60 * DAY;
  const opening = openingDay + 10 * HOUR;
  const contest = api.getContest(db, SLUG);
  api.saveContest(db, { ...contest, startsAt: new Date(opening).toISOString(), endsAt: new Date(opening + 62 * DAY).toISOString() }, now);
  const limitMs = contest.timeLimitSeconds * 1000;
  const total = contest.questionsPerAttempt;
  const latest = now.getTime() - 10 * MINUTE;

  // Only while loading: no journal, no fsync; the file returns to WAL below.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  db.pragma('temp_store = MEMORY'); // index builds sort in memory
  db.pragma('threads = 2'); // and may use a helper thread to sort
  const restore = dropSecondaryStructures(db, ['contestants', 'attempts', 'attempt_answers', 'attempt_questions', 'contestant_tokens']);

  // First the number of attempts of each contestant, so the true number of participants is known for the predictions.
  const attemptsOf = weightedPicker(ATTEMPTS_PER_CONTESTANT, random);
  const counts = new Uint8Array(attempts);
  let contestants = 0;
  for (let made = 0; made < attempts; contestants++) {
    counts[contestants] = Math.min(attemptsOf(), attempts - made);
    made += counts[contestants];
  }
  const participants = contestants;

  const unit = weightedPicker(unitWeights(db), random);
  const occupation = weightedPicker(Object.entries(OCCUPATION_SHARES).filter(([id]) => contest.occupations.some((o) => o.id === id)), random);
  const source = weightedPicker(SOURCE_SHARES, random);
  const hour = weightedPicker(HOUR_WEIGHTS.map((w, h) => [h, w]), random);
  const days = Math.ceil((latest - openingDay) / DAY);
  const day = weightedPicker(
    Array.from({ length: days }, (_, d) => [d, 1 + 3 * Math.exp(-d / 3) + 5 * Math.exp(-(days - 1 - d) / 2)]),
    random,
  );
  const person = createPeople({ random, today: now });
  const submittedAt = () => {
    for (;;) {
      const t = openingDay + day() * DAY + hour() * HOUR + Math.floor(random() * HOUR);
      if (t >= opening + 3 * MINUTE && t <= latest) return t;
    }
  };
  const prediction = () => {
    const r = random();
    if (r < 0.02) return null;
    if (r < 0.06) return Math.round(participants * (1 + (random() - 0.5) * 0.01));
    return Math.max(0, Math.round(participants * Math.exp(0.35 * normal(random))));
  };

  const questionIds = db.prepare('SELECT id FROM questions WHERE contest_slug = ? ORDER BY position').all(SLUG).map((r) => r.id);
  const insertContestant = db.prepare(
    `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, email, unit_id, occupation, source, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, submitted_at, score, total, duration_ms, prediction, auto_submitted, voided_at, void_reason, source)
     VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAnswer = db.prepare('INSERT INTO attempt_answers (attempt_id, question_id, option_index, saved_at) VALUES (?, ?, ?, ?)');
  const iso = (ms) => new Date(ms).toISOString();
  const times = [0, 0, 0];
  const pool = [...questionIds];
  let made = 0;

  for (let from = 0; from < contestants; from += BATCH_CONTESTANTS) {
    db.transaction(() => {
      for (let n = from; n < Math.min(from + BATCH_CONTESTANTS, contestants); n++) {
        const k = counts[n];
        for (let j = 0; j < k; j++) times[j] = submittedAt();
        const ordered = times.slice(0, k).sort((a, b) => a - b);
        const group = occupation();
        const site = source();
        const someone = person(group);
        const contestantId = recordId(random);
        // Skill: most people read the materials, so scores lean high; a later attempt does a little better.
        const skill = 1 - 0.6 * Math.pow(random(), 1.6);
        insertContestant.run(
          contestantId, SLUG, someone.idNumber, someone.fullName, someone.birthDate, someone.phone, someone.email,
          unit(), group, site, iso(ordered[0] - limitMs - Math.floor(random() * 20 * MINUTE)),
        );
        const guess = prediction();
        for (let j = 0; j < k; j++) {
          const timedOut = random() < 0.01;
          const duration = timedOut ? limitMs : Math.min(limitMs, 2 * MINUTE + Math.floor(13 * MINUTE * Math.pow(random(), 1.8)));
          const submitted = ordered[j];
          const start = submitted - duration;
          const p = Math.min(1, skill + 0.04 * j);
          let score = 0;
          for (let q = 0; q < total; q++) if (random() < p) score++;
          const voided = made % VOID_EVERY === VOID_EVERY - 1;
          const attemptId = recordId(random);
          insertAttempt.run(
            attemptId, SLUG, contestantId, iso(start), iso(start + limitMs), iso(submitted), score, total, duration,
            j > 0 && random() < 0.3 ? prediction() : guess, timedOut ? 1 : 0,
            voided ? iso(submitted + DAY) : null, voided ? 'Ban Tổ chức xác minh lượt thi không hợp lệ' : null, site,
          );
          // A partial shuffle draws this attempt's questions.
          for (let q = 0; q < answersPerAttempt && q < pool.length; q++) {
            const r = q + Math.floor(random() * (pool.length - q));
            [pool[q], pool[r]] = [pool[r], pool[q]];
            insertAnswer.run(attemptId, pool[q], Math.floor(random() * 4), iso(start + Math.floor(((q + 1) * duration) / (answersPerAttempt + 1))));
          }
          made++;
        }
      }
    })();
    onProgress(made, attempts);
  }

  const loaded = performance.now();
  restore();
  api.rebuildParticipation(db); // rows were inserted directly: bring the maintained figures up to date
  db.pragma('journal_mode = WAL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return {
    attempts: made,
    contestants,
    questions: questionIds.length,
    seconds: (performance.now() - started) / 1000,
    loadSeconds: (loaded - started) / 1000,
  };
}
