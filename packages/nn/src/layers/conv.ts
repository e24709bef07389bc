import { empty, type DType, type Generator, type Tensor } from '@torchlet/autograd';
import { formatShape, ShapeError, ValueError, type PadMode } from '@torchlet/tensor';
import { expandSize, type SizeArgument } from '../functional/arguments.js';
import { conv1d, conv2d, type ConvPadding } from '../functional/conv.js';
import { pad } from '../functional/padding.js';
import { fanInAndFanOut } from '../init/fan.js';
import { kaimingUniform_, uniform_ } from '../init/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pythonTuple } from './python-repr.js';

export interface ConvLayerOptions<Bias extends boolean = boolean> {
  stride?: SizeArgument;
  /** Zero (or `paddingMode`) padding: a number, one per dim, 'valid' or 'same'. */
  padding?: ConvPadding;
  dilation?: SizeArgument;
  groups?: number;
  /** Whether the layer has a bias (default true); the type of `bias` follows it. */
  bias?: Bias;
  /** What the padding holds: zeros (default), or the input reflected, replicated or wrapped. */
  paddingMode?: 'zeros' | 'reflect' | 'replicate' | 'circular';
  dtype?: DType;
  /** Draws the initial weights from this generator instead of the default one. */
  generator?: Generator;
}

/**
 * What Conv1d and Conv2d share: PyTorch's parameters (weight [out, in/groups, ...kernel], bias
 * [out]), default initialisation (kaiming-uniform with a = √5, i.e. U(±1/√fanIn), bias
 * U(±1/√fanIn)), checks and repr.
 */
abstract class ConvNd<Bias extends boolean> extends Module {
  readonly weight: Parameter;
  /** A Parameter, or null for `{ bias: false }`. */
  readonly bias: Bias extends false ? null : Parameter;
  readonly kernelSize: readonly number[];
  readonly stride: readonly number[];
  readonly padding: 'same' | 'valid' | readonly number[];
  readonly dilation: readonly number[];
  readonly groups: number;
  readonly paddingMode: 'zeros' | 'reflect' | 'replicate' | 'circular';

