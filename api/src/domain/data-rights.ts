/**
 * Rules of a contestant's rights over their personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP;
 * decision 0029): until when a contest keeps personal data, the deadline of a data request, why an
 * erasure is refused. Pure: no I/O. What a registration and a publication ask for is in
 * personal-data.ts (the widget imports that one).
 */
import { contestClosed, type Contest } from './contest.js';

/**
 * The moment a contest's personal data may be purged: its `personalDataRetentionUntil` setting
 * (12 months after the close unless the organisers set it: domain/privacy-notice.ts). The one place
 * the purge reads it.
 */
export function personalDataRetentionUntil(contest: Pick<Contest, 'personalDataRetentionUntil'>): Date {
  return new Date(contest.personalDataRetentionUntil);
}

/** What a contestant may ask the committee for. */
export const DATA_REQUEST_KINDS = ['correction', 'question', 'erasure'] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];

export const DATA_REQUEST_KIND_NAMES: Record<DataRequestKind, string> = {
  correction: 'Sửa thông tin (họ tên, điện thoại, đơn vị)',
  question: 'Hỏi về dữ liệu cá nhân',
  erasure: 'Xoá dữ liệu',
};

export const DATA_REQUEST_STATUSES = ['open', 'answered', 'refused'] as const;
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number];

export const DATA_REQUEST_STATUS_NAMES: Record<DataRequestStatus, string> = {
  open: 'Đang chờ xử lý',
  answered: 'Đã trả lời',
  refused: 'Từ chối',
};

/** Days the committee has to answer a data request (Decree 356/2025/NĐ-CP: 15 days). */
export const DATA_REQUEST_DAYS = 15;

/** An open request within this many days of its deadline is "due soon" on the console. */
export const DATA_REQUEST_DUE_SOON_DAYS = 3;

const DAY_MS = 86_400_000;

/** An open request per contestant beyond this many is refused: the committee answers each one. */
export const OPEN_REQUESTS_PER_CONTESTANT = 10;

/** Who acts in the audit when a contestant acts on their own data. */
export const CONTESTANT_ACTOR = 'Thí sinh (tự thực hiện)';

export function dataRequestDueAt(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + DATA_REQUEST_DAYS * DAY_MS);
}

/** Whether an open request is past its deadline (an answered or refused one never is). */
export function dataRequestOverdue(request: { status: DataRequestStatus; dueAt: string }, now: Date): boolean {
  return request.status === 'open' && Date.parse(request.dueAt) < now.getTime();
}

/** Whether an open request is not yet overdue but within `DATA_REQUEST_DUE_SOON_DAYS` of its deadline. */
export function dataRequestDueSoon(request: { status: DataRequestStatus; dueAt: string }, now: Date): boolean {
  const left = Date.parse(request.dueAt) - now.getTime();
  return request.status === 'open' && left >= 0 && left <= DATA_REQUEST_DUE_SOON_DAYS * DAY_MS;
}

/** The last three digits of an ID number, masked: enough to tell two audit entries apart, not to find the person. */
export function idNumberTail(idNumber: string): string {
  return /^\d{12}$/.test(idNumber) ? `*********${idNumber.slice(-3)}` : '';
}

/** Why a registration cannot be erased at the person's request, in the words they read. */
export type RetentionReason = 'publishedWinner' | 'prizeRank';

export const RETENTION_MESSAGES: Record<RetentionReason, string> = {
  publishedWinner:
    'Bạn có tên trong danh sách đoạt giải đã công bố: Ban Tổ chức phải lưu giữ thông tin để trao, chi trả và quyết toán giải thưởng, nên chưa thể xoá ngay. Yêu cầu xoá của bạn đã được chuyển đến Ban Tổ chức và sẽ được trả lời trong 15 ngày.',
  prizeRank:
    'Cuộc thi đã kết thúc và bạn đang ở thứ hạng được xét giải: Ban Tổ chức phải lưu giữ thông tin để xét, trao và chi trả giải thưởng, nên chưa thể xoá ngay. Yêu cầu xoá của bạn đã được chuyển đến Ban Tổ chức và sẽ được trả lời trong 15 ngày.',
};

/** The contestants whose names the published results carry (`null`: none published); they cannot erase. */
export function publishedWinnerIds(published: { individual: readonly { contestantId: string }[] } | null): Set<string> {
  return new Set(published?.individual.map((award) => award.contestantId) ?? []);
}

/**
 * Whether a person's place in the overall ranking can keep their registration: the contest has
 * closed and no results are published yet, so the prizes are still to be decided (decision 0029).
 * A store reads the place only then.
 */
export function rankMayRetain(contest: Pick<Contest, 'endsAt'>, resultsPublished: boolean, now: Date): boolean {
  return !resultsPublished && contestClosed(contest, now);
}

/**
 * Why the person's registration must be kept for now, or null (decision 0029): a winner in the
 * published results, or, while `rankMayRetain`, a place (`rank`, undefined without one) within the
 * individual prizes.
 */
