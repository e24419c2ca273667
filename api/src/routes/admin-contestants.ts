import { Hono } from 'hono';
import { normalisePhone, PHONE_MESSAGE } from '../domain/phone.js';
import { changePhoneSchema, releaseContestantSchema } from '../contract/admin.js';
import { requireOrganiser } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { idParam, invalidFields, readJson, slugParam } from '../http/validate.js';
import { missing } from './contests.js';
import type { PhoneChanged, Released } from '../contract/admin.js';

const NOT_IN_CONTEST = 'Không tìm thấy thí sinh trong cuộc thi này';
const ALREADY_RELEASED = 'Đăng ký này đã được giải phóng số định danh trước đó';

/**
 * Remedies for a contestant's account that only the organisers can apply, after checking who the
 * person is offline: releasing an ID number someone else registered, and changing a phone number.
 * Organiser tokens only (the jury is refused 403); each is audited without the ID number in clear.
 */
export function adminContestantRoutes({ store }: Pick<PortableDeps, 'store'>): Hono {
  const app = new Hono();

  app.post('/contests/:slug/contestants/:id/release', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const contest = await store.contests.contest(slugParam(c));
    if (!contest) throw missing('contest');
    const id = idParam(c);
    const { reason } = await readJson(c, releaseContestantSchema);
    const outcome = await store.contestantAccounts.release(contest.slug, id, reason, admin.name);
    if (outcome.kind === 'notFound') throw notFound(NOT_IN_CONTEST);
    if (outcome.kind === 'alreadyReleased') throw new ApiError('CONFLICT', ALREADY_RELEASED);
    return c.json({
      contestantId: id,
      releasedAt: outcome.releasedAt,
      voidedAttempts: outcome.voidedAttempts,
      endedSessions: outcome.endedSessions,
    } satisfies Released);
  });

  app.put('/contests/:slug/contestants/:id/phone', async (c) => {
    const admin = await requireOrganiser(store, c, 'write');
    const contest = await store.contests.contest(slugParam(c));
    if (!contest) throw missing('contest');
    const id = idParam(c);
    const body = await readJson(c, changePhoneSchema);
    const phone = normalisePhone(body.phone);
    if (!phone) throw invalidFields({ phone: PHONE_MESSAGE }, 'Số điện thoại mới chưa hợp lệ');
    const outcome = await store.contestantAccounts.changePhone(contest.slug, id, phone, body.reason, admin.name);
    if (outcome.kind === 'excluded') {
      throw invalidFields(
        { phone: 'Số điện thoại này thuộc danh sách thành viên Ban Tổ chức, Ban Giám khảo, Tổ Thư ký' },
        'Không thể đổi sang số điện thoại thuộc danh sách không được dự thi',
      );
    }
    if (outcome.kind === 'notFound') throw notFound(NOT_IN_CONTEST);
    if (outcome.kind === 'released') throw new ApiError('CONFLICT', ALREADY_RELEASED);
    if (outcome.kind === 'same') throw invalidFields({ phone: 'Số điện thoại mới trùng với số đang đăng ký' }, 'Số điện thoại không thay đổi');
    return c.json({ contestantId: id, phone } satisfies PhoneChanged);
  });

  return app;
}
