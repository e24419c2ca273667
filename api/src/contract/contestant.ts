/**
 * The contestant API (the widget's): requests as the routes validate them, responses as the views
 * build them (routes/views.ts returns these types, so a view that drifts from its schema does not
 * compile).
 */
import { z } from 'zod';
import { PRACTICE_MODES } from './learning.js';
import { normaliseHostname, SOURCE_MESSAGE } from '../domain/hostname.js';
import { DATA_REQUEST_KINDS } from '../domain/data-rights.js';
import { GUARDIAN_RELATIONSHIPS } from '../domain/personal-data.js';
import { publicRoundSchema, myRoundSchema } from './rounds.js';
import { ROUNDS_RANKINGS } from '../domain/rounds.js';
import { contestStatusSchema, dataRequestSchema, documentSchema, instant, occupationSchema, prizesSchema } from './common.js';

// ---- requests ----

/** The host site's name as the widget sends it (`location.hostname`); empty means not given. */
export const sourceSchema = z
  .string()
  .max(300)
  .refine((source) => source.trim() === '' || normaliseHostname(source) !== null, { error: SOURCE_MESSAGE })
  .optional()
  .meta({ description: 'Tên miền trang nhúng (location.hostname), để Ban Tổ chức biết trang nào mang thí sinh đến' });

/** A code sent by SMS to confirm the phone at registration (domain/phone-code.ts, decision 0022). */
export const PHONE_CODE_PATTERN = /^\d{6}$/;

/** A parent's or guardian's consent for a contestant under 16 (SPEC §3.1 "Personal data"). */
export const guardianSchema = z.strictObject(
  {
    fullName: z.string({ error: 'Vui lòng nhập họ và tên của cha, mẹ hoặc người giám hộ' }).max(300),
    phone: z.string({ error: 'Vui lòng nhập số điện thoại của cha, mẹ hoặc người giám hộ' }).max(40),
    relationship: z.enum(GUARDIAN_RELATIONSHIPS, { error: 'Quan hệ với thí sinh phải là «cha», «mẹ» hoặc «người giám hộ»' }),
    consent: z.literal(true, { error: 'Cha, mẹ hoặc người giám hộ cần xác nhận đồng ý để thí sinh dưới 16 tuổi dự thi' }),
    publishName: z.boolean().optional(),
  },
  { error: 'Thông tin cha, mẹ hoặc người giám hộ chưa hợp lệ' },
);

export const registrationSchema = z.strictObject({
  fullName: z.string().max(300),
  birthDate: z.string().max(20),
  idNumber: z.string().max(40),
  phone: z.string().max(40),
  email: z.union([z.email({ error: 'Thư điện tử không đúng định dạng' }).max(254), z.literal(''), z.null()]).optional(),
  unitId: z.string().max(64),
  occupation: z.string().max(64),
  consent: z.literal(true, { error: 'Bạn cần đồng ý với thể lệ và việc xử lý dữ liệu cá nhân để dự thi' }),
  /** A separate purpose: the full name on the public leaderboard. Unchecked by default. */
  publishName: z.boolean().optional(),
  guardian: guardianSchema.optional(),
  source: sourceSchema,
  /** The code sent by SMS, when the contest verifies phones; ignored otherwise. */
  phoneCode: z.string().regex(PHONE_CODE_PATTERN, { error: '«Mã xác minh» gồm đúng 6 chữ số' }).optional(),
});

/** What `POST /api/contests/:slug/contestants` accepts: the widget sends exactly this. */
export type RegistrationRequest = z.input<typeof registrationSchema>;

export const phoneCodeRequestSchema = z.strictObject({ phone: z.string().max(40).meta({ description: 'Số điện thoại sẽ nhận mã' }) });

export const signInSchema = z.strictObject({
  idNumber: z.string().max(40).meta({ description: 'Số định danh cá nhân (12 chữ số)' }),
  phone: z.string().max(40),
  birthDate: z.string().max(20).meta({ description: 'Ngày sinh, YYYY-MM-DD' }),
  /** Ends the person's other sessions (a lost or shared device). */
  endOtherSessions: z.boolean().optional().meta({ description: 'Kết thúc mọi phiên đăng nhập khác của thí sinh (máy bị mất, máy dùng chung)' }),
});

