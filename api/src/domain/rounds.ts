/**
 * Rounds (issue 18, decision 0041): windows inside the contest's own, under one registration. An
 * attempt belongs to the round open when it starts, by the server's clock; a contest without rounds
 * is one round as before, and nothing here applies to it. Pure: no I/O, no clock of its own.
 */
import type { Prize } from './contest.js';
import type { ContestCounts } from './prediction.js';
import { compareAttempts, type RankableAttempt, type RankingCriterion } from './ranking.js';

/**
 * How the contest's overall ranking is made from the rounds: each person's best attempt in any round
 * (as a contest without rounds), the sum of their best score in each round, or the final round only.
 */
export const ROUNDS_RANKINGS = ['best', 'sum', 'final'] as const;
export type RoundsRanking = (typeof ROUNDS_RANKINGS)[number];

export type RoundStatus = 'upcoming' | 'open' | 'closed';

export interface Round {
  /** Short and stable: it is in the round's URLs (`/rounds/:id/…`). */
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** null: the contest's own setting. */
  questionsPerAttempt: number | null;
  /** Attempts per person in this round; null: the contest's own setting (which may be "no limit"). */
  maxAttempts: number | null;
  /** The round's own prizes; null: the round awards none (the contest's prizes go by the overall ranking). */
  prizes: { individual: Prize[]; collective: Prize[] } | null;
}

