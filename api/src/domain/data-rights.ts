/**
 * Rules of a contestant's rights over their personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP;
 * decision 0029): until when a contest keeps personal data, the deadline of a data request, why an
 * erasure is refused. Pure: no I/O. What a registration and a publication ask for is in
 * personal-data.ts (the widget imports that one).
 */
import type { Contest } from './contest.js';

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

/** "full_name" → "fullName": a database column named as the API names fields. */
export function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}
