/** Which figure, measured when the contest closes, the prediction (câu hỏi phụ) is about. */
export const PREDICTION_TARGETS = ['participants', 'attempts', 'perfectParticipants'] as const;

export type PredictionTarget = (typeof PREDICTION_TARGETS)[number];

export const DEFAULT_PREDICTION_TARGET: PredictionTarget = 'participants';

/** Counts over submitted, non-voided attempts of non-excluded contestants. */
export interface ContestCounts {
  /** Contestants with at least one submitted attempt. */
  participants: number;
  /** Submitted attempts. */
  attempts: number;
  /** Contestants with at least one all-correct attempt. */
  perfectParticipants: number;
}

export function isPredictionTarget(value: unknown): value is PredictionTarget {
  return typeof value === 'string' && (PREDICTION_TARGETS as readonly string[]).includes(value);
}

export function predictionActual(target: PredictionTarget, counts: ContestCounts): number {
  switch (target) {
    case 'participants':
      return counts.participants;
    case 'attempts':
      return counts.attempts;
    case 'perfectParticipants':
      return counts.perfectParticipants;
  }
}
