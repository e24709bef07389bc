import type { Tensor } from '@torchlet/autograd';
import { expandSize, type SizeArgument } from '../functional/arguments.js';
import {
  adaptiveAvgPool2d,
  avgPool1d,
  avgPool2d,
  maxPool1d,
  maxPool2d,
  type AdaptiveSize,
  type AvgPoolOptions,
  type MaxPoolOptions,
} from '../functional/pooling.js';
import { Module } from '../module.js';
import { pythonBool, pythonTuple } from './python-repr.js';

export interface MaxPoolLayerOptions<ReturnIndices extends boolean = false> extends MaxPoolOptions {
  /** Also return where each maximum was (for MaxUnpool): forward then gives [output, indices]. */
  returnIndices?: ReturnIndices;
}

/** PyTorch prints a size given as one number as that number, and a tuple as a tuple. */
function sizeRepr(value: SizeArgument | null | undefined, fallback: SizeArgument): string {
  const v = value ?? fallback;
  return typeof v === 'number' ? String(v) : pythonTuple(v);
}

type MaxPoolResult<ReturnIndices extends boolean> = ReturnIndices extends true ? [Tensor, Tensor] : Tensor;

abstract class MaxPoolNd<ReturnIndices extends boolean> extends Module {
  readonly stride: SizeArgument;
  readonly padding: SizeArgument;
  readonly dilation: SizeArgument;
  readonly ceilMode: boolean;
  readonly returnIndices: ReturnIndices;

  constructor(
    dims: 1 | 2,
    readonly kernelSize: SizeArgument,
    options: MaxPoolLayerOptions<ReturnIndices>,
  ) {
    super();
    const op = dims === 1 ? 'MaxPool1d' : 'MaxPool2d';
    expandSize(op, 'kernelSize', kernelSize, dims, 1); // checked now, not at the first forward
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.ceilMode = options.ceilMode ?? false;
    this.returnIndices = (options.returnIndices ?? false) as ReturnIndices;
  }

  protected options(): MaxPoolOptions & { returnIndices: true } {
    return {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
      returnIndices: true,
    };
  }

  override extraRepr(): string {
    return (
      `kernel_size=${sizeRepr(this.kernelSize, 1)}, stride=${sizeRepr(this.stride, 1)}, padding=${sizeRepr(this.padding, 0)}, ` +
      `dilation=${sizeRepr(this.dilation, 1)}, ceil_mode=${pythonBool(this.ceilMode)}`
    );
  }
}

/** Max pooling over 2-D windows of [N, C, H, W] or [C, H, W] (stride defaults to the kernel size). */
export class MaxPool2d<ReturnIndices extends boolean = false> extends MaxPoolNd<ReturnIndices> {
  constructor(kernelSize: SizeArgument, options: MaxPoolLayerOptions<ReturnIndices> = {}) {
    super(2, kernelSize, options);
  }
  forward(input: Tensor): MaxPoolResult<ReturnIndices> {
    const [values, indices] = maxPool2d(input, this.kernelSize, this.options());
    return (this.returnIndices ? [values, indices] : values) as MaxPoolResult<ReturnIndices>;
  }
}

/** Max pooling over the last dim of [N, C, L] or [C, L]. */
export class MaxPool1d<ReturnIndices extends boolean = false> extends MaxPoolNd<ReturnIndices> {
  constructor(kernelSize: SizeArgument, options: MaxPoolLayerOptions<ReturnIndices> = {}) {
    super(1, kernelSize, options);
  }
  forward(input: Tensor): MaxPoolResult<ReturnIndices> {
    const [values, indices] = maxPool1d(input, this.kernelSize, this.options());
    return (this.returnIndices ? [values, indices] : values) as MaxPoolResult<ReturnIndices>;
  }
}

abstract class AvgPoolNd extends Module {
  readonly stride: SizeArgument;
  readonly padding: SizeArgument;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;

  constructor(
    dims: 1 | 2,
    readonly kernelSize: SizeArgument,
    options: AvgPoolOptions,
  ) {
    super();
    expandSize(dims === 1 ? 'AvgPool1d' : 'AvgPool2d', 'kernelSize', kernelSize, dims, 1);
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
  }

  override extraRepr(): string {
    return `kernel_size=${sizeRepr(this.kernelSize, 1)}, stride=${sizeRepr(this.stride, 1)}, padding=${sizeRepr(this.padding, 0)}`;
  }
}

/** Average pooling over 2-D windows (countIncludePad defaults to true, as in PyTorch). */
export class AvgPool2d extends AvgPoolNd {
  readonly divisorOverride: number | null;
  constructor(kernelSize: SizeArgument, options: AvgPoolOptions = {}) {
    super(2, kernelSize, options);
    this.divisorOverride = options.divisorOverride ?? null;
  }
  forward(input: Tensor): Tensor {
    return avgPool2d(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
    });
  }
}

/** Average pooling over the last dim of [N, C, L] or [C, L]. */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: SizeArgument, options: Omit<AvgPoolOptions, 'divisorOverride'> = {}) {
    super(1, kernelSize, options);
  }
  override extraRepr(): string {
    // PyTorch's AvgPool1d keeps its sizes as 1-tuples (MaxPool1d does not).
    const tuple = (v: SizeArgument) => pythonTuple(typeof v === 'number' ? [v] : v);
    return `kernel_size=${tuple(this.kernelSize)}, stride=${tuple(this.stride)}, padding=${tuple(this.padding)}`;
  }
  forward(input: Tensor): Tensor {
    return avgPool1d(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
    });
  }
}

/** Averages each of outputSize evenly spread windows (`new AdaptiveAvgPool2d(1)`: global average pooling). */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: AdaptiveSize) {
    super();
  }
  forward(input: Tensor): Tensor {
    return adaptiveAvgPool2d(input, this.outputSize);
  }
  override extraRepr(): string {
    const size = this.outputSize;
    return `output_size=${typeof size === 'number' ? size : `(${size.map((v) => (v === null ? 'None' : v)).join(', ')})`}`;
  }
}
