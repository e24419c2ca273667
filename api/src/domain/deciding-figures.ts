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

/**
 * A rate (0.00034 for 0.034 %) as a percentage with at least two significant digits and at least
 * one decimal, "0,034 %", "34,5 %": a small unit's rate never prints as "0 %", and neighbours in a
 * ranking by rate stay apart.
 */
export function formatRate(rate: number, lang = 'vi'): string {
  const percent = rate * 100;
  const magnitude = percent > 0 ? Math.floor(Math.log10(percent)) : 0;
  const digits = Math.min(20, Math.max(1, 1 - magnitude));
  const text = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(percent);
  return lang === 'en' ? `${text}%` : `${text} %`;
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
