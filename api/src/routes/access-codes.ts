import { Hono } from 'hono';
import { accessCodeCreateSchema, accessCodeIdSchema, type AccessCode, type AccessCodes, type CreatedAccessCode } from '../contract/admin.js';
import { requireOrganiser } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { invalidFields, readJson } from '../http/validate.js';
import { normaliseHostname } from '../domain/hostname.js';

/**
 * Access codes of the committee, the jury and host sites (`host`: read-only, one contest and one
 * source host name, decision 0040), managed from the console as the command line does
 * (`token create|list|revoke`). Listing shows names, roles and dates, never a value (only hashes
 * are stored); creating and revoking need an organiser code and are audited under the same
 * actions as the command line's. The last organiser code cannot be revoked (decision 0033).
 * Over the store (`store.accessCodes`): served on SQLite and PostgreSQL alike (decision 0047).
 */
export function accessCodeRoutes(deps: PortableDeps): Hono {
  const { store } = deps;
  const app = new Hono();

  app.get('/access-codes', async (c) => {
    await requireOrganiser(store, c, 'read');
    return c.json((await store.accessCodes.list()) satisfies AccessCodes);
  });

  app.post('/access-codes', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const { name, role, contestSlug, source } = await readJson(c, accessCodeCreateSchema);
    // A host code (decision 0040): one existing contest, one source host name as registrations record it.
    const scope = role === 'host' ? { contestSlug: contestSlug!, source: normaliseHostname(source!)! } : null;
    const outcome = await store.accessCodes.create({ name, role, scope }, admin.name);
    if (outcome.kind === 'noContest') throw invalidFields({ contestSlug: 'Không có cuộc thi với mã này' });
    return c.json({ code: outcome.code, token: outcome.token } satisfies CreatedAccessCode, 201);
  });

  app.delete('/access-codes/:id', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const parsed = accessCodeIdSchema.safeParse(c.req.param('id'));
    if (!parsed.success) throw new ApiError('VALIDATION', 'Mã số của mã truy cập không hợp lệ', { id: 'Phải là một số nguyên dương' });
    const outcome = await store.accessCodes.revoke(parsed.data, admin.name);
    if (outcome.kind === 'notFound') throw notFound('Không tìm thấy mã truy cập này');
    if (outcome.kind === 'lastOrganiser') {
      // Revoking the last organiser code would leave nobody able to manage the contest from the console.
      throw new ApiError(
        'CONFLICT',
        `Không thể thu hồi «${outcome.code.name}»: đây là mã Ban Tổ chức cuối cùng còn hiệu lực. Hãy tạo một mã Ban Tổ chức khác trước.`,
      );
    }
    return c.json(outcome.code satisfies AccessCode);
  });

  return app;
}
