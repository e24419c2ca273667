/**
 * Shapes every part of the API shares: the error body of SPEC §3, path parameters, the pieces of a
 * contest. Schemas carry Vietnamese descriptions (`.meta`) that the OpenAPI document shows.
 */
import { z } from 'zod';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RANKING_CRITERIA } from '../domain/ranking.js';
import { DATA_REQUEST_KINDS, DATA_REQUEST_STATUSES } from '../domain/data-rights.js';

/** Codes of the error shape in SPEC §3, each with the status it answers. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  EXCLUDED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_PUBLISHED: 404,
  /** The answer page before the close or when answers are never revealed; practice not offered now (decision 0036). */
  NOT_AVAILABLE: 404,
  ALREADY_REGISTERED: 409,
  ATTEMPT_LIMIT: 409,
  CONTEST_NOT_OPEN: 409,
  ATTEMPT_CLOSED: 409,
  CONFLICT: 409,
  FLAGGED_WINNERS: 409,
  HEADCOUNT_MISSING: 409,
  RETAINED: 409,
  RETENTION_NOT_OVER: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A route a server on PostgreSQL does not serve yet (decision 0045). */
  NOT_IMPLEMENTED: 501,
  UNAVAILABLE: 503,
  OVERLOADED: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

const ERROR_CODES = Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]];

/** One refused row of an imported file or list (questions, units, exclusions). */
export const rowErrorSchema = z.strictObject({
  row: z.number().int().meta({ description: 'Số dòng trong tệp (dòng tiêu đề là dòng 1) hoặc vị trí trong danh sách' }),
  field: z.string().optional().meta({ description: 'Cột hoặc trường bị từ chối' }),
  message: z.string().meta({ description: 'Lý do, bằng tiếng Việt' }),
});

/** An instant as organisers write it: ISO-8601 with an offset, kept as UTC. */
export const isoInstant = z.iso
  .datetime({ offset: true, error: 'Thời gian phải theo ISO-8601, ví dụ 2023-03-20T03:00:00Z' })
  .transform((value) => new Date(value).toISOString());

export const instant = () => z.string().meta({ description: 'Thời điểm ISO-8601 UTC, ví dụ 2026-11-28T03:00:00.000Z' });

/** A contestant's request to the committee about their data (decision 0029), as its sender sees it. */
export const dataRequestSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(DATA_REQUEST_KINDS).meta({ description: 'correction: sửa thông tin; question: hỏi về dữ liệu cá nhân; erasure: xoá dữ liệu' }),
    message: z.string().meta({ description: 'Nội dung yêu cầu (rỗng sau khi dữ liệu cá nhân của cuộc thi đã được xoá theo thời hạn)' }),
    receivedAt: instant(),
    dueAt: instant().meta({ description: 'Hạn trả lời' }),
    status: z.enum(DATA_REQUEST_STATUSES).meta({ description: 'open: đang chờ xử lý; answered: đã trả lời; refused: từ chối' }),
    answer: z.string().nullable().meta({ description: 'Câu trả lời của Ban Tổ chức' }),
    answeredAt: instant().nullable(),
  })
  .meta({ description: 'Một yêu cầu của thí sinh về dữ liệu cá nhân gửi Ban Tổ chức' });

export type DataRequestView = z.infer<typeof dataRequestSchema>;

/** `{error: {code, message, fields?}}`: every refused request, whatever the route (SPEC §3). */
export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODES).meta({ description: 'Mã lỗi cố định, để máy đọc' }),
      message: z.string().meta({ description: 'Thông báo tiếng Việt, để người đọc' }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: 'Từng trường bị từ chối (đường dẫn như `answers.q1`, `_` cho cả nội dung) → lý do tiếng Việt nêu tên trường' }),
      rows: z.array(rowErrorSchema).optional().meta({ description: 'Nhập tệp: từng dòng bị từ chối (khi đó không dòng nào được nhập)' }),
      flaggedWinners: z.array(z.unknown()).optional().meta({ description: '409 FLAGGED_WINNERS: người đoạt giải bị gắn cờ rà soát' }),
      units: z
        .array(z.strictObject({ id: z.string(), name: z.string() }))
        .optional()
        .meta({ description: '409 HEADCOUNT_MISSING: đơn vị dự giải chưa khai báo số người' }),
      dataRequest: dataRequestSchema
        .optional()
        .meta({ description: '409 RETAINED: yêu cầu xoá đã được ghi nhận để Ban Tổ chức xử lý khi hết lý do lưu giữ' }),
    }),
  })
  .meta({ description: 'Lỗi theo SPEC §3: mọi yêu cầu bị từ chối đều trả dạng này (không bao giờ có dấu vết ngăn xếp hay SQL)' });

export type ErrorBody = z.infer<typeof errorSchema>;

export const rankingCriterionSchema = z.enum(RANKING_CRITERIA).meta({
  description: 'Tiêu chí xếp hạng: score (điểm cao hơn), prediction (dự đoán gần hơn), duration (thời gian làm bài ngắn hơn), submittedAt (nộp sớm hơn)',
});

export const contestStatusSchema = z.enum(['upcoming', 'open', 'closed']).meta({ description: 'upcoming: chưa mở; open: đang mở; closed: đã kết thúc' });

export const prizeSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  count: z.number().int().min(0).max(1000),
  valueVnd: z.number().int().min(0).max(10_000_000_000),
});

export const occupationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, { error: 'Mã chỉ gồm a–z, 0–9 và dấu gạch ngang (tối đa 64 ký tự)' }),
  name: z.string().trim().min(1).max(200),
});

export const documentSchema = z.strictObject({
  title: z.string().trim().min(1, { error: 'Tài liệu cần có tiêu đề' }).max(300),
  url: z.url({ protocol: /^https?$/, error: 'Địa chỉ phải bắt đầu bằng http:// hoặc https://' }).max(2000),
});

export const prizesSchema = z.strictObject({ individual: z.array(prizeSchema).max(20), collective: z.array(prizeSchema).max(20) });
