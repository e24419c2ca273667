import type { AuditEntry } from '../../db/admin.js';
import type { Queryable } from './rows.js';

/** db/admin.ts `recordAudit`: one entry of the audit log, in the caller's transaction. */
export async function recordAudit(db: Queryable, entry: Omit<AuditEntry, 'id'>): Promise<void> {
  await db.query('INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)', [
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    entry.detail === undefined ? null : JSON.stringify(entry.detail),
  ]);
}