/** An ALTCHA solution: its base64 form, or the object itself. */
export const challengeSolutionSchema = z.union([
  z.string().max(2048),
  z.strictObject({
    algorithm: z.string().max(16),
    challenge: z.string().max(128),
    number: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    salt: z.string().max(512),
    signature: z.string().max(128),
    took: z.number().optional(),
  }),
]);

export const startAttemptSchema = z
  .strictObject({
    source: sourceSchema,
    challenge: challengeSolutionSchema.optional().meta({ description: 'Lời giải thử thách chống tự động (bắt buộc trừ khi ATTEMPT_CHALLENGE=off)' }),
  })
  .optional();

export const embedCheckQuerySchema = z.strictObject({
  origin: z
    .string({ error: '«Trang nhúng» (origin) là bắt buộc' })
    .max(300, { error: '«Trang nhúng» (origin) dài quá 300 ký tự' })
    .meta({ description: 'Origin của trang đang nhúng widget (giao thức, tên miền và cổng nếu có)' }),
});

export const embedCheckSchema = z
  .strictObject({
    origin: z.string(),
    allowed: z.boolean().meta({ description: 'true khi trang này được gọi API của cuộc thi (CORS)' }),
  })
  .meta({ description: 'Trang nhúng có nằm trong danh sách được phép của cuộc thi hay không' });

export const leaderboardQuerySchema = z.strictObject({
  limit: z.coerce
    .number({ error: '«Số dòng» phải là một số nguyên từ 1 đến 500' })
    .int()
    .min(1)
    .max(500)
    .default(50)
    .meta({ description: 'Số dòng đầu bảng (1–500)' }),
});

const answersSchema = z
  .record(z.string().max(64), z.union([z.string().max(8), z.null()]))
  .refine((a) => Object.keys(a).length <= 200, { error: 'Mỗi lần gửi tối đa 200 câu trả lời' })
  .meta({ description: 'Mã câu hỏi → mã phương án đã chọn (a, b, c…), null để bỏ chọn; tối đa 200 câu mỗi lần' });

export const saveAnswersSchema = z.strictObject({ answers: answersSchema });

const predictionProblem = '«Dự đoán» phải là một số nguyên không âm';

export const submitAttemptSchema = z.strictObject({
  answers: answersSchema.optional(),
  prediction: z
    .number({ error: predictionProblem })
    .int({ error: predictionProblem })
    .min(0, { error: predictionProblem })
    .max(1_000_000_000, { error: '«Dự đoán» không được lớn hơn 1.000.000.000' })
    .nullable()
    .optional()
    .meta({ description: 'Câu trả lời cho câu hỏi dự đoán của cuộc thi' }),
});

/** `DELETE …/me`: withdrawing consent and erasing the registration must be confirmed in the body. */
export const erasureRequestSchema = z.strictObject({
  confirm: z.literal(true, { error: 'Cần xác nhận «confirm: true» để xoá dữ liệu' }).meta({ description: 'Luôn là true: xác nhận rút lại sự đồng ý và xoá dữ liệu' }),
});

export const dataRequestCreateSchema = z.strictObject({
  kind: z
    .enum(DATA_REQUEST_KINDS, { error: 'Loại yêu cầu phải là correction (sửa thông tin), question (hỏi) hoặc erasure (xoá)' })
    .meta({ description: 'correction: sửa thông tin; question: hỏi về dữ liệu cá nhân; erasure: xoá dữ liệu' }),
  message: z.string().trim().min(5, { error: 'Nội dung yêu cầu cần ít nhất 5 ký tự' }).max(2000).meta({ description: 'Nội dung yêu cầu (5–2000 ký tự)' }),
});

// ---- responses ----

