import { col2im, im2col, type SlidingWindowParams, type Tensor } from '@torchlet/autograd';
import { expandSize, pair, type SizeArgument } from './arguments.js';

export interface FoldOptions {
  dilation?: SizeArgument;
  padding?: SizeArgument;
  stride?: SizeArgument;
}

function windowParams(op: string, kernelSize: SizeArgument, options: FoldOptions): SlidingWindowParams {
  return {
    kernelSize: pair(expandSize(op, 'kernelSize', kernelSize, 2, 1)),
    dilation: pair(expandSize(op, 'dilation', options.dilation ?? 1, 2, 1)),
    padding: pair(expandSize(op, 'padding', options.padding ?? 0, 2, 0)),
    stride: pair(expandSize(op, 'stride', options.stride ?? 1, 2, 1)),
  };
}

/** PyTorch's `F.unfold` (im2col): [N, C, H, W] → [N, C·kH·kW, L], one column per window position. */
export function unfold(input: Tensor, kernelSize: SizeArgument, options: FoldOptions = {}): Tensor {
  return im2col(input, windowParams('unfold', kernelSize, options));
}

/** PyTorch's `F.fold` (col2im): [N, C·kH·kW, L] → [N, C, outputSize], overlapping windows summed. */
export function fold(
  input: Tensor,
  outputSize: SizeArgument,
  kernelSize: SizeArgument,
  options: FoldOptions = {},
): Tensor {
  return col2im(
    input,
    pair(expandSize('fold', 'outputSize', outputSize, 2, 1)),
    windowParams('fold', kernelSize, options),
  );
}
