/**
 * Measures the integrity review on a synthetic contest: `npx tsx scripts/bench-integrity.ts [attempts]`.
 * Writes a temporary database (one attempt per contestant, 20 answers each, addresses spread over
 * many networks) and times each rule's read and the whole review.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../api/src/db/connection.js';
import { reviewIntegrity } from '../api/src/db/integrity.js';
import { DEFAULT_INTEGRITY, networkOf } from '../api/src/domain/integrity.js';

const attempts = Number(process.argv[2] ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-integrity-'));
const db = openDatabase(join(dir, 'quiz.db'), { synchronous: 'NORMAL' });
const slug = 'bench';
const start = Date.parse('2026-03-20T03:00:00Z');
db.prepare(`INSERT INTO contests (slug, title, starts_at, ends_at, settings, created_at, updated_at) VALUES (?, 'Bench', ?, ?, '{}', ?, ?)`).run(
  slug, new Date(start).toISOString(), new Date(start + 60 * 86_400_000).toISOString(), new Date(start).toISOString(), new Date(start).toISOString(),
);
const questions = 200;
let seed = 42;
/** mulberry32: repeatable runs. */
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const insertContestant = db.prepare(
  `INSERT INTO contestants (id, contest_slug, id_number, full_name, birth_date, phone, unit_id, occupation, source, created_at, ip, ip_network, user_agent)
   VALUES (?, ?, ?, ?, '1990-01-01', ?, ?, 'can-bo', 'baothaibinh.com.vn', ?, ?, ?, 'Mozilla/5.0')`,
);
const insertAttempt = db.prepare(
  `INSERT INTO attempts (id, contest_slug, contestant_id, status, started_at, deadline, submitted_at, score, total, duration_ms, prediction, ip, ip_network)
   VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?, 20, ?, 1000, ?, ?)`,
);
const insertAnswer = db.prepare(`INSERT INTO attempt_answers (attempt_id, question_id, option_index, saved_at) VALUES (?, ?, ?, ?)`);
const t0 = performance.now();
db.transaction(() => {
  for (let i = 0; i < attempts; i++) {
    const at = start + Math.floor(rand() * 60 * 86_400_000);
    const ip = `10.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
    const names = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung'];
    insertContestant.run(`c${i}`, slug, String(100_000_000_000 + i), `${names[i % 4]} ${i % 997}`, `09${String(i).padStart(8, '0')}`, `u${i % 300}`, new Date(at).toISOString(), ip, networkOf(ip));
    const duration = 60_000 + Math.floor(rand() * 800_000);
    let score = 0;
    const chosen = new Set<number>();
    while (chosen.size < 20) chosen.add(Math.floor(rand() * questions));
    const started = new Date(at + 60_000).toISOString();
    const answers = [...chosen].map((q) => [q, rand() < 0.7 ? 0 : 1 + Math.floor(rand() * 3)] as const);
    for (const [, option] of answers) if (option === 0) score++;
    insertAttempt.run(`a${i}`, slug, `c${i}`, started, new Date(at + 960_000).toISOString(), new Date(at + 60_000 + duration).toISOString(), score, duration, ip, networkOf(ip));
    for (const [q, option] of answers) insertAnswer.run(`a${i}`, `q${q}`, option, started);
  }
})();
console.log(`seeded ${attempts} attempts (${attempts * 20} answers) in ${Math.round(performance.now() - t0)} ms`);
db.exec('ANALYZE');
for (let run = 0; run < 2; run++) {
  const t = performance.now();
  const flags = reviewIntegrity(db, slug, DEFAULT_INTEGRITY);
  const kinds: Record<string, number> = {};
  for (const f of flags) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  console.log(`review ${run + 1}: ${Math.round(performance.now() - t)} ms, ${flags.length} flags`, kinds);
}
{
  const top = db.prepare(`SELECT contestant_id FROM attempts WHERE contest_slug = ? ORDER BY score DESC, duration_ms LIMIT 20`).pluck().all(slug) as string[];
  const t = performance.now();
  reviewIntegrity(db, slug, DEFAULT_INTEGRITY, new Set(top));
  console.log(`review of 20 winners (the prize dry run): ${Math.round(performance.now() - t)} ms`);
}
for (const [name, query] of [
  ['network groups', `SELECT COUNT(*) FROM (SELECT ip_network FROM contestants WHERE contest_slug = ? AND ip_network IS NOT NULL GROUP BY ip_network HAVING COUNT(*) >= 20)`],
  ['attempt network groups', `SELECT COUNT(*) FROM (SELECT ip_network FROM attempts WHERE contest_slug = ? AND ip_network IS NOT NULL GROUP BY ip_network HAVING COUNT(*) >= 60)`],
  ['phone groups', `SELECT COUNT(*) FROM (SELECT phone FROM contestants WHERE contest_slug = ? GROUP BY phone HAVING COUNT(*) >= 3)`],
  ['name groups', `SELECT COUNT(*) FROM (SELECT full_name FROM contestants WHERE contest_slug = ? GROUP BY full_name HAVING COUNT(*) >= 10)`],
  ['unit+source groups', `SELECT COUNT(*) FROM (SELECT unit_id || '|' || IFNULL(source, '') AS v, json_group_array(json_array(id, created_at)) FROM contestants WHERE contest_slug = ? GROUP BY v HAVING COUNT(*) >= 50)`],
  ['perfect attempts', `SELECT COUNT(*) FROM attempts a WHERE a.contest_slug = ? AND a.status = 'submitted' AND a.voided_at IS NULL AND a.score = a.total`],
  ['low scores', `SELECT COUNT(*) FROM attempts a WHERE a.contest_slug = ? AND a.status = 'submitted' AND a.voided_at IS NULL AND a.auto_submitted = 0 AND a.score <= 2`],
] as const) {
  const t = performance.now();
  db.prepare(query).get(slug);
  console.log(`${name}: ${Math.round(performance.now() - t)} ms`);
}
// The heaviest read alone: every saved answer, grouped into one pattern per attempt.
const t = performance.now();
db.prepare(
  `SELECT COUNT(*) FROM (SELECT a.id, group_concat(x.question_id || '=' || x.option_index, ',' ORDER BY x.question_id) AS p
   FROM attempts a JOIN attempt_answers x ON x.attempt_id = a.id WHERE a.contest_slug = ? AND a.status = 'submitted' AND a.voided_at IS NULL GROUP BY a.id)`,
).get(slug);
console.log(`answer patterns alone: ${Math.round(performance.now() - t)} ms`);
db.close();
rmSync(dir, { recursive: true, force: true });
