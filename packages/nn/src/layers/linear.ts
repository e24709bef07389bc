import { empty, type DType, type Generator, type Tensor } from '@torchlet/autograd';
import { linear } from '../functional/linear.js';
import { fanInAndFanOut } from '../init/fan.js';
import { kaimingUniform_, uniform_ } from '../init/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface LinearOptions<Bias extends boolean = boolean> {
  /** Whether the layer has a bias (default true); the type of `bias` follows it. */
  bias?: Bias;
  dtype?: DType;
  /** Draws the initial weights from this generator instead of the default one. */
  generator?: Generator;
}

/**
 * y = x · Wᵀ + b, with W of shape [outFeatures, inFeatures] as in PyTorch, and PyTorch's default
 * initialisation: W ~ kaiming-uniform with a = √5 (i.e. U(±1/√inFeatures)), b ~ U(±1/√inFeatures).
 */
export class Linear<Bias extends boolean = true> extends Module {
  readonly weight: Parameter;
  /** A Parameter, or null for `{ bias: false }` (typed accordingly, so `model[0].bias.data` type-checks). */
  readonly bias: Bias extends false ? null : Parameter;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions<Bias> = {},
  ) {
    super();
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(empty([outFeatures, inFeatures], { dtype }));
    this.bias = (options.bias === false ? null : new Parameter(empty([outFeatures], { dtype }))) as Bias extends false
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

  forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias === null ? 'False' : 'True'}`;
  }
}
