/**
 * The winners' list the secretariat prints and pays from: individual and collective prizes with
 * what decided each place, the contact details of individual winners, and the figures used. One
 * column list serves both layouts: a workbook has a sheet per table; a CSV file (one table per
 * file) has every column and a first column «Bảng» naming the table of each row (decision 0024).
 */
import type { CollectiveCriterion } from './contest.js';
import type { ExportCell } from '../exports/rules.js';
import type { CollectiveAward, IndividualAward } from './prizes.js';

export interface WinnersSource {
  actual: number;
  collectiveCriterion: CollectiveCriterion;
  individual: readonly IndividualAward[];
  collective: readonly CollectiveAward[];
}

/** What a winner's contact details are, as the contestant registered them. */
export interface WinnerContact {
  fullName: string;
  idNumber: string;
  phone: string;
  birthDate: string;
  unitName: string;
}

export interface WinnersContext {
  /** «Đã công bố …» or «Tạm tính …»: which computation the list comes from. */
  basis: string;
  contacts: ReadonlyMap<string, WinnerContact>;
  headcounts: ReadonlyMap<string, number | null>;
}

export const INDIVIDUAL_SHEET = 'Cá nhân';
export const COLLECTIVE_SHEET = 'Tập thể';

const CRITERION_NAMES: Record<CollectiveCriterion, string> = {
  participationRate: 'Tỷ lệ tham gia',
  participants: 'Số người dự thi',
};

interface Column {
  title: string;
  individual?: (w: IndividualAward, s: WinnersSource, x: WinnersContext) => ExportCell;
  collective?: (u: CollectiveAward, rank: number, s: WinnersSource, x: WinnersContext) => ExportCell;
}

/** Four decimals, as the jury compares participation rates. */
export const rate4 = (rate: number): number => Math.round(rate * 10_000) / 10_000;

const COLUMNS: readonly Column[] = [
  { title: 'Giải', individual: (w) => w.prize, collective: (u) => u.prize },
  { title: 'Giá trị (VND)', individual: (w) => w.valueVnd, collective: (u) => u.valueVnd },
  { title: 'Hạng', individual: (w) => w.rank, collective: (_u, rank) => rank },
  { title: 'Họ và tên', individual: (w, _s, x) => x.contacts.get(w.contestantId)?.fullName ?? w.name },
  { title: 'Số định danh', individual: (w, _s, x) => x.contacts.get(w.contestantId)?.idNumber ?? null },
  { title: 'Điện thoại', individual: (w, _s, x) => x.contacts.get(w.contestantId)?.phone ?? null },
  { title: 'Ngày sinh', individual: (w, _s, x) => x.contacts.get(w.contestantId)?.birthDate ?? null },
  { title: 'Đơn vị', individual: (w, _s, x) => x.contacts.get(w.contestantId)?.unitName ?? w.unit, collective: (u) => u.unit },
  { title: 'Mã đơn vị', collective: (u) => u.unitId },
  { title: 'Điểm', individual: (w) => w.score },
  { title: 'Số câu', individual: (w) => w.total },
  { title: 'Dự đoán', individual: (w) => w.prediction },
  { title: 'Độ lệch dự đoán', individual: (w, s) => (w.prediction === null ? null : Math.abs(w.prediction - s.actual)) },
  { title: 'Thời gian làm bài (ms)', individual: (w) => w.durationMs },
  { title: 'Số người dự thi', collective: (u) => u.participants },
  { title: 'Quân số', collective: (u, _r, _s, x) => x.headcounts.get(u.unitId) ?? null },
  { title: 'Tỷ lệ tham gia', collective: (u) => (u.rate === undefined ? null : rate4(u.rate)) },
  { title: 'Số lượt thi', collective: (u) => u.attempts },
  { title: 'Điểm trung bình', collective: (u) => u.averageScore },
  { title: 'Con số thực tế (câu hỏi phụ)', individual: (_w, s) => s.actual, collective: (_u, _r, s) => s.actual },
  { title: 'Tiêu chí xét giải tập thể', collective: (_u, _r, s) => CRITERION_NAMES[s.collectiveCriterion] },
  { title: 'Căn cứ', individual: (_w, _s, x) => x.basis, collective: (_u, _r, _s, x) => x.basis },
];

export interface WinnersTable {
  sheetName: string;
  header: string[];
  rows: ExportCell[][];
}

/** The two tables of a workbook: individual prizes, then collective ones. */
export function winnersSheets(source: WinnersSource, context: WinnersContext): WinnersTable[] {
  const individual = COLUMNS.filter((c) => c.individual);
  const collective = COLUMNS.filter((c) => c.collective);
  return [
    {
      sheetName: INDIVIDUAL_SHEET,
      header: individual.map((c) => c.title),
      rows: source.individual.map((w) => individual.map((c) => c.individual!(w, source, context))),
    },
    {
      sheetName: COLLECTIVE_SHEET,
      header: collective.map((c) => c.title),
      rows: source.collective.map((u, index) => collective.map((c) => c.collective!(u, index + 1, source, context))),
    },
  ];
}

/** Both tables as one: every column, «Bảng» first; a column a table lacks stays empty. */
export function winnersTable(source: WinnersSource, context: WinnersContext): WinnersTable {
  return {
    sheetName: 'Danh sách đoạt giải',
    header: ['Bảng', ...COLUMNS.map((c) => c.title)],
    rows: [
      ...source.individual.map((w) => [INDIVIDUAL_SHEET, ...COLUMNS.map((c) => c.individual?.(w, source, context) ?? null)]),
      ...source.collective.map((u, index) => [COLLECTIVE_SHEET, ...COLUMNS.map((c) => c.collective?.(u, index + 1, source, context) ?? null)]),
    ],
  };
}
