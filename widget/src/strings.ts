import type { attemptTexts } from './strings-attempt.js';
import type { boardTexts } from './strings-board.js';
import type { certificateTexts } from './strings-certificate.js';
import type { learningTexts } from './strings-learning.js';
import type { myDataTexts } from './strings-my-data.js';
import type { proofOfWorkTexts } from './proof-of-work.js';
import type { refusalTexts } from './strings-refusal.js';
import type { registrationTexts } from './strings-registration.js';
import type { roundsTexts } from './strings-rounds.js';

/**
 * The widget's texts. Vietnamese is the widget's language; each chunk carries its own Vietnamese texts
 * (the contest page's here, those of the later views in strings-registration.ts, strings-attempt.ts
 * and strings-board.ts), and the English table, strings-en.ts, is fetched only for lang="en"
 * (decision 0013).
 */

/** Also shown by the classic-script loader when the widget's code cannot be fetched. */
export const loadFailed = 'Không tải được cuộc thi. Vui lòng kiểm tra kết nối mạng và thử lại.';
export const retry = 'Thử lại';

/** Texts of the contest page and of more than one view, in the first screen. Later chunks add theirs. */
export const vi = {
  loading: 'Đang tải…',
  loadFailed,
  retry,
  networkError: 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.',
  verifying: 'Đang xác minh…',
  busyWaiting: (seconds: number) => `Đang đông người truy cập. Tự động thử lại sau ${seconds} giây…`,
  statusUpcoming: 'Sắp diễn ra',
  statusOpen: 'Đang diễn ra',
  statusClosed: 'Đã kết thúc',
  opensIn: 'Mở sau',
  closesIn: 'Kết thúc sau',
  closedNotice: 'Cuộc thi đã kết thúc. Cảm ơn bạn đã quan tâm.',
  window: (from: string, to: string) => `Thời gian: từ ${from} đến ${to}`,
  days: (n: number) => `${n} ngày`,
  hours: (n: number) => `${n} giờ`,
  minutes: (n: number) => `${n} phút`,
  seconds: (n: number) => `${n} giây`,
  rulesHeading: 'Thể lệ',
  ruleQuestions: (n: number) => `Mỗi lượt thi gồm ${n} câu hỏi trắc nghiệm, mỗi câu chọn một đáp án đúng.`,
  ruleTime: (minutes: number) => `Thời gian làm mỗi lượt: ${minutes} phút, tính theo đồng hồ của máy chủ.`,
  ruleAttempts: (n: number | null) =>
    n === null ? 'Không giới hạn số lượt thi; lượt có kết quả tốt nhất được tính.' : `Mỗi người được thi tối đa ${n} lượt; lượt có kết quả tốt nhất được tính.`,
  rulePrediction: 'Câu hỏi phụ (dự đoán) dùng để xếp hạng khi bằng điểm. Dự đoán của lượt nộp bài đầu tiên được dùng để xét giải.',
  ruleScoreAfterClose: 'Điểm và thứ hạng được công bố khi cuộc thi kết thúc; khi nộp bài, bạn nhận được xác nhận bài thi đã được ghi nhận.',
  prizesHeading: 'Giải thưởng',
  prizesIndividual: 'Giải cá nhân',
  prizesCollective: 'Giải tập thể',
  prizeRow: (name: string, count: number, value: string) => `${count} ${name}: ${value} mỗi giải`,
  statsParticipants: 'người dự thi',
  statsAttempts: 'lượt thi',
  documentsHeading: 'Tài liệu',
  register: 'Đăng ký dự thi',
  signIn: 'Tôi đã đăng ký: đăng nhập lại',
  signOut: 'Đăng xuất',
  hello: (name: string) => `Xin chào, ${name}`,
  attemptsLeft: (n: number | null) => (n === null ? 'Không giới hạn số lượt thi' : `Còn ${n} lượt thi`),
  noAttemptsLeft: 'Bạn đã dùng hết số lượt thi.',
  start: 'Bắt đầu làm bài',
  resume: 'Tiếp tục bài đang làm',
  viewLeaderboard: 'Xem bảng xếp hạng',
  backToContest: 'Về trang cuộc thi',
  timeUp: 'Đã hết giờ làm bài. Bài thi được nộp tự động với các câu trả lời đã lưu.',
  bestResult: 'Kết quả tốt nhất',
  myData: 'Dữ liệu của tôi',
  practice: 'Luyện tập',
};

/** Every text of the widget, whichever chunk brings it. */
export type Strings = typeof vi & typeof registrationTexts & typeof attemptTexts & typeof boardTexts & typeof myDataTexts & typeof learningTexts & typeof refusalTexts & typeof proofOfWorkTexts & typeof certificateTexts & typeof roundsTexts;

/** Called by a later chunk as it loads: its Vietnamese texts join the table. */
export function addVietnamese(texts: Partial<Strings>): void {
  Object.assign(vi, texts);
}

let en: Strings | undefined;

/**
 * The table for `lang`: English once `loadStrings('en')` has fetched it, Vietnamese otherwise. A view
 * reads only its own chunk's texts and the shared ones, which are there once its chunk has loaded.
 */
export function stringsFor(lang: string | null | undefined): Strings {
  return lang === 'en' && en ? en : (vi as Strings);
}

/** Fetches the English table the first time it is needed; Vietnamese is always there. */
export async function loadStrings(lang: string | null | undefined): Promise<void> {
  if (lang === 'en' && !en) en = (await import('./strings-en.js')).en;
}
