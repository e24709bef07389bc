import { nativeBatchNorm, nativeGroupNorm, nativeLayerNorm, type Tensor } from '@torchlet/autograd';

export interface BatchNormFunctionalOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Use the batch's statistics (and update the running ones); default false, as PyTorch's. */
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/** PyTorch's `F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)`. */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormFunctionalOptions = {},
): Tensor {
  return nativeBatchNorm(input, options.weight ?? null, options.bias ?? null, runningMean, runningVar, {
    training: options.training ?? false,
    momentum: options.momentum ?? 0.1,
    eps: options.eps ?? 1e-5,
  });
}

export interface NormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/** PyTorch's `F.layer_norm`: normalise over the trailing `normalizedShape` dims. */
export function layerNorm(
  input: Tensor,
  normalizedShape: number | readonly number[],
  options: NormOptions = {},
): Tensor {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  return nativeLayerNorm(input, shape, options.weight ?? null, options.bias ?? null, options.eps ?? 1e-5);
}

/** PyTorch's `F.group_norm`: normalise [N, C, *] in `numGroups` groups of channels. */
export function groupNorm(input: Tensor, numGroups: number, options: NormOptions = {}): Tensor {
  return nativeGroupNorm(input, numGroups, options.weight ?? null, options.bias ?? null, options.eps ?? 1e-5);
}
