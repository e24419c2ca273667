import { addVietnamese } from './strings.js';

/**
 * Vietnamese texts of learning Đề án 06 (decision 0039): the review of one's own attempts, the
 * answer page after the close and practice. They come with those chunks and join the table of
 * strings.ts as they load (decision 0013); the English ones are in strings-en.ts.
 */
export const learningTexts = {
  reviewOpen: 'Xem lại bài làm',
  reviewClose: 'Đóng phần xem lại',
  reviewTitle: 'Xem lại bài làm',
  reviewLoadFailed: 'Không tải được bài làm. Vui lòng kiểm tra mạng và thử lại.',
  reviewKeyHidden: 'Đáp án của lượt thi này chưa được công bố.',
  reviewSummary: (right: number, total: number) => `Bạn trả lời đúng ${right}/${total} câu.`,
  questionN: (n: number, total: number) => `Câu ${n}/${total}`,
  markRight: 'Đáp án đúng',
  markChosen: 'Bạn đã chọn',
  verdictRight: 'Trả lời đúng',
  verdictWrong: 'Trả lời sai',
  verdictNone: 'Không trả lời',
  explanation: 'Giải thích',
  source: 'Nguồn',
  newTab: '(mở trong thẻ mới)',
  myAttemptsHeading: 'Các lượt thi của bạn',
  attemptN: (n: number) => `Lượt ${n}`,
  attemptSubmittedAt: (at: string) => `nộp lúc ${at}`,
  attemptScore: (score: number, total: number) => `${score}/${total} câu đúng`,
  attemptNoScore: 'đã nộp, điểm chưa công bố',
  attemptVoided: 'kết quả đã bị Ban Tổ chức huỷ',
  reviewAttempt: 'Xem lại',
  backToList: 'Về danh sách lượt thi',
  answersHeading: 'Đáp án và giải thích',
  answersNotAvailable: 'Đáp án sẽ được công bố sau khi cuộc thi kết thúc. Mời bạn quay lại sau.',
  answersSearch: 'Tìm theo chủ đề hoặc nội dung câu hỏi',
  answersShown: (shown: number, total: number) => (shown === total ? `${total} câu hỏi` : `${shown}/${total} câu hỏi khớp với từ khoá`),
  answersNone: 'Không có câu hỏi nào khớp với từ khoá.',
  answersNoneDrawn: 'Cuộc thi chưa có lượt thi nào, nên chưa có câu hỏi nào để công bố đáp án.',
  topic: 'Chủ đề',
  rightShare: (percent: string) => `${percent} trả lời đúng`,
  noShare: 'Chưa có lượt trả lời',
  practiceHeading: 'Luyện tập',
  practiceNeverCounts: 'Luyện tập không tính điểm: kết quả không được ghi vào bảng xếp hạng, thống kê hay giải thưởng.',
  practiceLoading: 'Đang chuẩn bị bộ câu hỏi luyện tập…',
  practiceNotAvailable: 'Cuộc thi này hiện không mở phần luyện tập. Mời bạn quay lại sau.',
  practiceRateLimited: (seconds: number) => `Bạn vừa lấy nhiều bộ câu hỏi liên tiếp. Vui lòng thử lại sau ${seconds} giây.`,
  practiceCount: (right: number, answered: number, total: number) => `Đúng ${right}/${answered} câu đã trả lời (bộ ${total} câu)`,
  practiceCheck: 'Kiểm tra',
  practiceChoose: 'Hãy chọn một phương án trước khi kiểm tra.',
  practiceAnotherSet: 'Làm bộ khác',
  practiceDone: (right: number, total: number) => `Bạn đã làm xong bộ câu hỏi: đúng ${right}/${total} câu.`,
};

addVietnamese(learningTexts);
