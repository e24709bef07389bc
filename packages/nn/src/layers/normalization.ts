import { noGrad, ones, tensor, zeros, type DType, type Tensor } from '@torchlet/autograd';
import { formatShape, ShapeError, ValueError } from '@torchlet/tensor';
import { batchNorm, groupNorm, layerNorm } from '../functional/normalization.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pythonBool, pythonFloat, pythonTuple } from './python-repr.js';

export interface BatchNormOptions {
  eps?: number;
  /** Weight of each batch in the running statistics (default 0.1); null: a cumulative average. */
  momentum?: number | null;
  /** Learnable per-channel weight and bias (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); without them eval uses batch statistics. */
  trackRunningStats?: boolean;
  dtype?: DType;
}

/**
 * Batch normalisation, as PyTorch's `_BatchNorm`: parameters `weight` (ones) and `bias` (zeros),
 * buffers `running_mean`, `running_var` and `num_batches_tracked` under those state-dict keys.
 * train(): normalise by the batch's statistics and update the running ones (variance unbiased);
 * eval(): normalise by the running statistics.
 */
abstract class BatchNormBase extends Module {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  constructor(
    private readonly layer: string,
    readonly numFeatures: number,
    options: BatchNormOptions,
  ) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new ValueError(`${layer}: numFeatures must be a positive integer, got ${numFeatures}`);
    }
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('running_var', track ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer('num_batches_tracked', track ? tensor(0, { dtype: 'int32' }) : null);
  }

  /** The running mean (PyTorch's `running_mean`), or null without running statistics. */
  get runningMean(): Tensor | null {
    return this.running_mean;
  }

  /** The running variance (PyTorch's `running_var`). */
  get runningVar(): Tensor | null {
    return this.running_var;
  }

  /** Training batches seen (PyTorch's `num_batches_tracked`). */
  get numBatchesTracked(): Tensor | null {
    return this.num_batches_tracked;
  }

  /** Resets the running statistics (mean 0, variance 1, no batches). */
  resetRunningStats(): void {
    noGrad(() => {
      this.running_mean?.zero_();
      this.running_var?.fill_(1);
      this.num_batches_tracked?.zero_();
    });
  }

  /** The input dims the layer accepts (BatchNorm1d: 2 or 3, BatchNorm2d: 4). */
  protected abstract readonly acceptedDims: readonly number[];

  forward(input: Tensor): Tensor {
    if (!this.acceptedDims.includes(input.ndim)) {
      throw new ShapeError(
        `${this.layer}: expected ${this.acceptedDims.map((d) => `${d}D`).join(' or ')} input, got ${input.ndim}D input ${formatShape(input.shape)}`,
      );
    }
    if (input.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `${this.layer}: expected input with ${this.numFeatures} channels (numFeatures) in dim 1, got ${formatShape(input.shape)}`,
      );
    }
    const counting = this.training && this.trackRunningStats && this.num_batches_tracked !== null;
    const batches = counting ? this.num_batches_tracked!.item() + 1 : 0;
    const factor = this.momentum ?? (counting ? 1 / batches : 0);
    const useBatchStats = this.training || (this.running_mean === null && this.running_var === null);
    const useRunning = !this.training || this.trackRunningStats;
    const output = batchNorm(input, useRunning ? this.running_mean : null, useRunning ? this.running_var : null, {
      weight: this.weight,
      bias: this.bias,
      training: useBatchStats,
      momentum: factor,
      eps: this.eps,
    });
    // Counted once the batch went through (PyTorch counts first; a failed forward here counts nothing).
    if (counting) noGrad(() => this.num_batches_tracked!.fill_(batches));
    return output;
  }

  override extraRepr(): string {
    const momentum = this.momentum === null ? 'None' : pythonFloat(this.momentum);
    return `${this.numFeatures}, eps=${pythonFloat(this.eps)}, momentum=${momentum}, affine=${pythonBool(this.affine)}, track_running_stats=${pythonBool(this.trackRunningStats)}`;
  }
}

/** Batch normalisation of [N, C] or [N, C, L] inputs over each of C features. */
export class BatchNorm1d extends BatchNormBase {
  protected readonly acceptedDims = [2, 3];
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', numFeatures, options);
  }
}

/** Batch normalisation of [N, C, H, W] inputs over each of C channels. */
export class BatchNorm2d extends BatchNormBase {
  protected readonly acceptedDims = [4];
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', numFeatures, options);
  }
}

export interface LayerNormOptions {
  eps?: number;
  /** Learnable `weight` (ones) and `bias` (zeros) of normalizedShape (default true). */
  elementwiseAffine?: boolean;
  dtype?: DType;
}

/** Layer normalisation over the trailing `normalizedShape` dims of each sample. */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly eps: number;
  readonly elementwiseAffine: boolean;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ValueError(
        `LayerNorm: normalizedShape must be non-negative integers, got ${formatShape(this.normalizedShape)}`,
      );
    }
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype })) : null;
    this.bias = this.elementwiseAffine ? new Parameter(zeros(this.normalizedShape, { dtype })) : null;
  }

  forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${pythonTuple(this.normalizedShape)}, eps=${pythonFloat(this.eps)}, elementwise_affine=${pythonBool(this.elementwiseAffine)}`;
  }
}

export interface GroupNormOptions {
  eps?: number;
  /** Learnable per-channel `weight` (ones) and `bias` (zeros) (default true). */
  affine?: boolean;
  dtype?: DType;
}

/** Group normalisation: the channels of [N, C, *] in `numGroups` groups, each normalised per sample. */
export class GroupNorm extends Module {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly eps: number;
  readonly affine: boolean;

  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    options: GroupNormOptions = {},
  ) {
    super();
    if (!Number.isInteger(numGroups) || numGroups < 1 || numChannels % numGroups !== 0) {
      throw new ValueError(`GroupNorm: numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`);
    }
    this.eps = options.eps ?? 1e-5;
    this.affine = options.affine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.affine ? new Parameter(ones([numChannels], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numChannels], { dtype })) : null;
  }

  forward(input: Tensor): Tensor {
    if (input.ndim < 2 || input.shape[1] !== this.numChannels) {
      throw new ShapeError(`GroupNorm: expected input [N, ${this.numChannels}, *], got ${formatShape(input.shape)}`);
    }
    return groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pythonFloat(this.eps)}, affine=${pythonBool(this.affine)}`;
  }
}
