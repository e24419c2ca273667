import { Hono } from 'hono';
import type { ContestDeleted } from '../contract/admin.js';
import { requireOrganiser } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { slugParam } from '../http/validate.js';
import { missing } from './contests.js';

/**
 * `DELETE /api/admin/contests/:slug`: a contest made by mistake or for a rehearsal goes away with its
 * questions, units, exclusions and registrations. Once anyone has taken an attempt it is a record
 * of the contest and stays (409); decision 0033.
 */
export function contestDeletionRoutes({ store }: Pick<PortableDeps, 'store'>): Hono {
  const app = new Hono();

  app.delete('/contests/:slug', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const outcome = await store.setup.deleteContest(slugParam(c), admin.name);
    if (outcome.kind === 'notFound') throw missing(outcome.what);
    const { contest } = outcome;
    if (outcome.kind === 'hasAttempts') {
      throw new ApiError(
        'CONFLICT',
        `Không thể xoá cuộc thi «${contest.title}»: đã có lượt thi. Kết quả thi là hồ sơ của cuộc thi nên phải được giữ lại; có thể đổi thời gian để đóng cuộc thi.`,
      );
    }
    return c.json({ slug: contest.slug, title: contest.title, removed: outcome.removed } satisfies ContestDeleted);
  });

  return app;
}
