import { arange, fromNDArray, type Tensor } from '@torchlet/autograd';
import { DTypeError, formatShape, NDArray, ShapeError, ValueError } from '@torchlet/tensor';
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

export interface NLLLossOptions extends LossOptions {
  /** Per-class weights [C]. */
  weight?: Tensor;
  /** Targets equal to this class are ignored (PyTorch's default -100). */
  ignoreIndex?: number;
}

export interface CrossEntropyOptions extends NLLLossOptions {
  /** Mixes each target with the uniform distribution: (1 − ε)·target + ε/C (PyTorch's label_smoothing). */
  labelSmoothing?: number;
}

/** [C] input as one sample [1, C]; the target's checks; the one-hot rows of the counted classes. */
function classTargets(
  op: string,
  input: Tensor,
  target: Tensor,
  options: NLLLossOptions,
): { batched: Tensor; counted: Tensor; weightRow: Tensor | null } {
  const batched = input.ndim === 1 ? input.unsqueeze(0) : input;
  if (batched.ndim !== 2) throw new ShapeError(`${op}: expected input [N, C] or [C], got ${formatShape(input.shape)}`);
  const classes = batched.shape[1]!;
  if (target.dtype !== 'int32') {
    throw new DTypeError(
      `${op}: class targets must be an int32 tensor (tensor([...], { dtype: 'int32' })), got ${target.dtype}`,
    );
  }
  const labels = target.ndim === 0 ? target.unsqueeze(0) : target;
  if (labels.ndim !== 1 || labels.shape[0] !== batched.shape[0]) {
    throw new ShapeError(
      `${op}: expected target of shape [${batched.shape[0]}] for input ${formatShape(input.shape)}, got ${formatShape(target.shape)}`,
    );
  }
  const weightRow = options.weight?.reshape([1, classes]) ?? null;
  if (options.weight !== undefined && options.weight.numel() !== classes) {
    throw new ShapeError(
      `${op}: expected a weight of ${classes} elements (one per class), got ${formatShape(options.weight.shape)}`,
    );
  }
  const ignoreIndex = options.ignoreIndex ?? -100;
  for (const label of labels.array.toTypedArray()) {
    if (label !== ignoreIndex && (label < 0 || label >= classes)) {
      throw new ShapeError(`${op}: target ${label} is out of bounds for ${classes} classes`);
    }
  }
  // One-hot rows select each sample's class; ignored samples get an all-zero row (also when
  // ignoreIndex is itself a class).
  const column = labels.array.unsqueeze(1);
  const selected = arange(classes).array.eq(column).mul(column.ne(ignoreIndex));
  const oneHot = fromNDArray(selected.to(batched.dtype));
  return { batched, counted: weightRow === null ? oneHot : oneHot.mul(weightRow), weightRow };
}

/** Reduces per-sample losses; 'mean' divides by `divisor` (the counted weight); [C] input keeps 0-d. */
function reduceSamples(perSample: Tensor, divisor: Tensor, reduction: Reduction, unbatched: boolean): Tensor {
  if (reduction === 'mean') return perSample.sum().div(divisor);
  const loss = reduction === 'none' && unbatched ? perSample.squeeze(0) : perSample;
  return reduce(loss, reduction);
}

/**
 * Negative log likelihood of log-probabilities `input` [N, C] (or [C]) at class indices `target`
 * (int32): −w[y]·input[i, y] per sample; 'mean' divides by the total weight of the counted samples.
 */
export function nllLoss(input: Tensor, target: Tensor, options: NLLLossOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean');
  const { batched, counted } = classTargets('nllLoss', input, target, options);
  return reduceSamples(batched.mul(counted).sum(1).neg(), counted.sum(), reduction, input.ndim === 1);
}

/**
 * Cross entropy of logits `input` [N, C] (or [C]) against class indices `target` [N] (int32)
 * or class probabilities shaped like `input`: -Σ target · logSoftmax(input) per sample. With
 * weights, 'mean' divides by the total weight of the counted samples, as PyTorch; with
 * `labelSmoothing` ε, (1 − ε)·that + ε·the loss against the uniform distribution.
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean');
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing <= 1)) {
    throw new ValueError(`crossEntropy: labelSmoothing must be between 0.0 and 1.0, got ${smoothing}`);
  }
  const batched = input.ndim === 1 ? input.unsqueeze(0) : input;
  const logProbs = batched.logSoftmax(1);
  const classes = batched.shape[1]!;
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
    const weight = options.weight?.reshape([1, classes]) ?? null;
    let probs = target.ndim === 1 ? target.unsqueeze(0) : target;
    if (smoothing > 0) probs = probs.mul(1 - smoothing).add(smoothing / classes);
    const weighted = weight === null ? logProbs.mul(probs) : logProbs.mul(probs).mul(weight);
    const perSample = weighted.sum(1).neg();
    const loss = reduction === 'none' && input.ndim === 1 ? perSample.squeeze(0) : perSample;
    return reduction === 'mean' ? loss.sum().div(batched.shape[0]!) : reduce(loss, reduction);
  }
  const { counted, weightRow } = classTargets('crossEntropy', input, target, options);
  const nll = logProbs.mul(counted).sum(1).neg();
  if (smoothing === 0) return reduceSamples(nll, counted.sum(), reduction, input.ndim === 1);
  // PyTorch: smooth_i = −Σ_c w_c·logp[i, c] for counted samples (0 for ignored ones), reduced
  // like the nll, then (1 − ε)·nll + (ε / C)·smooth.
  const countedSample = counted.sum(1, true).ne(0).to(logProbs.dtype);
  const classWeights = weightRow ?? fromNDArray(NDArray.zeros([1, classes], logProbs.dtype).add(1));
  const smooth = logProbs.mul(classWeights).mul(countedSample).sum(1).neg();
  const divisor = counted.sum();
  const hard = reduceSamples(nll, divisor, reduction, input.ndim === 1);
  const uniform = reduceSamples(smooth, divisor, reduction, input.ndim === 1);
  return hard.mul(1 - smoothing).add(uniform.mul(smoothing / classes));
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
