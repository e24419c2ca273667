import { COMMAND_LINE_CODE_PREFIX, tokenFromRow, type AccessCode, type TokenRow } from '../../db/admin.js';
import { hashToken } from '../../tokens.js';
import type { AccessCodeStore } from '../store.js';
import { recordAudit } from './audit.js';
import type { PostgresStoreDeps } from './index.js';
import { inTransaction } from './pool.js';
import { all, one } from './rows.js';

/** db/admin.ts TOKEN_COLUMNS, with the aliases quoted (PostgreSQL folds unquoted names to lower case). */
const TOKEN_COLUMNS = `name, role, created_at AS "createdAt", revoked_at AS "revokedAt", contest_slug AS "contestSlug", source_host AS "source"`;

/** Not one of the command line's short-lived codes (named "Dòng lệnh (user)"). */
const NOT_COMMAND_LINE = 'left(name, length($1)) <> $1';

/** Access codes over PostgreSQL, the same rows and audit entries as db/admin.ts. */
export function postgresAccessCodes({ pool, clock }: PostgresStoreDeps): AccessCodeStore {
  return {
    async byToken(token) {
      const row = await one<TokenRow>(pool, `SELECT ${TOKEN_COLUMNS} FROM admin_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [hashToken(token)]);
      return row ? tokenFromRow(row) : null;
    },
    async list(everyCode) {
      const rows = await all<TokenRow & { id: number }>(
        pool,
        `SELECT rowid AS id, ${TOKEN_COLUMNS} FROM admin_tokens
         WHERE $2 OR revoked_at IS NULL OR ${NOT_COMMAND_LINE} ORDER BY created_at, rowid`,
        [COMMAND_LINE_CODE_PREFIX, everyCode],
      );
      return rows.map(tokenFromRow);
    },
    create(token, { name, role, scope }, actor) {
      return inTransaction(pool, async (db) => {
        // The contest's row is kept (FOR KEY SHARE) until the code referencing it is written.
        if (scope && !(await one(db, 'SELECT 1 FROM contests WHERE slug = $1 FOR KEY SHARE', [scope.contestSlug]))) {
          return { kind: 'notFound' as const, what: 'contest' as const };
        }
        const now = clock();
        const { id } = (await one<{ id: number }>(
          db,
          `INSERT INTO admin_tokens (token_hash, name, role, created_at, contest_slug, source_host) VALUES ($1, $2, $3, $4, $5, $6) RETURNING rowid AS id`,
          [hashToken(token), name, role, now.toISOString(), scope?.contestSlug ?? null, scope?.source ?? null],
        ))!;
        await recordAudit(db, { at: now.toISOString(), actor, action: 'token.create', target: name, detail: { role, id, ...(scope ? { scope } : {}) } });
        return { id, name, role, createdAt: now.toISOString(), revokedAt: null, ...(scope ? { scope } : {}) } satisfies AccessCode;
      });
    },
    revoke(id, actor) {
      return inTransaction(pool, async (db) => {
        // The active organiser codes are locked first, in one order, then the code revoked: two
        // revocations at once on two nodes queue, and the second no longer counts the first's code.
        const organisers = await all(
          db,
          `SELECT rowid FROM admin_tokens WHERE role = 'organiser' AND revoked_at IS NULL AND ${NOT_COMMAND_LINE} ORDER BY rowid FOR UPDATE`,
          [COMMAND_LINE_CODE_PREFIX],
        );
        const row = await one<TokenRow & { id: number }>(db, `SELECT rowid AS id, ${TOKEN_COLUMNS} FROM admin_tokens WHERE rowid = $1 FOR UPDATE`, [id]);
        if (!row) return { kind: 'notFound' as const, what: 'accessCode' as const };
        const listed = tokenFromRow(row);
        if (listed.revokedAt) return listed;
        if (listed.role === 'organiser' && organisers.length <= 1) return { kind: 'lastOrganiser' as const, name: listed.name };
        const now = clock();
        await db.query('UPDATE admin_tokens SET revoked_at = $1 WHERE rowid = $2', [now.toISOString(), id]);
        await recordAudit(db, { at: now.toISOString(), actor, action: 'token.revoke', target: listed.name, detail: { revoked: 1, id } });
        return { ...listed, revokedAt: now.toISOString() };
      });
    },
    revokeNamed(name, actor) {
      return inTransaction(pool, async (db) => {
        const now = clock();
        const { rowCount } = await db.query('UPDATE admin_tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL', [now.toISOString(), name]);
        const count = rowCount ?? 0;
        if (count > 0) await recordAudit(db, { at: now.toISOString(), actor, action: 'token.revoke', target: name, detail: { revoked: count } });
        return count;
      });
    },
    async commandLineCode(token, actor) {
      const tokenHash = hashToken(token);
      await pool.query(`INSERT INTO admin_tokens (token_hash, name, role, created_at) VALUES ($1, $2, 'organiser', $3)`, [tokenHash, actor, clock().toISOString()]);
      return {
        async end() {
          await pool.query('UPDATE admin_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [clock().toISOString(), tokenHash]);
        },
      };
    },
  };
}
