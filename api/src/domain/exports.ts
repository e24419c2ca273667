/**
 * The layouts of the organisers' downloads (ranking, attempts, contestants): Vietnamese column
 * titles and how each record becomes a row. Cells are strings or numbers; the writer decides CSV or XLSX.
 */

export type ExportCell = string | number | null;

const VIETNAM_OFFSET_MS = 7 * 3600_000; // Asia/Ho_Chi_Minh, UTC+7 all year round
const pad2 = (n: number) => String(n).padStart(2, '0');

/** An ISO instant in Vietnam time as spreadsheets show it: "20/03/2023 10:05:03"; '' for none. */
export function vietnamDateTime(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const t = new Date(ms + VIETNAM_OFFSET_MS);
  return `${pad2(t.getUTCDate())}/${pad2(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}`;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 100) / 10);
const yes = (flag: boolean): string => (flag ? 'Có' : '');

/** Bank option index → the letter the committee's files use (A–F). */
export const optionLetter = (index: number | undefined): string => (index === undefined ? '' : ('ABCDEF'[index] ?? ''));

// ── Ranking ──────────────────────────────────────────────────────────────

export const RANKING_HEADER = ['Hạng', 'Họ và tên', 'Ngày sinh', 'Số định danh', 'Điện thoại', 'Thư điện tử', 'Đơn vị', 'Đối tượng', 'Điểm', 'Số câu', 'Thời gian (giây)', 'Dự đoán', 'Nộp lúc (UTC)', 'Mã lượt thi'] as const;

export interface RankingRecord {
  rank: number;
  fullName: string;
  birthDate: string;
  idNumber: string;
  phone: string;
  email: string | null;
  unitName: string;
  occupation: string;
  score: number;
  total: number;
  durationMs: number;
  prediction: number | null;
  submittedAt: string;
  attemptId: string;
}

/** A ranking row; `textual` keeps the CSV's historic "300.0" seconds, the workbook gets numbers. */
export function rankingRow(e: RankingRecord, textual: boolean): ExportCell[] {
  const duration = textual ? (e.durationMs / 1000).toFixed(1) : e.durationMs / 1000;
  return [e.rank, e.fullName, e.birthDate, e.idNumber, e.phone, e.email, e.unitName, e.occupation, e.score, e.total, duration, e.prediction, e.submittedAt, e.attemptId];
}

// ── Attempts ─────────────────────────────────────────────────────────────

const ATTEMPT_COLUMNS = [
  'Mã lượt thi',
  'Mã thí sinh',
  'Họ và tên',
  'Số định danh',
  'Số điện thoại',
  'Đơn vị',
  'Đối tượng',
  'Trang nguồn',
  'Trạng thái',
  'Bắt đầu (giờ Việt Nam)',
  'Bắt đầu (UTC)',
  'Nộp bài (giờ Việt Nam)',
  'Nộp bài (UTC)',
  'Điểm',
  'Số câu',
  'Thời gian làm bài (giây)',
  'Dự đoán',
  'Tự động nộp',
  'Bị huỷ',
  'Lý do huỷ',
] as const;

/** The attempts export's titles: the attempt's columns, then one column per question id of the bank. */
export const attemptsHeader = (questionIds: readonly string[]): string[] => [...ATTEMPT_COLUMNS, ...questionIds];

export interface AttemptRecord {
  id: string;
  contestantId: string;
  fullName: string;
  idNumber: string;
  phone: string;
  unitName: string;
  occupation: string;
  source: string | null;
  status: 'inProgress' | 'submitted';
  startedAt: string;
  submittedAt: string | null;
  score: number | null;
  total: number;
  durationMs: number | null;
  prediction: number | null;
  autoSubmitted: number | boolean;
  voidedAt: string | null;
  voidReason: string | null;
  /** questionId → bank option index chosen. */
  answers: ReadonlyMap<string, number>;
}

/**
 * One attempt as a row. Answers are keyed by question id — the column of question q holds the
 * bank letter chosen for q, whatever position q had in the attempt; empty when not drawn or not answered.
 */
export function attemptRow(a: AttemptRecord, questionIds: readonly string[], occupationName: (id: string) => string): ExportCell[] {
  const row: ExportCell[] = [
    a.id,
    a.contestantId,
    a.fullName,
    a.idNumber,
    a.phone,
    a.unitName,
    occupationName(a.occupation),
    a.source,
    a.status === 'submitted' ? 'Đã nộp' : 'Đang làm',
    vietnamDateTime(a.startedAt),
    a.startedAt,
    vietnamDateTime(a.submittedAt),
    a.submittedAt,
    a.score,
    a.total,
    seconds(a.durationMs),
    a.prediction,
    yes(!!a.autoSubmitted),
    yes(a.voidedAt !== null),
    a.voidReason,
  ];
  const columns = answerColumns(questionIds);
  const first = row.length;
  for (let i = 0; i < questionIds.length; i++) row.push('');
  for (const [questionId, optionIndex] of a.answers) {
    const column = columns.get(questionId);
    if (column !== undefined) row[first + column] = optionLetter(optionIndex);
  }
  return row;
}

/** questionId → position among the answer columns, built once per export's list of ids. */
const columnCache = new WeakMap<readonly string[], Map<string, number>>();
function answerColumns(questionIds: readonly string[]): Map<string, number> {
  let columns = columnCache.get(questionIds);
  if (!columns) columnCache.set(questionIds, (columns = new Map(questionIds.map((id, index) => [id, index]))));
  return columns;
}

// ── Contestants ──────────────────────────────────────────────────────────

export const CONTESTANTS_HEADER = [
  'Mã thí sinh',
  'Họ và tên',
  'Ngày sinh',
  'Số định danh',
  'Số điện thoại',
  'Thư điện tử',
  'Mã đơn vị',
  'Đơn vị',
  'Đối tượng',
  'Trang nguồn',
  'Đăng ký lúc (giờ Việt Nam)',
  'Đăng ký lúc (UTC)',
  'Số lượt đã thi',
  'Số lượt được cấp thêm',
] as const;

export interface ContestantRecord {
  id: string;
  fullName: string;
  birthDate: string;
  idNumber: string;
  phone: string;
  email: string | null;
  unitId: string;
  unitName: string;
  occupation: string;
  source: string | null;
  createdAt: string;
  attemptsUsed: number;
  extraAttempts: number;
}

export function contestantRow(c: ContestantRecord, occupationName: (id: string) => string): ExportCell[] {
  return [
    c.id,
    c.fullName,
    c.birthDate,
    c.idNumber,
    c.phone,
    c.email,
    c.unitId,
    c.unitName,
    occupationName(c.occupation),
    c.source,
    vietnamDateTime(c.createdAt),
    c.createdAt,
    c.attemptsUsed,
    c.extraAttempts,
  ];
}
