import { defaultGenerator, Tensor, ValueError, type Generator } from '@torchlet/autograd';
import { randperm } from '@torchlet/tensor';
import { checkGenerator, describe, lengthOf } from './checks.js';
import type { Dataset } from './dataset.js';
import { countsFromFractions, isFractions } from './random-split.js';
import { Subset } from './subset.js';

/**
 * Splits `dataset` into random subsets that keep each class's share (scikit-learn's
 * `train_test_split(stratify=...)`, for any number of splits): the items of every class are
 * shuffled and divided by `fractions` (summing to 1; a class's remainder goes round-robin from the
 * first split, as `randomSplit` hands it out), then each split's items are shuffled together.
 * `labels` holds one class per item. Everything is drawn from `generator` (the default if none).
 */
export function stratifiedSplit<T, const L extends readonly number[]>(
  dataset: Dataset<T>,
  labels: Tensor | ArrayLike<number>,
  fractions: L,
  options: { generator?: Generator } = {},
): { -readonly [K in keyof L]: Subset<T> } {
  const size = lengthOf('stratifiedSplit', dataset, 'dataset');
  checkGenerator('stratifiedSplit', options.generator);
  if (!Array.isArray(fractions) || !fractions.every((x) => typeof x === 'number') || !isFractions(fractions)) {
    throw new ValueError(`stratifiedSplit: fractions must be numbers summing to 1, got ${describe(fractions)}`);
  }
  const values = labels instanceof Tensor ? labels.toTypedArray() : labels;
  if (values.length !== size) {
    throw new ValueError(
      `stratifiedSplit: ${values.length} labels for a dataset of ${size} items; give one label per item`,
    );
  }
  const generator = options.generator ?? defaultGenerator;
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < size; i++) {
    const label = values[i]!;
    if (!Number.isFinite(label)) throw new ValueError(`stratifiedSplit: label ${label} at ${i} is not a class`);
    let members = byClass.get(label);
    if (members === undefined) byClass.set(label, (members = []));
    members.push(i);
  }
  const splits = fractions.map(() => [] as number[]);
  // Classes in ascending order, so the result depends on the labels, not on their order of appearance.
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label)!;
    const order = randperm(members.length, { generator }).storage.data;
    const counts = countsFromFractions(members.length, fractions);
    let offset = 0;
    counts.forEach((count, s) => {
      for (let k = offset; k < offset + count; k++) splits[s]!.push(members[order[k]!]!);
      offset += count;
    });
  }
  const subsets = splits.map((indices) => {
    const order = randperm(indices.length, { generator }).storage.data;
    return new Subset(
      dataset,
      Array.from(order, (k) => indices[k]!),
    );
  });
  return subsets as { -readonly [K in keyof L]: Subset<T> };
}
