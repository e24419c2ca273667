/**
 * The layouts of the organisers' downloads (ranking, attempts, contestants): Vietnamese column
 * titles and how each record becomes a row. Cells are strings or numbers; the writer decides CSV or XLSX.
 */

import { csvCell } from '../domain/csv.js';
import type { Contest } from '../domain/contest.js';
import type { RankedEntry } from '../db/rankings.js';

export type ExportCell = string | number | null;

const VIETNAM_OFFSET_MS = 7 * 3600_000; // Asia/Ho_Chi_Minh, UTC+7 all year round, no daylight saving
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
/** The instants the API stores: `Date.prototype.toISOString()` output, always in UTC. */
const CANONICAL_ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?Z$/;

/** An ISO instant in Vietnam time as spreadsheets show it: "20/03/2023 10:05:03"; '' for none. */
export function vietnamDateTime(iso: string | null): string {
  if (!iso) return '';
  // Exports format millions of these: the stored form is rearranged directly when adding seven
  // hours stays within the day (before 17:00 UTC); other instants go through Date.
  const parts = CANONICAL_ISO.exec(iso);
  if (parts) {
    const hour = Number(parts[4]) + 7;
    if (hour < 24) return `${parts[3]}/${parts[2]}/${parts[1]} ${pad2(hour)}:${parts[5]}:${parts[6]}`;
  }
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const t = new Date(ms + VIETNAM_OFFSET_MS);
  return `${pad2(t.getUTCDate())}/${pad2(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}`;
}

const MINUTE_PREFIX = 16; // "2026-11-28T14:20" of "2026-11-28T14:20:53.123Z"

/**
 * `vietnamDateTime` for the millions of instants of one export: instants of the same minute share
 * the conversion of their first sixteen characters, and only the seconds are copied per instant.
 * Anything but the canonical 24-character form goes through `vietnamDateTime` itself.
 */
export function vietnamDateTimes(): (iso: string | null) => string {
  const minutes = new Map<string, string>();
  return (iso) => {
    if (!iso) return '';
    if (iso.length !== 24 || !secondsAreCanonical(iso)) return vietnamDateTime(iso);
    const minute = iso.slice(0, MINUTE_PREFIX);
    let prefix = minutes.get(minute);
    if (prefix === undefined) {
      if (minutes.size >= 100_000) minutes.clear(); // bounded, whatever the spread of the instants
      const converted = vietnamDateTime(`${minute}:00.000Z`);
      prefix = converted ? converted.slice(0, -2) : ''; // "28/11/2026 21:20:"
      minutes.set(minute, prefix);
    }
    return prefix ? prefix + iso.slice(17, 19) : vietnamDateTime(iso);
  };
}

/** ":SS.mmmZ" after the minute, seconds 00–59: the time zone shift then leaves the seconds as they are. */
function secondsAreCanonical(iso: string): boolean {
  const tens = iso.charCodeAt(17) - 48;
  const units = iso.charCodeAt(18) - 48;
  return (
    iso.charCodeAt(16) === 58 && tens >= 0 && tens <= 5 && units >= 0 && units <= 9 && iso.charCodeAt(19) === 46 &&
    isDigit(iso.charCodeAt(20)) && isDigit(iso.charCodeAt(21)) && isDigit(iso.charCodeAt(22)) && iso.charCodeAt(23) === 90
  );
}

const isDigit = (code: number) => code >= 48 && code <= 57;

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 100) / 10);
const yes = (flag: boolean): string => (flag ? 'Có' : '');

const OPTION_LETTERS = 'ABCDEF';

/** Bank option index → the letter the committee's files use (A–F). */
export const optionLetter = (index: number | undefined): string => (index === undefined ? '' : (OPTION_LETTERS[index] ?? ''));

// ── Ranking ──────────────────────────────────────────────────────────────

export const RANKING_HEADER = ['Hạng', 'Họ và tên', 'Ngày sinh', 'Số định danh', 'Điện thoại', 'Thư điện tử', 'Đơn vị', 'Đối tượng', 'Điểm', 'Số câu', 'Thời gian (giây)', 'Dự đoán', 'Nộp lúc (UTC)', 'Mã lượt thi', 'Giải'] as const;

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

