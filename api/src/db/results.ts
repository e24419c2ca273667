import { sql, type Db } from './connection.js';
import { emitWebhookEvent } from './webhooks.js';

export interface PublishedResults<P> {
  publishedAt: string;
  publishedBy: string;
  payload: P;
}

export function getPublishedResults<P>(db: Db, slug: string): PublishedResults<P> | null {
  const row = sql<[string], { publishedAt: string; publishedBy: string; payload: string }>(
    db,
    'SELECT published_at AS publishedAt, published_by AS publishedBy, payload FROM results WHERE contest_slug = ?',
  ).get(slug);
  return row ? { ...row, payload: JSON.parse(row.payload) as P } : null;
}

/** When the contest's results were published, or null: public contest info says so (no 404 to ask). */
export function resultsPublishedAt(db: Db, slug: string): string | null {
  return sql<[string], { publishedAt: string }>(db, 'SELECT published_at AS publishedAt FROM results WHERE contest_slug = ?').get(slug)?.publishedAt ?? null;
}

/** Freezes a computation as the published results; later attempts or edits no longer change them. Emits `results.published` in the caller's transaction. */
export function publishResults(db: Db, slug: string, payload: unknown, by: string, now: Date): void {
  sql(
    db,
    `INSERT INTO results (contest_slug, published_at, published_by, payload) VALUES (?, ?, ?, ?)
     ON CONFLICT (contest_slug) DO UPDATE SET published_at = excluded.published_at,
       published_by = excluded.published_by, payload = excluded.payload`,
  ).run(slug, now.toISOString(), by, JSON.stringify(payload));
  emitWebhookEvent(db, slug, 'results.published', now, () => ({ publishedAt: now.toISOString() }));
}

/** Contact details of winners (the winners' list for the secretariat), by contestant id. */
export function winnerContacts(
  db: Db,
  ids: Iterable<string>,
): Map<string, { fullName: string; idNumber: string; phone: string; birthDate: string; unitName: string }> {
  const read = sql<[string], { fullName: string; idNumber: string; phone: string; birthDate: string; unitName: string }>(
    db,
    `SELECT c.full_name AS fullName, c.id_number AS idNumber, c.phone, c.birth_date AS birthDate, COALESCE(u.name, c.unit_id) AS unitName
     FROM contestants c LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id WHERE c.id = ?`,
  );
  const contacts = new Map<string, { fullName: string; idNumber: string; phone: string; birthDate: string; unitName: string }>();
  for (const id of ids) {
    const found = read.get(id);
    if (found) contacts.set(id, found);
  }
  return contacts;
}

/**
 * Marks published results as not yet recomputed after a regrade changed scores (db/regrade.ts);
 * publishing again replaces the payload and so clears it.
 */
export function markResultsOutdated(db: Db, slug: string, now: Date): boolean {
  const marked = sql(db, `UPDATE results SET payload = json_set(payload, '$.outdated', json('true'), '$.regradedAt', ?) WHERE contest_slug = ?`).run(
    now.toISOString(),
    slug,
  ).changes;
  // A round's published results (decision 0041) are as outdated as the contest's.
  const rounds = sql(db, `UPDATE round_results SET payload = json_set(payload, '$.outdated', json('true'), '$.regradedAt', ?) WHERE contest_slug = ?`).run(
    now.toISOString(),
    slug,
  ).changes;
  return marked + rounds > 0;
}
