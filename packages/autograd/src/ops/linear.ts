import { ShapeError, formatShape } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record2, recordMany, tracksAny } from '../record.js';
import type { Tensor } from '../tensor.js';

/**
 * y = x · Wᵀ (+ b), one node like PyTorch's addmm: the weight's gradient is computed as gᵀ · x,
 * already in W's [out, in] layout, instead of going through a transposed view of W whose
 * gradient would need a strided copy every step.
 */
class LinearBackward extends Node {
  constructor(private readonly hasBias: boolean) {
    super();
  }
  get name(): string {
    return this.hasBias ? 'AddmmBackward0' : 'MmBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [input, weight] = this.saved() as [Tensor, Tensor];
    const [outFeatures, inFeatures] = weight.shape as [number, number];
    const gradInput = this.needsGrad(0) ? grad.matmul(weight) : null;
    const gradWeight = this.needsGrad(1)
      ? grad
          .reshape([-1, outFeatures])
          .t()
          .matmul(input.reshape([-1, inFeatures]))
      : null;
    // The bias's gradient is `grad` summed over the leading dims, which the engine does.
    return this.hasBias ? [gradInput, gradWeight, this.needsGrad(2) ? grad : null] : [gradInput, gradWeight];
  }
}

/** PyTorch's `F.linear`: `input` [..., in], `weight` [out, in], `bias` [out] or null. */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.ndim !== 2)
    throw new ShapeError(`linear: weight must be 2-D [out, in], got shape ${formatShape(weight.shape)}`);
  const out = input.array.matmul(weight.array.t());
  if (bias !== null) out.add_(bias.array);
  const inputs = bias === null ? [input, weight] : [input, weight, bias];
  if (!tracksAny(inputs)) return plain(out);
  const node = new LinearBackward(bias !== null);
  node.saveForBackward(input, weight);
  return bias === null ? record2(node, out, input, weight) : recordMany(node, out, inputs);
}