/**
 * A ranking row; `textual` keeps the CSV's historic "300.0" seconds, the workbook gets numbers. The
 * occupation is shown by the name the contest gives it; `prize` is the prize of that place, if any.
 */
export function rankingRow(e: RankingRecord, textual: boolean, occupationName: (id: string) => string = (id) => id, prize: string | null = null): ExportCell[] {
  const duration = textual ? (e.durationMs / 1000).toFixed(1) : e.durationMs / 1000;
  return [e.rank, e.fullName, e.birthDate, e.idNumber, e.phone, e.email, e.unitName, occupationName(e.occupation), e.score, e.total, duration, e.prediction, e.submittedAt, e.attemptId, prize];
}

/** The prize of a place in the ranking (by contestant, or by rank), or null. */
export type PrizeOfPlace = (contestantId: string, rank: number) => string | null;

/**
 * The prize of a place as the ranking export shows it: as published when results are (the
 * announced list), else the place's prize under the contest's prize list (one prize per person,
 * down the ranking).
 */
export function prizeByPlace(contest: Pick<Contest, 'prizes'>, published: readonly { contestantId: string; prize: string }[] | null): PrizeOfPlace {
  if (published) {
    const prizes = new Map(published.map((w) => [w.contestantId, w.prize]));
    return (contestantId) => prizes.get(contestantId) ?? null;
  }
  const places = contest.prizes.individual.flatMap((prize) => Array<string>(prize.count).fill(prize.name));
  return (_contestantId, rank) => places[rank - 1] ?? null;
}

/**
 * An entry of the ranking as the JSON download lists it: the same fields in the same order
 * however the ranking was made (maintained standings, a round, the sum of rounds) and whichever
 * store read it, so the file is the same byte for byte.
 */
export function rankedEntry(e: RankedEntry): RankedEntry {
  return {
    attemptId: e.attemptId,
    contestantId: e.contestantId,
    score: e.score,
    total: e.total,
    prediction: e.prediction,
    durationMs: e.durationMs,
    submittedAt: e.submittedAt,
    fullName: e.fullName,
    unitId: e.unitId,
    unitName: e.unitName,
    birthDate: e.birthDate,
    idNumber: e.idNumber,
    phone: e.phone,
    email: e.email,
    occupation: e.occupation,
    rank: e.rank,
  };
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
  /**
   * The saved answers as "questionId:optionIndex" pairs (bank option index) joined by ",", in
   * any order; null for none. Question ids are [A-Za-z0-9_-], so neither separator occurs in one.
   * A compact string rather than a Map: an export reads millions of attempts.
   */
  answers: string | null;
}

/** What turning attempts into rows needs to know about the contest, worked out once per export. */
export interface AttemptsLayout {
  /** The answer columns of a row with nothing answered: copied for each attempt. */
  blankAnswers: readonly ExportCell[];
  /** "questionId:optionIndex" → [position among the answer columns, bank letter]. */
  answerCells: ReadonlyMap<string, readonly [column: number, letter: string]>;
  occupationName: (id: string) => string;
}

/** The layout of an attempts export: one answer column per question id of the bank, in the order given. */
export function attemptsLayout(questionIds: readonly string[], occupationName: (id: string) => string): AttemptsLayout {
  const answerCells = new Map<string, readonly [number, string]>();
  questionIds.forEach((id, column) => {
    for (let option = 0; option < OPTION_LETTERS.length; option++) answerCells.set(`${id}:${option}`, [column, OPTION_LETTERS[option]!]);
  });
  return { blankAnswers: questionIds.map(() => ''), answerCells, occupationName };
}

/**
 * One attempt as a row. Answers are keyed by question id — the column of question q holds the
 * bank letter chosen for q, whatever position q had in the attempt; empty when not drawn or not answered.
 */
