import { addVietnamese } from './strings.js';

/**
 * Vietnamese texts of the registration and sign-in forms. They come with that chunk and join the table
 * of strings.ts as it loads (decision 0013); the English ones are in strings-en.ts.
 */
export const registrationTexts = {
  registerHeading: 'Đăng ký dự thi',
  signInHeading: 'Đăng nhập lại',
  signInHelp: 'Nhập đúng số định danh, số điện thoại và ngày sinh đã dùng khi đăng ký.',
  fullName: 'Họ và tên',
  birthDate: 'Ngày sinh',
  idNumber: 'Số định danh cá nhân (CCCD, 12 chữ số)',
  phone: 'Số điện thoại di động',
  email: 'Thư điện tử (không bắt buộc)',
  unit: 'Cơ quan, đơn vị',
  unitSearch: 'Tìm đơn vị',
  unitChoose: 'Chọn đơn vị',
  unitNoMatch: 'Không có đơn vị phù hợp',
  occupation: 'Đối tượng',
  occupationChoose: 'Chọn đối tượng',
  consent: 'Tôi đồng ý để Ban Tổ chức xử lý các thông tin trên cho mục đích tổ chức cuộc thi và trao giải.',
  required: '(bắt buộc)',
  submitRegistration: 'Đăng ký',
  submitSignIn: 'Đăng nhập',
  cancel: 'Quay lại',
  sending: 'Đang gửi…',
  formHasErrors: (n: number) => `Biểu mẫu còn ${n} mục cần sửa.`,
  errFullName: 'Họ và tên gồm 2 đến 100 chữ cái (chữ Latinh, có dấu tiếng Việt), dấu cách và các dấu . \' -',
  errBirthDate: 'Vui lòng nhập ngày sinh hợp lệ.',
  errIdNumber: 'Số định danh cá nhân phải gồm đúng 12 chữ số.',
  errIdProvince: 'Ba chữ số đầu của số định danh không phải mã tỉnh, thành phố.',
  errIdCentury: 'Chữ số thứ 4 của số định danh không khớp với thế kỷ của năm sinh.',
  errIdYear: 'Chữ số thứ 5 và 6 của số định danh phải là hai số cuối của năm sinh.',
  errPhone: 'Số điện thoại di động gồm 0 hoặc +84 rồi 9 chữ số, bắt đầu bằng 3, 5, 7, 8 hoặc 9.',
  errEmail: 'Địa chỉ thư điện tử không hợp lệ.',
  errUnit: 'Vui lòng chọn cơ quan, đơn vị.',
  errOccupation: 'Vui lòng chọn đối tượng.',
  errConsent: 'Bạn cần đồng ý để tham gia cuộc thi.',
  phoneCode: 'Mã xác minh (6 chữ số)',
  phoneCodeHint: 'Bấm «Gửi mã xác minh» để nhận mã qua tin nhắn SMS tới số điện thoại trên.',
  sendPhoneCode: 'Gửi mã xác minh',
  sendingPhoneCode: 'Đang gửi mã…',
  resendPhoneCodeIn: (seconds: number) => `Gửi lại mã sau ${seconds} giây`,
  resendPhoneCode: 'Gửi lại mã',
  phoneCodeSent: (phone: string) => `Đã gửi mã tới ${phone}. Mã có hiệu lực 10 phút.`,
  errPhoneCode: 'Vui lòng nhập mã xác minh gồm 6 chữ số đã gửi tới số điện thoại.',
  errPhoneFirst: 'Vui lòng nhập số điện thoại di động hợp lệ trước khi gửi mã.',
};

addVietnamese(registrationTexts);
