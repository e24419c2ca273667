/**
 * The notice a person reads before consenting to the processing of their personal data (Law
 * 91/2025/QH15 on personal data protection, Decree 356/2025/NĐ-CP): who controls the data, for which
 * purposes, until when, and the person's rights. Organisers may word it themselves; whatever they
 * leave empty takes the default below, filled from the contest. A registration records which version
 * it accepted (decision 0027).
 */
import { formatVietnamTime } from './vietnam-format.js';

/** What an organiser set; null fields take the default. `version` is the server's, never the organiser's. */
export interface PrivacyNoticeSettings {
  version: number;
  controller: string | null;
  contact: string | null;
  purposes: string[] | null;
  text: string | null;
}

/** The notice as people read it (public contest info `privacyNotice`). */
export interface PrivacyNotice {
  version: number;
  controller: string;
  contact: string;
  purposes: string[];
  /** Until when personal data is kept (ISO-8601): the contest's `personalDataRetentionUntil`. */
  retentionUntil: string;
  text: string;
}

export const DEFAULT_PURPOSES: readonly string[] = [
  'Tổ chức cuộc thi và chấm điểm bài thi',
  'Xét, trao giải thưởng và chi trả tiền thưởng',
  'Công bố danh sách người đoạt giải',
  'Thống kê số người tham gia theo đơn vị',
];

/** Personal data is kept this many months after the contest ends unless the organisers set a date. */
export const RETENTION_MONTHS = 12;

/** The default `personalDataRetentionUntil`: the same instant 12 months after the contest's end. */
export function defaultRetentionUntil(endsAt: string): string {
  const until = new Date(endsAt);
  until.setUTCMonth(until.getUTCMonth() + RETENTION_MONTHS);
  return until.toISOString();
}

interface NoticeSource {
  title: string;
  privacyNotice: PrivacyNoticeSettings;
  personalDataRetentionUntil: string;
}

/**
 * The notice without its full text, as the public contest info carries it: the text (some 2.7 KB)
 * has its own cacheable route, fetched only by someone who opens the notice (issue 20).
 */
export type PrivacyNoticeSummary = Omit<PrivacyNotice, 'text'>;

/** The notice's parts other than the text: the organiser's wording where given, the default elsewhere. */
export function privacyNoticeSummary(contest: NoticeSource): PrivacyNoticeSummary {
  const set = contest.privacyNotice;
  const controller = set.controller ?? `Ban Tổ chức ${contest.title}`;
  const contact = set.contact ?? `Ban Tổ chức ${contest.title}, theo địa chỉ, số điện thoại và thư điện tử ghi trong thể lệ cuộc thi`;
  const purposes = set.purposes ?? [...DEFAULT_PURPOSES];
  return { version: set.version, controller, contact, purposes, retentionUntil: contest.personalDataRetentionUntil };
}

/** The notice people read: the organiser's wording where given, the default elsewhere. */
export function privacyNotice(contest: NoticeSource): PrivacyNotice {
  const summary = privacyNoticeSummary(contest);
  const text = contest.privacyNotice.text ?? defaultNoticeText(summary.controller, summary.contact, summary.purposes, summary.retentionUntil);
  return { ...summary, text };
}

/** Whether two notices say the same to a reader (the version aside). */
export function sameNoticeContent(a: PrivacyNotice, b: PrivacyNotice): boolean {
  return (
    a.controller === b.controller &&
    a.contact === b.contact &&
    a.retentionUntil === b.retentionUntil &&
    a.text === b.text &&
    a.purposes.length === b.purposes.length &&
    a.purposes.every((purpose, i) => purpose === b.purposes[i])
  );
}

/**
 * The version a saved notice carries: the one before when a reader would see the same notice,
 * else the next one. A consent recorded under a version therefore always names the words accepted.
 */
export function noticeVersionAfter(before: NoticeSource | null, after: NoticeSource): number {
  if (!before) return 1;
  const previous = privacyNotice(before);
  const next = privacyNotice({ ...after, privacyNotice: { ...after.privacyNotice, version: previous.version } });
  return sameNoticeContent(previous, next) ? previous.version : previous.version + 1;
}

function defaultNoticeText(controller: string, contact: string, purposes: readonly string[], retentionUntil: string): string {
  const until = formatVietnamTime(retentionUntil);
  return [
    `Bên kiểm soát dữ liệu cá nhân: ${controller}. Liên hệ: ${contact}.`,
    'Dữ liệu được xử lý: họ và tên, ngày sinh, số định danh cá nhân, số điện thoại, thư điện tử (nếu có), đơn vị, đối tượng dự thi; ' +
      'bài làm, điểm, thời gian làm bài và câu trả lời dự đoán; địa chỉ IP và thông tin trình duyệt khi đăng ký và làm bài (để phát hiện gian lận); ' +
      'với thí sinh dưới 16 tuổi, thêm họ tên, số điện thoại và quan hệ của cha, mẹ hoặc người giám hộ.',
    `Mục đích xử lý: ${purposes.map((p) => p.replace(/[.;]\s*$/, '')).join('; ')}. Dữ liệu chỉ dùng cho các mục đích này.`,
    'Dữ liệu không được bán và không được chia sẻ cho bất kỳ tổ chức, cá nhân nào ngoài Ban Tổ chức. ' +
      'Các trang web đăng cuộc thi (báo, đài, cổng thông tin) không nhận được bất kỳ dữ liệu nào bạn nhập.',
    'Công khai: bảng xếp hạng chỉ hiện chữ cái đầu của họ tên (ví dụ «N. V. A.») cùng đơn vị, trừ khi bạn chọn công khai họ tên. ' +
      'Danh sách đoạt giải công bố họ tên, năm sinh và đơn vị của người đoạt giải; với người dưới 16 tuổi chỉ công bố chữ cái đầu của họ tên, ' +
      'trừ khi cha, mẹ hoặc người giám hộ đồng ý công khai.',
    'Người dưới 16 tuổi chỉ được đăng ký khi có sự đồng ý của cha, mẹ hoặc người giám hộ.',
    'Theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP, bạn có quyền: được biết về việc xử lý dữ liệu của mình; ' +
      'đồng ý hoặc rút lại sự đồng ý; xem, chỉnh sửa và nhận bản sao dữ liệu; yêu cầu hạn chế xử lý; yêu cầu xoá dữ liệu. ' +
      'Ban Tổ chức trả lời yêu cầu trong vòng 15 ngày kể từ ngày nhận. Rút lại sự đồng ý không làm mất hiệu lực việc xử lý đã thực hiện trước đó; ' +
      'khi rút lại trong thời gian cuộc thi, bài thi của bạn không còn được xếp hạng và xét giải.',
    `Thời hạn lưu trữ: đến ${until}. Sau thời hạn này, số định danh, số điện thoại, thư điện tử, ngày sinh và thông tin người giám hộ bị xoá; ` +
      'họ và tên chỉ còn chữ cái đầu, trừ họ tên người đoạt giải đã công bố.',
  ].join('\n\n');
}
