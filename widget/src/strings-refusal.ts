import { addVietnamese } from './strings.js';

/**
 * Vietnamese text of a host page the contest does not allow. It comes with the refusal chunk and
 * joins the table of strings.ts as it loads (decision 0013); the English one is in strings-en.ts.
 */
export const refusalTexts = {
  notAllowed: (origin: string) =>
    `Trang ${origin} chưa được Ban Tổ chức cho phép nhúng cuộc thi này. Nếu bạn quản lý trang, hãy gửi địa chỉ ${origin} cho Ban Tổ chức để được thêm vào danh sách trang được phép.`,
};

addVietnamese(refusalTexts);
