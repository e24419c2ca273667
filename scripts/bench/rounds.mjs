/**
 * What a round's ranking costs (decision 0041): a contest of N generated attempts is split into four
 * rounds by start time, then one round's board, the `final` and `sum` overall boards are timed from
 * cold, after a submission in the last round (exact, as organisers read), and again as a public read
 * (which may reuse the kept ranking). Build first (`npm run build`).
 *
 *   node scripts/bench/rounds.mjs [--attempts 200000] [--database /tmp/rounds-200000.db]
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadBuiltApi, ROOT, SLUG } from './dist.mjs';
import { generateContest } from './generate.mjs';

const { values } = parseArgs({ options: { attempts: { type: 'string', default: '200000' }, database: { type: 'string' } } });
const attempts = Number(values.attempts);
const path = values.database ?? `/tmp/rounds-${attempts}.db`;
const api = await loadBuiltApi();
if (!existsSync(path)) generateContest(api, path, { attempts });
const rounds = await import(`${ROOT}/dist/api/db/rounds.js`);
const db = api.openDatabase(path, { synchronous: 'NORMAL' });
const base = api.getContest(db, SLUG);
const from = Date.parse(base.startsAt);
const quarter = (Date.parse(base.endsAt) - from) / 4;
const iso = (t) => new Date(t).toISOString();
const list = [0, 1, 2, 3].map((i) => ({
  id: `vong-${i + 1}`,
  title: `Vòng ${i + 1}`,
  startsAt: iso(from + i * quarter),
  endsAt: i === 3 ? base.endsAt : iso(from + (i + 1) * quarter),
  questionsPerAttempt: null,
  maxAttempts: null,
  prizes: null,
}));
db.prepare(
  `UPDATE attempts SET round_id = CASE WHEN started_at < @r2 THEN 'vong-1' WHEN started_at < @r3 THEN 'vong-2' WHEN started_at < @r4 THEN 'vong-3' ELSE 'vong-4' END
   WHERE contest_slug = @slug AND round_id IS NULL`,
).run({ r2: list[1].startsAt, r3: list[2].startsAt, r4: list[3].startsAt, slug: SLUG });
const sizes = db.prepare(`SELECT round_id AS round, COUNT(*) AS attempts FROM attempts WHERE contest_slug = ? AND status = 'submitted' GROUP BY round_id`).all(SLUG);
console.log(`${attempts.toLocaleString('vi-VN')} lượt thi, bốn vòng: ${sizes.map((s) => `${s.round} ${s.attempts.toLocaleString('vi-VN')}`).join(', ')}`);
const ms = (f) => {
  const started = performance.now();
  f();
  return Math.round(performance.now() - started);
};
/** A submission in the last round, as far as the kept rankings can tell: one of its attempts changes. */
const submitInLastRound = () =>
  db.prepare(`UPDATE attempts SET duration_ms = duration_ms WHERE id = (SELECT id FROM attempts WHERE contest_slug = ? AND round_id = 'vong-4' LIMIT 1)`).run(SLUG);
const round2 = ms(() => rounds.roundRanking(db, { ...base, rounds: list }, list[1], 'exact').board(20));
console.log(`bảng xếp hạng vòng 2 (lạnh): ${round2} ms`);
for (const how of ['final', 'sum']) {
  const contest = { ...base, rounds: list, roundsRanking: how };
  const cold = ms(() => rounds.overallRanking(db, contest, 'exact').board(20));
  submitInLastRound();
  const exact = ms(() => rounds.overallRanking(db, contest, 'exact').board(20));
  submitInLastRound();
  const publicRead = ms(() => rounds.overallRanking(db, contest, 'public').board(20));
  console.log(`xếp hạng chung ${how}: lạnh ${cold} ms; sau một lượt nộp ở vòng cuối: chính xác ${exact} ms, công khai ${publicRead} ms`);
}
console.log(`RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
db.close();
