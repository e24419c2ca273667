/**
 * The organisers' API (`/api/admin`, the console's). Requests as the routes validate them; the
 * contest (body and answer) lives in contract/contest.ts, re-exported here. Responses field by
 * field; a published payload and audit entries let further fields through (`looseObject`): they
 * are kept as written by whichever version wrote them.
 */
import { z } from 'zod';
import { dataRequestSchema, instant, rankingCriterionSchema } from './common.js';
import { FLAG_KINDS } from '../domain/integrity.js';
import { integritySettingsSchema } from './integrity-settings.js';
import { PREDICTION_TARGETS } from '../domain/prediction.js';
import { attemptSummarySchema } from './contestant.js';

/** The contest body (`PUT …/contests/:slug`) and answer live in contest.ts: the console bundles that module alone. */
export { adminContestSchema, adminContestsSchema, contestSchema, type AdminContest, type AdminContests, type ContestRequest } from './contest.js';

// ---- requests ----

export const questionEditSchema = z.strictObject({
  id: z.string().optional(),
  topic: z.string().max(200),
  text: z.string().max(5000),
  options: z.array(z.string().max(2000)).max(10).meta({ description: '2–6 phương án, theo thứ tự trong ngân hàng' }),
  answer: z.number().meta({ description: 'Vị trí (từ 0) của phương án đúng' }),
  explanation: z.string().max(5000).nullable().optional(),
  source: z.string().max(5000).nullable().optional().meta({ description: 'Nguồn: tên văn bản, điều khoản hoặc bài viết (tối đa 1000 ký tự)' }),
  sourceUrl: z.string().max(5000).nullable().optional().meta({ description: 'Liên kết đến nguồn: chỉ địa chỉ http:// hoặc https://' }),
  practice: z
    .union([z.boolean(), z.string().max(20)])
    .nullable()
    .optional()
    .meta({ description: 'Dùng cho luyện tập khi cuộc thi đang mở (cài đặt practice: always); tệp CSV/XLSX: «x», «có», «1», «true»' }),
});

export const questionImportSchema = z
  .array(questionEditSchema)
  .meta({ description: 'Danh sách câu hỏi (JSON); hoặc gửi tệp .xlsx/.csv với Content-Type tương ứng. Có dòng sai thì không câu nào được nhập.' });

/** One unit as JSON names it, in a whole tree (`PUT …/units`) or alone (`PUT …/units/:id`). */
export const unitSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Mã đơn vị chỉ gồm chữ, số, gạch ngang (tối đa 64 ký tự)' }),
  name: z.string().trim().min(1).max(300),
  parentId: z.string().max(64).nullable().optional(),
  kind: z.string().max(40).nullable().optional(),
  headcount: z.number().int().min(1).max(10_000_000).nullable().optional(),
  competes: z.boolean({ error: 'Dự giải tập thể (competes) phải là true, false hoặc null' }).nullable().optional(),
  // What the GET answers carries back: derived, so ignored.
  competing: z.boolean().optional(),
});

/** A unit's id in a path (`…/units/:id`). */
export const unitIdParamSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Mã đơn vị chỉ gồm chữ, số, gạch ngang (tối đa 64 ký tự)' });

/** `PUT …/units/:id`: one unit; its id is the path's (if given in the body, it must be the same). */
export const unitEditSchema = unitSchema
  .omit({ id: true, competing: true })
  .extend({ id: z.string().max(64).optional().meta({ description: 'Nếu có, phải trùng với mã trong đường dẫn' }) })
  .meta({ description: 'Một đơn vị: thêm mới nếu chưa có mã này, sửa nếu đã có' });

/** `POST …/exclusions/:kind`: one entry added to the list. */
export const exclusionAddSchema = z.strictObject({
  value: z.string().trim().min(1).max(40).meta({ description: 'Số định danh (12 chữ số) hoặc số điện thoại, theo danh sách trong đường dẫn' }),
});

export const unitsReplaceSchema = z
  .array(unitSchema)
  .min(1)
  .max(20_000)
  .meta({ description: 'Toàn bộ cây đơn vị (thay danh sách cũ); hoặc tệp .xlsx/.csv' });

export const exclusionsReplaceSchema = z.strictObject({
  idNumbers: z.array(z.string().regex(/^\d{12}$/, { error: 'Số định danh phải gồm đúng 12 chữ số' })).max(10_000).default([]),
  phones: z.array(z.string().max(40)).max(10_000).default([]),
});

