/**
 * A contest as organisers write it (`PUT /api/admin/contests/:slug`) and read it back (`GET …`): the
 * request body and the answer are the same fields, the answer with the server's own (slug, status,
 * the notice's version, the retention date it defaults). Pure zod and domain constants: the console
 * bundles this module to check its settings form.
 */
import { z } from 'zod';
import { CONTEST_DEFAULTS, REVEAL_SCORE, type RevealScore } from '../domain/contest.js';
import { PREDICTION_TARGETS } from '../domain/prediction.js';
import { RANKING_CRITERIA } from '../domain/ranking.js';
import { contestStatusSchema, documentSchema, instant, isoInstant, occupationSchema, prizesSchema } from './common.js';
import { integritySettingsSchema, integrityThresholdsSchema, networkDataRetentionDaysSchema } from './integrity-settings.js';
import { reportIssuerSchema } from './report-issuer.js';
import { PRACTICE_MODES } from './learning.js';
import { roundSchema } from './rounds.js';
import { ROUNDS_RANKINGS, roundProblems } from '../domain/rounds.js';

const originSchema = z.string().refine((value) => value === '*' || /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/i.test(value), {
  error: 'Mỗi trang được phép nhúng phải là một origin như https://baothaibinh.com.vn, hoặc *',
});

/** Empty text means "the default wording" (domain/privacy-notice.ts). */
const noticeText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `«${label}» không được dài quá ${max} ký tự` })
    .nullable()
    .optional()
    .transform((value) => value || null);

const privacyNoticeSchema = z
  .strictObject({
    /** What the GET answers carries back: the server sets the version, so it is ignored. */
    version: z.number().int().optional(),
    controller: noticeText('Bên kiểm soát dữ liệu', 300),
    contact: noticeText('Thông tin liên hệ', 500),
    purposes: z.array(z.string().trim().min(1).max(300)).min(1).max(20).nullable().optional().transform((value) => value ?? null),
    text: noticeText('Nội dung thông báo xử lý dữ liệu cá nhân', 20_000),
  })
  .default({ controller: null, contact: null, purposes: null, text: null });

/** The contest's fields as `PUT /api/admin/contests/:slug` takes them, before the checks across fields. */
const contestFieldsSchema = z.strictObject({
  slug: z.string().optional(),
  title: z.string().trim().min(3).max(300),
  description: z.string().max(20_000).default(CONTEST_DEFAULTS.description),
  startsAt: isoInstant,
  endsAt: isoInstant,
  questionsPerAttempt: z.number().int().min(1).max(200).default(CONTEST_DEFAULTS.questionsPerAttempt),
  timeLimitSeconds: z.number().int().min(30).max(86_400).default(CONTEST_DEFAULTS.timeLimitSeconds),
  maxAttempts: z.number().int().min(1).max(1000).nullable().default(CONTEST_DEFAULTS.maxAttempts),
  predictionQuestion: z.string().trim().min(5).max(1000).default(CONTEST_DEFAULTS.predictionQuestion),
  predictionTarget: z.enum(PREDICTION_TARGETS).default(CONTEST_DEFAULTS.predictionTarget),
  rankingOrder: z
    .array(z.enum(RANKING_CRITERIA))
    .min(1)
    .max(4)
    .refine((order) => new Set(order).size === order.length, { error: 'Thứ tự xếp hạng không được lặp tiêu chí' })
    .default([...CONTEST_DEFAULTS.rankingOrder]),
  revealAnswers: z.enum(['never', 'afterSubmit', 'afterClose']).default(CONTEST_DEFAULTS.revealAnswers),
  revealScore: z.enum(REVEAL_SCORE as [RevealScore, ...RevealScore[]]).default(CONTEST_DEFAULTS.revealScore),
  phoneVerification: z.boolean().default(CONTEST_DEFAULTS.phoneVerification),
  networkDataRetentionDays: networkDataRetentionDaysSchema,
  integrity: integritySettingsSchema,
  reportIssuer: reportIssuerSchema.optional(),
  prizes: prizesSchema.default(CONTEST_DEFAULTS.prizes),
  collectiveCriterion: z.enum(['participationRate', 'participants']).default(CONTEST_DEFAULTS.collectiveCriterion),
  topicQuotas: z
    .record(z.string().min(1).max(64), z.number().int().min(0).max(200), {
      // A key has no label of its own: name what is wrong with it (other issues take the usual words).
      error: (issue) => (issue.code === 'invalid_key' ? 'Tên chủ đề phải có từ 1 đến 64 ký tự' : undefined),
    })
    .nullable()
    .default(null),
  allowedOrigins: z.array(originSchema).max(200).default([]),
  occupations: z
    .array(occupationSchema)
    .min(1)
    .max(50)
    .refine((list) => new Set(list.map((o) => o.id)).size === list.length, { error: 'Mã đối tượng không được trùng nhau' })
    .default(CONTEST_DEFAULTS.occupations),
  documents: z.array(documentSchema).max(50).default([]),
  privacyNotice: privacyNoticeSchema,
  personalDataRetentionUntil: isoInstant.optional(),
  minAge: z.number().int().min(1).max(100).nullable().default(CONTEST_DEFAULTS.minAge),
  practice: z
    .enum(PRACTICE_MODES)
    .default(CONTEST_DEFAULTS.practice)
    .meta({ description: 'Luyện tập (không tính điểm): off; always — khi đang mở chỉ các câu đánh dấu luyện tập, sau khi kết thúc mọi câu; afterClose — sau khi kết thúc' }),
  rounds: z
    .array(roundSchema)
    .max(52, { error: 'Một cuộc thi có nhiều nhất 52 vòng' })
    .default([])
    .meta({ description: 'Các vòng thi trong thời gian của cuộc thi, không chồng lên nhau; rỗng: một vòng duy nhất như trước' }),
  roundsRanking: z
    .enum(ROUNDS_RANKINGS)
    .default('best')
    .meta({ description: 'Xếp hạng chung khi có vòng: best — lượt tốt nhất ở bất kỳ vòng nào; sum — tổng điểm tốt nhất mỗi vòng; final — chỉ vòng cuối' }),
});