/** Round ids: lower-case letters, digits and hyphens, as they appear in URLs. */
export const ROUND_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Rounds in time order (the order the contest lists them in is kept as written when equal). */
export function roundsInOrder<R extends Pick<Round, 'startsAt'>>(rounds: readonly R[]): R[] {
  return [...rounds].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** A round runs from its `startsAt` (included) to its `endsAt` (excluded), as the contest does. */
export function roundStatus(round: Pick<Round, 'startsAt' | 'endsAt'>, now: Date): RoundStatus {
  if (now.getTime() >= Date.parse(round.endsAt)) return 'closed';
  return now.getTime() < Date.parse(round.startsAt) ? 'upcoming' : 'open';
}

/** The round open at `now`, or null (before the first, between two, after the last, or no rounds). */
export function roundAt<R extends Pick<Round, 'startsAt' | 'endsAt'>>(rounds: readonly R[], now: Date): R | null {
  return rounds.find((round) => roundStatus(round, now) === 'open') ?? null;
}

/** The round that follows `now` (the next to open), or null. */
export function nextRound<R extends Pick<Round, 'startsAt' | 'endsAt'>>(rounds: readonly R[], now: Date): R | null {
  return roundsInOrder(rounds).find((round) => roundStatus(round, now) === 'upcoming') ?? null;
}

/** The last round in time: the one `roundsRanking: "final"` ranks by. */
export function finalRound<R extends Pick<Round, 'startsAt'>>(rounds: readonly R[]): R | null {
  return roundsInOrder(rounds).at(-1) ?? null;
}

/**
 * How the contest's overall ranking is made: without rounds, always from each person's best attempt
 * of all (`best`); with rounds, by the contest's `roundsRanking` (`best` when unset).
 */
export function overallRankingMethod(contest: { rounds?: Round[]; roundsRanking?: RoundsRanking }): RoundsRanking {
  return roundsOf(contest).length ? (contest.roundsRanking ?? 'best') : 'best';
}

/** 1-based place of a round in time order ("Vòng 3/8"), or 0 when it is not among them. */
export function roundNumber(rounds: readonly Pick<Round, 'id' | 'startsAt'>[], id: string): number {
  return roundsInOrder(rounds).findIndex((round) => round.id === id) + 1;
}

/** One refused field of a round, as the contract's refinement reports it: `rounds.<index>.<field>`. */
export interface RoundProblem {
  index: number;
  field: 'id' | 'startsAt' | 'endsAt' | 'questionsPerAttempt';
  message: string;
}

/**
 * What is wrong with a contest's rounds as a whole, each naming the rows (1-based, as organisers count):
 * duplicate ids, a round that ends before it starts, one outside the contest's window, two that overlap.
 */
export function roundProblems(rounds: readonly Pick<Round, 'id' | 'startsAt' | 'endsAt'>[], contest: { startsAt: string; endsAt: string }): RoundProblem[] {
  const problems: RoundProblem[] = [];
  const firstWithId = new Map<string, number>();
  rounds.forEach((round, index) => {
    const earlier = firstWithId.get(round.id);
    if (earlier === undefined) firstWithId.set(round.id, index);
    else problems.push({ index, field: 'id', message: `Vòng ${index + 1} trùng mã «${round.id}» với vòng ${earlier + 1}` });
    const starts = Date.parse(round.startsAt);
    const ends = Date.parse(round.endsAt);
    if (ends <= starts) problems.push({ index, field: 'endsAt', message: `Vòng ${index + 1}: thời gian kết thúc phải sau thời gian bắt đầu` });
    if (starts < Date.parse(contest.startsAt)) problems.push({ index, field: 'startsAt', message: `Vòng ${index + 1} bắt đầu trước khi cuộc thi mở` });
    if (ends > Date.parse(contest.endsAt)) problems.push({ index, field: 'endsAt', message: `Vòng ${index + 1} kết thúc sau khi cuộc thi kết thúc` });
  });
  rounds.forEach((round, index) => {
    for (let other = 0; other < index; other++) {
      const o = rounds[other]!;
      if (Date.parse(round.startsAt) < Date.parse(o.endsAt) && Date.parse(o.startsAt) < Date.parse(round.endsAt)) {
        problems.push({ index, field: 'startsAt', message: `Vòng ${index + 1} trùng thời gian với vòng ${other + 1}` });
      }
    }
  });
  return problems;
}

/** The rounds of a contest saved before rounds existed: none. */
export function roundsOf(contest: { rounds?: Round[] }): Round[] {
  return contest.rounds ?? [];
}

/**
 * What time alone changes about a contest's rounds (which are open, closed or to come), as one string:
 * a kept public body stays valid while it stays the same.
 */
export function roundsPhase(rounds: readonly Round[], now: Date): string {
  return rounds.map((round) => roundStatus(round, now)[0]).join('');
}

/**
 * Whether contestants may see the scores of one round: with `revealScore: "afterClose"` only once
 * that round has closed (decision 0041), as the contest's own wait for its close; else always.
 */
export function roundScoresVisible(contest: { revealScore: 'afterSubmit' | 'afterClose' }, round: Pick<Round, 'startsAt' | 'endsAt'>, now: Date): boolean {
  return contest.revealScore !== 'afterClose' || roundStatus(round, now) === 'closed';
}

/** The round's own settings where it has them, else the contest's. */
export function roundQuestionsPerAttempt(contest: { questionsPerAttempt: number }, round: Pick<Round, 'questionsPerAttempt'>): number {
  return round.questionsPerAttempt ?? contest.questionsPerAttempt;
}

export function roundMaxAttempts(contest: { maxAttempts: number | null }, round: Pick<Round, 'maxAttempts'>): number | null {
  return round.maxAttempts ?? contest.maxAttempts;
}

/**
 * Why no attempt may start at `now` in a contest with rounds although the contest itself is open:
 * before the first round, between two, or after the last; the next round's opening in Vietnam
 * time when there is one (`format` writes an instant as people in Vietnam read it).
 */
export function noRoundOpenMessage(rounds: readonly Round[], now: Date, format: (iso: string) => string): string {
  const next = nextRound(rounds, now);
  if (!next) return 'Các vòng thi đã kết thúc, không nhận lượt thi mới';
  const started = roundsInOrder(rounds).some((round) => roundStatus(round, now) === 'closed');
  return started
    ? `Hiện không có vòng thi nào đang mở. Vòng tiếp theo «${next.title}» mở lúc ${format(next.startsAt)} (giờ Việt Nam)`
    : `Vòng thi đầu tiên «${next.title}» mở lúc ${format(next.startsAt)} (giờ Việt Nam)`;
}

/** What a saved change to rounds may not do once attempts exist: one problem per refused row. */
export function roundChangeProblems(
  before: readonly Round[],
  after: readonly Round[],
  roundsWithAttempts: ReadonlySet<string>,
  contestHasAttempts: boolean,
  now: Date,
): RoundProblem[] {
  const problems: RoundProblem[] = [];
  const afterById = new Map(after.map((round, index) => [round.id, { round, index }]));
  const beforeById = new Map(before.map((round) => [round.id, round]));
  for (const id of roundsWithAttempts) {
    const old = beforeById.get(id);
    if (!old) continue;
    const now_ = afterById.get(id);
    if (!now_) {
      problems.push({ index: before.indexOf(old), field: 'id', message: `Vòng «${old.title}» đã có lượt thi, không thể xoá` });
      continue;
    }
    const { round, index } = now_;
    if (round.startsAt !== old.startsAt) problems.push({ index, field: 'startsAt', message: `Vòng ${index + 1} đã có lượt thi, không thể đổi thời gian bắt đầu` });
    if (round.endsAt !== old.endsAt) problems.push({ index, field: 'endsAt', message: `Vòng ${index + 1} đã có lượt thi, không thể đổi thời gian kết thúc` });
    if (round.questionsPerAttempt !== old.questionsPerAttempt) {
      problems.push({ index, field: 'questionsPerAttempt', message: `Vòng ${index + 1} đã có lượt thi, không thể đổi số câu mỗi lượt` });
    }
  }
  if (contestHasAttempts) {
    after.forEach((round, index) => {
      const old = beforeById.get(round.id);
      const moved = !old || old.startsAt !== round.startsAt || old.endsAt !== round.endsAt;
      if (moved && !roundsWithAttempts.has(round.id) && Date.parse(round.startsAt) < now.getTime()) {
        problems.push({ index, field: 'startsAt', message: `Vòng ${index + 1}: cuộc thi đã có lượt thi, chỉ được thêm hoặc dời vòng chưa bắt đầu` });
      }
    });
  }
  return problems;
}

/** One person's best attempt in one round, as the overall `sum` ranking adds them up. */
export interface RoundBest extends RankableAttempt {
  total: number;
}

/**
 * The overall ranking of `roundsRanking: "sum"` (decision 0041): each person's best score in each
 * round (`rounds`, in time order, each person at most once per round), added up. Ties follow the
 * contest's order on: the prediction of their best attempt in the last round they took part in
 * (judged against the contest's `actual`), the sum of those attempts' durations, the latest of
 * their submissions, then the contestant id, a fixed order. Each row keeps the fields of the
 * person's last round (its attempt id among them) with the sums in place.
 */
export function sumOfRounds<A extends RoundBest>(rounds: readonly (readonly A[])[], order: readonly RankingCriterion[], actual: number): Array<A & { rank: number }> {
  const people = new Map<string, A>();
  for (const round of rounds) {
    for (const best of round) {
      const so = people.get(best.contestantId);
      people.set(
        best.contestantId,
        so === undefined
          ? { ...best }
          : {
              ...best,
              score: so.score + best.score,
              total: so.total + best.total,
              durationMs: so.durationMs + best.durationMs,
              submittedAt: Date.parse(best.submittedAt) >= Date.parse(so.submittedAt) ? best.submittedAt : so.submittedAt,
            },
      );
    }
  }
  const compare = compareAttempts(order, actual);
  // Compared as the person (their id stands last in the chain), each key made once, not per comparison.
  const keyed = [...people.values()].map((person) => ({ person, key: { ...person, attemptId: person.contestantId } }));
  keyed.sort((a, b) => compare(a.key, b.key));
  return keyed.map(({ person }, index) => ({ ...person, rank: index + 1 }));
}

/**
 * A round's counting attempts, those of excluded people left out, and the figures its prediction
 * question is judged against: participants, attempts and people with a perfect score in the round.
 */
export function countedRoundAttempts<A extends { contestantId: string; score: number | null; total: number }>(
  rows: A[],
  excluded: ReadonlySet<string>,
): { attempts: A[]; counts: ContestCounts } {
  const attempts = excluded.size ? rows.filter((row) => !excluded.has(row.contestantId)) : rows;
  const people = new Set<string>();
  const perfect = new Set<string>();
  for (const attempt of attempts) {
    people.add(attempt.contestantId);
    if (attempt.score === attempt.total) perfect.add(attempt.contestantId);
  }
  return { attempts, counts: { participants: people.size, attempts: attempts.length, perfectParticipants: perfect.size } };
}