/** The privacy notice in the contest info: everything but its full text, which `GET …/privacy-notice` answers. */
const privacyNoticeSummarySchema = z
  .strictObject({
    version: z.number().int().meta({ description: 'Tăng mỗi khi nội dung thông báo đổi; lượt đăng ký ghi phiên bản đã đồng ý' }),
    controller: z.string().meta({ description: 'Bên kiểm soát dữ liệu cá nhân' }),
    contact: z.string(),
    purposes: z.array(z.string()),
    retentionUntil: instant().meta({ description: 'Dữ liệu cá nhân được lưu đến' }),
  })
  .meta({
    description:
      'Thông báo xử lý dữ liệu cá nhân (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP; quyết định 0027), không kèm toàn văn: toàn văn ở GET /api/contests/:slug/privacy-notice',
  });

/** The whole notice a person reads before consenting (`GET /api/contests/:slug/privacy-notice`). */
export const privacyNoticeSchema = privacyNoticeSummarySchema
  .extend({ text: z.string().meta({ description: 'Toàn văn thông báo (văn bản thuần, các đoạn cách nhau một dòng trống)' }) })
  .meta({ description: 'Thông báo xử lý dữ liệu cá nhân, toàn văn (quyết định 0027)' });

export const publicContestSchema = z
  .strictObject({
    slug: z.string(),
    title: z.string(),
    description: z.string().meta({ description: 'Thể lệ (văn bản thuần, xuống dòng giữ nguyên)' }),
    startsAt: instant(),
    endsAt: instant(),
    status: contestStatusSchema,
    questionsPerAttempt: z.number().int(),
    timeLimitSeconds: z.number().int(),
    maxAttempts: z.number().int().nullable().meta({ description: 'null: không giới hạn số lượt' }),
    predictionQuestion: z.string(),
    revealScore: z.enum(['afterSubmit', 'afterClose']).meta({ description: 'afterClose: điểm và thứ hạng chỉ hiện sau khi cuộc thi kết thúc' }),
    phoneVerification: z.boolean().meta({ description: 'Đăng ký phải kèm mã xác minh gửi qua SMS' }),
    prizes: prizesSchema,
    occupations: z.array(occupationSchema),
    documents: z.array(documentSchema),
    stats: z.strictObject({ participants: z.number().int(), attempts: z.number().int() }),
    resultsPublishedAt: instant().nullable().meta({ description: 'Khi kết quả được công bố (khi đó GET …/results trả danh sách giải), chưa công bố: null' }),
    privacyNotice: privacyNoticeSummarySchema,
    minAge: z.number().int().nullable().meta({ description: 'Tuổi tối thiểu (tính theo ngày đăng ký); null: không giới hạn' }),
    practice: z.enum(PRACTICE_MODES).optional().meta({ description: 'Luyện tập: off, always (khi đang mở chỉ câu được đánh dấu luyện tập), afterClose' }),
    rounds: z.array(publicRoundSchema).meta({ description: 'Các vòng theo thứ tự thời gian; rỗng khi cuộc thi chỉ có một vòng' }),
    currentRoundId: z.string().nullable().meta({ description: 'Vòng đang mở; null khi không có vòng nào đang mở' }),
    roundsRanking: z.enum(ROUNDS_RANKINGS).meta({ description: 'Cách xếp hạng chung khi có vòng: best, sum, final' }),
    now: instant().meta({ description: 'Giờ của máy chủ — đồng hồ duy nhất' }),
  })
  .meta({ description: 'Thông tin công khai của cuộc thi' });

export const publicUnitsSchema = z.array(
  z.strictObject({ id: z.string(), name: z.string(), parentId: z.string().nullable(), kind: z.string().nullable() }),
);

export const unitStatsSchema = z.array(
  z.strictObject({
    unitId: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    participants: z.number().int().meta({ description: 'Người tham gia của đơn vị và các đơn vị trực thuộc' }),
    attempts: z.number().int(),
    rate: z.number().optional().meta({ description: 'Tỷ lệ tham gia so với số người đã khai báo (khi có)' }),
  }),
);

export const contestantViewSchema = z.strictObject({
  id: z.string(),
  fullName: z.string(),
  unitId: z.string(),
  occupation: z.string(),
  registeredAt: instant(),
});

export const sessionSchema = z.strictObject({
  contestant: contestantViewSchema,
  token: z.string().meta({ description: 'Mã đăng nhập của thí sinh: gửi lại trong `Authorization: Bearer …`' }),
});

