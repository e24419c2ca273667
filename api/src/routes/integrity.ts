import { Hono } from 'hono';
import { flaggedWinners } from '../domain/integrity.js';
import { bulkVoidSchema } from '../contract/admin.js';
import { requireOrganiser } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { readJson, slugParam } from '../http/validate.js';
import { missing } from './contests.js';
import type { BulkVoided, IntegrityReview } from '../contract/admin.js';

export { flaggedWinners };

/** The jury's integrity review (read for organisers and jury) and the organisers' bulk void from it. */
export function integrityRoutes({ store }: Pick<PortableDeps, 'store'>): Hono {
  const app = new Hono();

  app.get('/contests/:slug/integrity', async (c) => {
    await requireOrganiser(store, c, 'read');
    const review = await store.integrity.review(slugParam(c));
    if ('kind' in review) throw missing(review.what);
    return c.json(review satisfies IntegrityReview);
  });

  app.post('/contests/:slug/attempts/void', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const contest = await store.contests.contest(slugParam(c));
    if (!contest) throw missing('contest');
    const { attemptIds, reason } = await readJson(c, bulkVoidSchema);
    const outcome = await store.integrity.voidAttempts(contest.slug, attemptIds, reason, admin.name);
    if ('kind' in outcome) {
      if (outcome.kind === 'notFound') throw missing(outcome.what);
      const unknown = outcome.attemptIds;
      const shown = unknown.slice(0, 20).join(', ') + (unknown.length > 20 ? ` và ${unknown.length - 20} mã khác` : '');
      throw new ApiError('VALIDATION', `Có ${unknown.length} mã lượt thi không thuộc cuộc thi này, không lượt nào bị huỷ`, {
        attemptIds: `Không tìm thấy lượt thi: ${shown}`,
      });
    }
    return c.json(outcome satisfies BulkVoided);
  });

  return app;
}
