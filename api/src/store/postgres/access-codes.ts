import { COMMAND_LINE_CODE_PREFIX, tokenFromRow, type AccessCode, type TokenRow } from '../../db/admin.js';
import { hashToken, newToken } from '../../tokens.js';
import type { AccessCodeStore } from '../store.js';
import { recordAudit } from './audit.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { all, one, type Queryable } from './rows.js';

/** db/admin.ts TOKEN_COLUMNS, with the aliases quoted (PostgreSQL folds unquoted names to lower case). */
const TOKEN_COLUMNS = `name, role, created_at AS "createdAt", revoked_at AS "revokedAt", contest_slug AS "contestSlug", source_host AS "source"`;

async function codeById(db: Queryable, id: number): Promise<(AccessCode & { tokenHash: string }) | null> {
  const row = await one<TokenRow & { id: number; tokenHash: string }>(db, `SELECT rowid AS id, token_hash AS "tokenHash", ${TOKEN_COLUMNS} FROM admin_tokens WHERE rowid = $1 FOR UPDATE`, [id]);
  return row ? tokenFromRow(row) : null;
}

/** The access codes over PostgreSQL (db/admin.ts), with the SQLite store's answers and rows. */
export function postgresAccessCodes({ pool, clock }: PostgresStoreDeps): AccessCodeStore {
  return {
    async byToken(token) {
      const row = await one<TokenRow>(pool, `SELECT ${TOKEN_COLUMNS} FROM admin_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [hashToken(token)]);
      return row ? tokenFromRow(row) : null;
    },

    async list() {
      const rows = await all<TokenRow & { id: number }>(
        pool,
        `SELECT rowid AS id, ${TOKEN_COLUMNS} FROM admin_tokens
         WHERE revoked_at IS NULL OR substr(name, 1, length($1)) <> $1 ORDER BY created_at, rowid`,
        [COMMAND_LINE_CODE_PREFIX],
      );
      return rows.map(tokenFromRow);
    },

    async create({ name, role, scope }, by) {
      const token = newToken();
      return inTransaction(pool, async (db) => {
        // Kept until the code is written: the contest cannot go meanwhile.
        if (scope && !(await one(db, 'SELECT 1 FROM contests WHERE slug = $1 FOR KEY SHARE', [scope.contestSlug]))) return { kind: 'noContest' } as const;
        const now = clock();
        const { id } = (await one<{ id: number }>(
          db,
          'INSERT INTO admin_tokens (token_hash, name, role, created_at, contest_slug, source_host) VALUES ($1, $2, $3, $4, $5, $6) RETURNING rowid AS id',
          [hashToken(token), name, role, now.toISOString(), scope?.contestSlug ?? null, scope?.source ?? null],
        ))!;
        await recordAudit(db, { at: now.toISOString(), actor: by, action: 'token.create', target: name, detail: { role, id, ...(scope ? { scope } : {}) } });
        const code: AccessCode = { id, name, role, createdAt: now.toISOString(), revokedAt: null, ...(scope ? { scope } : {}) };
        return { kind: 'created', code, token } as const;
      });
    },

    revoke(id, by) {
      return inTransaction(pool, async (db) => {
        // The active organiser codes locked first, in one order: a second revocation waits, then counts what the first left.
        await db.query(`SELECT rowid FROM admin_tokens WHERE role = 'organiser' AND revoked_at IS NULL ORDER BY rowid FOR UPDATE`);
        const found = await codeById(db, id);
        if (!found) return { kind: 'notFound' } as const;
        const { tokenHash, ...listed } = found;
        if (listed.revokedAt) return { kind: 'revoked', code: listed } as const;
        if (listed.role === 'organiser') {
          const active = await one<{ n: number }>(
            db,
            `SELECT COUNT(*) AS n FROM admin_tokens WHERE role = 'organiser' AND revoked_at IS NULL AND substr(name, 1, length($1)) <> $1`,
            [COMMAND_LINE_CODE_PREFIX],
          );
          if (active!.n <= 1) return { kind: 'lastOrganiser', code: listed } as const;
        }
        const now = clock();
        await db.query('UPDATE admin_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [now.toISOString(), tokenHash]);
        await recordAudit(db, { at: now.toISOString(), actor: by, action: 'token.revoke', target: listed.name, detail: { revoked: 1, id: listed.id } });
        return { kind: 'revoked', code: { ...listed, revokedAt: now.toISOString() } } as const;
      });
    },
  };
}
