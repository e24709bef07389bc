import { isFloating } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { kernel } from '../kernels/dispatch.js';
import type { RowGroups } from '../kernels/normalization.js';
import { NDArray } from '../ndarray.js';
import { denseData } from './dense.js';
import { formatShape, numel } from '../shape.js';
import { Storage } from '../storage.js';

/** A normalisation's output and the statistics its backward needs (per channel or per row). */
export interface Normalized {
  readonly output: NDArray;
  readonly mean: Float64Array;
  readonly invStd: Float64Array;
}

function dataOf(x: NDArray | null): NDArray['storage']['data'] | null {
  return x === null ? null : denseData(x);
}

function checkAffine(op: string, name: string, value: NDArray | null, length: number, dtype: string): void {
  if (value === null) return;
  if (value.size !== length || value.ndim !== 1) {
    throw new ShapeError(`${op}: expected ${name} of shape [${length}], got ${formatShape(value.shape)}`);
  }
  if (value.dtype !== dtype) throw new DTypeError(`${op}: expected ${name} of dtype ${dtype}, got ${value.dtype}`);
}

/** [N, C, *] as outer N, channels C, inner = the product of *. */
function channelLayout(op: string, input: NDArray): [number, number, number] {
  if (input.ndim < 2)
    throw new ShapeError(`${op}: expected an input of at least 2 dims [N, C, ...], got ${formatShape(input.shape)}`);
  if (!isFloating(input.dtype)) throw new DTypeError(`${op}: expected a floating input, got ${input.dtype}`);
  return [input.shape[0]!, input.shape[1]!, numel(input.shape.slice(2))];
}

export interface BatchNormOptions {
  /** Normalise with this batch's statistics (and update the running ones) or with the running ones. */
  readonly training: boolean;
  /** Weight of this batch in the running statistics' update: running = (1 − m)·running + m·batch. */
  readonly momentum: number;
  readonly eps: number;
}

/**
 * Batch normalisation over [N, C, *] (torch.nn.functional.batch_norm): per channel, with the
 * batch's mean and biased variance when training — then running_mean and running_var (if given)
 * are updated in place, the variance unbiased as in PyTorch — or the running statistics otherwise.
 */
export function batchNorm(
  input: NDArray,
  weight: NDArray | null,
  bias: NDArray | null,
  runningMean: NDArray | null,
  runningVar: NDArray | null,
  options: BatchNormOptions,
): Normalized {
  const op = 'batchNorm';
  const [outer, channels, inner] = channelLayout(op, input);
  checkAffine(op, 'weight', weight, channels, input.dtype);
  checkAffine(op, 'bias', bias, channels, input.dtype);
  checkAffine(op, 'running_mean', runningMean, channels, runningMean?.dtype ?? input.dtype);
  checkAffine(op, 'running_var', runningVar, channels, runningVar?.dtype ?? input.dtype);
  if (!(options.eps >= 0)) throw new ValueError(`${op}: eps must be >= 0, got ${options.eps}`);
  const count = outer * inner;
  const mean = new Float64Array(channels);
  const invStd = new Float64Array(channels);
  const x = dataOf(input)!;
  if (options.training) {
    if (count <= 1) {
      throw new ValueError(
        `${op}: expected more than 1 value per channel when training, got input size ${formatShape(input.shape)}`,
      );
    }
    const variance = new Float64Array(channels);
    kernel('channelMoments', input.size)(x, outer, channels, inner, mean, variance);
    for (let c = 0; c < channels; c++) invStd[c] = 1 / Math.sqrt(variance[c]! + options.eps);
    // running = (1 − m)·running + m·batch, the variance unbiased (×count/(count − 1)), in place.
    const m = options.momentum;
    const unbiased = count / (count - 1);
    const update = (running: NDArray | null, batchValue: (c: number) => number) => {
      if (running === null) return;
      const old = dataOf(running)!;
      const next = new Float64Array(channels);
      for (let c = 0; c < channels; c++) next[c] = (1 - m) * old[c]! + m * batchValue(c);
      running.copy_(new NDArray(new Storage(next), [channels], [1], 0));
    };
    update(runningMean, (c) => mean[c]!);
    update(runningVar, (c) => variance[c]! * unbiased);
  } else {
    if (runningMean === null || runningVar === null) {
      throw new ValueError(`${op}: running_mean and running_var must be given when not training`);
    }
    const rm = dataOf(runningMean)!;
    const rv = dataOf(runningVar)!;
    for (let c = 0; c < channels; c++) {
      mean[c] = rm[c]!;
      invStd[c] = 1 / Math.sqrt(rv[c]! + options.eps);
    }
  }
  const output = NDArray.zeros(input.shape, input.dtype);
  kernel('channelAffine', input.size)(
    x,
    outer,
    channels,
    inner,
    mean,
    invStd,
    dataOf(weight),
    dataOf(bias),
    output.storage.data,
  );
  return { output, mean, invStd };
}

export interface NormalizationGradients {
  readonly input: NDArray | null;
  readonly weight: NDArray | null;
  readonly bias: NDArray | null;
}

/** The gradients of `batchNorm` (training: through the batch statistics; eval: fixed ones). */
export function batchNormBackward(
  grad: NDArray,
  input: NDArray,
  weight: NDArray | null,
  stats: Pick<Normalized, 'mean' | 'invStd'>,
  training: boolean,
  needs: { readonly input: boolean; readonly weight: boolean; readonly bias: boolean },
): NormalizationGradients {
  const [outer, channels, inner] = channelLayout('batchNorm backward', input);
  const gradInput = needs.input ? NDArray.zeros(input.shape, input.dtype) : null;
  const gradWeight = needs.weight ? NDArray.zeros([channels], input.dtype) : null;
  const gradBias = needs.bias ? NDArray.zeros([channels], input.dtype) : null;
  kernel('channelAffineBackward', input.size)(
    dataOf(grad.to(input.dtype))!,
    dataOf(input)!,
    outer,
    channels,
    inner,
    stats.mean,
    stats.invStd,
    dataOf(weight),
    training,
    gradInput?.storage.data ?? null,
    gradWeight?.storage.data ?? null,
    gradBias?.storage.data ?? null,
  );
  return { input: gradInput, weight: gradWeight, bias: gradBias };
}

