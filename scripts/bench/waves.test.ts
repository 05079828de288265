import { describe, expect, test } from 'vitest';
import { median, percentile, ratio } from './stats.ts';
import { waves } from './waves.ts';

describe('sequential waves', () => {
  test('requests in flight together are one wave', () => {
    expect(waves([{ start: 0, end: 10 }, { start: 1, end: 12 }, { start: 2, end: 9 }])).toBe(1);
  });

  test('each page that starts after the previous one ended is a wave more, whatever runs beside it', () => {
    const pages = [{ start: 0, end: 10 }, { start: 11, end: 20 }, { start: 21, end: 30 }];
    const beside = [{ start: 0, end: 29 }];
    expect(waves([...pages, ...beside])).toBe(3);
  });

  test('no requests are no waves', () => {
    expect(waves([])).toBe(0);
  });
});

describe('summary statistics', () => {
  test('median and nearest-rank percentile of an unsorted list', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 95)).toBe(10);
    expect(percentile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 50)).toBe(5);
  });

  test('a ratio to a missing or zero reference says so instead of printing Infinity', () => {
    expect(ratio(13, 10)).toBe('1.30×');
    expect(ratio(1, 0)).toBe('n/a');
    expect(ratio(Number.NaN, 1)).toBe('n/a');
  });
});
