import { randomBytes } from 'node:crypto';
import type { CertificateHolder, CertificateListRow, StoredCertificate } from '../../db/certificates.js';
import { certificateCode, CODE_LENGTH } from '../../domain/certificate.js';
import type { CertificateStore, NotFound } from '../store.js';
import { finaliseOverdueAttempts } from './attempts.js';
import { recordPersonalDataRead } from './audit.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { all, contestBySlug, one, type Queryable } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

const COUNTED = `a.contestant_id = c.id AND a.status = 'submitted' AND a.voided_at IS NULL`;

const CERTIFICATE_COLUMNS = 'code, contest_slug AS "contestSlug", contestant_id AS "contestantId", issued_at AS "issuedAt"';

/** A contestant as a certificate names them, with their counted participation (db/certificates.ts `certificateHolder`). */
function holderOf(db: Queryable, contestantId: string): Promise<CertificateHolder | null> {
  return one<CertificateHolder>(
    db,
    `SELECT c.id AS "contestantId", c.contest_slug AS "contestSlug", c.full_name AS "fullName", c.unit_id AS "unitId",
        COALESCE(u.name, c.unit_id) AS "unitName",
        (SELECT MIN(a.submitted_at) FROM attempts a WHERE ${COUNTED}) AS "participatedAt",
        (SELECT MAX(a.score) FROM attempts a WHERE ${COUNTED}) AS "bestScore",
        (SELECT a.total FROM attempts a WHERE ${COUNTED} ORDER BY a.score DESC, a.submitted_at LIMIT 1) AS total
      FROM contestants c LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
      WHERE c.id = $1`,
    [contestantId],
  );
}

/**
 * Certificates over PostgreSQL (decision 0037), the SQLite store's rows and answers. Issuing locks
 * the contestant (FOR KEY SHARE: an erasure waits, registrations and attempts do not); two nodes
 * issuing for one person at once end with one row, the `contestant_id` key deciding.
 */
export function postgresCertificates({ pool, clock }: PostgresStoreDeps): CertificateStore {
  return {
    async mine(contestantId, slug) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const now = clock();
      await finaliseOverdueAttempts(pool, slug, now);
      return inTransaction(pool, async (db) => {
        if (!(await one(db, 'SELECT 1 FROM contestants WHERE id = $1 FOR KEY SHARE', [contestantId]))) return { kind: 'noContestant' } as const;
        const holder = (await holderOf(db, contestantId))!;
        const { participatedAt } = holder;
        if (participatedAt === null) return { kind: 'none' } as const;
        const certificate = await issue(db, slug, contestantId, now);
        return { kind: 'certificate', certificate, holder: { ...holder, participatedAt }, contest, at: now } as const;
      });
    },

    async check(code) {
      const certificate = await one<StoredCertificate>(pool, `SELECT ${CERTIFICATE_COLUMNS} FROM certificates WHERE code = $1`, [code]);
      if (!certificate) return null;
      const [holder, contest] = await Promise.all([holderOf(pool, certificate.contestantId), contestBySlug(pool, certificate.contestSlug)]);
      if (!holder || holder.participatedAt === null || !contest) return null;
      return { certificate, holder, contest };
    },

    async list(slug, reader, read) {
      const contest = await contestBySlug(pool, slug);
      if (!contest) return NO_CONTEST;
      const query = await read();
      if (query.unit !== undefined && !(await one(pool, 'SELECT 1 FROM units WHERE contest_slug = $1 AND id = $2', [contest.slug, query.unit]))) {
        return { kind: 'noUnit' };
      }
      const rows = await all<CertificateListRow>(
        pool,
        `WITH RECURSIVE chosen(id) AS (
           SELECT id FROM units WHERE contest_slug = $1 AND id = $2::text
           UNION SELECT u.id FROM units u JOIN chosen ON u.parent_id = chosen.id WHERE u.contest_slug = $1
         )
         SELECT c.unit_id AS "unitId", COALESCE(u.name, c.unit_id) AS "unitName", c.full_name AS "fullName", k.code, k.issued_at AS "issuedAt",
           (EXISTS (SELECT 1 FROM attempts a WHERE ${COUNTED}))::int AS valid
         FROM certificates k JOIN contestants c ON c.id = k.contestant_id
         LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id
         WHERE k.contest_slug = $1 AND ($2::text IS NULL OR c.unit_id IN (SELECT id FROM chosen))
         ORDER BY "unitName", c.unit_id, c.name_folded, k.code`,
        [contest.slug, query.unit ?? null],
      );
      await recordPersonalDataRead(pool, reader, 'certificates', contest.slug, clock(), {
        format: query.format,
        ...(query.unit ? { unit: query.unit } : {}),
        rows: rows.length,
      });
      return { kind: 'certificates', contest, query, rows };
    },
  };
}

/**
 * The contestant's certificate, made now when they have none (db/certificates.ts `issueCertificate`):
 * a drawn code that is taken is drawn again; a row another node made meanwhile is the one answered.
 */
async function issue(db: Queryable, slug: string, contestantId: string, now: Date): Promise<StoredCertificate> {
  for (;;) {
    const existing = await one<StoredCertificate>(db, `SELECT ${CERTIFICATE_COLUMNS} FROM certificates WHERE contestant_id = $1`, [contestantId]);
    if (existing) return existing;
    const made = await one<StoredCertificate>(
      db,
      `INSERT INTO certificates (code, contest_slug, contestant_id, issued_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING ${CERTIFICATE_COLUMNS}`,
      [certificateCode(randomBytes(CODE_LENGTH)), slug, contestantId, now.toISOString()],
    );
    if (made) return made;
  }
}
