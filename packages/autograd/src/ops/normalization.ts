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
import { Node } from '../node.js';
import { plain, record1, recordMany, tracksAny } from '../record.js';
import { Tensor } from '../tensor.js';
import { checkFirstOrder } from './kernel-rule.js';

type Stats = Pick<Normalized, 'mean' | 'invStd'>;
type Needs = { readonly input: boolean; readonly weight: boolean; readonly bias: boolean };
type Rule = (grad: Tensor, input: Tensor, weight: Tensor | null, stats: Stats, needs: Needs) => NormalizationGradients;

/** One node for the three normalisations: inputs (input, weight?, bias?), the statistics, and the kernel's rule. */
class NormalizationBackward extends Node {
  constructor(
    private readonly nodeName: string,
    private readonly stats: Stats,
    private readonly hasWeight: boolean,
    private readonly hasBias: boolean,
    private readonly rule: Rule,
  ) {
    super();
  }
  get name(): string {
    return this.nodeName;
  }
  backward(grad: Tensor): (Tensor | null)[] {
    checkFirstOrder(this.name);
    const saved = this.saved();
    const input = saved[0]!;
    const weight = this.hasWeight ? saved[1]! : null;
    const grads = this.rule(grad, input, weight, this.stats, {
      input: this.needsGrad(0),
      weight: this.hasWeight && this.needsGrad(1),
      bias: this.hasBias && this.needsGrad(this.hasWeight ? 2 : 1),
    });
    const wrap = (g: NormalizationGradients['input']) => (g === null ? null : new Tensor(g));
    const out = [wrap(grads.input)];
    if (this.hasWeight) out.push(wrap(grads.weight));
    if (this.hasBias) out.push(wrap(grads.bias));
    return out;
  }
}

function recordNormalization(
  nodeName: string,
  result: Normalized,
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  rule: Rule,
): Tensor {
  const inputs = [input, ...(weight === null ? [] : [weight]), ...(bias === null ? [] : [bias])];
  if (!tracksAny(inputs)) return plain(result.output);
  const node = new NormalizationBackward(nodeName, result, weight !== null, bias !== null, rule);
  node.saveForBackward(...(weight === null ? [input] : [input, weight]));
  return inputs.length === 1 ? record1(node, result.output, input) : recordMany(node, result.output, inputs);
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
  return recordNormalization('NativeBatchNormBackward0', result, input, weight, bias, (grad, x, w, stats, needs) =>
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
  return recordNormalization('NativeLayerNormBackward0', result, input, weight, bias, (grad, x, w, stats, needs) =>
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
  return recordNormalization('NativeGroupNormBackward0', result, input, weight, bias, (grad, x, w, stats, needs) =>
    groupNormBackward(grad.array, x.array, groups, w?.array ?? null, stats, needs),
  );
}
