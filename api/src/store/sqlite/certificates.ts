import { randomBytes } from 'node:crypto';
import { recordPersonalDataRead } from '../../db/admin.js';
import { finaliseOverdueAttempts } from '../../db/attempts.js';
import { certificateHolder, issueCertificate, listCertificates, validCertificate } from '../../db/certificates.js';
import { getContest, unitExists } from '../../db/contests.js';
import { certificateCode, CODE_LENGTH } from '../../domain/certificate.js';
import type { CertificateStore, NotFound } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });

/** Certificates over db/certificates.ts, in the order the routes ran them. */
export function sqliteCertificates({ db, clock }: SqliteStoreDeps): CertificateStore {
  return {
    async mine(contestantId, slug) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const now = clock();
      finaliseOverdueAttempts(db, slug, now);
      const holder = certificateHolder(db, contestantId);
      if (!holder) return { kind: 'noContestant' };
      const { participatedAt } = holder;
      if (participatedAt === null) return { kind: 'none' };
      const certificate = issueCertificate(db, slug, contestantId, now, () => certificateCode(randomBytes(CODE_LENGTH)));
      return { kind: 'certificate', certificate, holder: { ...holder, participatedAt }, contest, at: now };
    },

    async check(code) {
      const found = validCertificate(db, code);
      const contest = found ? getContest(db, found.certificate.contestSlug) : null;
      return found && contest ? { ...found, contest } : null;
    },

    async list(slug, reader, read) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      const query = await read();
      if (query.unit !== undefined && !unitExists(db, contest.slug, query.unit)) return { kind: 'noUnit' };
      const rows = listCertificates(db, contest.slug, query.unit ?? null);
      recordPersonalDataRead(db, reader, 'certificates', contest.slug, clock(), { format: query.format, ...(query.unit ? { unit: query.unit } : {}), rows: rows.length });
      return { kind: 'certificates', contest, query, rows };
    },
  };
}
