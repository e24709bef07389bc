import { arange, fromNDArray, type Tensor } from '@torchlet/autograd';
import { DTypeError, formatShape, ShapeError } from '@torchlet/tensor';
import { checkReduction, reduce, warnIfShapesDiffer, type Reduction } from './reduction.js';

export interface LossOptions {
  reduction?: Reduction;
}

/** Mean squared error: reduce((input - target)²). */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean');
  warnIfShapesDiffer('mseLoss', input, target);
  return reduce(input.sub(target).pow(2), reduction);
}

/** Mean absolute error: reduce(|input - target|). */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean');
  warnIfShapesDiffer('l1Loss', input, target);
  return reduce(input.sub(target).abs(), reduction);
}

export interface CrossEntropyOptions extends LossOptions {
  /** Per-class weights [C]. */
  weight?: Tensor;
  /** Targets equal to this class are ignored (PyTorch's default -100). */
  ignoreIndex?: number;
}

/**
 * Cross entropy of logits `input` [N, C] (or [C]) against class indices `target` [N] (int32)
 * or class probabilities shaped like `input`: -Σ target · logSoftmax(input) per sample. With
 * weights, 'mean' divides by the total weight of the counted samples, as PyTorch.
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean');
  const batched = input.ndim === 1 ? input.unsqueeze(0) : input;
  const logProbs = batched.logSoftmax(1);
  const classes = batched.shape[1]!;
  const weight = options.weight?.reshape([1, classes]) ?? null;
  if (target.dtype === 'float32' || target.dtype === 'float64') {
    if (formatShape(target.shape) !== formatShape(input.shape)) {
      const looksLikeClassIndices = target.ndim === input.ndim - 1;
      throw new ShapeError(
        `crossEntropy: probability targets must have the input's shape ${formatShape(input.shape)}, got ${formatShape(target.shape)}` +
          (looksLikeClassIndices
            ? ` (${target.dtype}). Class indices must be an integer tensor: tensor([...], { dtype: 'int32' }), or .int()`
            : ''),
      );
    }
    const probs = target.ndim === 1 ? target.unsqueeze(0) : target;
    const weighted = weight === null ? logProbs.mul(probs) : logProbs.mul(probs).mul(weight);
    const perSample = weighted.sum(1).neg();
    const loss = reduction === 'none' && input.ndim === 1 ? perSample.squeeze(0) : perSample;
    return reduction === 'mean' ? loss.sum().div(batched.shape[0]!) : reduce(loss, reduction);
  }
  if (target.dtype !== 'int32') throw new DTypeError(`crossEntropy: class targets must be int32, got ${target.dtype}`);
  const labels = target.ndim === 0 ? target.unsqueeze(0) : target;
  if (labels.ndim !== 1 || labels.shape[0] !== batched.shape[0]) {
    throw new ShapeError(
      `crossEntropy: expected target of shape [${batched.shape[0]}] for input ${formatShape(input.shape)}, got ${formatShape(target.shape)}`,
    );
  }
  const ignoreIndex = options.ignoreIndex ?? -100;
  const values = labels.array.toTypedArray();
  for (const label of values) {
    if (label !== ignoreIndex && (label < 0 || label >= classes)) {
      throw new ShapeError(`crossEntropy: target ${label} is out of bounds for ${classes} classes`);
    }
  }
  // One-hot rows select each sample's log-probability; ignored samples get an all-zero row.
  const oneHot = fromNDArray(arange(classes).array.eq(labels.array.unsqueeze(1)).to(logProbs.dtype));
  const counted = weight === null ? oneHot : oneHot.mul(weight);
  const perSample = logProbs.mul(counted).sum(1).neg();
  if (reduction === 'mean') return perSample.sum().div(counted.sum());
  const loss = reduction === 'none' && input.ndim === 1 ? perSample.squeeze(0) : perSample;
  return reduce(loss, reduction);
}

export interface BCEWithLogitsOptions extends LossOptions {
  /** Per-element rescaling, broadcast against the loss. */
  weight?: Tensor;
  /** Weight of positive examples, per class (broadcast along the last dim). */
  posWeight?: Tensor;
}

/**
 * Binary cross entropy on logits, in the overflow-free form
 * (1 - y) · x + w⁺ · (log(1 + e^(-|x|)) + max(-x, 0)), w⁺ = 1 + (posWeight - 1) · y.
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BCEWithLogitsOptions = {},
): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean');
  if (formatShape(input.shape) !== formatShape(target.shape)) {
    throw new ShapeError(
      `binaryCrossEntropyWithLogits: target size ${formatShape(target.shape)} must be the same as input size ${formatShape(input.shape)}`,
    );
  }
  const softplusOfMinusX = input.abs().neg().exp().log1p().add(input.neg().relu());
  const positive =
    options.posWeight === undefined
      ? softplusOfMinusX
      : softplusOfMinusX.mul(options.posWeight.sub(1).mul(target).add(1));
  let loss = target.rsub(1).mul(input).add(positive);
  if (options.weight !== undefined) loss = loss.mul(options.weight);
  return reduce(loss, reduction);
}
