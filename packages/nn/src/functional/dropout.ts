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

const warnedDropout2d = { threeD: false };

/**
 * While training, zeroes whole channels (every value of [n, c]) with probability `p` and scales
 * the rest by 1/(1 − p) (PyTorch's `F.dropout2d`). A 3-D input is read as [N, C, L], as PyTorch
 * 1.13 does (with its warning).
 */
export function dropout2d(input: Tensor, p = 0.5, options: DropoutOptions = {}): Tensor {
  checkDropoutProbability(p);
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ValueError(`dropout2d: expected a 3-D or 4-D input, got ${input.ndim}-D`);
  }
  if (input.ndim === 3 && !warnedDropout2d.threeD) {
    warnedDropout2d.threeD = true;
    (globalThis as { console?: { warn(text: string): void } }).console?.warn(
      'dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim.',
    );
  }
  if (options.training === false || p === 0) return input;
  if (p === 1) return input.mul(0);
  const random = options.generator === undefined ? {} : { generator: options.generator };
  const maskShape = [input.shape[0]!, input.shape[1]!, ...input.shape.slice(2).map(() => 1)];
  const keep = rand(maskShape, { dtype: input.dtype, ...random }).ge(p);
  return input.mul(keep.to(input.dtype).mul(1 / (1 - p)));
}
