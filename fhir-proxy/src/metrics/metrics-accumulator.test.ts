import { describe, expect, test } from 'vitest';
import { median, nearestRank } from './metrics-accumulator.ts';

describe('the percentile definitions the metrics page states', () => {
  test('median is the middle value, or the mean of the two middle values', () => {
    expect(median([1, 2, 9])).toBe(2);
    expect(median([1, 2, 4, 9])).toBe(3);
    expect(median([])).toBeNull();
  });

  test('the 90th percentile is the nearest-rank value, ⌈0.9·n⌉', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(values, 0.9)).toBe(18);
    expect(nearestRank([5], 0.9)).toBe(5);
    expect(nearestRank([], 0.9)).toBeNull();
  });
});
