import { addVietnamese } from './strings.js';

/**
 * Vietnamese texts of "Dữ liệu của tôi": the download, requests to the committee and erasure. They
 * come with that chunk and join the table of strings.ts as it loads (decision 0013); the English
 * ones are in strings-en.ts.
 */
export const myDataTexts = {
  myDataHeading: 'Dữ liệu của tôi',
  myDataIntro:
    'Bạn có quyền xem, tải về, yêu cầu sửa và yêu cầu xoá dữ liệu cá nhân mà Ban Tổ chức lưu về bạn (Luật Bảo vệ dữ liệu cá nhân). Ban Tổ chức trả lời mọi yêu cầu trong 15 ngày.',
  downloadHeading: 'Tải toàn bộ dữ liệu',
  downloadAbout: 'Một tệp JSON gồm thông tin đăng ký, sự đồng ý, các lượt thi với câu hỏi và phương án đã chọn, các phiên đăng nhập, nhật ký và yêu cầu của bạn.',
  download: 'Tải dữ liệu của tôi',
  downloaded: 'Đã tải tệp dữ liệu của bạn.',
  requestHeading: 'Gửi yêu cầu đến Ban Tổ chức',
  requestKind: 'Loại yêu cầu',
  requestCorrection: 'Sửa họ tên, số điện thoại hoặc đơn vị',
  requestQuestion: 'Hỏi về việc xử lý dữ liệu của tôi',
  requestMessage: 'Nội dung',
  requestTooShort: 'Vui lòng ghi nội dung yêu cầu (ít nhất 5 ký tự).',
  sendRequest: 'Gửi yêu cầu',
  requestSent: (due: string) => `Đã gửi yêu cầu. Ban Tổ chức sẽ trả lời trước ${due}.`,
  requestsSent: 'Yêu cầu đã gửi',
  requestOpen: (due: string) => `Đang chờ trả lời (hạn ${due})`,
  requestAnswer: 'Ban Tổ chức trả lời',
  eraseHeading: 'Rút lại sự đồng ý và xoá dữ liệu',
  eraseConsequences:
    'Đăng ký, mọi lượt thi và câu trả lời của bạn sẽ bị xoá vĩnh viễn: bạn không còn trên bảng xếp hạng, không được tính vào thống kê và không được xét giải. Thao tác không hoàn tác được. Sau khi xoá, bạn có thể đăng ký lại bằng cùng số định danh khi cuộc thi còn mở. Người đã có tên trong danh sách đoạt giải thì Ban Tổ chức xem xét yêu cầu xoá và trả lời trong 15 ngày.',
  eraseWord: 'XOÁ',
  eraseTypeToConfirm: (word: string) => `Gõ ${word} để xác nhận`,
  eraseMismatch: (word: string) => `Hãy gõ đúng chữ ${word} để xác nhận xoá.`,
  erase: 'Xoá vĩnh viễn dữ liệu của tôi',
  erased: 'Dữ liệu của bạn đã được xoá và bạn đã được đăng xuất.',
};

addVietnamese(myDataTexts);