export function retentionReason(
  contest: Pick<Contest, 'endsAt' | 'prizes'>,
  contestantId: string,
  now: Date,
  published: { individual: readonly { contestantId: string }[] } | null,
  rank: number | undefined,
): RetentionReason | null {
  if (publishedWinnerIds(published).has(contestantId)) return 'publishedWinner';
  if (rankMayRetain(contest, published !== null, now) && rank !== undefined) {
    const prizes = contest.prizes.individual.reduce((sum, prize) => sum + prize.count, 0);
    if (rank <= prizes) return 'prizeRank';
  }
  return null;
}

/** The message of the erasure request opened for the committee when a registration must be kept. */
export const ERASURE_REQUEST_MESSAGE = 'Thí sinh rút lại sự đồng ý và yêu cầu xoá dữ liệu cá nhân.';

/** What an erasure keeps so the attempt limit holds (decision 0029, db/erasure-limits.ts). */
export interface ErasedAttempts {
  /** Attempts started, an attempt in progress included, and those carried from an earlier erasure. */
  attempts: number;
  /** Attempts the organisers had granted (extra_attempts). */
  granted: number;
  inProgress: boolean;
  /** In a contest with rounds, the attempts started in each round (each round counts its own tries). */
  rounds: Record<string, number>;
}

/** Two counts of tries per round added up. */
export function addRoundTries(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = { ...a };
  for (const [round, tries] of Object.entries(b)) sum[round] = (sum[round] ?? 0) + tries;
  return sum;
}

/** A stored JSON count of tries per round; absent or empty: none. */
export function roundTriesOf(json: string | null | undefined): Record<string, number> {
  return json ? (JSON.parse(json) as Record<string, number>) : {};
}

/**
 * What the erasure of a registration keeps: every attempt started (the one in progress too, as the
 * start counts them) and those carried from an earlier erasure, the grants, and the tries per round.
 */
export function erasedAttempts(
  person: { before: number; granted: number; roundsBefore: string | null },
  attempts: readonly { status: string; roundId: string | null }[],
): ErasedAttempts {
  // Rounds in id order, so the stored JSON reads the same whatever order the attempts came in.
  const roundIds = [...new Set(attempts.flatMap((attempt) => (attempt.roundId === null ? [] : [attempt.roundId])))].sort();
  const inRounds = Object.fromEntries(roundIds.map((id) => [id, attempts.filter((attempt) => attempt.roundId === id).length]));
  return {
    attempts: attempts.length + person.before,
    granted: person.granted,
    inProgress: attempts.some((attempt) => attempt.status === 'inProgress'),
    rounds: addRoundTries(roundTriesOf(person.roundsBefore), inRounds),
  };
}

/**
 * Whether the erasure keeps anything under the ID number's hash: not when nothing was used and
 * nothing granted, nor for a placeholder (`purged:…` after the purge), with which no one can register.
 */
export function keepsErasedAttempts(kept: Pick<ErasedAttempts, 'attempts' | 'granted'>, idNumber: string): boolean {
  return (kept.attempts > 0 || kept.granted > 0) && /^[0-9]/.test(idNumber);
}

/** An entry of the audit log a contestant's own act writes (db/admin.ts `recordAudit`). */
export interface ContestantAuditEntry {
  at: string;
  actor: string;
  action: 'contestant.erase' | 'dataRequest.file' | 'dataRequest.answer';
  target: string;
  detail: Record<string, string | number>;
}

/** The audit entry of an erasure: the ID number's last digits, how many attempts and sessions went. */
export function erasureAuditEntry(
  contestant: { id: string; idNumber: string },
  slug: string,
  erased: { attempts: number; sessions: number },
  now: Date,
): ContestantAuditEntry {
  return {
    at: now.toISOString(),
    actor: CONTESTANT_ACTOR,
    action: 'contestant.erase',
    target: contestant.id,
    detail: { contest: slug, idNumber: idNumberTail(contestant.idNumber), attempts: erased.attempts, endedSessions: erased.sessions },
  };
}

/** The audit entry of a request filed by the contestant; `retained` when an erasure opened it. */
export function dataRequestAuditEntry(
  contestantId: string,
  slug: string,
  request: { id: string; kind: DataRequestKind },
  now: Date,
  retained?: RetentionReason,
): ContestantAuditEntry {
  return {
    at: now.toISOString(),
    actor: CONTESTANT_ACTOR,
    action: 'dataRequest.file',
    target: contestantId,
    detail: { contest: slug, requestId: request.id, kind: request.kind, ...(retained ? { retained } : {}) },
  };
}

/** The audit entry of the committee's answer to a request, naming the contestant who filed it. */
export function dataRequestAnswerAuditEntry(
  request: { id: string; contestSlug: string; contestantId: string; kind: DataRequestKind },
  answer: { status: string; answer: string },
  actor: string,
  now: Date,
): ContestantAuditEntry {
  return {
    at: now.toISOString(),
    actor,
    action: 'dataRequest.answer',
    target: request.contestantId,
    detail: { contest: request.contestSlug, requestId: request.id, kind: request.kind, status: answer.status, answer: answer.answer },
  };
}

/** "full_name" → "fullName": a database column named as the API names fields. */
export function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}
