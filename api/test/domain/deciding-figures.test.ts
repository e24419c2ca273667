import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCollectiveDecidedBy, formatDecidedBy, formatDurationTenths, formatRate, separatingDecimals } from '../../src/domain/deciding-figures.js';

describe('formatRate', () => {
  it('writes a rate the Vietnamese way with at least two significant digits', () => {
    expect(formatRate(0.00034)).toBe('0,034 %');
    expect(formatRate(0.345)).toBe('34,5 %');
    expect(formatRate(1)).toBe('100,0 %');
    expect(formatRate(1 / 12_000)).toBe('0,0083 %');
    expect(formatRate(0.00034, 'en')).toBe('0.034%');
  });

  it('never prints a non-zero rate as zero, and keeps two significant digits', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1, noNaN: true }), (rate) => {
        const digits = formatRate(rate).replace(/[^0-9]/g, '').replace(/^0+/, '');
        expect(digits.length).toBeGreaterThanOrEqual(2);
        expect(Number(digits)).toBeGreaterThan(0);
      }),
    );
  });
});

describe('separatingDecimals', () => {
  it('gives a column of rates enough decimals that different neighbours never print the same', () => {
    expect(separatingDecimals([0.3451, 0.3449])).toBe(2);
    expect(formatRate(0.3451, 'vi', 2)).toBe('34,51 %');
    expect(separatingDecimals([0.6, 0.5, 0.5])).toBe(1);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }), (rates) => {
        const decimals = separatingDecimals(rates);
        for (let i = 0; i + 1 < rates.length; i++) {
          if (rates[i]!.toFixed(12) === rates[i + 1]!.toFixed(12)) continue;
          expect(formatRate(rates[i]!, 'vi', decimals)).not.toBe(formatRate(rates[i + 1]!, 'vi', decimals));
        }
      }),
    );
  });
});

describe('formatDurationTenths', () => {
  it('writes a time taken to the tenth of a second', () => {
    expect(formatDurationTenths(125_300)).toBe('2 phút 05,3 giây');
    expect(formatDurationTenths(125_349)).toBe('2 phút 05,3 giây');
    expect(formatDurationTenths(59_960)).toBe('1 phút 00,0 giây');
    expect(formatDurationTenths(125_300, 'en')).toBe('2 min 05.3 s');
  });
});

describe('formatDecidedBy', () => {
  it('names the deciding criterion in the contest’s words', () => {
    expect(formatDecidedBy('score')).toBe('điểm');
    expect(formatDecidedBy('prediction')).toBe('dự đoán');
    expect(formatDecidedBy('duration')).toBe('thời gian');
    expect(formatDecidedBy('submittedAt')).toBe('thời điểm nộp');
    expect(formatDecidedBy(null)).toBe('ngang nhau');
    expect(formatDecidedBy(undefined)).toBe('—');
  });

  it('names the collective tie-break by the contest’s criterion', () => {
    expect(formatCollectiveDecidedBy('criterion', 'participationRate')).toBe('tỷ lệ tham gia');
    expect(formatCollectiveDecidedBy('criterion', 'participants')).toBe('số người tham gia');
    expect(formatCollectiveDecidedBy('averageScore', 'participants')).toBe('điểm trung bình');
    expect(formatCollectiveDecidedBy(undefined, 'participants')).toBe('—');
  });
});
