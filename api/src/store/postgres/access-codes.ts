import { tokenFromRow, type TokenRow } from '../../db/admin.js';
import { hashToken } from '../../tokens.js';
import type { AccessCodeStore } from '../store.js';
import type { PostgresStoreDeps } from './index.js';

/** db/admin.ts `adminByToken`, with the aliases quoted (PostgreSQL folds unquoted names to lower case). */
export function postgresAccessCodes({ pool }: PostgresStoreDeps): AccessCodeStore {
  return {
    async byToken(token) {
      const { rows } = await pool.query<TokenRow>(
        `SELECT name, role, created_at AS "createdAt", revoked_at AS "revokedAt", contest_slug AS "contestSlug", source_host AS "source"
         FROM admin_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
        [hashToken(token)],
      );
      return rows[0] ? tokenFromRow(rows[0]) : null;
    },
  };
}
