import { describe, expect, test } from 'vitest';
import { advantage, summarize } from './stats.js';

describe('summarize', () => {
  test('an odd count: the middle value', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, samples: 3 });
  });

  test('an even count: the mean of the middle two', () => {
    expect(summarize([4, 1, 2, 10])).toEqual({ median: 3, min: 1, max: 10, samples: 4 });
  });

  test('one value is its own median, min and max', () => {
    expect(summarize([0.25])).toEqual({ median: 0.25, min: 0.25, max: 0.25, samples: 1 });
  });

  test('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  test('refuses no values and values that are not finite', () => {
    expect(() => summarize([])).toThrow('no values');
    expect(() => summarize([1, Number.NaN])).toThrow('not a finite number');
    expect(() => summarize([Infinity])).toThrow('not a finite number');
  });
});

describe('advantage', () => {
  test('lower is better: the peer’s time over torchlet’s', () => {
    expect(advantage(0.01, 0.3, 'lower')).toBeCloseTo(30);
    expect(advantage(2, 1, 'lower')).toBeCloseTo(0.5);
  });

  test('higher is better: torchlet’s throughput over the peer’s', () => {
    expect(advantage(45, 18, 'higher')).toBeCloseTo(2.5);
    expect(advantage(9, 18, 'higher')).toBeCloseTo(0.5);
  });

  test('no ratio from zero, negative or missing figures', () => {
    expect(advantage(0, 1, 'lower')).toBeNull();
    expect(advantage(1, -2, 'higher')).toBeNull();
    expect(advantage(Number.NaN, 1, 'lower')).toBeNull();
  });
});