/** Layer norm's layout: rows of the normalised (trailing) dims. */
function layerLayout(op: string, input: NDArray, normalizedShape: readonly number[]): RowGroups {
  if (!isFloating(input.dtype)) throw new DTypeError(`${op}: expected a floating input, got ${input.dtype}`);
  const k = normalizedShape.length;
  const trailing = input.shape.slice(input.ndim - k);
  if (k === 0 || k > input.ndim || formatShape(trailing) !== formatShape(normalizedShape)) {
    throw new ShapeError(
      `${op}: given normalizedShape ${formatShape(normalizedShape)}, expected input with shape [*, ${normalizedShape.join(', ')}], but got input of size ${formatShape(input.shape)}`,
    );
  }
  const length = numel(normalizedShape);
  return { rows: length === 0 ? 0 : input.size / length, groups: 1, channelsPerGroup: length, spatial: 1 };
}

/** Group norm's layout over [N, C, *]: N·G rows of (C/G)·∏* elements. */
function groupLayout(op: string, input: NDArray, groups: number): RowGroups {
  const [outer, channels, inner] = channelLayout(op, input);
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0) {
    throw new ValueError(
      `${op}: expected the number of channels (${channels}) to be divisible by numGroups (${groups})`,
    );
  }
  return { rows: outer * groups, groups, channelsPerGroup: channels / groups, spatial: inner };
}

function normalizeRows(
  op: string,
  input: NDArray,
  layout: RowGroups,
  weight: NDArray | null,
  bias: NDArray | null,
  eps: number,
  affineLength: number,
): Normalized {
  checkAffine(op, 'weight', weight, affineLength, input.dtype);
  checkAffine(op, 'bias', bias, affineLength, input.dtype);
  const output = NDArray.zeros(input.shape, input.dtype);
  const mean = new Float64Array(layout.rows);
  const invStd = new Float64Array(layout.rows);
  kernel('rowNorm', input.size)(
    dataOf(input)!,
    layout,
    eps,
    dataOf(weight),
    dataOf(bias),
    output.storage.data,
    mean,
    invStd,
  );
  return { output, mean, invStd };
}

function normalizeRowsBackward(
  grad: NDArray,
  input: NDArray,
  layout: RowGroups,
  weight: NDArray | null,
  stats: Pick<Normalized, 'mean' | 'invStd'>,
  needs: { readonly input: boolean; readonly weight: boolean; readonly bias: boolean },
  affineShape: readonly number[],
): NormalizationGradients {
  const gradInput = needs.input ? NDArray.zeros(input.shape, input.dtype) : null;
  const gradWeight = needs.weight ? NDArray.zeros(affineShape, input.dtype) : null;
  const gradBias = needs.bias ? NDArray.zeros(affineShape, input.dtype) : null;
  kernel('rowNormBackward', input.size)(
    dataOf(grad.to(input.dtype))!,
    dataOf(input)!,
    layout,
    stats.mean,
    stats.invStd,
    dataOf(weight),
    gradInput?.storage.data ?? null,
    gradWeight?.storage.data ?? null,
    gradBias?.storage.data ?? null,
  );
  return { input: gradInput, weight: gradWeight, bias: gradBias };
}

/** Layer normalisation over the trailing `normalizedShape` dims (torch.nn.functional.layer_norm). */
export function layerNorm(
  input: NDArray,
  normalizedShape: readonly number[],
  weight: NDArray | null,
  bias: NDArray | null,
  eps: number,
): Normalized {
  const layout = layerLayout('layerNorm', input, normalizedShape);
  const flat = (x: NDArray | null) => (x === null ? null : x.reshape([-1]));
  return normalizeRows('layerNorm', input, layout, flat(weight), flat(bias), eps, layout.channelsPerGroup);
}

export function layerNormBackward(
  grad: NDArray,
  input: NDArray,
  normalizedShape: readonly number[],
  weight: NDArray | null,
  stats: Pick<Normalized, 'mean' | 'invStd'>,
  needs: { readonly input: boolean; readonly weight: boolean; readonly bias: boolean },
): NormalizationGradients {
  const layout = layerLayout('layerNorm backward', input, normalizedShape);
  return normalizeRowsBackward(grad, input, layout, weight?.reshape([-1]) ?? null, stats, needs, normalizedShape);
}

/** Group normalisation of [N, C, *] in `groups` groups of channels (torch.nn.functional.group_norm). */
export function groupNorm(
  input: NDArray,
  groups: number,
  weight: NDArray | null,
  bias: NDArray | null,
  eps: number,
): Normalized {
  const layout = groupLayout('groupNorm', input, groups);
  return normalizeRows('groupNorm', input, layout, weight, bias, eps, input.shape[1]!);
}

export function groupNormBackward(
  grad: NDArray,
  input: NDArray,
  groups: number,
  weight: NDArray | null,
  stats: Pick<Normalized, 'mean' | 'invStd'>,
  needs: { readonly input: boolean; readonly weight: boolean; readonly bias: boolean },
): NormalizationGradients {
  const layout = groupLayout('groupNorm backward', input, groups);
  return normalizeRowsBackward(grad, input, layout, weight, stats, needs, [input.shape[1]!]);
}
