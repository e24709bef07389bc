import { Tensor } from '@torchlet/autograd';
import { DTypeError, formatShape, ShapeError, ValueError } from '@torchlet/tensor';

/** Class labels: an int32 (or bool) tensor, or plain numbers. */
export type Labels = Tensor | ArrayLike<number>;

/**
 * The predicted classes of classifier outputs: the argmax of [N, C] scores (logits or
 * probabilities), or, for one score per sample ([N] or [N, 1]), 1 where it exceeds `threshold`
 * (0 for logits; pass 0.5 for probabilities).
 */
export function predictedClasses(scores: Tensor, options: { threshold?: number } = {}): Tensor {
  if (scores.ndim === 2 && scores.shape[1]! > 1) return scores.argmax(1);
  if (scores.ndim === 1 || (scores.ndim === 2 && scores.shape[1] === 1)) {
    return scores
      .reshape([-1])
      .gt(options.threshold ?? 0)
      .int();
  }
  throw new ShapeError(`predictedClasses: expected scores [N, C], [N, 1] or [N], got ${formatShape(scores.shape)}`);
}

/** Labels as integers, checked: whole numbers, the same count as `other` when given. */
export function labelValues(op: string, name: string, labels: Labels): Int32Array {
  let values: ArrayLike<number>;
  if (labels instanceof Tensor) {
    if (labels.dtype !== 'int32' && labels.dtype !== 'bool') {
      throw new DTypeError(
        `${op}: ${name} must be class labels (an int32 or bool tensor); for scores use predictedClasses(scores) first, got ${labels.dtype}`,
      );
    }
    if (labels.ndim > 1) throw new ShapeError(`${op}: ${name} must be 1-D, got ${formatShape(labels.shape)}`);
    values = labels.toTypedArray();
  } else {
    values = labels;
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) throw new ValueError(`${op}: ${name} must be integer class labels, got ${v} at ${i}`);
    out[i] = v;
  }
  return out;
}

/** Predicted and true labels of one classification, checked to pair up. */
export function labelPairs(op: string, predicted: Labels, target: Labels): [Int32Array, Int32Array] {
  const p = labelValues(op, 'predicted', predicted);
  const t = labelValues(op, 'target', target);
  if (p.length !== t.length) {
    throw new ShapeError(
      `${op}: predicted (${p.length} labels) and target (${t.length} labels) must have the same length`,
    );
  }
  return [p, t];
}
