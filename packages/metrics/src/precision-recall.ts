import { ValueError } from '@torchlet/tensor';
import { labelPairs, type Labels } from './classes.js';

export interface PrecisionRecallF1 {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** How many samples truly are of the class (or classes). */
  readonly support: number;
}

export interface PrecisionRecallOptions {
  /** Classes are 0 .. numClasses − 1 (default: 2, a binary problem). */
  numClasses?: number;
  /**
   * 'binary' (the default for 2 classes): the scores of `positiveClass`; 'none': one result per
   * class; 'macro': the unweighted mean of the per-class scores; 'micro': from the pooled counts.
   */
  average?: 'binary' | 'none' | 'macro' | 'micro';
  /** The class that counts as positive for 'binary' (default 1). */
  positiveClass?: number;
}

function scores(tp: number, fp: number, fn: number): Omit<PrecisionRecallF1, 'support'> {
  // A score with nothing to count (no predictions, no true samples) is 0, as scikit-learn's default.
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * Precision (of the samples predicted as a class, how many are), recall (of the samples of a
 * class, how many were found) and their harmonic mean F1, per class or averaged.
 */
export function precisionRecallF1(
  predicted: Labels,
  target: Labels,
  options: PrecisionRecallOptions & { average: 'none' },
): PrecisionRecallF1[];
export function precisionRecallF1(
  predicted: Labels,
  target: Labels,
  options?: PrecisionRecallOptions,
): PrecisionRecallF1;
export function precisionRecallF1(
  predicted: Labels,
  target: Labels,
  options: PrecisionRecallOptions = {},
): PrecisionRecallF1 | PrecisionRecallF1[] {
  const numClasses = options.numClasses ?? 2;
  const average = options.average ?? (numClasses === 2 ? 'binary' : 'macro');
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new ValueError(`precisionRecallF1: numClasses must be an integer >= 2, got ${numClasses}`);
  }
  if (!['binary', 'none', 'macro', 'micro'].includes(average)) {
    throw new ValueError(
      `precisionRecallF1: average must be 'binary', 'none', 'macro' or 'micro', got '${String(average)}'`,
    );
  }
  const [p, t] = labelPairs('precisionRecallF1', predicted, target);
  const tp = new Array<number>(numClasses).fill(0);
  const fp = new Array<number>(numClasses).fill(0);
  const fn = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < p.length; i++) {
    const [pi, ti] = [p[i]!, t[i]!];
    if (pi < 0 || pi >= numClasses || ti < 0 || ti >= numClasses) {
      throw new ValueError(
        `precisionRecallF1: label ${pi < 0 || pi >= numClasses ? pi : ti} at ${i} is outside 0..${numClasses - 1}`,
      );
    }
    if (pi === ti) tp[pi]!++;
    else {
      fp[pi]!++;
      fn[ti]!++;
    }
  }
  const perClass = tp.map((_, c) => ({ ...scores(tp[c]!, fp[c]!, fn[c]!), support: tp[c]! + fn[c]! }));
  if (average === 'none') return perClass;
  if (average === 'binary') {
    const positive = options.positiveClass ?? 1;
    if (!Number.isInteger(positive) || positive < 0 || positive >= numClasses) {
      throw new ValueError(`precisionRecallF1: positiveClass must be a class in 0..${numClasses - 1}, got ${positive}`);
    }
    return perClass[positive]!;
  }
  if (average === 'micro') {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return { ...scores(sum(tp), sum(fp), sum(fn)), support: p.length };
  }
  const mean = (key: 'precision' | 'recall' | 'f1') => perClass.reduce((a, r) => a + r[key], 0) / numClasses;
  return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), support: p.length };
}
