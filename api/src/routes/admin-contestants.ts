import { Hono } from 'hono';
import { recordAudit } from '../db/admin.js';
import { changeContestantPhone, releaseContestant } from '../db/contestant-accounts.js';
import { isExcluded } from '../db/contests.js';
import { signInKey } from '../db/sessions.js';
import { normalisePhone, PHONE_MESSAGE } from '../domain/phone.js';
import { changePhoneSchema, releaseContestantSchema } from '../contract/admin.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { idParam, invalidFields, readJson, slugParam } from '../http/validate.js';
import { requireContest } from './contests.js';
import type { PhoneChanged, Released } from '../contract/admin.js';

/** "0912****07": enough for a person to recognise the number in the audit, not to call it. */
export function maskPhone(phone: string): string {
  return phone.length <= 6 ? '*'.repeat(phone.length) : `${phone.slice(0, 4)}${'*'.repeat(phone.length - 6)}${phone.slice(-2)}`;
}

const NOT_IN_CONTEST = 'Không tìm thấy thí sinh trong cuộc thi này';
const ALREADY_RELEASED = 'Đăng ký này đã được giải phóng số định danh trước đó';

/**
 * Remedies for a contestant's account that only the organisers can apply, after checking who the
 * person is offline: releasing an ID number someone else registered, and changing a phone number.
 * Organiser tokens only (the jury is refused 403); each is audited without the ID number in clear.
 */
export function adminContestantRoutes(deps: AppDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();

  app.post('/contests/:slug/contestants/:id/release', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = idParam(c);
    const { reason } = await readJson(c, releaseContestantSchema);
    const now = clock();
    const outcome = db.transaction(() => {
      const released = releaseContestant(db, contest.slug, id, reason, now);
      if (released.kind !== 'released') return released;
      recordAudit(db, {
        at: now.toISOString(),
        actor: admin.name,
        action: 'contestant.release',
        target: id,
        detail: {
          reason,
          idNumberHash: signInKey(contest.slug, released.contestant.idNumber),
          voidedAttempts: released.voidedAttempts,
          endedSessions: released.endedSessions,
        },
      });
      return released;
    })();
    if (outcome.kind === 'notFound') throw notFound(NOT_IN_CONTEST);
    if (outcome.kind === 'alreadyReleased') throw new ApiError('CONFLICT', ALREADY_RELEASED);
    return c.json({
      contestantId: id,
      releasedAt: now.toISOString(),
      voidedAttempts: outcome.voidedAttempts,
      endedSessions: outcome.endedSessions,
    } satisfies Released);
  });

  app.put('/contests/:slug/contestants/:id/phone', async (c) => {
    const admin = requireAdmin(db, c, 'write');
    const contest = requireContest(deps, slugParam(c));
    const id = idParam(c);
    const body = await readJson(c, changePhoneSchema);
    const phone = normalisePhone(body.phone);
    if (!phone) throw invalidFields({ phone: PHONE_MESSAGE }, 'Số điện thoại mới chưa hợp lệ');
    if (isExcluded(db, contest.slug, '', phone)) {
      throw invalidFields(
        { phone: 'Số điện thoại này thuộc danh sách thành viên Ban Tổ chức, Ban Giám khảo, Tổ Thư ký' },
        'Không thể đổi sang số điện thoại thuộc danh sách không được dự thi',
      );
    }
    const now = clock();
    const outcome = db.transaction(() => {
      const changed = changeContestantPhone(db, contest.slug, id, phone);
      if (changed.kind !== 'changed') return changed;
      recordAudit(db, {
        at: now.toISOString(),
        actor: admin.name,
        action: 'contestant.phone',
        target: id,
        detail: { reason: body.reason, phoneBefore: maskPhone(changed.before), phoneAfter: maskPhone(phone) },
      });
      return changed;
    })();
    if (outcome.kind === 'notFound') throw notFound(NOT_IN_CONTEST);
    if (outcome.kind === 'released') throw new ApiError('CONFLICT', ALREADY_RELEASED);
    if (outcome.kind === 'same') throw invalidFields({ phone: 'Số điện thoại mới trùng với số đang đăng ký' }, 'Số điện thoại không thay đổi');
    return c.json({ contestantId: id, phone } satisfies PhoneChanged);
  });

  return app;
}
