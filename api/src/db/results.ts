import { sql, type Db } from './connection.js';

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

/** Freezes a computation as the published results; later attempts or edits no longer change them. */
export function publishResults(db: Db, slug: string, payload: unknown, by: string, now: Date): void {
  sql(
    db,
    `INSERT INTO results (contest_slug, published_at, published_by, payload) VALUES (?, ?, ?, ?)
     ON CONFLICT (contest_slug) DO UPDATE SET published_at = excluded.published_at,
       published_by = excluded.published_by, payload = excluded.payload`,
  ).run(slug, now.toISOString(), by, JSON.stringify(payload));
}
