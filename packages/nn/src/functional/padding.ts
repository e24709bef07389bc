import { pad as padOp, type PadMode, type Tensor } from '@torchlet/autograd';

/** PyTorch's `F.pad`: amounts from the last dim backwards ([left, right, top, bottom, ...]). */
export function pad(
  input: Tensor,
  amounts: readonly number[],
  options: { mode?: PadMode; value?: number } = {},
): Tensor {
  return padOp(input, amounts, options.mode ?? 'constant', options.value ?? 0);
}
