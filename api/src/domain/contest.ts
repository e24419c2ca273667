import type { IntegritySettings } from './integrity.js';
import type { PredictionTarget } from './prediction.js';
import { DEFAULT_RANKING_ORDER, type RankingCriterion } from './ranking.js';
import type { PrivacyNoticeSettings } from './privacy-notice.js';
import type { PracticeMode } from '../contract/learning.js';
import type { Round, RoundsRanking } from './rounds.js';

export type ContestStatus = 'upcoming' | 'open' | 'closed';

/** The server's clock, the only clock (SPEC §2): read by a store function when its write runs. */
export type Clock = () => Date;

export type RevealAnswers = 'never' | 'afterSubmit' | 'afterClose';
/** When contestants see scores and ranks: at once, or only once the contest has closed (SPEC §3.1). */
export type RevealScore = 'afterSubmit' | 'afterClose';
export const REVEAL_SCORE: readonly RevealScore[] = ['afterSubmit', 'afterClose'];
export type CollectiveCriterion = 'participationRate' | 'participants';

export interface Prize {
  name: string;
  count: number;
  valueVnd: number;
}

export interface Occupation {
  id: string;
  name: string;
}

export interface ContestDocument {
  title: string;
  url: string;
}

/** Who issues the printed report: the header's left column and the place before the date. */
export interface ReportIssuer {
  /** The body above the organiser: "ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH". */
  authority: string;
  /** "BAN TỔ CHỨC CUỘC THI" */
  organiser: string;
  /** The place written before the date: "Thái Bình". */
  place: string;
}

/** Everything an organiser configures about a contest. */
export interface Contest {
  slug: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  questionsPerAttempt: number;
  timeLimitSeconds: number;
  maxAttempts: number | null;
  predictionQuestion: string;
  predictionTarget: PredictionTarget;
  rankingOrder: RankingCriterion[];
  revealAnswers: RevealAnswers;
  revealScore: RevealScore;
  /** A one-time code by SMS confirms the phone at registration (decision 0022). */
  phoneVerification: boolean;
  prizes: { individual: Prize[]; collective: Prize[] };
  collectiveCriterion: CollectiveCriterion;
  topicQuotas: Record<string, number> | null;
  allowedOrigins: string[];
  occupations: Occupation[];
  documents: ContestDocument[];
  /** Days after `endsAt` that addresses and user agents are kept (domain/integrity.ts); absent on older contests. */
  networkDataRetentionDays?: number;
  /** Thresholds of the integrity review; absent fields take the defaults of domain/integrity.ts. */
  integrity?: Partial<IntegritySettings>;
  /** The organisers' wording of the personal data notice (domain/privacy-notice.ts, decision 0027). */
  privacyNotice: PrivacyNoticeSettings;
  /** Until when personal data is kept (ISO-8601); by default 12 months after `endsAt`. */
  personalDataRetentionUntil: string;
  /** Younger people (age on the day of registration) may not register; null: no minimum. */
  minAge: number | null;
  /** The report's header; absent, the plan's own (UBND tỉnh Thái Bình) stands in (decision 0033). */
  reportIssuer?: ReportIssuer;
  /**
   * Practice that never counts (decision 0036): `off`; `always` (while open only the questions
   * marked for practice, once closed all); `afterClose` (all questions, once closed).
   */
  practice: PracticeMode;
  /** Rounds inside the window (decision 0041); empty: one round, as before. Absent on older contests. */
  rounds?: Round[];
  /** How the overall ranking is made from the rounds; absent: `best`. */
  roundsRanking?: RoundsRanking;
}

/** Prize structure of plan 34/KH-UBND: 20 individual and 11 collective prizes. */
export const DEFAULT_PRIZES: Contest['prizes'] = {
  individual: [
    { name: 'Giải Nhất', count: 1, valueVnd: 6_000_000 },
    { name: 'Giải Nhì', count: 3, valueVnd: 3_000_000 },
    { name: 'Giải Ba', count: 5, valueVnd: 2_000_000 },
    { name: 'Giải Khuyến khích', count: 11, valueVnd: 1_000_000 },
  ],
  collective: [
    { name: 'Giải Nhất', count: 1, valueVnd: 8_000_000 },
    { name: 'Giải Nhì', count: 2, valueVnd: 6_000_000 },
    { name: 'Giải Ba', count: 3, valueVnd: 5_000_000 },
    { name: 'Giải Khuyến khích', count: 5, valueVnd: 2_000_000 },
  ],
};