/** `PUT …/data-requests/:id`: the committee's answer to a contestant's request. */
export const dataRequestAnswerSchema = z.strictObject({
  status: z
    .enum(['answered', 'refused'], { error: 'Trạng thái phải là answered (đã trả lời) hoặc refused (từ chối)' })
    .meta({ description: 'answered: đã trả lời; refused: từ chối' }),
  answer: z.string().trim().min(5, { error: 'Câu trả lời cần ít nhất 5 ký tự' }).max(4000).meta({ description: 'Câu trả lời gửi thí sinh (5–4000 ký tự)' }),
});

export const purgeRequestSchema = z
  .strictObject({
    dryRun: z.boolean().default(false).meta({ description: 'Chỉ đếm những gì sẽ bị xoá (Ban Giám khảo được phép, được chạy cả trước thời hạn)' }),
  })
  .optional();

export const accessCodeCreateSchema = z.strictObject({
  name: z.string().trim().min(2).max(200).meta({ description: 'Tên người hoặc bộ phận giữ mã (2–200 ký tự)' }),
  role: z.enum(['organiser', 'jury']).meta({ description: 'organiser: Ban Tổ chức; jury: Ban Giám khảo (chỉ xem)' }),
});

/** An access code's number in a path (`…/access-codes/:id`). */
export const accessCodeIdSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const questionsQuerySchema = z.strictObject({
  includeRetired: z.enum(['true', 'false']).optional().meta({ description: 'Kể cả câu đã ngừng dùng' }),
  format: z.enum(['json', 'csv', 'xlsx']).default('json').meta({ description: 'csv/xlsx: tệp theo đúng mẫu nhập' }),
});

export const auditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z.coerce.number().int().min(1).optional().meta({ description: 'Chỉ các mục có id nhỏ hơn (trang sau)' }),
});

/** Why an organiser corrects something: always given, kept in the audit log. */
export const reasonSchema = z
  .string()
  .trim()
  .min(5, { error: 'Cần ghi rõ lý do (ít nhất 5 ký tự)' })
  .max(1000)
  .meta({ description: 'Lý do (ít nhất 5 ký tự), ghi vào nhật ký thao tác' });

export const voidAttemptSchema = z.strictObject({ reason: reasonSchema });

export const grantAttemptsSchema = z.strictObject({
  attempts: z.number().int().min(1, { error: '«Số lượt» phải từ 1 đến 10' }).max(10, { error: '«Số lượt» phải từ 1 đến 10' }),
  reason: reasonSchema,
});

export const releaseContestantSchema = z.strictObject({ reason: reasonSchema });

export const changePhoneSchema = z.strictObject({ phone: z.string().max(40), reason: reasonSchema });

export const bulkVoidSchema = z.strictObject({
  attemptIds: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Mã lượt thi không hợp lệ' }))
    .min(1, { error: 'Cần chọn ít nhất một lượt thi' })
    .max(10_000)
    .refine((ids) => new Set(ids).size === ids.length, { error: 'Danh sách lượt thi không được lặp mã' }),
  reason: z.string().trim().min(5, { error: 'Cần ghi rõ lý do (ít nhất 5 ký tự)' }).max(1000),
});

export const computeResultsSchema = z
  .strictObject({
    publish: z.boolean().default(false).meta({ description: 'true: công bố (chỉ Ban Tổ chức); false: tính thử' }),
    /** Publishing again over published results must be asked for explicitly. */
    replace: z.boolean().default(false).meta({ description: 'Công bố lại khi đã công bố' }),
    /** Publishing while a winner carries an integrity flag must be asked for explicitly. */
    acknowledgeFlags: z.boolean().default(false).meta({ description: 'Vẫn công bố khi có người đoạt giải bị gắn cờ rà soát' }),
  })
  .optional();

export const winnersQuerySchema = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const regradeRequestSchema = z
  .strictObject({
    /** Only say what would change; the jury may ask this, only organisers may apply. */
    dryRun: z.boolean().default(false).meta({ description: 'Chỉ xem trước thay đổi (Ban Giám khảo được phép); false: chấm lại thật (chỉ Ban Tổ chức)' }),
  })
  .optional();

export const rankingExportQuerySchema = z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).default('json') });
export const fileExportQuerySchema = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });

/** The console shows the head of the ranking; the whole of it is the export's job. */
export const CONSOLE_RANKING_MAX = 5000;

export const consoleRankingQuerySchema = z.strictObject({
  limit: z.coerce
    .number({ error: '«Số dòng» phải là một số nguyên' })
    .int({ error: '«Số dòng» phải là một số nguyên' })
    .min(1, { error: `«Số dòng» phải từ 1 đến ${CONSOLE_RANKING_MAX}` })
    .max(CONSOLE_RANKING_MAX, { error: `«Số dòng» phải từ 1 đến ${CONSOLE_RANKING_MAX}` })
    .default(100),
});

export const contestantSearchQuerySchema = z.strictObject({
  q: z
    .string({ error: 'Cần nhập «Từ khoá tìm kiếm»' })
    .trim()
    .min(2, { error: '«Từ khoá tìm kiếm» phải có ít nhất 2 ký tự' })
    .max(100, { error: '«Từ khoá tìm kiếm» không được dài quá 100 ký tự' })
    .meta({ description: 'Số định danh, số điện thoại hoặc họ tên (gõ không dấu cũng được)' }),
});

// ---- responses ----


export const questionSchema = z.strictObject({
  id: z.string(),
  topic: z.string(),
  text: z.string(),
  options: z.array(z.string()),
  answer: z.number().int(),
  explanation: z.string().nullable(),
  source: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  practice: z.boolean(),
  retiredAt: instant().nullable(),
});

export const questionsSchema = z.array(questionSchema);

export const questionsImportedSchema = z.strictObject({
  imported: z.number().int(),
  errors: z.array(z.never()),
  affectedAttempts: z.number().int().optional().meta({ description: 'Số lượt thi đã nộp có điểm sẽ đổi khi chấm lại (đáp án mới)' }),
});

export const questionEditedSchema = questionSchema.extend({
  affectedAttempts: z.number().int().meta({ description: 'Số lượt thi đã nộp có điểm sẽ đổi khi chấm lại' }),
});

export const adminUnitsSchema = z.array(
  z.strictObject({
    id: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    kind: z.string().nullable(),
    headcount: z.number().int().nullable(),
    competes: z.boolean().nullable().meta({ description: 'Dự giải tập thể do Ban Tổ chức chọn; null: theo mặc định' }),
    competing: z.boolean().meta({ description: 'Có dự giải tập thể (đã chọn hoặc theo mặc định)' }),
  }),
);

export const exclusionsSchema = z.strictObject({ idNumbers: z.array(z.string()), phones: z.array(z.string()) });

export const auditEntriesSchema = z.array(
  z.looseObject({ id: z.number().int(), at: instant(), actor: z.string(), action: z.string(), target: z.string(), detail: z.unknown() }),
);

export const adminMeSchema = z.strictObject({ name: z.string(), role: z.enum(['organiser', 'jury']) });

export const consoleRankingSchema = z.strictObject({
  provisional: z.boolean(),
  predictionTarget: z.string(),
  actual: z.number().int(),
  rankingOrder: z.array(rankingCriterionSchema),
  participants: z.number().int(),
  limit: z.number().int(),
  entries: z.array(
    z.strictObject({
      rank: z.number().int(),
      contestantId: z.string(),
      attemptId: z.string(),
      fullName: z.string(),
      birthYear: z.number().int(),
      unitId: z.string(),
      unitName: z.string(),
      occupation: z.string(),
      score: z.number().int(),
      total: z.number().int(),
      durationMs: z.number().int(),
      prediction: z.number().int().nullable(),
      submittedAt: instant(),
    }),
  ),
});

export const contestantSearchSchema = z.strictObject({
  query: z.string(),
  matchedBy: z.enum(['idNumber', 'phone', 'recordId', 'name']).meta({ description: 'Từ khoá được hiểu là số định danh, số điện thoại, mã đăng ký hay họ tên' }),
  limit: z.number().int(),
  contestants: z.array(
    z.strictObject({
      id: z.string(),
      fullName: z.string(),
      birthDate: z.string(),
      idNumber: z.string(),
      phone: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      occupation: z.string(),
      occupationName: z.string(),
      extraAttempts: z.number().int(),
      createdAt: instant(),
      releasedAt: instant().nullable().meta({ description: 'Khi Ban Tổ chức giải phóng số định danh của đăng ký này' }),
      remainingAttempts: z.number().int().nullable(),
      attempts: z.array(
        attemptSummarySchema.extend({ prediction: z.number().int().nullable(), voidReason: z.string().nullable(), voidedAt: instant().nullable() }),
      ),
    }),
  ),
});