/**
 * A check across fields runs as soon as the fields it reads are valid (zod's default waits for the
 * whole object), so a person sees it together with the other refused fields.
 */
const whenValid =
  (...keys: string[]) =>
  (payload: z.core.ParsePayload): boolean =>
    typeof payload.value === 'object' && payload.value !== null && !payload.issues.some((issue) => keys.includes(String(issue.path?.[0])));

/**
 * The body of `PUT /api/admin/contests/:slug` (the whole contest, created or replaced). The console
 * checks its settings form with this same schema and the server's messages (contract/field-messages.ts)
 * before sending.
 */
export const contestSchema = contestFieldsSchema
  .refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), {
    path: ['endsAt'],
    error: 'Thời gian kết thúc phải sau thời gian bắt đầu',
    when: whenValid('startsAt', 'endsAt'),
  })
  .refine((c) => c.personalDataRetentionUntil === undefined || Date.parse(c.personalDataRetentionUntil) >= Date.parse(c.endsAt), {
    path: ['personalDataRetentionUntil'],
    error: 'Thời hạn lưu dữ liệu cá nhân không được trước thời gian kết thúc cuộc thi',
    when: whenValid('endsAt', 'personalDataRetentionUntil'),
  })
  // Rounds lie inside the contest's window and do not overlap; each problem names its row.
  .superRefine((c, ctx) => {
    for (const problem of roundProblems(c.rounds, c)) ctx.addIssue({ code: 'custom', path: ['rounds', problem.index, problem.field], message: problem.message });
  })
  // The key shown after a submit gives the score away: hiding the score until the close would be void.
  .refine((c) => !(c.revealScore === 'afterClose' && c.revealAnswers === 'afterSubmit'), {
    path: ['revealAnswers'],
    when: whenValid('revealScore', 'revealAnswers'),
    error: '«Công bố đáp án» ngay sau khi nộp bài sẽ làm lộ điểm; khi điểm chỉ công bố sau khi cuộc thi kết thúc, hãy chọn công bố đáp án sau khi kết thúc hoặc không công bố',
  });

/** `PUT /api/admin/contests/:slug`: the body as sent (defaults may be left out). */
export type ContestRequest = z.input<typeof contestSchema>;

/**
 * A contest as the organisers' API answers it: every field of the request as stored, with the
 * server's own. Contests saved by an older version may lack the integrity thresholds or the network
 * data retention (their defaults apply) and the report's header.
 */
export const adminContestSchema = contestFieldsSchema
  .omit({ slug: true })
  .extend({
    slug: z.string(),
    status: contestStatusSchema,
    startsAt: instant(),
    endsAt: instant(),
    privacyNotice: z.strictObject({
      version: z.number().int().meta({ description: 'Phiên bản thông báo; tăng mỗi khi nội dung đổi' }),
      controller: z.string().nullable(),
      contact: z.string().nullable(),
      purposes: z.array(z.string()).nullable(),
      text: z.string().nullable(),
    }),
    personalDataRetentionUntil: instant(),
    networkDataRetentionDays: networkDataRetentionDaysSchema.optional(),
    integrity: integrityThresholdsSchema.partial().optional(),
  })
  .meta({ description: 'Toàn bộ cấu hình một cuộc thi, kèm trạng thái hiện tại' });

export type AdminContest = z.output<typeof adminContestSchema>;

export const adminContestsSchema = z.array(adminContestSchema);
export type AdminContests = z.output<typeof adminContestsSchema>;