/** The groups of people the plan invites. */
export const DEFAULT_OCCUPATIONS: Occupation[] = [
  { id: 'can-bo', name: 'Cán bộ, công chức, viên chức, người lao động' },
  { id: 'luc-luong-vu-trang', name: 'Lực lượng vũ trang' },
  { id: 'doan-vien', name: 'Đoàn viên, hội viên các tổ chức chính trị – xã hội' },
  { id: 'hoc-sinh', name: 'Học sinh THPT, giáo dục nghề nghiệp – giáo dục thường xuyên' },
  { id: 'sinh-vien', name: 'Sinh viên' },
  { id: 'nhan-dan', name: 'Nhân dân' },
];

export const DEFAULT_PREDICTION_QUESTION =
  'Theo bạn, khi cuộc thi kết thúc sẽ có bao nhiêu người tham gia dự thi?';

/** Defaults for every field a contest PUT may leave out. */
export const CONTEST_DEFAULTS = {
  description: '',
  questionsPerAttempt: 20,
  timeLimitSeconds: 900,
  maxAttempts: 3,
  predictionQuestion: DEFAULT_PREDICTION_QUESTION,
  predictionTarget: 'participants',
  rankingOrder: [...DEFAULT_RANKING_ORDER],
  revealAnswers: 'afterClose',
  // Scores at once, as before the setting existed; contests with money prizes are better off with
  // afterClose (the console recommends it), since a score after each submit is an oracle for the key.
  revealScore: 'afterSubmit',
  phoneVerification: false,
  prizes: DEFAULT_PRIZES,
  collectiveCriterion: 'participationRate',
  topicQuotas: null,
  allowedOrigins: [],
  occupations: DEFAULT_OCCUPATIONS,
  documents: [],
  // Every field null: the default wording of domain/privacy-notice.ts, filled from the contest.
  privacyNotice: { version: 1, controller: null, contact: null, purposes: null, text: null },
  minAge: null,
  practice: 'afterClose',
  rounds: [],
  roundsRanking: 'best',
} as const satisfies Omit<Contest, 'slug' | 'title' | 'startsAt' | 'endsAt' | 'personalDataRetentionUntil'>;

export function contestStatus(contest: Pick<Contest, 'startsAt' | 'endsAt'>, now: Date): ContestStatus {
  if (contestClosed(contest, now)) return 'closed';
  return now.getTime() < Date.parse(contest.startsAt) ? 'upcoming' : 'open';
}

/** A contest is closed from the instant of its `endsAt` on. */
export function contestClosed(contest: Pick<Contest, 'endsAt'>, now: Date): boolean {
  return now.getTime() >= Date.parse(contest.endsAt);
}

/** The server's clock is the only clock: an attempt ends at its time limit or when the contest closes. */
export function attemptDeadline(startedAt: Date, timeLimitSeconds: number, endsAt: string): Date {
  return new Date(Math.min(startedAt.getTime() + timeLimitSeconds * 1000, Date.parse(endsAt)));
}

/** Tries left: every attempt started uses one (voided ones too); grants give tries back. */
export function remainingAttempts(maxAttempts: number | null, started: number, granted: number): number | null {
  if (maxAttempts === null) return null;
  return Math.max(0, maxAttempts + granted - started);
}

/** Whether a submitted attempt may show its own correct options (SPEC §3.1 "Answer key"). */
export function answerKeyVisible(reveal: RevealAnswers, status: ContestStatus, submitted: boolean): boolean {
  if (!submitted) return false;
  if (reveal === 'afterSubmit') return true;
  if (reveal === 'afterClose') return status === 'closed';
  return false;
}

/**
 * Whether contestants may see scores, ranks and everything that orders them (SPEC §3.1 "Score
 * feedback"): with `afterClose`, not while the contest is open — two attempts that differ in one
 * answer would otherwise tell which option is right.
 */
export function scoresVisible(contest: Pick<Contest, 'revealScore' | 'endsAt'>, now: Date): boolean {
  return contest.revealScore !== 'afterClose' || contestClosed(contest, now);
}

/** Score = number of questions whose saved option is the correct one. */
export function scoreAnswers(
  questions: readonly { questionId: string; answer: number }[],
  answers: ReadonlyMap<string, number>,
): number {
  return questions.filter((q) => answers.get(q.questionId) === q.answer).length;
}

/** Duration counted for ranking: from start to submission, never beyond the deadline. */
export function attemptDurationMs(startedAt: string, submittedAt: string, deadline: string): number {
  return Math.max(0, Math.min(Date.parse(submittedAt), Date.parse(deadline)) - Date.parse(startedAt));
}

/** The calendar day (YYYY-MM-DD) in Vietnam time (UTC+7, no daylight saving) of an ISO-8601 UTC time. */
export function vietnamDay(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
}
