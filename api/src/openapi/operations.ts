/**
 * Every API route the app mounts, described once: what it does (in Vietnamese), who may call it,
 * what it takes and what it answers, by the contract's schemas. The OpenAPI document is generated
 * from this table (document.ts) and a test holds it to `app.routes` both ways.
 */
import { z } from 'zod';
import * as admin from '../contract/admin.js';
import * as contestant from '../contract/contestant.js';
import * as learning from '../contract/learning.js';
import { dataRequestSchema } from '../contract/common.js';
import * as webhooks from '../contract/webhooks.js';
import * as rounds from '../contract/rounds.js';
import type { ErrorCode } from '../http/errors.js';

/**
 * Who may call: nobody in particular; a contestant's token (required, or optional: then the answer
 * marks the caller's own row); an admin token that may read (organiser or jury) or must write
 * (organiser only); `adminPublish`: reading for all, writing (publish/apply) for organisers only;
 * `adminHost`: a host site's code only (decision 0040), which every other admin route refuses with 403.
 */
export type Access = 'public' | 'contestant' | 'contestantOptional' | 'adminRead' | 'adminWrite' | 'adminReadOrWrite' | 'adminHost';

/** A file answer: CSV (UTF-8 with BOM) or an Excel workbook, by the `format` query. */
export type FileKind = 'csv' | 'xlsx' | 'html';

export interface OperationResponse {
  description: string;
  /** Name of the response type (a component of the document) and its schema. */
  name?: string;
  schema?: z.ZodType;
  /** Other media types the same status may answer (exports). */
  files?: FileKind[];
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** As mounted in Hono: `/api/contests/:slug`. */
  path: string;
  tag: string;
  summary: string;
  description: string;
  access: Access;
  query?: z.ZodObject;
  body?: { name: string; schema: z.ZodType; required: boolean; files?: boolean };
  responses: Record<number, OperationResponse>;
  /** Refusals this route may answer besides those every route of its kind has (see `errorCodes`). */
  errors?: ErrorCode[];
}

const TAGS = {
  contest: 'Cuộc thi (công khai)',
  contestant: 'Thí sinh',
  attempt: 'Lượt thi',
  adminContest: 'Ban Tổ chức: cuộc thi',
  adminData: 'Ban Tổ chức: câu hỏi, đơn vị, loại trừ',
  adminResults: 'Ban Tổ chức: xếp hạng, kết quả, xuất dữ liệu',
  adminCorrections: 'Ban Tổ chức: huỷ lượt, cấp lượt, sửa thông tin',
  personalData: 'Dữ liệu cá nhân',
  adminPersonalData: 'Ban Tổ chức: dữ liệu cá nhân',
  adminAccess: 'Ban Tổ chức: mã truy cập',
  adminWebhooks: 'Ban Tổ chức: webhook',
  service: 'Hệ thống',
} as const;

export const TAG_DESCRIPTIONS: Record<string, string> = {
  [TAGS.contest]: 'Thông tin ai cũng xem được: cuộc thi, đơn vị, bảng xếp hạng, kết quả đã công bố. Gọi được từ trình duyệt ở các trang nằm trong allowedOrigins của cuộc thi (CORS).',
  [TAGS.contestant]: 'Đăng ký, xác minh số điện thoại, đăng nhập lại, thông tin của chính thí sinh.',
  [TAGS.attempt]: 'Bắt đầu, lưu câu trả lời, nộp bài. Đồng hồ duy nhất là đồng hồ của máy chủ.',
  [TAGS.adminContest]: 'Cấu hình cuộc thi. Mọi route /api/admin cần mã truy cập của Ban Tổ chức (ghi) hoặc Ban Giám khảo (chỉ đọc); không có CORS.',
  [TAGS.adminData]: 'Ngân hàng câu hỏi, cây đơn vị, danh sách loại trừ: nhập JSON hoặc tệp .xlsx/.csv; có dòng sai thì không nhập gì.',
  [TAGS.adminResults]: 'Xếp hạng, tính và công bố giải, chấm lại, thống kê, rà soát, tệp xuất và báo cáo in.',
  [TAGS.adminCorrections]: 'Sửa sai có lý do, ghi nhật ký thao tác.',
  [TAGS.personalData]:
    'Quyền của thí sinh đối với dữ liệu cá nhân (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP): tải về mọi dữ liệu đang lưu, gửi yêu cầu sửa hoặc hỏi, rút lại sự đồng ý và xoá đăng ký.',
  [TAGS.adminPersonalData]: 'Trả lời yêu cầu của thí sinh trong hạn, xoá dữ liệu cá nhân khi hết thời hạn lưu giữ, hồ sơ xử lý dữ liệu cá nhân để in.',
  [TAGS.adminAccess]: 'Mã truy cập của Ban Tổ chức và Ban Giám khảo, như lệnh `token` của dòng lệnh: máy chủ chỉ lưu bản băm, giá trị chỉ hiện một lần khi tạo.',
  [TAGS.adminWebhooks]:
    'Báo cho trang đăng cai (báo, đài) khi có người đăng ký, nộp bài, khi công bố kết quả: mỗi lần gửi được ký HMAC-SHA256 trong `X-De-An-06-Signature: t=<unix>,v1=<hex>` (của chuỗi "t.body"), gửi lại với thời gian chờ tăng dần trong 24 giờ; không có số định danh, số điện thoại, ngày sinh hay đáp án.',
  [TAGS.service]: 'Tình trạng máy chủ và chính tài liệu này.',
};

const FILE_NOTE = 'Tệp CSV (UTF-8 có BOM để Excel hiện đúng tiếng Việt) hoặc Excel theo tham số `format`.';

