import { tensor } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { accuracy, confusionMatrix, precisionRecallF1, predictedClasses } from './index.js';

// Worked by hand: 8 samples of 3 classes.
const target = [0, 0, 1, 1, 1, 2, 2, 2];
const predicted = [0, 1, 1, 1, 2, 2, 2, 0];

describe('classification metrics', () => {
  test('accuracy: 5 of 8 right', () => {
    expect(accuracy(predicted, target)).toBe(5 / 8);
    expect(accuracy(tensor(predicted, { dtype: 'int32' }), tensor(target, { dtype: 'int32' }))).toBe(5 / 8);
  });

  test('the confusion matrix counts rows of truth, columns of predictions', () => {
    expect(confusionMatrix(predicted, target, 3).toArray()).toEqual([
      [1, 1, 0],
      [0, 2, 1],
      [1, 0, 2],
    ]);
  });

  test('per class: class 1 has precision 2/3 (2 of the 3 predicted), recall 2/3 (2 of its 3 found)', () => {
    const [c0, c1, c2] = precisionRecallF1(predicted, target, { numClasses: 3, average: 'none' });
    expect(c0).toEqual({ precision: 1 / 2, recall: 1 / 2, f1: 1 / 2, support: 2 });
    expect(c1).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: expect.closeTo(2 / 3, 12), support: 3 });
    expect(c2).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: expect.closeTo(2 / 3, 12), support: 3 });
    const macro = precisionRecallF1(predicted, target, { numClasses: 3 });
    expect(macro.precision).toBeCloseTo((1 / 2 + 2 / 3 + 2 / 3) / 3, 12);
    const micro = precisionRecallF1(predicted, target, { numClasses: 3, average: 'micro' });
    expect(micro.precision).toBe(5 / 8); // micro precision = recall = accuracy for single-label problems
    expect(micro.recall).toBe(5 / 8);
  });

  test('binary: the positive class of choice; nothing to count scores 0', () => {
    // Malignant (0) is the positive class: 2 true positives, 1 false positive, 1 false negative.
    const truth = [0, 0, 0, 1, 1, 1];
    const guess = [0, 0, 1, 0, 1, 1];
    expect(precisionRecallF1(guess, truth, { positiveClass: 0 })).toEqual({
      precision: 2 / 3,
      recall: 2 / 3,
      f1: expect.closeTo(2 / 3, 12),
      support: 3,
    });
    expect(precisionRecallF1([1, 1], [1, 1], { positiveClass: 0 })).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
      support: 0,
    });
  });

  test('predicted classes from scores: argmax of [N, C], threshold of one score', () => {
    expect(
      predictedClasses(
        tensor([
          [0.1, 2],
          [3, -1],
        ]),
      ).toArray(),
    ).toEqual([1, 0]);
    expect(predictedClasses(tensor([[0.3], [-0.2]])).toArray()).toEqual([1, 0]);
    expect(predictedClasses(tensor([0.7, 0.4]), { threshold: 0.5 }).toArray()).toEqual([1, 0]);
  });

  test('bad input is named', () => {
    expect(() => accuracy([0, 1], [0])).toThrow(
      'accuracy: predicted (2 labels) and target (1 labels) must have the same length',
    );
    expect(() => accuracy(tensor([[0.2, 0.8]]), tensor([1], { dtype: 'int32' }))).toThrow(
      /use predictedClasses\(scores\) first/,
    );
    expect(() => confusionMatrix([3], [0], 3)).toThrow('confusionMatrix: predicted label 3 at 0 is outside 0..2');
    expect(() => precisionRecallF1([0.5], [1])).toThrow(/integer class labels, got 0.5/);
  });
});
