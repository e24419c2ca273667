/**
 * Certificates of participation in the store (decision 0037): one row per contestant, made on the
 * first request; whether it is valid is read each time from the attempts (a counted attempt — submitted,
 * not voided — must remain), so voiding every attempt or erasing the person takes it back.
 */
import { sql, type Db } from './connection.js';

export interface CertificateHolder {
  contestantId: string;
  contestSlug: string;
  fullName: string;
  unitId: string;
  unitName: string;
  /** The first counted attempt's submission; null when none counts (then no certificate is valid). */
  participatedAt: string | null;
  /** The best counted score, whatever the contest lets the contestant see yet. */
  bestScore: number | null;
  total: number | null;
}

export interface StoredCertificate {
  code: string;
  contestSlug: string;
  contestantId: string;
  issuedAt: string;
}

const COUNTED = `a.contestant_id = c.id AND a.status = 'submitted' AND a.voided_at IS NULL`;

const HOLDER = `SELECT c.id AS contestantId, c.contest_slug AS contestSlug, c.full_name AS fullName, c.unit_id AS unitId,
    COALESCE(u.name, c.unit_id) AS unitName,
    (SELECT MIN(a.submitted_at) FROM attempts a WHERE ${COUNTED}) AS participatedAt,
    (SELECT MAX(a.score) FROM attempts a WHERE ${COUNTED}) AS bestScore,
    (SELECT a.total FROM attempts a WHERE ${COUNTED} ORDER BY a.score DESC, a.submitted_at LIMIT 1) AS total
  FROM contestants c LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id`;

/** A contestant as a certificate names them, with their counted participation. */
export function certificateHolder(db: Db, contestantId: string): CertificateHolder | null {
  return sql<[string], CertificateHolder>(db, `${HOLDER} WHERE c.id = ?`).get(contestantId) ?? null;
}

/**
 * The contestant's certificate, made with `newCode` when they have none yet; the same row on every
 * later call. A new code that happens to be taken already is drawn again. One transaction.
 */
export function issueCertificate(db: Db, contestSlug: string, contestantId: string, now: Date, newCode: () => string): StoredCertificate {
  return db.transaction((): StoredCertificate => {
    const existing = sql<[string], StoredCertificate>(
      db,
      'SELECT code, contest_slug AS contestSlug, contestant_id AS contestantId, issued_at AS issuedAt FROM certificates WHERE contestant_id = ?',
    ).get(contestantId);
    if (existing) return existing;
    const insert = sql(db, 'INSERT OR IGNORE INTO certificates (code, contest_slug, contestant_id, issued_at) VALUES (?, ?, ?, ?)');
    for (;;) {
      const code = newCode();
      if (insert.run(code, contestSlug, contestantId, now.toISOString()).changes === 1) {
        return { code, contestSlug, contestantId, issuedAt: now.toISOString() };
      }
    }
  })();
}

/** The certificate of a code with its holder, when the code was issued and its holder still counts. */
export function validCertificate(db: Db, code: string): { certificate: StoredCertificate; holder: CertificateHolder } | null {
  const certificate = sql<[string], StoredCertificate>(
    db,
    'SELECT code, contest_slug AS contestSlug, contestant_id AS contestantId, issued_at AS issuedAt FROM certificates WHERE code = ?',
  ).get(code);
  if (!certificate) return null;
  const holder = certificateHolder(db, certificate.contestantId);
  if (!holder || holder.participatedAt === null) return null;
  return { certificate, holder };
}

export interface CertificateListRow {
  unitId: string;
  unitName: string;
  fullName: string;
  code: string;
  issuedAt: string;
  valid: number;
}

/**
 * A contest's certificates by unit and name, for the organisers' export; with `unitId`, those of
 * that unit and the units under it only.
 */
export function listCertificates(db: Db, slug: string, unitId: string | null): CertificateListRow[] {
  return sql<[string, string | null, string, string, string | null], CertificateListRow>(
    db,
    `WITH RECURSIVE chosen(id) AS (
       SELECT id FROM units WHERE contest_slug = ? AND id = ?
       UNION SELECT u.id FROM units u JOIN chosen ON u.parent_id = chosen.id WHERE u.contest_slug = ?
     )
     SELECT c.unit_id AS unitId, COALESCE(u.name, c.unit_id) AS unitName, c.full_name AS fullName, k.code, k.issued_at AS issuedAt,
       EXISTS (SELECT 1 FROM attempts a WHERE ${COUNTED}) AS valid
     FROM certificates k JOIN contestants c ON c.id = k.contestant_id
     LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
     WHERE k.contest_slug = ? AND (? IS NULL OR c.unit_id IN (SELECT id FROM chosen))
     ORDER BY unitName, c.unit_id, c.name_folded, k.code`,
  ).all(slug, unitId, slug, slug, unitId);
}