export const voidedAttemptSchema = attemptSummarySchema.extend({ voidReason: z.string().nullable(), voidedAt: instant().nullable() });

export const grantedSchema = z.strictObject({
  contestantId: z.string(),
  extraAttempts: z.number().int(),
  remainingAttempts: z.number().int().nullable(),
});

export const releasedSchema = z.strictObject({
  contestantId: z.string(),
  releasedAt: instant(),
  voidedAttempts: z.number().int(),
  endedSessions: z.number().int(),
});

export const phoneChangedSchema = z.strictObject({ contestantId: z.string(), phone: z.string() });

export const bulkVoidedSchema = z.strictObject({
  voided: z.number().int(),
  alreadyVoided: z.array(z.string()).meta({ description: 'Các lượt đã bị huỷ từ trước' }),
});

const individualAwardSchema = z.strictObject({
  prize: z.string(),
  valueVnd: z.number().int(),
  rank: z.number().int(),
  contestantId: z.string(),
  name: z.string(),
  publicName: z
    .string()
    .optional()
    .meta({ description: 'Tên hiện trong kết quả công khai (chữ viết tắt cho người chưa thành niên mà người giám hộ không đồng ý công bố tên); vắng ở kết quả công bố trước khi có trường này' }),
  unit: z.string(),
  birthYear: z.number().int(),
  score: z.number().int(),
  total: z.number().int(),
  durationMs: z.number().int(),
  prediction: z.number().int().nullable(),
  decidedBy: rankingCriterionSchema
    .nullable()
    .optional()
    .meta({ description: 'Tiêu chí đã tách người này khỏi người xếp sau (null: bằng nhau ở mọi tiêu chí)' }),
});

const collectiveAwardSchema = z.strictObject({
  prize: z.string(),
  valueVnd: z.number().int(),
  unitId: z.string(),
  unit: z.string(),
  participants: z.number().int(),
  attempts: z.number().int(),
  rate: z.number().optional(),
  averageScore: z.number(),
  decidedBy: z.enum(['criterion', 'averageScore', 'attempts', 'name']).nullable().optional(),
});

const resultsFields = {
  computedAt: instant(),
  provisional: z.boolean().meta({ description: 'true khi cuộc thi chưa kết thúc' }),
  predictionTarget: z.enum(PREDICTION_TARGETS),
  actual: z.number().int(),
  rankingOrder: z.array(rankingCriterionSchema),
  collectiveCriterion: z.enum(['participationRate', 'participants']),
  individual: z.array(individualAwardSchema),
  collective: z.array(collectiveAwardSchema),
  outdated: z.boolean().optional().meta({ description: 'Điểm đã đổi sau khi công bố (chấm lại)' }),
  regradedAt: instant().optional(),
};

const flaggedWinnerSchema = z.strictObject({
  contestantId: z.string(),
  name: z.string(),
  unit: z.string(),
  prize: z.string(),
  rank: z.number().int(),
  kinds: z.array(z.enum(FLAG_KINDS)),
});

export const computedResultsSchema = z
  .strictObject({
    published: z.boolean(),
    publishedAt: instant().optional(),
    ...resultsFields,
    flaggedWinners: z.array(flaggedWinnerSchema).meta({ description: 'Người đoạt giải bị gắn cờ trong rà soát tính trung thực' }),
  })
  .meta({ description: 'Danh sách giải cá nhân và tập thể (tính thử, hoặc vừa công bố khi publish: true)' });

export const publishedResultsSchema = z
  .strictObject({
    publishedAt: instant(),
    publishedBy: z.string(),
    outdated: z.boolean(),
    // Kept as published: results published by an older version may lack later fields or carry others.
    payload: z.looseObject({ ...resultsFields, flaggedWinners: z.array(flaggedWinnerSchema).optional() }),
  })
  .meta({ description: 'Kết quả đã công bố, nguyên như lúc công bố' });

const rankPlaceSchema = z.strictObject({ rank: z.number().int(), contestantId: z.string(), name: z.string(), score: z.number().int() });

