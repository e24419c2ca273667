/**
 * The figures that decide a prize, written precisely enough for the jury to check a tie-break:
 * participation rates and times taken where equal scores meet, and the name of the criterion that
 * separated two neighbours (decision 0025). Kept apart from `vietnam-format.ts` because only the
 * widget's board (a later chunk) needs them, so they stay off the widget's first screen.
 */
import type { CollectiveCriterion } from './contest.js';
import type { CollectiveTieBreak } from './prizes.js';
import type { RankingCriterion } from './ranking.js';

/**
 * A time taken to the tenth of a second, "2 phút 05,3 giây": where two equal scores meet, the
 * duration decides, and whole seconds would print two different times as the same.
 */
export function formatDurationTenths(ms: number, lang = 'vi'): string {
  const tenths = Math.max(0, Math.round(ms / 100));
  const m = Math.floor(tenths / 600);
  const s = String(Math.floor((tenths % 600) / 10)).padStart(2, '0');
  const t = tenths % 10;
  return lang === 'en' ? `${m} min ${s}.${t} s` : `${m} phút ${s},${t} giây`;
}

/** Decimals of a percentage that show two significant digits, at least one. */
function percentDecimals(percent: number): number {
  const magnitude = percent > 0 ? Math.floor(Math.log10(percent)) : 0;
  return Math.min(12, Math.max(1, 1 - magnitude));
}

/**
 * A rate (0.00034 for 0.034 %) as a percentage with at least two significant digits and at least
 * one decimal, "0,034 %", "34,5 %", so a small unit's rate never prints as "0 %"; `decimals` asks
 * for more (see `separatingDecimals`).
 */
export function formatRate(rate: number, lang = 'vi', decimals = 0): string {
  const percent = rate * 100;
  const digits = Math.max(percentDecimals(percent), Math.min(12, decimals));
  const text = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(percent);
  return lang === 'en' ? `${text}%` : `${text} %`;
}

/**
 * The decimals a column of rates, in ranking order, needs so that two neighbours that differ never
 * print the same ("34,51 %" above "34,49 %", not "34,5 %" twice).
 */
export function separatingDecimals(rates: readonly number[]): number {
  let decimals = 1;
  for (let i = 0; i + 1 < rates.length; i++) {
    const [a, b] = [rates[i]! * 100, rates[i + 1]! * 100];
    if (a === b) continue;
    let d = Math.max(percentDecimals(a), percentDecimals(b));
    if (a.toFixed(d) !== b.toFixed(d)) continue;
    while (d < 12 && a.toFixed(d) === b.toFixed(d)) d++;
    decimals = Math.max(decimals, d);
  }
  return decimals;
}

const TIE_BREAK_WORDS: Record<RankingCriterion, string> = {
  score: 'điểm',
  prediction: 'dự đoán',
  duration: 'thời gian',
  submittedAt: 'thời điểm nộp',
};

/**
 * What separated a winner from the next person (`decidingCriterion`): "điểm", "dự đoán", "thời
 * gian", "thời điểm nộp"; "ngang nhau" when nothing did, "—" when it is not known.
 */
export function formatDecidedBy(criterion: RankingCriterion | null | undefined): string {
  if (criterion === undefined) return '—';
  return criterion === null ? 'ngang nhau' : TIE_BREAK_WORDS[criterion];
}

const COLLECTIVE_TIE_BREAK_WORDS: Record<Exclude<CollectiveTieBreak, 'criterion'>, string> = {
  averageScore: 'điểm trung bình',
  attempts: 'số lượt thi',
  name: 'tên đơn vị',
};

/** What separated a unit from the next one in the collective ranking, in the same words. */
export function formatCollectiveDecidedBy(tieBreak: CollectiveTieBreak | null | undefined, criterion: CollectiveCriterion): string {
  if (tieBreak === undefined) return '—';
  if (tieBreak === null) return 'ngang nhau';
  if (tieBreak === 'criterion') return criterion === 'participationRate' ? 'tỷ lệ tham gia' : 'số người tham gia';
  return COLLECTIVE_TIE_BREAK_WORDS[tieBreak];
}
