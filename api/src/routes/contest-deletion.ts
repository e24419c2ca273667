import { Hono } from 'hono';
import type { ContestDeleted } from '../contract/admin.js';
import { recordAudit } from '../db/admin.js';
import { deleteContest } from '../db/contests.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';

/**
 * `DELETE /api/admin/contests/:slug`: a contest made by mistake or for a rehearsal goes away with its
 * questions, units, exclusions and registrations. Once anyone has taken an attempt it is a record
 * of the contest and stays (409); decision 0033.
 */
export function contestDeletionRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  app.delete('/contests/:slug', (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const removed = db.transaction(() => {
      const counts = deleteContest(db, contest.slug);
      if (!counts) {
        throw new ApiError(
          'CONFLICT',
          `Không thể xoá cuộc thi «${contest.title}»: đã có lượt thi. Kết quả thi là hồ sơ của cuộc thi nên phải được giữ lại; có thể đổi thời gian để đóng cuộc thi.`,
        );
      }
      recordAudit(db, { at: clock().toISOString(), actor: admin.name, action: 'contest.delete', target: contest.slug, detail: { before: contest, removed: counts } });
      return counts;
    })();
    return c.json({ slug: contest.slug, title: contest.title, removed } satisfies ContestDeleted);
  });

  return app;
}