export const signedInSchema = sessionSchema.extend({
  endedSessions: z.number().int().meta({ description: 'Số phiên khác đã kết thúc (khi gửi endOtherSessions)' }),
});

export const phoneCodeSentSchema = z.strictObject({
  expiresAt: instant().meta({ description: 'Mã hết hiệu lực lúc này' }),
  resendAfter: instant().meta({ description: 'Được xin mã khác từ lúc này' }),
  now: instant(),
});

const attemptStatusSchema = z.enum(['inProgress', 'submitted']);

export const attemptSummarySchema = z.strictObject({
  id: z.string(),
  status: attemptStatusSchema,
  score: z.number().int().nullable(),
  total: z.number().int(),
  durationMs: z.number().int().nullable(),
  startedAt: instant(),
  submittedAt: instant().nullable(),
  autoSubmitted: z.boolean(),
  voided: z.boolean().meta({ description: 'Lượt thi đã bị Ban Tổ chức huỷ kết quả' }),
});

/** An attempt while scores wait for the close: no score. */
export const withheldSummarySchema = attemptSummarySchema.omit({ score: true });

/** An attempt of `me`: while scores wait for the close (`revealScore: "afterClose"`) without `score`. */
const myAttemptSchema = attemptSummarySchema.extend({
  score: z.number().int().nullable().optional().meta({ description: 'Vắng mặt khi điểm còn giữ kín đến lúc kết thúc' }),
});

export const meSchema = z.strictObject({
  contestant: contestantViewSchema,
  remainingAttempts: z.number().int().nullable().meta({ description: 'null: không giới hạn' }),
  inProgress: z.string().nullable().meta({ description: 'Lượt thi đang làm dở, nếu có' }),
  attempts: z.array(myAttemptSchema),
  best: myAttemptSchema.nullable().meta({ description: 'Lượt tốt nhất; null khi chưa có hoặc khi điểm còn giữ kín' }),
  rank: z.number().int().nullable(),
  scoreShownAt: instant().optional().meta({ description: 'Điểm và thứ hạng hiện từ lúc này (revealScore: afterClose)' }),
  rounds: z.array(myRoundSchema).optional().meta({ description: 'Chỉ khi cuộc thi có vòng: kết quả của mình ở từng vòng; remainingAttempts ở trên là của vòng đang mở' }),
});

export const challengeSchema = z
  .strictObject({
    algorithm: z.literal('SHA-256'),
    challenge: z.string(),
    maxnumber: z.number().int(),
    salt: z.string(),
    signature: z.string(),
    required: z.boolean().meta({ description: 'false khi máy chủ không đòi lời giải (ATTEMPT_CHALLENGE=off): widget bỏ qua bước giải' }),
  })
  .meta({ description: 'Thử thách proof-of-work kiểu ALTCHA: tìm number với sha256(salt + number) = challenge' });

export const submittedResultSchema = attemptSummarySchema.extend({
  prediction: z.number().int().nullable(),
  rank: z.number().int().nullable().meta({ description: 'Thứ hạng tạm thời khi đây là lượt tốt nhất của thí sinh' }),
});

export const receivedResultSchema = z.strictObject({
  id: z.string(),
  status: attemptStatusSchema,
  submittedAt: instant().nullable(),
  received: z.literal(true),
  scoreShownAt: instant(),
});

export const submitResultSchema = z.union([submittedResultSchema, receivedResultSchema]);

const attemptQuestionSchema = z.strictObject({
  id: z.string(),
  text: z.string(),
  options: z.array(z.strictObject({ id: z.string(), text: z.string() })),
  correctOptionId: z.string().optional().meta({ description: 'Chỉ khi đáp án được công bố (revealAnswers)' }),
  explanation: z.string().nullable().optional(),
  source: z.string().nullable().optional().meta({ description: 'Nguồn của câu hỏi, cùng lúc với đáp án' }),
  sourceUrl: z.string().nullable().optional().meta({ description: 'Liên kết đến nguồn (http/https), cùng lúc với đáp án' }),
});

