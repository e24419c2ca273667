import { addVietnamese } from './strings.js';

/**
 * Vietnamese texts of the leaderboard, the units table, the
 * published results, and the result card after a submission (a screen that comes with this chunk). They come with that chunk and join the table
 * of strings.ts as it loads (decision 0013); the English ones are in strings-en.ts.
 */
export const boardTexts = {
  leaderboardHeading: 'Bảng xếp hạng',
  provisional: 'Kết quả tạm thời, có thể thay đổi đến khi cuộc thi kết thúc.',
  rank: 'Hạng',
  name: 'Họ và tên',
  unitColumn: 'Đơn vị',
  score: 'Số câu đúng',
  duration: 'Thời gian',
  you: '(bạn)',
  emptyLeaderboard: 'Chưa có ai hoàn thành bài thi.',
  boardAfterClose: (at: string) => `Bảng xếp hạng sẽ được công bố khi cuộc thi kết thúc (${at}).`,
  unitsHeading: 'Số người tham gia theo đơn vị',
  participants: 'Người dự thi',
  attempts: 'Lượt thi',
  rate: 'Tỷ lệ tham gia',
  emptyUnits: 'Chưa có số liệu.',
  unitSearchTable: 'Lọc theo tên đơn vị',
  resultsHeading: 'Kết quả cuộc thi',
  roundResultsHeading: 'Kết quả của vòng',
  notPublished: 'Kết quả chưa được công bố',
  publishedAt: (when: string) => `Công bố lúc ${when}`,
  resultsOutdated: 'Ban Tổ chức đã chấm lại sau khi công bố; kết quả này đang chờ được công bố lại.',
  actualFigure: (n: number) => `Đáp án câu hỏi phụ: ${n}`,
  individualWinners: 'Giải cá nhân',
  collectiveWinners: 'Giải tập thể',
  prize: 'Giải',
  birthYear: 'Năm sinh',
  prediction: 'Dự đoán',
  averageScore: 'Điểm trung bình',
  resultHeading: 'Kết quả bài thi',
  resultScore: (score: number, total: number) => `Bạn trả lời đúng ${score}/${total} câu`,
  resultTime: 'Thời gian làm bài',
  resultRank: 'Thứ hạng tạm thời',
  resultRankFinal: 'Thứ hạng',
  resultReceived: 'Bài thi đã được ghi nhận.',
  scoreAfterClose: (at: string) => `Điểm và thứ hạng sẽ được công bố khi cuộc thi kết thúc (${at}).`,
  tryAgain: 'Thi lượt mới',
};

addVietnamese(boardTexts);