  constructor(
    private readonly layer: 'Conv1d' | 'Conv2d',
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: SizeArgument,
    options: ConvLayerOptions<Bias>,
  ) {
    super();
    const dims = layer === 'Conv1d' ? 1 : 2;
    for (const [name, value] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new ValueError(`${layer}: ${name} must be a positive integer, got ${value}`);
    }
    this.kernelSize = expandSize(layer, 'kernelSize', kernelSize, dims, 1);
    this.stride = expandSize(layer, 'stride', options.stride ?? 1, dims, 1);
    this.dilation = expandSize(layer, 'dilation', options.dilation ?? 1, dims, 1);
    const padding = options.padding ?? 0;
    this.padding = typeof padding === 'string' ? padding : expandSize(layer, 'padding', padding, dims, 0);
    if (typeof padding === 'string' && padding !== 'same' && padding !== 'valid') {
      throw new ValueError(`${layer}: invalid padding string '${padding}', should be one of 'valid', 'same'`);
    }
    if (padding === 'same' && this.stride.some((s) => s !== 1)) {
      throw new ValueError(`${layer}: padding='same' is not supported for strided convolutions`);
    }
    this.groups = options.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups < 1)
      throw new ValueError(`${layer}: groups must be a positive integer, got ${this.groups}`);
    if (inChannels % this.groups !== 0)
      throw new ValueError(`${layer}: inChannels (${inChannels}) must be divisible by groups (${this.groups})`);
    if (outChannels % this.groups !== 0)
      throw new ValueError(`${layer}: outChannels (${outChannels}) must be divisible by groups (${this.groups})`);
    this.paddingMode = options.paddingMode ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(this.paddingMode)) {
      throw new ValueError(
        `${layer}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got '${this.paddingMode}'`,
      );
    }
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(empty([outChannels, inChannels / this.groups, ...this.kernelSize], { dtype }));
    this.bias = (options.bias === false ? null : new Parameter(empty([outChannels], { dtype }))) as Bias extends false
      ? null
      : Parameter;
    this.resetParameters(options.generator);
  }

  /** Re-draws the parameters with PyTorch's default initialisation. */
  resetParameters(generator?: Generator): void {
    const random = generator === undefined ? {} : { generator };
    kaimingUniform_(this.weight, { a: Math.sqrt(5), ...random });
    const bias: Parameter | null = this.bias;
    if (bias !== null) {
      const { fanIn } = fanInAndFanOut(this.weight.shape);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(bias, -bound, bound, random);
    }
  }

  /** The input's shape, checked: [N, inChannels, ...] or unbatched [inChannels, ...]. */
  protected checkInput(input: Tensor): void {
    const dims = this.kernelSize.length;
    const spatial = dims === 1 ? 'L' : 'H, W';
    const channelDim = input.ndim === dims + 2 ? 1 : 0;
    if ((input.ndim !== dims + 1 && input.ndim !== dims + 2) || input.shape[channelDim] !== this.inChannels) {
      throw new ShapeError(
        `${this.layer}: expected input [N, ${this.inChannels}, ${spatial}] (${this.inChannels} channels) or unbatched [${this.inChannels}, ${spatial}], got ${formatShape(input.shape)}`,
      );
    }
  }

  /** The input padded by `paddingMode` (non-zero modes pad before convolving, as PyTorch does). */
  protected padded(input: Tensor): { input: Tensor; padding: ConvPadding } {
    if (this.paddingMode === 'zeros') return { input, padding: this.padding };
    const perDim =
      this.padding === 'valid'
        ? this.kernelSize.map(() => [0, 0])
        : this.padding === 'same'
          ? this.kernelSize.map((k, i) => {
              const total = this.dilation[i]! * (k - 1);
              return [Math.floor(total / 2), total - Math.floor(total / 2)];
            })
          : this.padding.map((p) => [p, p]);
    // F.pad lists the last dim first.
    const amounts = perDim.flatMap((_, i) => perDim[perDim.length - 1 - i]!);
    return { input: pad(input, amounts, { mode: this.paddingMode as PadMode }), padding: 0 };
  }

  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}, kernel_size=${pythonTuple(this.kernelSize)}`];
    parts.push(`stride=${pythonTuple(this.stride)}`);
    if (typeof this.padding === 'string') parts.push(`padding=${this.padding}`);
    else if (this.padding.some((p) => p !== 0)) parts.push(`padding=${pythonTuple(this.padding)}`);
    if (this.dilation.some((d) => d !== 1)) parts.push(`dilation=${pythonTuple(this.dilation)}`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push('bias=False');
    if (this.paddingMode !== 'zeros') parts.push(`padding_mode=${this.paddingMode}`);
    return parts.join(', ');
  }
}

/**
 * 2-D convolution over [N, C, H, W] (or unbatched [C, H, W]):
 * `new Conv2d(inChannels, outChannels, kernelSize, { stride, padding, dilation, groups, bias })`,
 * with PyTorch's parameters, state-dict keys (`weight` [out, in/groups, kH, kW], `bias`) and init.
 */
export class Conv2d<Bias extends boolean = true> extends ConvNd<Bias> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArgument, options: ConvLayerOptions<Bias> = {}) {
    super('Conv2d', inChannels, outChannels, kernelSize, options);
  }

  forward(input: Tensor): Tensor {
    this.checkInput(input);
    const { input: x, padding } = this.padded(input);
    return conv2d(x, this.weight, this.bias, {
      stride: this.stride,
      padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}

/** 1-D convolution over [N, C, L] (or unbatched [C, L]), weight [out, in/groups, k]. */
export class Conv1d<Bias extends boolean = true> extends ConvNd<Bias> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArgument, options: ConvLayerOptions<Bias> = {}) {
    super('Conv1d', inChannels, outChannels, kernelSize, options);
  }

  forward(input: Tensor): Tensor {
    this.checkInput(input);
    const { input: x, padding } = this.padded(input);
    return conv1d(x, this.weight, this.bias, {
      stride: this.stride,
      padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}