export const regradeSchema = z
  .strictObject({
    dryRun: z.boolean(),
    attempts: z.number().int().meta({ description: 'Số lượt đã nộp được chấm lại' }),
    changed: z.array(
      z.strictObject({
        attemptId: z.string(),
        contestant: z.strictObject({ id: z.string(), name: z.string() }),
        before: z.number().int(),
        after: z.number().int(),
      }),
    ),
    rankChanges: z.strictObject({
      moved: z.number().int().meta({ description: 'Số người đổi thứ hạng' }),
      top: z.number().int(),
      before: z.array(rankPlaceSchema),
      after: z.array(rankPlaceSchema),
    }),
    outdated: z.boolean().meta({ description: 'Kết quả đã công bố bị đánh dấu là cũ' }),
  })
  .meta({ description: 'Các lượt thi có điểm thay đổi theo đáp án hiện tại và thứ hạng dịch chuyển' });

export type Regrade = z.infer<typeof regradeSchema>;

const figureFields = { participants: z.number().int(), attempts: z.number().int() };

export const statsSchema = z
  .strictObject({
    totals: z.strictObject({
      registered: z.number().int(),
      participants: z.number().int(),
      attempts: z.number().int(),
      perfectAttempts: z.number().int().meta({ description: 'Số lượt đạt điểm tuyệt đối' }),
      inProgress: z.number().int(),
      voided: z.number().int(),
    }),
    byUnit: z.array(
      z.strictObject({
        unitId: z.string(),
        name: z.string(),
        parentId: z.string().nullable(),
        kind: z.string().nullable(),
        headcount: z.number().int().nullable(),
        competes: z.boolean().nullable(),
        competing: z.boolean(),
        ...figureFields,
        rate: z.number().optional(),
        averageScore: z.number().nullable().meta({ description: 'Điểm trung bình của lượt tốt nhất mỗi người' }),
      }),
    ),
    byOccupation: z.array(z.strictObject({ occupation: z.string(), name: z.string(), ...figureFields })),
    bySource: z.array(z.strictObject({ source: z.string(), ...figureFields })),
    byDay: z.array(z.strictObject({ day: z.string().meta({ description: 'Ngày theo giờ Việt Nam, YYYY-MM-DD' }), ...figureFields })),
    scoreDistribution: z.array(z.strictObject({ score: z.number().int(), attempts: z.number().int() })),
    collectiveCriterion: z.enum(['participationRate', 'participants']),
  })
  .meta({ description: 'Số liệu tham gia: tổng, theo đơn vị (gộp đơn vị trực thuộc), đối tượng, trang nhúng, ngày, phân bố điểm' });

export type ContestStatsBody = z.infer<typeof statsSchema>;

export const integrityReviewSchema = z
  .strictObject({
    flags: z.array(
      z.strictObject({
        kind: z.enum(FLAG_KINDS),
        contestantId: z.string(),
        contestantName: z.string(),
        unit: z.string(),
        attemptIds: z.array(z.string()),
        explanation: z.string().meta({ description: 'Lý do gắn cờ, bằng tiếng Việt' }),
        details: z.record(z.string(), z.unknown()).meta({ description: 'Số liệu làm căn cứ, tuỳ loại cờ' }),
      }),
    ),
    counts: z.record(z.enum(FLAG_KINDS), z.number().int()),
    thresholds: integritySettingsSchema.meta({ description: 'Ngưỡng đã dùng (của cuộc thi, thiếu thì mặc định)' }),
  })
  .meta({ description: 'Rà soát tính trung thực: các cờ, số cờ mỗi loại, ngưỡng đã dùng' });

export type IntegrityReview = z.infer<typeof integrityReviewSchema>;

export const adminDataRequestSchema = dataRequestSchema
  .extend({
    contestantId: z.string(),
    contestantName: z.string(),
    unitName: z.string(),
    answeredBy: z.string().nullable().meta({ description: 'Tên mã truy cập đã trả lời' }),
    overdue: z.boolean().meta({ description: 'Còn chờ xử lý và đã quá hạn trả lời' }),
    dueSoon: z.boolean().meta({ description: 'Còn chờ xử lý và sắp đến hạn trả lời' }),
  })
  .meta({ description: 'Một yêu cầu về dữ liệu cá nhân, kèm người gửi và hạn trả lời' });

export const dataRequestListSchema = z.strictObject({
  requests: z.array(adminDataRequestSchema),
  counts: z.strictObject({ open: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int() }),
});

