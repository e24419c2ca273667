import type { Context } from 'hono';
import { adminByToken, type AdminToken } from '../db/admin.js';
import type { Db } from '../db/connection.js';
import { contestantByToken, type Contestant } from '../db/contestants.js';
import { hashToken, TOKEN_PATTERN } from '../tokens.js';
import { ApiError } from './errors.js';

const BEARER = /^Bearer\s+(\S+)\s*$/;

function bearerToken(c: Context): string | null {
  const match = BEARER.exec(c.req.header('authorization') ?? '');
  return match && TOKEN_PATTERN.test(match[1]!) ? match[1]! : null;
}

const SIGN_IN_AGAIN = 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.';

/** The contestant whose token the request carries, registered in `slug` when given. */
export function requireContestant(db: Db, c: Context, slug?: string): Contestant {
  const token = bearerToken(c);
  const contestant = token ? contestantByToken(db, hashToken(token)) : null;
  if (!contestant || (slug !== undefined && contestant.contestSlug !== slug)) {
    throw new ApiError('UNAUTHORIZED', SIGN_IN_AGAIN);
  }
  return contestant;
}

/** The organiser or jury member behind an admin token; jury tokens may only read. */
export function requireAdmin(db: Db, c: Context, access: 'read' | 'write'): AdminToken {
  const token = bearerToken(c);
  const admin = token ? adminByToken(db, hashToken(token)) : null;
  if (!admin) throw new ApiError('UNAUTHORIZED', 'Cần mã truy cập của Ban Tổ chức hợp lệ');
  if (access === 'write' && admin.role !== 'organiser') {
    throw new ApiError('FORBIDDEN', 'Mã truy cập của Ban Giám khảo chỉ được xem, không được thay đổi dữ liệu');
  }
  return admin;
}
