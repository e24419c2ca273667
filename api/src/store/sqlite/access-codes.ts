import {
  accessCodeById,
  activeOrganiserCodes,
  adminByToken,
  createAccessCode,
  createAdminToken,
  listAccessCodes,
  recordAudit,
  revokeAdminToken,
  revokeAdminTokens,
} from '../../db/admin.js';
import { getContest } from '../../db/contests.js';
import { hashToken } from '../../tokens.js';
import type { AccessCodeStore } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

/** Access codes over db/admin.ts, each write with its audit entry in one transaction. */
export function sqliteAccessCodes({ db, clock }: SqliteStoreDeps): AccessCodeStore {
  return {
    byToken: async (token) => adminByToken(db, hashToken(token)),
    list: async (all) => listAccessCodes(db, all),
    async create(token, { name, role, scope }, actor) {
      return db.transaction(() => {
        if (scope && !getContest(db, scope.contestSlug)) return { kind: 'notFound' as const, what: 'contest' as const };
        const now = clock();
        const created = createAccessCode(db, hashToken(token), name, role, now, scope);
        recordAudit(db, { at: now.toISOString(), actor, action: 'token.create', target: name, detail: { role, id: created.id, ...(scope ? { scope } : {}) } });
        return created;
      })();
    },
    async revoke(id, actor) {
      return db.transaction(() => {
        const found = accessCodeById(db, id);
        if (!found) return { kind: 'notFound' as const, what: 'accessCode' as const };
        const { tokenHash, ...listed } = found;
        if (listed.revokedAt) return listed;
        if (listed.role === 'organiser' && activeOrganiserCodes(db) <= 1) return { kind: 'lastOrganiser' as const, name: listed.name };
        const now = clock();
        revokeAdminToken(db, tokenHash, now);
        recordAudit(db, { at: now.toISOString(), actor, action: 'token.revoke', target: listed.name, detail: { revoked: 1, id: listed.id } });
        return { ...listed, revokedAt: now.toISOString() };
      })();
    },
    async revokeNamed(name, actor) {
      return db.transaction(() => {
        const now = clock();
        const count = revokeAdminTokens(db, name, now);
        if (count > 0) recordAudit(db, { at: now.toISOString(), actor, action: 'token.revoke', target: name, detail: { revoked: count } });
        return count;
      })();
    },
    async commandLineCode(token, actor) {
      const tokenHash = hashToken(token);
      createAdminToken(db, tokenHash, actor, 'organiser', clock());
      return {
        async end() {
          revokeAdminToken(db, tokenHash, clock());
        },
      };
    },
  };
}
