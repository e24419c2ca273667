import type { Context, MiddlewareHandler } from 'hono';
import { adminByToken, type AdminToken } from '../db/admin.js';
import type { Db } from '../db/connection.js';
import { contestantByToken, type Contestant } from '../db/contestants.js';
import { hashToken, TOKEN_PATTERN } from '../tokens.js';
import type { PortableStore } from '../store/store.js';
import type { AppDeps, PortableDeps } from './deps.js';
import { ApiError } from './errors.js';
import { slugParam } from './validate.js';

const BEARER = /^Bearer\s+(\S+)\s*$/;

function bearerToken(c: Context): string | null {
  const match = BEARER.exec(c.req.header('authorization') ?? '');
  return match && TOKEN_PATTERN.test(match[1]!) ? match[1]! : null;
}

const SIGN_IN_AGAIN = 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.';
/** 401 for a registration gone (erased, purged) after its token was accepted: sign in again. */
export const signInAgain = (): ApiError => new ApiError('UNAUTHORIZED', SIGN_IN_AGAIN);
const EXPIRED = 'Phiên đăng nhập đã hết hạn vì cuộc thi đã kết thúc từ lâu. Vui lòng đăng nhập lại nếu cần xem kết quả.';

/** When a contestant token stops working: its contest's end plus the configured days. */
export function contestantTokenExpiresAt(contestEndsAt: string, daysAfterEnd: number): number {
  return Date.parse(contestEndsAt) + daysAfterEnd * 86_400_000;
}

/** The token a request carries, if it is shaped like one. */
export function contestantToken(c: Context): string | null {
  return bearerToken(c);
}

/** The contestant a token was found for, unless it belongs to another contest than `slug` or has expired. */
function acceptContestant(
  deps: Pick<AppDeps, 'clock' | 'config'>,
  found: { contestant: Contestant; contestEndsAt: string } | null,
  slug: string | undefined,
): Contestant {
  if (!found || (slug !== undefined && found.contestant.contestSlug !== slug)) {
    throw new ApiError('UNAUTHORIZED', SIGN_IN_AGAIN);
  }
  if (deps.clock().getTime() >= contestantTokenExpiresAt(found.contestEndsAt, deps.config.contestantTokenDaysAfterEnd)) {
    throw new ApiError('UNAUTHORIZED', EXPIRED);
  }
  return found.contestant;
}

/** The contestant whose token the request carries, registered in `slug` when given. */
export function requireContestant(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, c: Context, slug?: string): Contestant {
  const token = bearerToken(c);
  return acceptContestant(deps, token ? contestantByToken(deps.db, hashToken(token)) : null, slug);
}

/** What the contestant middleware puts in the context: `c.get('contestant')`. */
export type ContestantEnv = { Variables: { contestant: Contestant } };

/**
 * Middleware of the contestant routes that go through the store (decision 0043): the contestant
 * whose token the request carries, resolved by the store, in `c.get('contestant')`; else 401.
 * With `scope` 'contest' the token must be one of the contest in the path's `:slug`, which is
 * validated first (400 for a malformed one, as before the token is looked at). `before` runs
 * after that and before the token is looked at (a per-address allowance): one layer, not two.
 */
export function contestantAuth(
  deps: Pick<PortableDeps, 'store' | 'clock' | 'config'>,
  scope: 'any' | 'contest',
  before?: (c: Context) => void,
): MiddlewareHandler<ContestantEnv> {
  return async (c, next) => {
    const slug = scope === 'contest' ? slugParam(c) : undefined;
    before?.(c);
    const token = bearerToken(c);
    c.set('contestant', acceptContestant(deps, token ? await deps.store.contestants.byToken(token) : null, slug));
    await next();
  };
}

/** The contestant behind the request's token, or null for none, a wrong or an expired one (public reads). */
export function optionalContestant(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, c: Context, slug: string): Contestant | null {
  if (!bearerToken(c)) return null;
  try {
    return requireContestant(deps, c, slug);
  } catch {
    return null;
  }
}

/**
 * The contestant behind the request's token, resolved by the store, or null for none, a wrong or an
 * expired one, or one of another contest (public reads that mark the caller's own row).
 */
export async function signedInContestant(deps: Pick<PortableDeps, 'store' | 'clock' | 'config'>, c: Context, slug: string): Promise<Contestant | null> {
  const token = bearerToken(c);
  if (!token) return null;
  const found = await deps.store.contestants.byToken(token);
  try {
    return acceptContestant(deps, found, slug);
  } catch {
    return null;
  }
}

const noAccessCode = () => new ApiError('UNAUTHORIZED', 'Cần mã truy cập của Ban Tổ chức hợp lệ');

/** Whoever an access code belongs to, whatever its role (the console's sign-in, `/api/admin/me`). */
export function requireAccessCode(db: Db, c: Context): AdminToken {
  const token = bearerToken(c);
  const admin = token ? adminByToken(db, hashToken(token)) : null;
  if (!admin) throw noAccessCode();
  return admin;
}

/**
 * The organiser or jury member behind an admin token; jury tokens may only read. A host site's code
 * (role `host`, decision 0040) is refused here, so it reaches no organiser route: it sees only its
 * own figures (`requireHost`).
 */
export function requireAdmin(db: Db, c: Context, access: 'read' | 'write'): AdminToken {
  return admitted(requireAccessCode(db, c), access);
}

/** `requireAccessCode` through the store (decision 0043), for the routes every store serves. */
export async function requireCode(store: Pick<PortableStore, 'accessCodes'>, c: Context): Promise<AdminToken> {
  const token = bearerToken(c);
  const admin = token ? await store.accessCodes.byToken(token) : null;
  if (!admin) throw noAccessCode();
  return admin;
}

/** `requireAdmin` through the store (decision 0043), for the organiser routes every store serves. */
export async function requireOrganiser(store: Pick<PortableStore, 'accessCodes'>, c: Context, access: 'read' | 'write'): Promise<AdminToken> {
  return admitted(await requireCode(store, c), access);
}

/** The roles' rule: a host site's code reaches no organiser route, a jury member's only reads. */
function admitted(admin: AdminToken, access: 'read' | 'write'): AdminToken {
  if (admin.role === 'host') {
    throw new ApiError('FORBIDDEN', 'Mã truy cập của trang đăng cai chỉ xem được số liệu tham gia từ trang của mình');
  }
  if (access === 'write' && admin.role !== 'organiser') {
    throw new ApiError('FORBIDDEN', 'Mã truy cập của Ban Giám khảo chỉ được xem, không được thay đổi dữ liệu');
  }
  return admin;
}

/** A host site's code with its scope: one contest, one source host name (decision 0040). */
export function requireHost(db: Db, c: Context): AdminToken & { scope: NonNullable<AdminToken['scope']> } {
  return hostOnly(requireAccessCode(db, c));
}

/** `requireHost` through the store (decision 0043), for the routes every store serves. */
export async function requireHostCode(store: Pick<PortableStore, 'accessCodes'>, c: Context): Promise<AdminToken & { scope: NonNullable<AdminToken['scope']> }> {
  return hostOnly(await requireCode(store, c));
}

function hostOnly(admin: AdminToken): AdminToken & { scope: NonNullable<AdminToken['scope']> } {
  if (admin.role !== 'host' || !admin.scope) {
    throw new ApiError('FORBIDDEN', 'Trang này dành cho mã truy cập của trang đăng cai; Ban Tổ chức xem số liệu theo trang nguồn ở màn hình Tổng quan');
  }
  return admin as AdminToken & { scope: NonNullable<AdminToken['scope']> };
}
