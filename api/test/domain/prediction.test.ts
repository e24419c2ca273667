import { describe, it, expect } from 'vitest';
import { PREDICTION_TARGETS, isPredictionTarget, predictionActual } from '../../src/domain/prediction.js';

describe('predictionActual', () => {
  const counts = { participants: 1234, attempts: 2890, perfectParticipants: 57 };

  it('measures the figure named by the target', () => {
    expect(predictionActual('participants', counts)).toBe(1234);
    expect(predictionActual('attempts', counts)).toBe(2890);
    expect(predictionActual('perfectParticipants', counts)).toBe(57);
  });

  it('knows exactly the three targets', () => {
    expect([...PREDICTION_TARGETS]).toEqual(['participants', 'attempts', 'perfectParticipants']);
    expect(PREDICTION_TARGETS.every(isPredictionTarget)).toBe(true);
    expect(isPredictionTarget('units')).toBe(false);
    expect(isPredictionTarget(null)).toBe(false);
  });
});
