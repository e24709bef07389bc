import { DTypeError, ShapeError, formatShape } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracksAny } from '../record.js';
import type { Tensor } from '../tensor.js';

/**
 * y = x · Wᵀ (+ b), one node like PyTorch's addmm: the weight's gradient is computed as gᵀ · x,
 * already in W's [out, in] layout, instead of going through a transposed view of W whose
 * gradient would need a strided copy every step. The bias's gradient is `grad` summed over the
 * leading dims, which the engine does. Leading dims are flattened by their size (never -1,
 * which is ambiguous for an input with no elements).
 */
const LinearBackward = defineOp('linear', (hasBias: boolean) => (hasBias ? 'AddmmBackward0' : 'MmBackward0'), {
  input: { saves: ['weight'], grad: (g, { weight }) => g.matmul(weight) },
  weight: {
    saves: ['input'],
    grad: (g, { input }) => {
      const inFeatures = input.shape[input.ndim - 1]!;
      const outFeatures = g.shape[g.ndim - 1]!;
      const rows = input.shape.slice(0, -1).reduce((p, d) => p * d, 1);
      return g
        .reshape([rows, outFeatures])
        .t()
        .matmul(input.reshape([rows, inFeatures]));
    },
  },
  bias: (g) => g,
});

/** PyTorch's `F.linear`: `input` [..., in], `weight` [out, in], `bias` [out] or null. */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.ndim !== 2)
    throw new ShapeError(`linear: weight must be 2-D [out, in], got shape ${formatShape(weight.shape)}`);
  // PyTorch runs a 2-D input (or a contiguous 3-D one) with a bias as addmm, which needs one
  // dtype for all three; other inputs as a matmul plus an in-place add of the bias (which may
  // then be of another dtype).
  const addmm = input.ndim === 2 || (input.ndim === 3 && input.array.isContiguous);
  if (bias !== null && addmm && (bias.dtype !== input.dtype || bias.dtype !== weight.dtype)) {
    throw new DTypeError(
      `linear: input, weight and bias must have one dtype, got ${input.dtype}, ${weight.dtype} and ${bias.dtype}`,
    );
  }
  const out = input.array.matmul(weight.array.t());
  if (bias !== null) out.add_(bias.array);
  const inputs = bias === null ? [input, weight] : [input, weight, bias];
  return tracksAny(inputs) ? LinearBackward.record(out, inputs, bias !== null) : plain(out);
}
