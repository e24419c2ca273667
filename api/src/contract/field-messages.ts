/**
 * The Vietnamese words of a refused field, as the server answers them and as the console shows them
 * before sending (its contest form checks with the same schema and these same messages): pure zod,
 * no I/O, so the console bundle can import it.
 */
import type { z } from 'zod';

/** How each request field is named to people in error messages. */
const FIELD_LABELS: Record<string, string> = {
  fullName: 'Họ và tên',
  birthDate: 'Ngày sinh',
  idNumber: 'Số định danh cá nhân',
  phone: 'Số điện thoại',
  email: 'Thư điện tử',
  unitId: 'Đơn vị',
  occupation: 'Đối tượng',
  consent: 'Đồng ý',
  source: 'Trang nguồn',
  challenge: 'Xác minh',
  answers: 'Câu trả lời',
  prediction: 'Dự đoán',
  limit: 'Số dòng',
  slug: 'Mã cuộc thi',
  id: 'Mã',
  title: 'Tên cuộc thi',
  description: 'Mô tả',
  startsAt: 'Thời gian bắt đầu',
  endsAt: 'Thời gian kết thúc',
  questionsPerAttempt: 'Số câu hỏi mỗi lượt',
  timeLimitSeconds: 'Thời gian làm bài',
  maxAttempts: 'Số lượt thi tối đa',
  predictionQuestion: 'Câu hỏi dự đoán',
  predictionTarget: 'Chỉ số dự đoán',
  rankingOrder: 'Thứ tự xếp hạng',
  revealAnswers: 'Công bố đáp án',
  revealScore: 'Công bố điểm',
  phoneVerification: 'Xác minh số điện thoại',
  phoneCode: 'Mã xác minh',
  prizes: 'Cơ cấu giải thưởng',
  count: 'Số giải',
  valueVnd: 'Giá trị',
  collectiveCriterion: 'Tiêu chí giải tập thể',
  topicQuotas: 'Số câu theo chủ đề',
  allowedOrigins: 'Trang được phép nhúng',
  occupations: 'Danh sách đối tượng',
  documents: 'Tài liệu',
  topic: 'Chủ đề',
  text: 'Nội dung câu hỏi',
  options: 'Các phương án',
  answer: 'Đáp án',
  explanation: 'Giải thích',
  name: 'Tên',
  parentId: 'Đơn vị cấp trên',
  kind: 'Loại đơn vị',
  headcount: 'Số người',
  idNumbers: 'Danh sách số định danh',
  phones: 'Danh sách số điện thoại',
  format: 'Định dạng',
  reason: 'Lý do',
  attempts: 'Số lượt',
  publish: 'Công bố',
  endOtherSessions: 'Kết thúc các phiên đăng nhập khác',
  attemptIds: 'Các lượt thi',
  acknowledgeFlags: 'Xác nhận người đoạt giải bị gắn cờ',
  networkDataRetentionDays: 'Số ngày lưu dữ liệu mạng',
  integrity: 'Ngưỡng rà soát tính trung thực',
  publishName: 'Công khai họ tên',
  guardian: 'Cha, mẹ hoặc người giám hộ',
  relationship: 'Quan hệ với thí sinh',
  privacyNotice: 'Thông báo xử lý dữ liệu cá nhân',
  controller: 'Bên kiểm soát dữ liệu',
  contact: 'Thông tin liên hệ',
  purposes: 'Mục đích xử lý',
  personalDataRetentionUntil: 'Thời hạn lưu dữ liệu cá nhân',
  minAge: 'Tuổi tối thiểu',
  reportIssuer: 'Tiêu đề báo cáo',
  authority: 'Cơ quan chủ quản',
  organiser: 'Cơ quan ban hành',
  place: 'Địa danh',
  value: 'Giá trị',
  confirm: 'Xác nhận',
  message: 'Nội dung yêu cầu',
  status: 'Trạng thái',
  dryRun: 'Chạy thử',
  practice: 'Luyện tập',
  sourceUrl: 'Liên kết nguồn',
  questionId: 'Câu hỏi',
  optionId: 'Phương án',
};

export function fieldLabel(path: readonly PropertyKey[]): string {
  const named = [...path].reverse().find((part): part is string => typeof part === 'string');
  const label = named ? (FIELD_LABELS[named] ?? named) : 'Nội dung';
  const index = path.find((part): part is number => typeof part === 'number');
  return index === undefined ? label : `${label} (mục ${index + 1})`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'một chuỗi ký tự',
  number: 'một số',
  int: 'một số nguyên',
  boolean: 'đúng hoặc sai (true/false)',
  array: 'một danh sách',
  object: 'một đối tượng',
  null: 'null',
};

/** Vietnamese messages for zod's issues; a schema's own message wins over these. */
function vietnameseMessage(issue: z.core.$ZodRawIssue): string {
  const label = `«${fieldLabel(issue.path ?? [])}»`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `Thiếu ${label}`
        : `${label} phải là ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') return `${label} phải có ít nhất ${issue.minimum} ký tự`;
      if (issue.origin === 'array') return `${label} phải có ít nhất ${issue.minimum} mục`;
      return `${label} phải lớn hơn hoặc bằng ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${label} không được dài quá ${issue.maximum} ký tự`;
      if (issue.origin === 'array') return `${label} không được có quá ${issue.maximum} mục`;
      return `${label} phải nhỏ hơn hoặc bằng ${issue.maximum}`;
    case 'invalid_value':
      return `${label} phải là một trong các giá trị: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return `${label} không đúng định dạng`;
    case 'not_multiple_of':
      return `${label} phải là số nguyên`;
    default:
      return `${label} không hợp lệ`;
  }
}

/** Validates `value`: the parsed data, or a Vietnamese message for every refused field. */
export function checkFields<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; fields: Record<string, string> } {
  const result = schema.safeParse(value, { error: vietnameseMessage });
  if (result.success) return { ok: true, data: result.data };
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        fields[[...issue.path, key].join('.')] = `Trường «${key}» không được chấp nhận`;
      }
      continue;
    }
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return { ok: false, fields };
}

