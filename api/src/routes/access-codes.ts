import { Hono } from 'hono';
import {
  accessCodeCreateSchema,
  accessCodeIdSchema,
  type AccessCode,
  type AccessCodes,
  type CreatedAccessCode,
} from '../contract/admin.js';
import { accessCodeById, activeOrganiserCodes, createAccessCode, listAccessCodes, recordAudit, revokeAdminToken } from '../db/admin.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { invalidFields, readJson } from '../http/validate.js';
import { getContest } from '../db/contests.js';
import { normaliseHostname } from '../domain/hostname.js';
import { hashToken, newToken } from '../tokens.js';

/**
 * Access codes of the committee, the jury and host sites (`host`: read-only, one contest and one
 * source host name, decision 0040), managed from the console as the command line does
 * (`token create|list|revoke`). Listing shows names, roles and dates, never a value (only hashes
 * are stored); creating and revoking need an organiser code and are audited under the same
 * actions as the command line's. The last organiser code cannot be revoked (decision 0033).
 */
export function accessCodeRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  app.get('/access-codes', (c) => {
    requireAdmin(db, c, 'read');
    return c.json(listAccessCodes(db) satisfies AccessCodes);
  });

  app.post('/access-codes', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const { name, role, contestSlug, source } = await readJson(c, accessCodeCreateSchema);
    // A host code (decision 0040): one existing contest, one source host name as registrations record it.
    const scope = role === 'host' ? { contestSlug: contestSlug!, source: normaliseHostname(source!)! } : null;
    if (scope && !getContest(db, scope.contestSlug)) throw invalidFields({ contestSlug: 'Không có cuộc thi với mã này' });
    const token = newToken();
    const code = db.transaction(() => {
      const now = clock();
      const created = createAccessCode(db, hashToken(token), name, role, now, scope);
      recordAudit(db, { at: now.toISOString(), actor: admin.name, action: 'token.create', target: name, detail: { role, id: created.id, ...(scope ? { scope } : {}) } });
      return created;
    })();
    return c.json({ code, token } satisfies CreatedAccessCode, 201);
  });

  app.delete('/access-codes/:id', (c) => {
    const admin = requireAdmin(db, c, 'write');
    const parsed = accessCodeIdSchema.safeParse(c.req.param('id'));
    if (!parsed.success) throw new ApiError('VALIDATION', 'Mã số của mã truy cập không hợp lệ', { id: 'Phải là một số nguyên dương' });
    const code = db.transaction(() => {
      const found = accessCodeById(db, parsed.data);
      if (!found) throw notFound('Không tìm thấy mã truy cập này');
      const { tokenHash, ...listed } = found;
      if (listed.revokedAt) return listed;
      // Revoking the last organiser code would leave nobody able to manage the contest from the console.
      if (listed.role === 'organiser' && activeOrganiserCodes(db) <= 1) {
        throw new ApiError('CONFLICT', `Không thể thu hồi «${listed.name}»: đây là mã Ban Tổ chức cuối cùng còn hiệu lực. Hãy tạo một mã Ban Tổ chức khác trước.`);
      }
      const now = clock();
      revokeAdminToken(db, tokenHash, now);
      recordAudit(db, { at: now.toISOString(), actor: admin.name, action: 'token.revoke', target: listed.name, detail: { revoked: 1, id: listed.id } });
      return { ...listed, revokedAt: now.toISOString() };
    })();
    return c.json(code satisfies AccessCode);
  });

  return app;
}
