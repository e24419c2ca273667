import { accessCodeById, activeOrganiserCodes, adminByToken, createAccessCode, listAccessCodes, recordAudit, revokeAdminToken } from '../../db/admin.js';
import { getContest } from '../../db/contests.js';
import { hashToken, newToken } from '../../tokens.js';
import type { AccessCodeStore } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

/** Access codes over one connection: the db/admin.ts functions the routes called, in the same order. */
export function sqliteAccessCodes({ db, clock }: SqliteStoreDeps): AccessCodeStore {
  return {
    async byToken(token) {
      return adminByToken(db, hashToken(token));
    },

    async list() {
      return listAccessCodes(db);
    },

    async create({ name, role, scope }, by) {
      if (scope && !getContest(db, scope.contestSlug)) return { kind: 'noContest' };
      const token = newToken();
      const code = db.transaction(() => {
        const now = clock();
        const created = createAccessCode(db, hashToken(token), name, role, now, scope);
        recordAudit(db, { at: now.toISOString(), actor: by, action: 'token.create', target: name, detail: { role, id: created.id, ...(scope ? { scope } : {}) } });
        return created;
      })();
      return { kind: 'created', code, token };
    },

    async revoke(id, by) {
      return db.transaction(() => {
        const found = accessCodeById(db, id);
        if (!found) return { kind: 'notFound' } as const;
        const { tokenHash, ...listed } = found;
        if (listed.revokedAt) return { kind: 'revoked', code: listed } as const;
        // Revoking the last organiser code would leave nobody able to manage the contest from the console.
        if (listed.role === 'organiser' && activeOrganiserCodes(db) <= 1) return { kind: 'lastOrganiser', code: listed } as const;
        const now = clock();
        revokeAdminToken(db, tokenHash, now);
        recordAudit(db, { at: now.toISOString(), actor: by, action: 'token.revoke', target: listed.name, detail: { revoked: 1, id: listed.id } });
        return { kind: 'revoked', code: { ...listed, revokedAt: now.toISOString() } } as const;
      })();
    },
  };
}