export function attemptRow(a: AttemptRecord, layout: AttemptsLayout): ExportCell[] {
  const fixed: ExportCell[] = [
    a.id,
    a.contestantId,
    a.fullName,
    a.idNumber,
    a.phone,
    a.unitName,
    layout.occupationName(a.occupation),
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
  const first = fixed.length;
  const row = fixed.concat(layout.blankAnswers);
  if (a.answers) {
    for (const pair of a.answers.split(',')) {
      const cell = layout.answerCells.get(pair); // none for a question no longer in the list, or an index past F
      if (cell) row[first + cell[0]] = cell[1];
    }
  }
  return row;
}

/**
 * `csvLine(attemptRow(a, layout))` for every attempt of an export, built straight into one string
 * per line: cells go into one array reused for every row, and texts that repeat across rows (unit
 * and occupation names, minutes of the times) are quoted or converted once per export.
 */
export function attemptCsvLines(layout: AttemptsLayout): (a: AttemptRecord) => string {
  const answerColumns = layout.blankAnswers.length;
  const cells: string[] = new Array<string>(ATTEMPT_COLUMNS.length + answerColumns).fill('');
  const first = ATTEMPT_COLUMNS.length;
  const vietnam = vietnamDateTimes();
  const repeated = new Map<string, string>();
  const quotedOnce = (text: string | null): string => {
    if (text === null) return '';
    let cell = repeated.get(text);
    if (cell === undefined) {
      if (repeated.size >= 10_000) repeated.clear();
      repeated.set(text, (cell = csvCell(text)));
    }
    return cell;
  };
  const occupations = new Map<string, string>();
  const occupation = (id: string): string => {
    let cell = occupations.get(id);
    if (cell === undefined) occupations.set(id, (cell = csvCell(layout.occupationName(id))));
    return cell;
  };
  const number = (n: number | null): string => (n === null ? '' : String(n));
  const filled: number[] = [];
  return (a) => {
    cells[0] = csvCell(a.id);
    cells[1] = csvCell(a.contestantId);
    cells[2] = csvCell(a.fullName);
    cells[3] = csvCell(a.idNumber);
    cells[4] = csvCell(a.phone);
    cells[5] = quotedOnce(a.unitName);
    cells[6] = occupation(a.occupation);
    cells[7] = quotedOnce(a.source);
    cells[8] = a.status === 'submitted' ? 'Đã nộp' : 'Đang làm';
    cells[9] = vietnam(a.startedAt);
    cells[10] = csvCell(a.startedAt);
    cells[11] = vietnam(a.submittedAt);
    cells[12] = csvCell(a.submittedAt);
    cells[13] = number(a.score);
    cells[14] = number(a.total);
    cells[15] = number(seconds(a.durationMs));
    cells[16] = number(a.prediction);
    cells[17] = yes(!!a.autoSubmitted);
    cells[18] = yes(a.voidedAt !== null);
    cells[19] = csvCell(a.voidReason);
    if (a.answers) {
      for (const pair of a.answers.split(',')) {
        const cell = layout.answerCells.get(pair);
        if (cell) {
          cells[first + cell[0]] = cell[1];
          filled.push(first + cell[0]);
        }
      }
    }
    const line = cells.join(',') + '\r\n';
    for (const column of filled) cells[column] = '';
    filled.length = 0;
    return line;
  };
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
  'Đồng ý công bố họ tên',
  'Họ tên người giám hộ',
  'Quan hệ với thí sinh',
  'Số điện thoại người giám hộ',
  'Người giám hộ đồng ý công bố họ tên',
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
  /** The contestant's choice that the public leaderboard may show the full name (decision 0027). */
  publishName: boolean;
  /** A minor's parent or guardian as registered; null for an adult (and after the purge). */
  guardian: { fullName: string; relationship: string; phone: string; publishName: boolean | null } | null;
}

/** "cha" → "Cha": the relationship as a cell reads it. */
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const yesNo = (value: boolean) => (value ? 'Có' : 'Không');

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
    yesNo(c.publishName),
    c.guardian?.fullName ?? null,
    c.guardian ? capitalised(c.guardian.relationship) : null,
    c.guardian?.phone ?? null,
    c.guardian && c.guardian.publishName !== null ? yesNo(c.guardian.publishName) : null,
  ];
}