export const OPERATIONS: Operation[] = [
  // ---- service ----
  {
    method: 'get',
    path: '/api/ping',
    tag: TAGS.service,
    summary: 'Kiểm tra máy chủ còn chạy',
    description: 'JSON tĩnh, không đọc cơ sở dữ liệu: dùng cho bộ cân bằng tải và làm mốc đo tải.',
    access: 'public',
    responses: { 200: { description: 'Máy chủ đang chạy', name: 'Ping', schema: z.strictObject({ ok: z.literal(true) }) } },
  },
  {
    method: 'get',
    path: '/api/health',
    tag: TAGS.service,
    summary: 'Tình trạng và phiên bản',
    description: 'Máy chủ và cơ sở dữ liệu đang phục vụ; kèm phiên bản phần mềm.',
    access: 'public',
    responses: { 200: { description: 'Đang phục vụ', name: 'Health', schema: z.strictObject({ ok: z.literal(true), version: z.string() }) } },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: TAGS.service,
    summary: 'Tài liệu OpenAPI 3.1 của API',
    description: 'Chính tài liệu này, sinh từ các lược đồ zod mà máy chủ dùng để kiểm tra yêu cầu.',
    access: 'public',
    responses: { 200: { description: 'Tài liệu OpenAPI 3.1 (JSON)', name: 'OpenApiDocument', schema: z.looseObject({ openapi: z.string() }) } },
  },
  {
    method: 'get',
    path: '/api/docs',
    tag: TAGS.service,
    summary: 'Trang tra cứu API',
    description: 'Tài liệu này dưới dạng trang HTML đọc được, dựng sẵn trên máy chủ (không có script).',
    access: 'public',
    responses: { 200: { description: 'Trang HTML', files: ['html'] } },
  },

  // ---- public contest ----
  {
    method: 'get',
    path: '/api/contests/:slug',
    tag: TAGS.contest,
    summary: 'Thông tin cuộc thi',
    description: 'Tên, thể lệ, thời gian, trạng thái, giải thưởng, đối tượng, tài liệu, số người tham gia và giờ của máy chủ (`now`).',
    access: 'public',
    responses: { 200: { description: 'Cuộc thi', name: 'PublicContest', schema: contestant.publicContestSchema } },
  },
  {
    method: 'get',
    path: '/api/contests/:slug/units',
    tag: TAGS.contest,
    summary: 'Danh sách đơn vị',
    description: 'Cây đơn vị để thí sinh chọn khi đăng ký (có ETag, trả 304 khi không đổi).',
    access: 'public',
    responses: { 200: { description: 'Các đơn vị theo thứ tự Ban Tổ chức nhập', name: 'PublicUnits', schema: contestant.publicUnitsSchema } },
  },
  {
    method: 'get',
    path: '/api/contests/:slug/privacy-notice',
    tag: TAGS.contest,
    summary: 'Thông báo xử lý dữ liệu cá nhân',
    description:
      'Toàn văn thông báo mà thí sinh đọc trước khi đồng ý (quyết định 0027), cùng phiên bản; thông tin cuộc thi chỉ mang phần tóm tắt. Có ETag, trả 304 khi không đổi; nén khi trình duyệt nhận.',
    access: 'public',
    responses: { 200: { description: 'Thông báo, toàn văn', name: 'PrivacyNotice', schema: contestant.privacyNoticeSchema } },
  },
  {
    method: 'get',
    path: '/api/contests/:slug/units/stats',
    tag: TAGS.contest,
    summary: 'Tham gia theo đơn vị',
    description: 'Số người tham gia và lượt thi của từng đơn vị, gộp cả đơn vị trực thuộc; tỷ lệ khi đơn vị đã khai báo số người.',
    access: 'public',
    responses: { 200: { description: 'Số liệu theo đơn vị', name: 'UnitStats', schema: contestant.unitStatsSchema } },
  },
  {
    method: 'get',
    path: '/api/contests/:slug/leaderboard',
    tag: TAGS.contest,
    summary: 'Bảng xếp hạng',
    description:
      'Các dòng đầu bảng: họ tên, đơn vị, điểm, thời gian — không có thông tin định danh. Gửi kèm mã đăng nhập thì dòng của chính người gọi có `you: true` và `you.rank` là thứ hạng của họ. Khi điểm chỉ công bố sau khi kết thúc, bảng rỗng kèm `scoreShownAt`.',
    access: 'contestantOptional',
    query: contestant.leaderboardQuerySchema,
    responses: { 200: { description: 'Bảng xếp hạng', name: 'Leaderboard', schema: contestant.leaderboardSchema } },
  },
  {
    method: 'get',
    path: '/api/contests/:slug/results',
    tag: TAGS.contest,
    summary: 'Kết quả đã công bố',
    description: 'Danh sách giải cá nhân (họ tên, đơn vị, năm sinh) và giải tập thể, sau khi Ban Tổ chức công bố.',
    access: 'public',
    responses: { 200: { description: 'Kết quả', name: 'PublicResults', schema: contestant.publicResultsSchema } },
    errors: ['NOT_PUBLISHED'],
  },
  {
    method: 'get',
    path: '/api/contests/:slug/rounds/:id/leaderboard',
    tag: TAGS.contest,
    summary: 'Bảng xếp hạng của một vòng',
    description:
      'Như bảng xếp hạng của cuộc thi, trên các lượt thi của vòng: mỗi người một dòng với lượt tốt nhất trong vòng; câu hỏi dự đoán so với con số của chính vòng. Khi điểm chỉ công bố sau khi kết thúc, bảng rỗng kèm `scoreShownAt` cho tới khi VÒNG kết thúc.',
    access: 'contestantOptional',
    query: contestant.leaderboardQuerySchema,
    responses: { 200: { description: 'Bảng xếp hạng của vòng', name: 'Leaderboard', schema: contestant.leaderboardSchema } },
  },
  {
    method: 'get',
    path: '/api/contests/:slug/rounds/:id/results',
    tag: TAGS.contest,
    summary: 'Kết quả đã công bố của một vòng',
    description: 'Danh sách giải riêng của vòng (họ tên, đơn vị, năm sinh), sau khi Ban Tổ chức công bố.',
    access: 'public',
    responses: { 200: { description: 'Kết quả của vòng', name: 'PublicResults', schema: contestant.publicResultsSchema } },
    errors: ['NOT_PUBLISHED'],
  },
  {
    method: 'get',
    path: '/api/contests/:slug/challenge',
    tag: TAGS.attempt,
    summary: 'Thử thách chống tự động',
    description: 'Một thử thách proof-of-work (SHA-256 kiểu ALTCHA) phải giải trước khi bắt đầu lượt thi mới; widget tự giải trong vài trăm mili giây.',
    access: 'public',
    responses: { 200: { description: 'Thử thách đã ký', name: 'Challenge', schema: contestant.challengeSchema } },
  },
  {
    method: 'get',
    path: '/api/contests/:slug/embed-check',
    tag: TAGS.contest,
    summary: 'Trang nhúng có được phép không',
    description:
      'Cho biết `origin` có nằm trong allowedOrigins của cuộc thi (hoặc ALLOWED_ORIGINS) hay không. Mọi trang đều gọi được (`Access-Control-Allow-Origin: *`): widget dùng nó để báo trang chưa được Ban Tổ chức cho phép thay vì báo lỗi mạng.',
    access: 'public',
    query: contestant.embedCheckQuerySchema,
    responses: { 200: { description: 'Kết quả kiểm tra', name: 'EmbedCheck', schema: contestant.embedCheckSchema } },
  },

  // ---- learning Đề án 06 (decision 0036) ----
  {
    method: 'get',
    path: '/api/contests/:slug/answers',
    tag: TAGS.contest,
    summary: 'Đáp án công khai',
    description:
      'Sau khi cuộc thi kết thúc: mọi câu hỏi đã từng được rút cho một lượt thi, với các phương án theo thứ tự trong ngân hàng, đáp án (đã sửa nếu Ban Tổ chức sửa), giải thích, nguồn, số lượt đã nộp có câu đó và tỷ lệ trả lời đúng. Trước khi kết thúc, hoặc khi cuộc thi không công bố đáp án (revealAnswers: never): 404 NOT_AVAILABLE.',
    access: 'public',
    responses: { 200: { description: 'Đáp án công khai', name: 'PublicAnswers', schema: learning.publicAnswersSchema } },
    errors: ['NOT_AVAILABLE'],
  },
  {
    method: 'post',
    path: '/api/contests/:slug/practice',
    tag: TAGS.contest,
    summary: 'Bắt đầu luyện tập',
    description:
      'Không cần đăng ký, không tính vào xếp hạng, thống kê hay giải thưởng. Rút một bộ câu hỏi như một lượt thi (cùng số câu), giữ 2 giờ để kiểm tra từng câu. Theo cài đặt practice của cuộc thi: always — khi chưa kết thúc chỉ các câu được đánh dấu luyện tập; always hoặc afterClose — sau khi kết thúc mọi câu; ngoài ra 404 NOT_AVAILABLE. Giới hạn theo địa chỉ (RATE_LIMIT_PRACTICE_PER_MINUTE).',
    access: 'public',
    body: { name: 'PracticeStart', schema: learning.practiceStartSchema, required: false },
    responses: { 201: { description: 'Bộ câu hỏi luyện tập', name: 'PracticeSet', schema: learning.practiceSetSchema } },
    errors: ['NOT_AVAILABLE', 'RATE_LIMITED'],
  },
  {
    method: 'post',
    path: '/api/practice/:id/check',
    tag: TAGS.contest,
    summary: 'Kiểm tra một câu luyện tập',
    description:
      'Trả ngay đáp án đúng, giải thích và nguồn của một câu trong bộ luyện tập. Câu không thuộc bộ (questionId) hoặc phương án không có (optionId): 400 nêu trường; bộ không có hoặc đã hết hạn: 404.',
    access: 'public',
    body: { name: 'PracticeCheck', schema: learning.practiceCheckSchema, required: true },
    responses: { 200: { description: 'Kết quả câu luyện tập', name: 'PracticeChecked', schema: learning.practiceCheckedSchema } },
    errors: ['NOT_AVAILABLE'],
  },

  // ---- contestant ----
  {
    method: 'post',
    path: '/api/contests/:slug/contestants',
    tag: TAGS.contestant,
    summary: 'Đăng ký dự thi',
    description:
      'Họ tên, ngày sinh, số định danh cá nhân, số điện thoại, đơn vị, đối tượng và sự đồng ý. Mọi trường sai được nêu cùng lúc trong `fields`. Trả mã đăng nhập của thí sinh.',
    access: 'public',
    body: { name: 'RegistrationRequest', schema: contestant.registrationSchema, required: true },
    responses: { 201: { description: 'Đã đăng ký', name: 'Registered', schema: contestant.sessionSchema } },
    errors: ['EXCLUDED', 'ALREADY_REGISTERED', 'CONTEST_NOT_OPEN', 'RATE_LIMITED'],
  },
  {
    method: 'post',
    path: '/api/contests/:slug/phone-codes',
    tag: TAGS.contestant,
    summary: 'Gửi mã xác minh số điện thoại',
    description: 'Chỉ với cuộc thi bật phoneVerification: gửi mã 6 chữ số qua SMS. Giới hạn 1 mã/phút, 5 mã/giờ cho mỗi số.',
    access: 'public',
    body: { name: 'PhoneCodeRequest', schema: contestant.phoneCodeRequestSchema, required: true },
    responses: { 202: { description: 'Đã gửi mã', name: 'PhoneCodeSent', schema: contestant.phoneCodeSentSchema } },
    errors: ['CONFLICT', 'CONTEST_NOT_OPEN', 'RATE_LIMITED'],
  },
  {
    method: 'post',
    path: '/api/contests/:slug/sessions',
    tag: TAGS.contestant,
    summary: 'Đăng nhập lại',
    description: 'Bằng số định danh, số điện thoại và ngày sinh đã đăng ký; sai nhiều lần thì phải chờ (429).',
    access: 'public',
    body: { name: 'SignInRequest', schema: contestant.signInSchema, required: true },
    responses: { 200: { description: 'Đã đăng nhập', name: 'SignedIn', schema: contestant.signedInSchema } },
    errors: ['UNAUTHORIZED', 'RATE_LIMITED'],
  },
  {
    method: 'delete',
    path: '/api/contests/:slug/sessions',
    tag: TAGS.contestant,
    summary: 'Đăng xuất',
    description: 'Kết thúc phiên của mã đăng nhập gửi kèm.',
    access: 'contestant',
    responses: { 204: { description: 'Đã đăng xuất' } },
  },
  {
    method: 'get',
    path: '/api/contests/:slug/me',
    tag: TAGS.contestant,
    summary: 'Thông tin của tôi',
    description: 'Thí sinh, số lượt còn lại, lượt đang làm dở, các lượt đã làm, lượt tốt nhất và thứ hạng (giữ kín đến khi kết thúc nếu revealScore là afterClose).',
    access: 'contestant',
    responses: { 200: { description: 'Thông tin thí sinh', name: 'Me', schema: contestant.meSchema } },
  },

  // ---- contestant: personal data ----
  {
    method: 'get',
    path: '/api/contests/:slug/me/data',
    tag: TAGS.personalData,
    summary: 'Tải về dữ liệu của tôi',
    description:
      'Mọi dữ liệu đang lưu về thí sinh: thông tin đăng ký nguyên như trong cơ sở dữ liệu, sự đồng ý, các lượt thi với câu hỏi và phương án đã chọn (đáp án chỉ khi được công bố), các phiên đăng nhập, nhật ký thao tác trên dữ liệu của mình, các yêu cầu đã gửi và thời hạn lưu giữ. Trả kèm `Content-Disposition: attachment` để trình duyệt lưu thành tệp JSON.',
    access: 'contestant',
    responses: { 200: { description: 'Dữ liệu của thí sinh', name: 'MyData', schema: contestant.myDataSchema } },
  },
  {
    method: 'post',
    path: '/api/contests/:slug/me/data-requests',
    tag: TAGS.personalData,
    summary: 'Gửi yêu cầu về dữ liệu cá nhân',
    description:
      'Yêu cầu sửa thông tin, câu hỏi hoặc yêu cầu xoá gửi Ban Tổ chức; câu trả lời có hạn (`dueAt`) và hiện trong «Dữ liệu của tôi». Đang có 10 yêu cầu chờ trả lời thì không gửi thêm được (409). Ghi nhật ký thao tác.',
    access: 'contestant',
    body: { name: 'DataRequestCreateRequest', schema: contestant.dataRequestCreateSchema, required: true },
    responses: { 201: { description: 'Đã ghi nhận yêu cầu', name: 'DataRequest', schema: dataRequestSchema } },
    errors: ['CONFLICT'],
  },
  {
    method: 'delete',
    path: '/api/contests/:slug/me',
    tag: TAGS.personalData,
    summary: 'Rút lại sự đồng ý và xoá đăng ký',
    description:
      'Xoá thông tin đăng ký và các lượt thi của thí sinh, kết thúc mọi phiên đăng nhập; thân yêu cầu phải có `confirm: true`. Người đoạt giải đã công bố, hoặc người có thứ hạng đoạt giải khi cuộc thi đã kết thúc mà kết quả chưa công bố, chưa xoá được: trả 409 `RETAINED` kèm yêu cầu xoá (`dataRequest`) đã ghi nhận để Ban Tổ chức xử lý (quyết định 0029). Ghi nhật ký thao tác.',
    access: 'contestant',
    body: { name: 'ErasureRequest', schema: contestant.erasureRequestSchema, required: true },
    responses: { 200: { description: 'Đã xoá', name: 'Erasure', schema: contestant.erasureSchema } },
    errors: ['RETAINED'],
  },

  // ---- certificates (decision 0037) ----
  {
    method: 'get',
    path: '/api/contests/:slug/me/certificate',
    tag: TAGS.contestant,
    summary: 'Giấy chứng nhận đã tham gia của tôi',
    description:
      'Cấp ở lần gọi đầu (mã xác minh ngẫu nhiên 12 ký tự), các lần sau trả lại đúng giấy đó. Cần ít nhất một lượt thi đã nộp và không bị huỷ kết quả, nếu không trả 404 `NOT_AVAILABLE`. Điểm cao nhất chỉ có khi cuộc thi đã cho xem điểm.',
    access: 'contestant',
    responses: { 200: { description: 'Giấy chứng nhận', name: 'MyCertificate', schema: learning.myCertificateSchema } },
    errors: ['NOT_AVAILABLE'],
  },
  {
    method: 'get',
    path: '/api/certificates/:code',
    tag: TAGS.contest,
    summary: 'Xác minh giấy chứng nhận',
    description:
      'Ai có mã đều xác minh được: họ tên, đơn vị, cuộc thi, ngày cấp. Mã sai, hoặc giấy không còn hiệu lực (mọi lượt thi bị huỷ kết quả, người được cấp đã xoá dữ liệu) trả 404. Trang để đọc và in: /chung-nhan/{code}.',
    access: 'public',
    responses: { 200: { description: 'Giấy chứng nhận hợp lệ', name: 'CertificateCheck', schema: learning.certificateCheckSchema } },
    errors: ['RATE_LIMITED'],
  },

  // ---- attempts ----
  {
    method: 'post',
    path: '/api/contests/:slug/attempts',
    tag: TAGS.attempt,
    summary: 'Bắt đầu lượt thi',
    description:
      'Rút câu hỏi, xáo phương án, đặt hạn nộp theo giờ máy chủ. Đang có lượt làm dở thì trả lại chính lượt đó (200) thay vì tạo lượt mới (201). Cần lời giải thử thách trừ khi máy chủ tắt yêu cầu này.',
    access: 'contestant',
    body: { name: 'StartAttemptRequest', schema: contestant.startAttemptSchema, required: false },
    responses: {
      201: { description: 'Lượt thi mới', name: 'AttemptView', schema: contestant.attemptViewSchema },
      200: { description: 'Lượt thi đang làm dở', name: 'AttemptView', schema: contestant.attemptViewSchema },
    },
    errors: ['CONTEST_NOT_OPEN', 'ATTEMPT_LIMIT', 'RATE_LIMITED'],
  },
  {
    method: 'get',
    path: '/api/attempts/:id',
    tag: TAGS.attempt,
    summary: 'Xem lượt thi',
    description: 'Câu hỏi, câu trả lời đã lưu, hạn nộp; sau khi nộp có kết quả và (nếu được công bố) đáp án. Lượt quá hạn được nộp tự động trước khi trả.',
    access: 'contestant',
    responses: { 200: { description: 'Lượt thi', name: 'AttemptView', schema: contestant.attemptViewSchema } },
  },
  {
    method: 'put',
    path: '/api/attempts/:id/answers',
    tag: TAGS.attempt,
    summary: 'Lưu câu trả lời',
    description: 'Lưu ngay từng lựa chọn; câu đến sau hạn nộp bị từ chối (409 ATTEMPT_CLOSED).',
    access: 'contestant',
    body: { name: 'SaveAnswersRequest', schema: contestant.saveAnswersSchema, required: true },
    responses: { 200: { description: 'Đã lưu', name: 'AnswersSaved', schema: contestant.answersSavedSchema } },
    errors: ['ATTEMPT_CLOSED', 'RATE_LIMITED'],
  },
  {
    method: 'post',
    path: '/api/attempts/:id/submit',
    tag: TAGS.attempt,
    summary: 'Nộp bài',
    description: 'Nộp kèm câu trả lời cuối và dự đoán. Trả điểm và thứ hạng, hoặc chỉ xác nhận đã nhận khi điểm giữ kín đến lúc kết thúc. Nộp lại lượt đã nộp trả đúng kết quả cũ.',
    access: 'contestant',
    body: { name: 'SubmitAttemptRequest', schema: contestant.submitAttemptSchema, required: true },
    responses: { 200: { description: 'Kết quả nộp bài', name: 'SubmitResult', schema: contestant.submitResultSchema } },
  },

  // ---- admin: contests ----
  {
    method: 'get',
    path: '/api/admin/me',
    tag: TAGS.adminContest,
    summary: 'Mã truy cập đang dùng',
    description: 'Tên và vai trò của mã (organiser: Ban Tổ chức; jury: Ban Giám khảo, chỉ xem).',
    access: 'adminRead',
    responses: { 200: { description: 'Người giữ mã', name: 'AdminMe', schema: admin.adminMeSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests',
    tag: TAGS.adminContest,
    summary: 'Danh sách cuộc thi',
    description: 'Mọi cuộc thi với toàn bộ cấu hình và trạng thái.',
    access: 'adminRead',
    responses: { 200: { description: 'Các cuộc thi', name: 'AdminContests', schema: admin.adminContestsSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug',
    tag: TAGS.adminContest,
    summary: 'Cấu hình một cuộc thi',
    description: 'Toàn bộ cấu hình và trạng thái.',
    access: 'adminRead',
    responses: { 200: { description: 'Cuộc thi', name: 'AdminContest', schema: admin.adminContestSchema } },
  },
  {
    method: 'put',
    path: '/api/admin/contests/:slug',
    tag: TAGS.adminContest,
    summary: 'Tạo hoặc sửa cuộc thi',
    description: 'Thời gian theo ISO-8601; các mục bỏ trống lấy mặc định của kế hoạch. Không bỏ được đối tượng đã có thí sinh đăng ký. Ghi nhật ký thao tác.',
    access: 'adminWrite',
    body: { name: 'ContestRequest', schema: admin.contestSchema, required: true },
    responses: {
      200: { description: 'Đã lưu', name: 'AdminContest', schema: admin.adminContestSchema },
      201: { description: 'Đã tạo cuộc thi mới', name: 'AdminContest', schema: admin.adminContestSchema },
    },
  },
  {
    method: 'get',
    path: '/api/admin/audit',
    tag: TAGS.adminContest,
    summary: 'Nhật ký thao tác',
    description: 'Ai đã làm gì, lúc nào, mới nhất trước; phân trang bằng `before`.',
    access: 'adminRead',
    query: admin.auditQuerySchema,
    responses: { 200: { description: 'Các mục nhật ký', name: 'AuditEntries', schema: admin.auditEntriesSchema } },
  },

  {
    method: 'delete',
    path: '/api/admin/contests/:slug',
    tag: TAGS.adminContest,
    summary: 'Xoá cuộc thi',
    description:
      'Cho cuộc thi tạo nhầm hoặc để tập dượt: xoá cùng câu hỏi, đơn vị, danh sách loại trừ và các lượt đăng ký. Đã có lượt thi thì không xoá được (409): kết quả thi là hồ sơ của cuộc thi. Ghi nhật ký thao tác kèm toàn bộ cấu hình trước khi xoá.',
    access: 'adminWrite',
    responses: { 200: { description: 'Đã xoá', name: 'ContestDeleted', schema: admin.contestDeletedSchema } },
    errors: ['CONFLICT'],
  },

  // ---- admin: access codes ----
  {
    method: 'get',
    path: '/api/admin/access-codes',
    tag: TAGS.adminAccess,
    summary: 'Danh sách mã truy cập',
    description: 'Tên, vai trò, ngày tạo và ngày thu hồi của mỗi mã, cũ nhất trước; không bao giờ có giá trị của mã. Không liệt kê các mã ngắn hạn đã thu hồi của dòng lệnh.',
    access: 'adminRead',
    responses: { 200: { description: 'Các mã truy cập', name: 'AccessCodes', schema: admin.accessCodesSchema } },
  },
  {
    method: 'post',
    path: '/api/admin/access-codes',
    tag: TAGS.adminAccess,
    summary: 'Tạo mã truy cập',
    description: 'Mã mới cho Ban Tổ chức hoặc Ban Giám khảo; giá trị (`token`) chỉ trả về lần này. Ghi nhật ký thao tác.',
    access: 'adminWrite',
    body: { name: 'AccessCodeCreateRequest', schema: admin.accessCodeCreateSchema, required: true },
    responses: { 201: { description: 'Mã đã tạo, kèm giá trị', name: 'CreatedAccessCode', schema: admin.createdAccessCodeSchema } },
  },
  {
    method: 'delete',
    path: '/api/admin/access-codes/:id',
    tag: TAGS.adminAccess,
    summary: 'Thu hồi mã truy cập',
    description: 'Mã bị thu hồi không dùng được nữa; thu hồi lại mã đã thu hồi trả nguyên mã đó. Không thu hồi được mã Ban Tổ chức cuối cùng còn hiệu lực (409). Ghi nhật ký thao tác.',
    access: 'adminWrite',
    responses: { 200: { description: 'Mã sau khi thu hồi', name: 'AccessCode', schema: admin.accessCodeSchema } },
    errors: ['CONFLICT'],
  },

  // ---- admin: questions, units, exclusions ----
  {
    method: 'get',
    path: '/api/admin/contests/:slug/questions',
    tag: TAGS.adminData,
    summary: 'Ngân hàng câu hỏi',
    description: 'Các câu đang dùng (và đã ngừng dùng nếu hỏi); `format=csv|xlsx` tải tệp theo đúng mẫu nhập.',
    access: 'adminRead',
    query: admin.questionsQuerySchema,
    responses: { 200: { description: 'Các câu hỏi', name: 'Questions', schema: admin.questionsSchema, files: ['csv', 'xlsx'] } },
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/questions',
    tag: TAGS.adminData,
    summary: 'Nhập câu hỏi',
    description: 'Danh sách JSON hoặc tệp .xlsx/.csv (cột «Chủ đề», «Câu hỏi», «Phương án A»…«F», «Đáp án», «Giải thích»). Có dòng sai thì không nhập gì, lỗi nêu từng dòng trong `rows`.',
    access: 'adminWrite',
    body: { name: 'QuestionImportRequest', schema: admin.questionImportSchema, required: true, files: true },
    responses: { 200: { description: 'Đã nhập', name: 'QuestionsImported', schema: admin.questionsImportedSchema } },
  },
  {
    method: 'put',
    path: '/api/admin/contests/:slug/questions/:id',
    tag: TAGS.adminData,
    summary: 'Sửa câu hỏi',
    description: 'Đổi đáp án hoặc phương án của câu đã dùng thì điểm các lượt đã nộp chỉ đổi khi chấm lại; `affectedAttempts` cho biết số lượt đó.',
    access: 'adminWrite',
    body: { name: 'QuestionEditRequest', schema: admin.questionEditSchema, required: true },
    responses: { 200: { description: 'Câu hỏi sau khi sửa', name: 'QuestionEdited', schema: admin.questionEditedSchema } },
    errors: ['CONFLICT'],
  },
  {
    method: 'delete',
    path: '/api/admin/contests/:slug/questions/:id',
    tag: TAGS.adminData,
    summary: 'Ngừng dùng câu hỏi',
    description: 'Câu hỏi không bị xoá (các lượt đã làm vẫn cần), chỉ không được rút vào lượt mới.',
    access: 'adminWrite',
    responses: { 200: { description: 'Câu hỏi đã ngừng dùng', name: 'Question', schema: admin.questionSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/units',
    tag: TAGS.adminData,
    summary: 'Cây đơn vị',
    description: 'Mỗi đơn vị với số người đã khai báo và việc có dự giải tập thể.',
    access: 'adminRead',
    responses: { 200: { description: 'Các đơn vị', name: 'AdminUnits', schema: admin.adminUnitsSchema } },
  },
  {
    method: 'put',
    path: '/api/admin/contests/:slug/units',
    tag: TAGS.adminData,
    summary: 'Thay cây đơn vị',
    description: 'Toàn bộ danh sách (JSON hoặc tệp .xlsx/.csv); không bỏ được đơn vị đã có thí sinh.',
    access: 'adminWrite',
    body: { name: 'UnitsReplaceRequest', schema: admin.unitsReplaceSchema, required: true, files: true },
    responses: { 200: { description: 'Cây đơn vị mới', name: 'AdminUnits', schema: admin.adminUnitsSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/exclusions',
    tag: TAGS.adminData,
    summary: 'Danh sách loại trừ',
    description: 'Số định danh và số điện thoại của Ban Tổ chức, Ban Giám khảo, Tổ Thư ký (không được dự thi). Mỗi lần đọc được ghi nhật ký.',
    access: 'adminRead',
    responses: { 200: { description: 'Danh sách loại trừ', name: 'Exclusions', schema: admin.exclusionsSchema } },
  },
  {
    method: 'put',
    path: '/api/admin/contests/:slug/exclusions',
    tag: TAGS.adminData,
    summary: 'Thay danh sách loại trừ',
    description: 'JSON hoặc tệp .xlsx/.csv (cột «Số định danh», «Số điện thoại»).',
    access: 'adminWrite',
    body: { name: 'ExclusionsReplaceRequest', schema: admin.exclusionsReplaceSchema, required: true, files: true },
    responses: { 200: { description: 'Danh sách sau khi thay', name: 'Exclusions', schema: admin.exclusionsSchema } },
  },

  {
    method: 'put',
    path: '/api/admin/contests/:slug/units/:id',
    tag: TAGS.adminData,
    summary: 'Thêm hoặc sửa một đơn vị',
    description:
      'Một dòng của cây đơn vị, kiểm tra theo đúng quy tắc của việc nhập tệp (đơn vị cấp trên phải có, không tạo vòng, không bỏ đơn vị đã có thí sinh); lỗi nêu trong `rows`. Trả toàn bộ cây sau khi lưu. Ghi nhật ký thao tác.',
    access: 'adminWrite',
    body: { name: 'UnitEditRequest', schema: admin.unitEditSchema, required: true },
    responses: {
      200: { description: 'Đã sửa; cây đơn vị mới', name: 'AdminUnits', schema: admin.adminUnitsSchema },
      201: { description: 'Đã thêm; cây đơn vị mới', name: 'AdminUnits', schema: admin.adminUnitsSchema },
    },
    errors: ['CONFLICT'],
  },
  {
    method: 'delete',
    path: '/api/admin/contests/:slug/units/:id',
    tag: TAGS.adminData,
    summary: 'Xoá một đơn vị',
    description: 'Không xoá được đơn vị còn đơn vị trực thuộc hoặc đã có thí sinh đăng ký (409). Trả toàn bộ cây sau khi xoá. Ghi nhật ký thao tác.',
    access: 'adminWrite',
    responses: { 200: { description: 'Cây đơn vị mới', name: 'AdminUnits', schema: admin.adminUnitsSchema } },
    errors: ['CONFLICT'],
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/exclusions/:kind',
    tag: TAGS.adminData,
    summary: 'Thêm một mục vào danh sách loại trừ',
    description:
      '`kind` là `id-numbers` (số định danh) hoặc `phones` (số điện thoại); giá trị được chuẩn hoá như khi nhập tệp. Trả toàn bộ danh sách: 201 khi mục mới được thêm, 200 khi đã có sẵn. Nhật ký chỉ ghi giá trị đã che bớt.',
    access: 'adminWrite',
    body: { name: 'ExclusionAddRequest', schema: admin.exclusionAddSchema, required: true },
    responses: {
      200: { description: 'Mục đã có sẵn; danh sách không đổi', name: 'Exclusions', schema: admin.exclusionsSchema },
      201: { description: 'Đã thêm; danh sách mới', name: 'Exclusions', schema: admin.exclusionsSchema },
    },
    errors: ['CONFLICT'],
  },
  {
    method: 'delete',
    path: '/api/admin/contests/:slug/exclusions/:kind/:value',
    tag: TAGS.adminData,
    summary: 'Bỏ một mục khỏi danh sách loại trừ',
    description: '`kind` là `id-numbers` hoặc `phones`; mục không có trong danh sách thì trả 404. Trả toàn bộ danh sách sau khi bỏ. Nhật ký chỉ ghi giá trị đã che bớt.',
    access: 'adminWrite',
    responses: { 200: { description: 'Danh sách mới', name: 'Exclusions', schema: admin.exclusionsSchema } },
  },

  // ---- admin: ranking, results, exports ----
  {
    method: 'get',
    path: '/api/admin/contests/:slug/ranking.json',
    tag: TAGS.adminResults,
    summary: 'Xếp hạng cho bảng điều khiển',
    description: 'Các dòng đầu bảng với họ tên, đơn vị, điểm, thời gian, dự đoán (không có thông tin liên lạc).',
    access: 'adminRead',
    query: admin.consoleRankingQuerySchema,
    responses: { 200: { description: 'Xếp hạng', name: 'ConsoleRanking', schema: admin.consoleRankingSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/ranking',
    tag: TAGS.adminResults,
    summary: 'Xuất xếp hạng',
    description: `Toàn bộ xếp hạng, truyền dần từng trang. JSON hoặc ${FILE_NOTE} Ghi nhật ký đọc dữ liệu cá nhân.`,
    access: 'adminRead',
    query: admin.rankingExportQuerySchema,
    responses: {
      200: {
        description: 'Xếp hạng',
        name: 'RankingExport',
        schema: z.looseObject({ provisional: z.boolean(), actual: z.number().int(), rankingOrder: z.array(z.string()), entries: z.array(z.looseObject({ rank: z.number().int() })) }),
        files: ['csv', 'xlsx'],
      },
    },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/attempts',
    tag: TAGS.adminResults,
    summary: 'Xuất lượt thi',
    description: `Mọi lượt thi với từng câu trả lời. ${FILE_NOTE}`,
    access: 'adminRead',
    query: admin.fileExportQuerySchema,
    responses: { 200: { description: 'Tệp lượt thi', files: ['csv', 'xlsx'] } },
    errors: ['RATE_LIMITED'],
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/contestants',
    tag: TAGS.adminResults,
    summary: 'Xuất thí sinh',
    description: `Mọi thí sinh với thông tin liên lạc. ${FILE_NOTE} Ghi nhật ký đọc dữ liệu cá nhân.`,
    access: 'adminRead',
    query: admin.fileExportQuerySchema,
    responses: { 200: { description: 'Tệp thí sinh', files: ['csv', 'xlsx'] } },
    errors: ['RATE_LIMITED'],
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/certificates',
    tag: TAGS.adminResults,
    summary: 'Xuất danh sách giấy chứng nhận',
    description: `Mã xác minh đã cấp theo đơn vị (đơn vị, họ tên, mã, thời điểm cấp, địa chỉ xác minh, còn hiệu lực hay không); \`unit\` chỉ lấy một đơn vị và các đơn vị trực thuộc. ${FILE_NOTE} Ghi nhật ký đọc dữ liệu cá nhân.`,
    access: 'adminRead',
    query: learning.certificateExportQuerySchema,
    responses: { 200: { description: 'Tệp giấy chứng nhận', files: ['csv', 'xlsx'] } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/contestants/search',
    tag: TAGS.adminCorrections,
    summary: 'Tìm thí sinh',
    description: 'Theo số định danh, số điện thoại hoặc họ tên; trả tối đa 20 người với các lượt thi. Ghi nhật ký (không ghi từ khoá).',
    access: 'adminRead',
    query: admin.contestantSearchQuerySchema,
    responses: { 200: { description: 'Thí sinh tìm thấy', name: 'ContestantSearch', schema: admin.contestantSearchSchema } },
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/results',
    tag: TAGS.adminResults,
    summary: 'Tính thử hoặc công bố kết quả',
    description:
      'Không có thân hoặc `publish: false`: tính thử (Ban Giám khảo được phép). `publish: true`: công bố (chỉ Ban Tổ chức); công bố lại cần `replace: true`, có người đoạt giải bị gắn cờ cần `acknowledgeFlags: true`.',
    access: 'adminReadOrWrite',
    body: { name: 'ComputeResultsRequest', schema: admin.computeResultsSchema, required: false },
    responses: { 200: { description: 'Danh sách giải', name: 'ComputedResults', schema: admin.computedResultsSchema } },
    errors: ['CONFLICT', 'FLAGGED_WINNERS', 'HEADCOUNT_MISSING'],
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/results',
    tag: TAGS.adminResults,
    summary: 'Kết quả đã công bố',
    description: 'Nguyên như lúc công bố, kèm `outdated` khi đã chấm lại sau đó.',
    access: 'adminRead',
    responses: { 200: { description: 'Kết quả', name: 'PublishedResults', schema: admin.publishedResultsSchema } },
    errors: ['NOT_PUBLISHED'],
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/results/export',
    tag: TAGS.adminResults,
    summary: 'Xuất danh sách giải',
    description: `Danh sách đã công bố (hoặc tạm tính) kèm thông tin liên lạc người đoạt giải. ${FILE_NOTE}`,
    access: 'adminRead',
    query: admin.winnersQuerySchema,
    responses: { 200: { description: 'Tệp danh sách giải', files: ['xlsx', 'csv'] } },
    errors: ['HEADCOUNT_MISSING'],
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/rounds/:id/results',
    tag: TAGS.adminResults,
    summary: 'Tính thử hoặc công bố kết quả của một vòng',
    description:
      'Như kết quả của cuộc thi, theo bảng xếp hạng và giải riêng của vòng (`rounds[].prizes`); giải tập thể của vòng chỉ khi vòng có. Vòng không có giải riêng: 409.',
    access: 'adminReadOrWrite',
    body: { name: 'ComputeResultsRequest', schema: admin.computeResultsSchema, required: false },
    responses: { 200: { description: 'Danh sách giải của vòng', name: 'ComputedResults', schema: admin.computedResultsSchema } },
    errors: ['CONFLICT', 'FLAGGED_WINNERS', 'HEADCOUNT_MISSING'],
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/rounds/:id/results',
    tag: TAGS.adminResults,
    summary: 'Kết quả đã công bố của một vòng',
    description: 'Nguyên như lúc công bố, kèm `outdated` khi đã chấm lại sau đó.',
    access: 'adminRead',
    responses: { 200: { description: 'Kết quả của vòng', name: 'PublishedResults', schema: admin.publishedResultsSchema } },
    errors: ['NOT_PUBLISHED'],
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/rounds/:id/results/export',
    tag: TAGS.adminResults,
    summary: 'Xuất danh sách giải của một vòng',
    description: `Danh sách đã công bố (hoặc tạm tính) của vòng kèm thông tin liên lạc người đoạt giải. ${FILE_NOTE}`,
    access: 'adminRead',
    query: admin.winnersQuerySchema,
    responses: { 200: { description: 'Tệp danh sách giải của vòng', files: ['xlsx', 'csv'] } },
    errors: ['HEADCOUNT_MISSING'],
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/rounds/:id/stats',
    tag: TAGS.adminResults,
    summary: 'Số liệu của một vòng',
    description: 'Người tham gia, lượt đã nộp và đang làm, điểm tốt nhất trung bình, con số đáp án của câu hỏi dự đoán tính trên vòng, thời điểm công bố kết quả của vòng.',
    access: 'adminRead',
    responses: { 200: { description: 'Số liệu của vòng', name: 'RoundStats', schema: rounds.roundStatsSchema } },
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/regrade',
    tag: TAGS.adminResults,
    summary: 'Chấm lại',
    description: 'Chấm lại các lượt đã nộp theo đáp án hiện tại. `dryRun: true` chỉ xem trước (Ban Giám khảo được phép); chấm thật chỉ Ban Tổ chức, đánh dấu kết quả đã công bố là cũ.',
    access: 'adminReadOrWrite',
    body: { name: 'RegradeRequest', schema: admin.regradeRequestSchema, required: false },
    responses: { 200: { description: 'Các thay đổi', name: 'Regrade', schema: admin.regradeSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/stats',
    tag: TAGS.adminResults,
    summary: 'Số liệu tham gia',
    description: 'Tổng quan cho bảng điều khiển: theo đơn vị, đối tượng, trang nhúng, ngày, phân bố điểm.',
    access: 'adminRead',
    responses: { 200: { description: 'Số liệu', name: 'ContestStats', schema: admin.statsSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/integrity',
    tag: TAGS.adminResults,
    summary: 'Rà soát tính trung thực',
    description: 'Các cờ (nộp quá nhanh, nhiều tài khoản cùng thiết bị…) theo ngưỡng của cuộc thi.',
    access: 'adminRead',
    responses: { 200: { description: 'Kết quả rà soát', name: 'IntegrityReview', schema: admin.integrityReviewSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/report',
    tag: TAGS.adminResults,
    summary: 'Báo cáo in cho lãnh đạo',
    description: 'Trang HTML in được: số liệu, giải thưởng, ghi chú.',
    access: 'adminRead',
    responses: { 200: { description: 'Trang báo cáo', files: ['html'] } },
  },

  // ---- admin: corrections ----
  {
    method: 'post',
    path: '/api/admin/attempts/:id/void',
    tag: TAGS.adminCorrections,
    summary: 'Huỷ kết quả một lượt thi',
    description: 'Lượt bị huỷ không còn được tính; luôn kèm lý do, ghi nhật ký.',
    access: 'adminWrite',
    body: { name: 'VoidAttemptRequest', schema: admin.voidAttemptSchema, required: true },
    responses: { 200: { description: 'Lượt thi sau khi huỷ', name: 'VoidedAttempt', schema: admin.voidedAttemptSchema } },
    errors: ['CONFLICT'],
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/attempts/void',
    tag: TAGS.adminCorrections,
    summary: 'Huỷ nhiều lượt thi',
    description: 'Từ rà soát tính trung thực: mọi mã phải thuộc cuộc thi, nếu không thì không huỷ lượt nào.',
    access: 'adminWrite',
    body: { name: 'BulkVoidRequest', schema: admin.bulkVoidSchema, required: true },
    responses: { 200: { description: 'Số lượt đã huỷ', name: 'BulkVoided', schema: admin.bulkVoidedSchema } },
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/contestants/:id/grants',
    tag: TAGS.adminCorrections,
    summary: 'Cấp thêm lượt thi',
    description: '1–10 lượt, kèm lý do, ghi nhật ký.',
    access: 'adminWrite',
    body: { name: 'GrantAttemptsRequest', schema: admin.grantAttemptsSchema, required: true },
    responses: { 200: { description: 'Số lượt sau khi cấp', name: 'Granted', schema: admin.grantedSchema } },
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/contestants/:id/release',
    tag: TAGS.adminCorrections,
    summary: 'Giải phóng số định danh',
    description: 'Khi người khác đã đăng ký bằng số định danh của một người (đã xác minh ngoài hệ thống): huỷ các lượt, kết thúc các phiên, cho phép đăng ký lại.',
    access: 'adminWrite',
    body: { name: 'ReleaseContestantRequest', schema: admin.releaseContestantSchema, required: true },
    responses: { 200: { description: 'Đã giải phóng', name: 'Released', schema: admin.releasedSchema } },
    errors: ['CONFLICT'],
  },
  {
    method: 'put',
    path: '/api/admin/contests/:slug/contestants/:id/phone',
    tag: TAGS.adminCorrections,
    summary: 'Đổi số điện thoại của thí sinh',
    description: 'Kèm lý do; nhật ký chỉ ghi số đã che bớt.',
    access: 'adminWrite',
    body: { name: 'ChangePhoneRequest', schema: admin.changePhoneSchema, required: true },
    responses: { 200: { description: 'Số mới', name: 'PhoneChanged', schema: admin.phoneChangedSchema } },
    errors: ['CONFLICT'],
  },

  // ---- admin: personal data ----
  {
    method: 'get',
    path: '/api/admin/contests/:slug/data-requests',
    tag: TAGS.adminPersonalData,
    summary: 'Yêu cầu về dữ liệu cá nhân',
    description: 'Mọi yêu cầu của thí sinh trong cuộc thi với người gửi, hạn trả lời, việc đã quá hạn hay sắp đến hạn; kèm số yêu cầu đang chờ, sắp đến hạn, quá hạn.',
    access: 'adminRead',
    responses: { 200: { description: 'Các yêu cầu', name: 'DataRequestList', schema: admin.dataRequestListSchema } },
  },
  {
    method: 'put',
    path: '/api/admin/contests/:slug/data-requests/:id',
    tag: TAGS.adminPersonalData,
    summary: 'Trả lời yêu cầu về dữ liệu cá nhân',
    description: 'Trả lời hoặc từ chối (kèm lý do) một yêu cầu đang chờ; yêu cầu đã trả lời thì không trả lời lại được (409). Thí sinh thấy câu trả lời trong «Dữ liệu của tôi». Ghi nhật ký thao tác.',
    access: 'adminWrite',
    body: { name: 'DataRequestAnswerRequest', schema: admin.dataRequestAnswerSchema, required: true },
    responses: { 200: { description: 'Yêu cầu sau khi trả lời', name: 'DataRequest', schema: dataRequestSchema } },
    errors: ['CONFLICT'],
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/purge-personal-data',
    tag: TAGS.adminPersonalData,
    summary: 'Xoá dữ liệu cá nhân khi hết thời hạn lưu giữ',
    description:
      'Xoá số định danh, số điện thoại, thư điện tử, ngày sinh, thông tin người giám hộ, dữ liệu mạng, danh sách loại trừ, nội dung các yêu cầu và rút họ tên còn chữ viết tắt (người đoạt giải đã công bố giữ họ tên); xếp hạng, số liệu và kết quả giữ nguyên. `dryRun: true` chỉ đếm (Ban Giám khảo được phép, chạy được cả trước hạn); xoá thật trước thời hạn lưu giữ trả 409 `RETENTION_NOT_OVER`. Ghi nhật ký thao tác.',
    access: 'adminReadOrWrite',
    body: { name: 'PurgeRequest', schema: admin.purgeRequestSchema, required: false },
    responses: { 200: { description: 'Đã xoá (hoặc sẽ xoá, khi chạy thử)', name: 'Purge', schema: admin.purgeSchema } },
    errors: ['RETENTION_NOT_OVER'],
  },
  {
    method: 'get',
    path: '/api/admin/host/participation',
    tag: TAGS.adminAccess,
    summary: 'Số liệu của trang đăng cai',
    description:
      'Với mã `host` (quyết định 0040): số lượt đăng ký và lượt thi đến từ đúng trang (tên miền) và cuộc thi của mã, theo ngày giờ Việt Nam. Chỉ số đếm, không có thông tin cá nhân. Mã khác nhận 403; mã `host` gọi mọi route /api/admin khác cũng nhận 403.',
    access: 'adminHost',
    responses: { 200: { description: 'Số liệu theo ngày', name: 'HostParticipation', schema: admin.hostParticipationSchema } },
  },
  // ---- admin: webhooks ----
  {
    method: 'get',
    path: '/api/admin/contests/:slug/webhooks',
    tag: TAGS.adminWebhooks,
    summary: 'Các địa chỉ nhận webhook',
    description: 'Địa chỉ, sự kiện đăng ký, trạng thái (bị tắt tự động khi lỗi liên tiếp), số lần gửi đang chờ; không bao giờ có khóa ký.',
    access: 'adminRead',
    responses: { 200: { description: 'Các địa chỉ nhận', name: 'WebhookEndpoints', schema: webhooks.webhookEndpointsSchema } },
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/webhooks',
    tag: TAGS.adminWebhooks,
    summary: 'Thêm địa chỉ nhận webhook',
    description:
      'Chỉ `https://` (máy chủ chạy với WEBHOOKS_ALLOW_LOOPBACK=1 thì nhận thêm `http://` tới 127.0.0.1, localhost, ::1 để thử). Khóa ký (`secret`) chỉ trả về lần này. Ghi nhật ký thao tác.',
    access: 'adminWrite',
    body: { name: 'WebhookCreateRequest', schema: webhooks.webhookCreateSchema, required: true },
    responses: { 201: { description: 'Địa chỉ đã thêm, kèm khóa ký', name: 'CreatedWebhook', schema: webhooks.createdWebhookSchema } },
  },
  {
    method: 'delete',
    path: '/api/admin/contests/:slug/webhooks/:id',
    tag: TAGS.adminWebhooks,
    summary: 'Xoá địa chỉ nhận webhook',
    description: 'Xoá cùng nhật ký gửi; các lần gửi đang chờ không được gửi nữa. Ghi nhật ký thao tác.',
    access: 'adminWrite',
    responses: { 200: { description: 'Địa chỉ đã xoá', name: 'WebhookEndpoint', schema: webhooks.webhookEndpointSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/webhooks/:id/deliveries',
    tag: TAGS.adminWebhooks,
    summary: 'Nhật ký gửi webhook',
    description: '100 lần gửi gần nhất, mới nhất trước: số lần thử, mã trạng thái HTTP và lỗi lần gần nhất, lần thử tới.',
    access: 'adminRead',
    responses: { 200: { description: 'Các lần gửi', name: 'WebhookDeliveries', schema: webhooks.webhookDeliveriesSchema } },
  },
  {
    method: 'post',
    path: '/api/admin/contests/:slug/webhooks/:id/deliveries/:deliveryId/retry',
    tag: TAGS.adminWebhooks,
    summary: 'Gửi lại',
    description: 'Gửi lại ngay (cùng mã sự kiện), thêm 24 giờ thử lại; địa chỉ đang bị tắt thì được bật lại. Ghi nhật ký thao tác.',
    access: 'adminWrite',
    responses: { 200: { description: 'Lần gửi, chờ gửi lại', name: 'WebhookDelivery', schema: webhooks.webhookDeliverySchema } },
  },
  {
    method: 'get',
    path: '/api/admin/contests/:slug/privacy-dossier',
    tag: TAGS.adminPersonalData,
    summary: 'Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân',
    description:
      'Bản nháp in được (khổ A4) điền sẵn từ cuộc thi và máy chủ: bên kiểm soát, hoạt động và mục đích xử lý, loại dữ liệu, thời hạn lưu giữ, nơi lưu trữ, biện pháp bảo vệ, quyền của chủ thể dữ liệu; chỗ để trống cho những gì chỉ Ban Tổ chức biết.',
    access: 'adminRead',
    responses: { 200: { description: 'Trang hồ sơ', files: ['html'] } },
  },
];

/** The refusals a route may answer: those of its kind (path, body, token) and its own. */
export function errorCodes(operation: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (operation.path.includes(':') || operation.query || operation.body) codes.add('VALIDATION');
  if (operation.path.includes(':')) codes.add('NOT_FOUND');
  if (operation.access === 'contestant') codes.add('UNAUTHORIZED');
  if (operation.access.startsWith('admin')) {
    codes.add('UNAUTHORIZED');
    codes.add('RATE_LIMITED'); // wrong admin tokens from one address
  }
  // A jury code on a write; a host site's code on anything but its own route, or another code on that one.
  if (operation.access.startsWith('admin')) codes.add('FORBIDDEN');
  if (operation.body) {
    codes.add('PAYLOAD_TOO_LARGE');
    codes.add('UNSUPPORTED_MEDIA_TYPE');
  }
  for (const code of operation.errors ?? []) codes.add(code);
  return [...codes];
}
