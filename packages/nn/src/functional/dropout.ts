import { rand, type Generator, type Tensor } from '@torchlet/autograd';
import { ValueError } from '@torchlet/tensor';

export interface DropoutOptions {
  training?: boolean;
  generator?: Generator;
}

/** PyTorch's check, shared by `dropout` and the `Dropout` module. */
export function checkDropoutProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
}

/**
 * While training, zeroes each element with probability `p` and scales the survivors by
 * 1/(1 - p), so the expected value is unchanged; otherwise returns the input.
 */
export function dropout(input: Tensor, p = 0.5, options: DropoutOptions = {}): Tensor {
  checkDropoutProbability(p);
  if (options.training === false || p === 0) return input;
  if (p === 1) return input.mul(0);
  const random = options.generator === undefined ? {} : { generator: options.generator };
  const keep = rand(input.shape, { dtype: input.dtype, ...random }).ge(p);
  return input.mul(keep.to(input.dtype).mul(1 / (1 - p)));
}
