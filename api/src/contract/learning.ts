/**
 * Learning Đề án 06 (decision 0036): a question's source, the public answer page after the close,
 * practice that never counts, and the certificate of participation. Shapes the contestant routes
 * answer; the widget imports the types only.
 */
import { z } from 'zod';
import { instant } from './common.js';

/** When practice is offered: never, all through the contest (questions marked for practice only while open), or once closed. */
export const PRACTICE_MODES = ['off', 'always', 'afterClose'] as const;
export type PracticeMode = (typeof PRACTICE_MODES)[number];

/** Where a question comes from: a document name or article (text), and a link to it. */
export const questionSourceFields = {
  source: z.string().nullable().meta({ description: 'Nguồn: tên văn bản, điều khoản hoặc bài viết' }),
  sourceUrl: z.string().nullable().meta({ description: 'Liên kết đến nguồn (chỉ http hoặc https)' }),
};

const optionSchema = z.strictObject({ id: z.string(), text: z.string() });

/** A question with its key, as the answer page and a checked practice answer show it. */
export const answeredQuestionSchema = z.strictObject({
  id: z.string(),
  topic: z.string(),
  text: z.string(),
  options: z.array(optionSchema).meta({ description: 'Theo thứ tự trong ngân hàng câu hỏi' }),
  correctOptionId: z.string(),
  explanation: z.string().nullable(),
  ...questionSourceFields,
});

/** `GET /api/contests/:slug/answers`: after the close, when the contest reveals answers. */
export const publicAnswersSchema = z
  .strictObject({
    contest: z.strictObject({ slug: z.string(), title: z.string() }),
    questions: z.array(
      answeredQuestionSchema.extend({
        answered: z.number().int().meta({ description: 'Số lượt thi đã nộp có câu này' }),
        rightShare: z.number().nullable().meta({ description: 'Tỷ lệ (0–1) lượt trả lời đúng; null khi chưa lượt nào nộp' }),
      }),
    ),
  })
  .meta({ description: 'Đáp án công khai sau khi cuộc thi kết thúc: mọi câu đã từng được rút, kèm giải thích, nguồn và tỷ lệ trả lời đúng' });

/** `POST /api/contests/:slug/practice`: a practice set, drawn like an attempt; nothing of it counts. */
export const practiceSetSchema = z
  .strictObject({
    id: z.string(),
    contest: z.strictObject({ slug: z.string(), title: z.string() }),
    questions: z.array(z.strictObject({ id: z.string(), topic: z.string(), text: z.string(), options: z.array(optionSchema) })),
    expiresAt: instant().meta({ description: 'Sau thời điểm này bộ câu hỏi luyện tập không còn kiểm tra được' }),
  })
  .meta({ description: 'Một bộ câu hỏi luyện tập: không tính vào xếp hạng, thống kê, giải thưởng' });

/** `POST /api/contests/:slug/practice`: no body, or an empty object (nothing to choose). */
export const practiceStartSchema = z.strictObject({}).meta({ description: 'Không có trường nào: gửi {} hoặc không gửi nội dung' });

/** `POST /api/practice/:id/check`. */
export const practiceCheckSchema = z.strictObject({
  questionId: z.string().max(64).meta({ description: 'Câu hỏi trong bộ luyện tập' }),
  optionId: z.string().max(64).meta({ description: 'Phương án đã chọn' }),
});

export const practiceCheckedSchema = z
  .strictObject({
    correct: z.boolean(),
    correctOptionId: z.string(),
    explanation: z.string().nullable(),
    ...questionSourceFields,
  })
  .meta({ description: 'Kết quả một câu luyện tập, trả ngay' });

/** `GET /api/contests/:slug/me/certificate`: the signed-in contestant's own certificate. */
export const myCertificateSchema = z
  .strictObject({
    code: z.string().meta({ description: 'Mã xác minh (in trên giấy và trong mã QR)' }),
    verifyUrl: z.string().meta({ description: 'Địa chỉ trang xác minh /chung-nhan/:code' }),
    fullName: z.string(),
    unitName: z.string(),
    contest: z.strictObject({ slug: z.string(), title: z.string() }),
    bestScore: z.number().int().nullable().meta({ description: 'Điểm cao nhất, chỉ khi cuộc thi đã cho xem điểm' }),
    total: z.number().int().nullable(),
    participatedAt: instant().meta({ description: 'Lúc nộp lượt thi hợp lệ đầu tiên' }),
    issuedAt: instant(),
  })
  .meta({ description: 'Giấy chứng nhận đã tham gia của người đang đăng nhập' });

/** `GET /api/certificates/:code`: what anyone holding the code may confirm (name and unit only). */
export const certificateCheckSchema = z
  .strictObject({
    valid: z.literal(true),
    code: z.string(),
    fullName: z.string(),
    unitName: z.string(),
    contest: z.strictObject({ slug: z.string(), title: z.string() }),
    issuedAt: instant(),
  })
  .meta({ description: 'Giấy chứng nhận hợp lệ; mã không đúng trả 404' });

export type PublicAnswers = z.infer<typeof publicAnswersSchema>;
export type AnsweredQuestion = z.infer<typeof answeredQuestionSchema>;
export type PracticeSet = z.infer<typeof practiceSetSchema>;
export type PracticeCheck = z.input<typeof practiceCheckSchema>;
export type PracticeChecked = z.infer<typeof practiceCheckedSchema>;
export type MyCertificate = z.infer<typeof myCertificateSchema>;
export type CertificateCheck = z.infer<typeof certificateCheckSchema>;