export const purgeSchema = z
  .strictObject({
    slug: z.string(),
    retentionUntil: instant().meta({ description: 'Thời hạn lưu giữ dữ liệu cá nhân của cuộc thi' }),
    due: z.boolean().meta({ description: 'Đã đến hạn xoá' }),
    dryRun: z.boolean(),
    counts: z
      .strictObject({
        idNumbers: z.number().int(),
        phones: z.number().int(),
        emails: z.number().int(),
        birthDates: z.number().int(),
        guardians: z.number().int(),
        names: z.number().int().meta({ description: 'Họ tên rút còn chữ viết tắt' }),
        namesKept: z.number().int().meta({ description: 'Họ tên người đoạt giải đã công bố, được giữ' }),
        exclusions: z.number().int(),
        phoneCodes: z.number().int(),
        dataRequests: z.number().int().meta({ description: 'Yêu cầu bị xoá nội dung và câu trả lời (giữ ngày và trạng thái)' }),
        networkData: z.strictObject({ contestants: z.number().int(), attempts: z.number().int() }),
      })
      .meta({ description: 'Số mục đã xoá (hoặc sẽ xoá, khi chạy thử)' }),
  })
  .meta({ description: 'Xoá dữ liệu cá nhân sau thời hạn lưu giữ: đã xoá gì, hoặc sẽ xoá gì' });

export const accessCodeSchema = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(['organiser', 'jury']),
  createdAt: instant(),
  revokedAt: instant().nullable(),
});

export const accessCodesSchema = z.array(accessCodeSchema);

export const createdAccessCodeSchema = z.strictObject({
  code: accessCodeSchema,
  token: z.string().meta({ description: 'Giá trị của mã: chỉ hiện lần này, máy chủ chỉ lưu bản băm' }),
});

export const contestDeletedSchema = z.strictObject({
  slug: z.string(),
  title: z.string(),
  removed: z.record(z.string(), z.number().int()).meta({ description: 'Bảng → số dòng đã xoá' }),
});

export type AdminDataRequestView = z.infer<typeof adminDataRequestSchema>;
export type DataRequestListView = z.infer<typeof dataRequestListSchema>;
export type PurgeView = z.infer<typeof purgeSchema>;
export type AccessCode = z.infer<typeof accessCodeSchema>;
export type AccessCodes = z.infer<typeof accessCodesSchema>;
export type CreatedAccessCode = z.infer<typeof createdAccessCodeSchema>;
export type ContestDeleted = z.infer<typeof contestDeletedSchema>;
export type DataRequestAnswerRequest = z.input<typeof dataRequestAnswerSchema>;
export type PurgeRequest = z.input<typeof purgeRequestSchema>;
export type AccessCodeCreateRequest = z.input<typeof accessCodeCreateSchema>;
export type UnitEditRequest = z.input<typeof unitEditSchema>;
export type ExclusionAddRequest = z.input<typeof exclusionAddSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Questions = z.infer<typeof questionsSchema>;
export type QuestionsImported = z.infer<typeof questionsImportedSchema>;
export type QuestionEdited = z.infer<typeof questionEditedSchema>;
export type AdminUnits = z.infer<typeof adminUnitsSchema>;
export type AdminUnit = AdminUnits[number];
export type Exclusions = z.infer<typeof exclusionsSchema>;
export type AuditEntries = z.infer<typeof auditEntriesSchema>;
export type AdminMe = z.infer<typeof adminMeSchema>;
export type ConsoleRanking = z.infer<typeof consoleRankingSchema>;
export type ConsoleRankingEntry = ConsoleRanking['entries'][number];
export type ContestantSearch = z.infer<typeof contestantSearchSchema>;
export type FoundContestant = ContestantSearch['contestants'][number];
export type VoidedAttempt = z.infer<typeof voidedAttemptSchema>;
export type Granted = z.infer<typeof grantedSchema>;
export type Released = z.infer<typeof releasedSchema>;
export type PhoneChanged = z.infer<typeof phoneChangedSchema>;
export type BulkVoided = z.infer<typeof bulkVoidedSchema>;
export type ComputedResults = z.infer<typeof computedResultsSchema>;
export type PublishedResults = z.infer<typeof publishedResultsSchema>;
export type QuestionEditRequest = z.input<typeof questionEditSchema>;
export type UnitsReplaceRequest = z.input<typeof unitsReplaceSchema>;
export type ExclusionsReplaceRequest = z.input<typeof exclusionsReplaceSchema>;