export const attemptViewSchema = z
  .strictObject({
    id: z.string(),
    status: attemptStatusSchema,
    startedAt: instant(),
    deadline: instant().meta({ description: 'Hạn nộp theo giờ máy chủ' }),
    now: instant(),
    questions: z.array(attemptQuestionSchema),
    answers: z.record(z.string(), z.string()),
    answerKeyShown: z.boolean(),
    // Present once submitted: the result, or while scores wait only that it was received.
    score: z.number().int().nullable().optional(),
    total: z.number().int().optional(),
    durationMs: z.number().int().nullable().optional(),
    submittedAt: instant().nullable().optional(),
    autoSubmitted: z.boolean().optional(),
    voided: z.boolean().optional(),
    prediction: z.number().int().nullable().optional(),
    rank: z.number().int().nullable().optional(),
    received: z.literal(true).optional(),
    scoreShownAt: instant().optional(),
  })
  .meta({ description: 'Một lượt thi: câu hỏi và phương án theo thứ tự đã xáo, câu trả lời đã lưu; sau khi nộp có thêm kết quả' });

export const answersSavedSchema = z.strictObject({ saved: z.number().int(), now: instant() });

export const leaderboardEntrySchema = z.strictObject({
  rank: z.number().int(),
  name: z.string(),
  unit: z.string(),
  score: z.number().int(),
  total: z.number().int(),
  durationMs: z.number().int(),
  you: z.literal(true).optional().meta({ description: 'Dòng của chính người gọi (khi gửi mã đăng nhập)' }),
});

export const leaderboardSchema = z.strictObject({
  provisional: z.boolean().meta({ description: 'true khi cuộc thi chưa kết thúc' }),
  actual: z.number().int().nullable().meta({ description: 'Con số làm đáp án của câu hỏi dự đoán hiện tại' }),
  entries: z.array(leaderboardEntrySchema),
  scoreShownAt: instant().optional().meta({ description: 'Khi điểm còn giữ kín đến lúc kết thúc: bảng rỗng, hiện từ lúc này' }),
  you: z.strictObject({ rank: z.number().int().nullable() }).optional().meta({ description: 'Chỉ khi gửi mã đăng nhập: thứ hạng của người gọi' }),
});

export const publicResultsSchema = z.strictObject({
  publishedAt: instant(),
  provisional: z.boolean(),
  outdated: z.literal(true).optional().meta({ description: 'Điểm đã đổi sau khi công bố (chấm lại) và danh sách chưa công bố lại' }),
  predictionTarget: z.string(),
  actual: z.number().int(),
  individual: z.array(
    z.strictObject({
      prize: z.string(),
      valueVnd: z.number().int(),
      rank: z.number().int(),
      name: z.string(),
      unit: z.string(),
      birthYear: z.number().int(),
      score: z.number().int(),
      total: z.number().int(),
      durationMs: z.number().int(),
      prediction: z.number().int().nullable(),
    }),
  ),
  collective: z.array(
    z.strictObject({
      prize: z.string(),
      valueVnd: z.number().int(),
      unit: z.string(),
      participants: z.number().int(),
      attempts: z.number().int(),
      rate: z.number().optional(),
      averageScore: z.number(),
    }),
  ),
});

/** One attempt as its owner downloads it: question and option texts, the key only once it may show. */
const myDataAttemptSchema = z.strictObject({
  id: z.string(),
  status: attemptStatusSchema,
  startedAt: instant(),
  deadline: instant(),
  submittedAt: instant().nullable(),
  autoSubmitted: z.boolean(),
  score: z.number().int().nullable().meta({ description: 'null khi chưa nộp hoặc điểm còn giữ kín đến lúc kết thúc' }),
  total: z.number().int(),
  durationMs: z.number().int().nullable(),
  prediction: z.number().int().nullable(),
  voidedAt: instant().nullable(),
  voidReason: z.string().nullable(),
  source: z.string().nullable().meta({ description: 'Trang nhúng đã mở lượt thi' }),
  ip: z.string().nullable().meta({ description: 'Địa chỉ IP (xoá sau thời hạn lưu dữ liệu mạng)' }),
  userAgent: z.string().nullable(),
  questions: z.array(
    z.strictObject({
      text: z.string(),
      options: z.array(z.string()).meta({ description: 'Các phương án theo thứ tự đã hiện cho thí sinh' }),
      chosen: z.string().nullable().meta({ description: 'Phương án đã chọn (nguyên văn)' }),
      correct: z.string().nullable().optional().meta({ description: 'Đáp án đúng, chỉ khi đáp án được công bố' }),
    }),
  ),
});

