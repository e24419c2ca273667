import { addVietnamese } from './strings.js';

/**
 * Vietnamese texts of the certificate of participation and of sharing the contest (decision 0037).
 * They come with that chunk and join the table of strings.ts as it loads; the English ones are in
 * strings-en.ts.
 */
export const certificateTexts = {
  certificateOpen: 'Giấy chứng nhận',
  certificateHeading: 'Giấy chứng nhận đã tham gia',
  certificateIssuer: 'Ban Tổ chức cuộc thi',
  certificateCertifies: 'Chứng nhận',
  certificateUnit: (unit: string) => `Đơn vị: ${unit}`,
  certificateTookPart: 'đã tham gia',
  certificateBest: (score: number, total: number) => `Điểm cao nhất: ${score}/${total}`,
  certificateIssued: (date: string) => `Cấp ${date}`,
  certificateCode: 'Mã xác minh',
  certificateQr: 'Mã QR dẫn đến trang xác minh giấy chứng nhận',
  certificateVerify: 'Trang xác minh',
  certificatePrint: 'In giấy chứng nhận',
  certificatePrintNote: 'Bản in mở trong thẻ mới, vừa một trang A4; ai quét mã QR đều xác minh được giấy chứng nhận.',
  certificateUnavailable: 'Chưa có giấy chứng nhận: giấy chứng nhận được cấp khi bạn đã nộp ít nhất một lượt thi hợp lệ.',
  share: 'Chia sẻ',
  shareHeading: 'Chia sẻ cuộc thi với bạn bè',
  shareText: (title: string) => `Mời bạn cùng tham gia ${title}`,
  shareZalo: 'Chia sẻ qua Zalo',
  shareFacebook: 'Chia sẻ qua Facebook',
  copyLink: 'Sao chép liên kết',
  linkCopied: 'Đã sao chép liên kết cuộc thi.',
};

addVietnamese(certificateTexts);
