import { addVietnamese } from './strings.js';

/**
 * Vietnamese texts of an attempt (questions, prediction,
 * review, submission). They come with that chunk and join the table
 * of strings.ts as it loads (decision 0013); the English ones are in strings-en.ts.
 */
export const attemptTexts = {
  offline:
    'Mất kết nối mạng. Các câu trả lời của bạn vẫn được giữ trên máy và sẽ tự động lưu khi có mạng trở lại.',
  questionOf: (n: number, total: number) => `Câu ${n}/${total}`,
  timeLeft: 'Thời gian còn lại',
  timeWarning: (minutes: number) => `Còn ${minutes} phút làm bài.`,
  timeUrgent: 'Còn dưới 1 phút làm bài!',
  previous: 'Câu trước',
  next: 'Câu tiếp',
  questionMap: 'Danh sách câu hỏi',
  mapItem: (n: number, answered: boolean) => `Câu ${n}, ${answered ? 'đã trả lời' : 'chưa trả lời'}`,
  toPrediction: 'Sang câu hỏi phụ',
  saveUnsaved: 'Chưa lưu',
  saveSaving: 'Đang lưu…',
  saveSaved: 'Đã lưu',
  saveRetrying: (seconds: number) => `Chưa lưu, thử lại sau ${seconds} giây`,
  notAnswered: 'Chưa trả lời',
  predictionHeading: 'Câu hỏi phụ',
  predictionLabel: 'Dự đoán của bạn (số nguyên)',
  predictionRule: 'Dự đoán của lượt nộp bài đầu tiên được dùng để xét giải; các lượt sau chỉ có thể cải thiện điểm, không đổi được dự đoán.',
  predictionInvalid: 'Vui lòng nhập một số nguyên không âm.',
  toReview: 'Xem lại và nộp bài',
  reviewHeading: 'Xem lại trước khi nộp',
  reviewAllAnswered: (n: number) => `Bạn đã trả lời đủ ${n} câu.`,
  reviewUnanswered: (n: number) => `Bạn còn ${n} câu chưa trả lời:`,
  reviewPredictionMissing: 'Bạn chưa trả lời câu hỏi phụ.',
  reviewUnsaved: (n: number) => `${n} câu trả lời chưa lưu được lên máy chủ; bài sẽ gửi kèm chúng khi nộp.`,
  keepGoing: 'Quay lại làm tiếp',
  confirmSubmit: 'Xác nhận nộp bài',
  submitting: 'Đang nộp bài…',
  submitFailed: 'Chưa nộp được bài. Đang thử lại…',
  saveBusy: 'Hệ thống đang có nhiều người truy cập cùng lúc. Câu trả lời của bạn vẫn được giữ trên máy và sẽ tự động lưu khi máy chủ sẵn sàng.',
  submitBusy: (seconds: number) =>
    `Hệ thống đang có nhiều người nộp bài cùng lúc. Các câu trả lời của bạn vẫn được giữ nguyên; bài sẽ được nộp lại sau ${seconds} giây.`,
  submitBusyNow: 'Hệ thống đang có nhiều người nộp bài cùng lúc. Các câu trả lời của bạn vẫn được giữ nguyên; đang nộp lại bài…',
  timeUpPending: 'Đã hết giờ làm bài. Bài thi sẽ được nộp tự động khi có kết nối.',
  attemptClosed: 'Bài thi đã kết thúc.',
};

addVietnamese(attemptTexts);
