import { defaultGenerator, ValueError, type Generator } from '@torchlet/autograd';
import { randperm } from '@torchlet/tensor';
import { checkGenerator, describe, lengthOf } from './checks.js';
import type { Dataset } from './dataset.js';
import { Subset } from './subset.js';

/**
 * Splits `dataset` into non-overlapping random subsets (PyTorch's `random_split`).
 *
 * `lengths` are either counts summing to `dataset.length`, or fractions summing to 1: each split
 * then gets `floor(length * fraction)` items and the remainder is handed out one item at a time,
 * round-robin from the first split (`[0.3, 0.3, 0.4]` of 11 items → `[4, 3, 4]`). The items are
 * assigned through one `randperm` drawn from `generator` (the default generator if none).
 * The result is typed as a tuple with one subset per entry of `lengths`.
 */
export function randomSplit<T, const L extends readonly number[]>(
  dataset: Dataset<T>,
  lengths: L,
  options: { generator?: Generator } = {},
): { -readonly [K in keyof L]: Subset<T> } {
  const size = lengthOf('randomSplit', dataset, 'dataset');
  if (!Array.isArray(lengths) || !lengths.every((x) => typeof x === 'number')) {
    throw new ValueError(`randomSplit: lengths must be an array of numbers, got ${describe(lengths)}`);
  }
  checkGenerator('randomSplit', options.generator);
  const counts = isFractions(lengths) ? countsFromFractions(size, lengths) : lengths;
  counts.forEach((count, i) => {
    if (!Number.isInteger(count) || count < 0) {
      throw new ValueError(
        `randomSplit: lengths must be non-negative integers or fractions summing to 1, got ${count} at index ${i} of [${lengths.join(', ')}]`,
      );
    }
  });
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== size) {
    throw new ValueError(
      `randomSplit: Sum of input lengths does not equal the length of the input dataset! (lengths [${counts.join(', ')}] sum to ${total}, the dataset has ${size} items)`,
    );
  }
  const permutation = randperm(total, { generator: options.generator ?? defaultGenerator }).storage.data;
  const splits: Subset<T>[] = [];
  let offset = 0;
  for (const count of counts) {
    splits.push(new Subset(dataset, Array.from(permutation.subarray(offset, offset + count))));
    offset += count;
  }
  // One subset per length, so `const [train, val] = randomSplit(ds, [0.8, 0.2])` is typed as a pair.
  return splits as { -readonly [K in keyof L]: Subset<T> };
}

/** PyTorch's test: `math.isclose(sum(lengths), 1) and sum(lengths) <= 1`. */
export function isFractions(lengths: readonly number[]): boolean {
  const sum = lengths.reduce((a, b) => a + b, 0);
  return Math.abs(sum - 1) <= 1e-9 * Math.max(Math.abs(sum), 1) && sum <= 1;
}

export function countsFromFractions(size: number, fractions: readonly number[]): number[] {
  const counts = fractions.map((fraction, i) => {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new ValueError(`randomSplit: Fraction at index ${i} is not between 0 and 1, got ${fraction}`);
    }
    return Math.floor(size * fraction);
  });
  const remainder = size - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) counts[i % counts.length]! += 1;
  return counts;
}
