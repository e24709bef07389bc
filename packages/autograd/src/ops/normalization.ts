import {
  batchNorm as batchNormArrays,
  batchNormBackward,
  groupNorm as groupNormArrays,
  groupNormBackward,
  layerNorm as layerNormArrays,
  layerNormBackward,
  type BatchNormOptions,
  type Normalized,
  type NormalizationGradients,
} from '@torchlet/tensor';
import { defineKernelOp } from '../define-op.js';
import { plain, tracksAny } from '../record.js';
import { Tensor } from '../tensor.js';
import { checkFirstOrder } from './kernel-rule.js';

type Stats = Pick<Normalized, 'mean' | 'invStd'>;
type Needs = { readonly input: boolean; readonly weight: boolean; readonly bias: boolean };
type Rule = (grad: Tensor, input: Tensor, weight: Tensor | null, stats: Stats, needs: Needs) => NormalizationGradients;

/** What a normalisation's node keeps besides tensors (and a trace reads: its kind and settings). */
export interface NormalizationParams {
  readonly stats: Stats;
  readonly hasWeight: boolean;
  readonly hasBias: boolean;
  readonly rule: Rule;
  readonly settings: NormalizationSettings;
}

/** The arguments a normalisation was called with, besides input, weight and bias. */
export type NormalizationSettings =
  | {
      readonly kind: 'batchNorm';
      readonly runningMean: Tensor | null;
      readonly runningVar: Tensor | null;
      readonly options: BatchNormOptions;
    }
  | { readonly kind: 'layerNorm'; readonly normalizedShape: readonly number[]; readonly eps: number }
  | { readonly kind: 'groupNorm'; readonly groups: number; readonly eps: number };

const NODE_NAMES = {
  batchNorm: 'NativeBatchNormBackward0',
  layerNorm: 'NativeLayerNormBackward0',
  groupNorm: 'NativeGroupNormBackward0',
} as const;

const wrap = (g: NormalizationGradients['input']): Tensor | null => (g === null ? null : new Tensor(g));

/** One node for the three normalisations: inputs (input, weight?, bias?), the statistics, and the kernel's rule. */
const NormalizationBackward = defineKernelOp(
  (p: NormalizationParams) => p.settings.kind,
  (p: NormalizationParams) => NODE_NAMES[p.settings.kind],
  (grad, saved, { stats, hasWeight, hasBias, rule }: NormalizationParams, node) => {
    checkFirstOrder(node.name);
    const input = saved[0]!;
    const weight = hasWeight ? saved[1]! : null;
    const grads = rule(grad, input, weight, stats, {
      input: node.needsGrad(0),
      weight: hasWeight && node.needsGrad(1),
      bias: hasBias && node.needsGrad(hasWeight ? 2 : 1),
    });
    const out = [wrap(grads.input)];
    if (hasWeight) out.push(wrap(grads.weight));
    if (hasBias) out.push(wrap(grads.bias));
    return out;
  },
);

function recordNormalization(
  settings: NormalizationSettings,
  result: Normalized,
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  rule: Rule,
): Tensor {
  const inputs = [input, ...(weight === null ? [] : [weight]), ...(bias === null ? [] : [bias])];
  if (!tracksAny(inputs)) return plain(result.output);
  return NormalizationBackward.record(result.output, inputs, weight === null ? [input] : [input, weight], {
    stats: result,
    hasWeight: weight !== null,
    hasBias: bias !== null,
    rule,
    settings,
  });
}

/**
 * Batch normalisation over [N, C, *] (PyTorch's `batch_norm`). Training: the batch's statistics,
 * and the running ones (buffers, if given) updated in place; eval: the running statistics.
 */
export function batchNorm(
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormOptions,
): Tensor {
  const result = batchNormArrays(
    input.array,
    weight?.array ?? null,
    bias?.array ?? null,
    runningMean?.array ?? null,
    runningVar?.array ?? null,
    options,
  );
  const training = options.training;
  const settings = { kind: 'batchNorm', runningMean, runningVar, options } as const;
  return recordNormalization(settings, result, input, weight, bias, (grad, x, w, stats, needs) =>
    batchNormBackward(grad.array, x.array, w?.array ?? null, stats, training, needs),
  );
}

/** Layer normalisation over the trailing `normalizedShape` dims (PyTorch's `layer_norm`). */
export function layerNorm(
  input: Tensor,
  normalizedShape: readonly number[],
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
): Tensor {
  const result = layerNormArrays(input.array, normalizedShape, weight?.array ?? null, bias?.array ?? null, eps);
  const settings = { kind: 'layerNorm', normalizedShape, eps } as const;
  return recordNormalization(settings, result, input, weight, bias, (grad, x, w, stats, needs) =>
    layerNormBackward(grad.array, x.array, normalizedShape, w?.array ?? null, stats, needs),
  );
}

/** Group normalisation of [N, C, *] in `groups` groups of channels (PyTorch's `group_norm`). */
export function groupNorm(
  input: Tensor,
  groups: number,
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
): Tensor {
  const result = groupNormArrays(input.array, groups, weight?.array ?? null, bias?.array ?? null, eps);
  const settings = { kind: 'groupNorm', groups, eps } as const;
  return recordNormalization(settings, result, input, weight, bias, (grad, x, w, stats, needs) =>
    groupNormBackward(grad.array, x.array, groups, w?.array ?? null, stats, needs),
  );
}