export const myDataSchema = z
  .strictObject({
    exportedAt: instant(),
    contest: z.strictObject({ slug: z.string(), title: z.string() }),
    controller: z.string().meta({ description: 'Bên kiểm soát dữ liệu cá nhân' }),
    profile: z.record(z.string(), z.unknown()).meta({ description: 'Mọi trường đã lưu của lượt đăng ký, nguyên như trong cơ sở dữ liệu' }),
    consent: z
      .looseObject({ given: z.literal(true), recordedAt: instant() })
      .meta({ description: 'Sự đồng ý đã ghi nhận, kèm các trường đồng ý của lượt đăng ký (phiên bản thông báo, công bố tên, người giám hộ)' }),
    attempts: z.array(myDataAttemptSchema),
    sessions: z.array(z.strictObject({ createdAt: instant() })).meta({ description: 'Các phiên đăng nhập đang có' }),
    audit: z
      .array(z.strictObject({ at: instant(), actor: z.string(), action: z.string(), target: z.string(), detail: z.unknown() }))
      .meta({ description: 'Các thao tác trên dữ liệu của thí sinh trong nhật ký' }),
    dataRequests: z.array(dataRequestSchema),
    retentionUntil: instant().meta({ description: 'Dữ liệu cá nhân được lưu đến' }),
  })
  .meta({ description: 'Mọi dữ liệu đang lưu về thí sinh (tải về dạng tệp JSON)' });

export const erasureSchema = z.strictObject({ erasedAt: instant().meta({ description: 'Lúc đã xoá dữ liệu' }) });

export type MyDataView = z.infer<typeof myDataSchema>;
export type MyDataAttempt = z.infer<typeof myDataAttemptSchema>;
export type ErasureView = z.infer<typeof erasureSchema>;
export type { DataRequestView } from './common.js';
export type ErasureRequest = z.input<typeof erasureRequestSchema>;
export type DataRequestCreateRequest = z.input<typeof dataRequestCreateSchema>;
export type PublicContest = z.infer<typeof publicContestSchema>;
export type PublicPrivacyNotice = z.infer<typeof privacyNoticeSchema>;
export type PublicUnits = z.infer<typeof publicUnitsSchema>;
export type UnitStats = z.infer<typeof unitStatsSchema>;
export type ContestantView = z.infer<typeof contestantViewSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type SignedIn = z.infer<typeof signedInSchema>;
export type PhoneCodeSent = z.infer<typeof phoneCodeSentSchema>;
export type AttemptSummary = z.infer<typeof attemptSummarySchema>;
export type WithheldSummary = z.infer<typeof withheldSummarySchema>;
export type MyAttempt = z.infer<typeof myAttemptSchema>;
export type Me = z.infer<typeof meSchema>;
export type Challenge = z.infer<typeof challengeSchema>;
export type EmbedCheck = z.infer<typeof embedCheckSchema>;
export type SubmittedResult = z.infer<typeof submittedResultSchema>;
export type ReceivedResult = z.infer<typeof receivedResultSchema>;
export type SubmitResult = z.infer<typeof submitResultSchema>;
export type AttemptView = z.infer<typeof attemptViewSchema>;
export type AnswersSaved = z.infer<typeof answersSavedSchema>;
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;
export type Leaderboard = z.infer<typeof leaderboardSchema>;
export type PublicResults = z.infer<typeof publicResultsSchema>;
export type SignInRequest = z.input<typeof signInSchema>;
export type SaveAnswersRequest = z.input<typeof saveAnswersSchema>;
export type SubmitAttemptRequest = z.input<typeof submitAttemptSchema>;
export type StartAttemptRequest = z.input<typeof startAttemptSchema>;
