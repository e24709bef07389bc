import { cat as catArrays, normalizeDim, stack as stackArrays, type Shape } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, recordMany, tracksAny } from '../record.js';
import type { Tensor } from '../tensor.js';

/** Each input's gradient is its piece of the output's gradient. */
class CatBackward0 extends Node {
  constructor(
    private readonly dim: number,
    private readonly stacked: boolean,
    private readonly inputShapes: readonly Shape[],
  ) {
    super();
  }
  get name(): string {
    return this.stacked ? 'StackBackward0' : 'CatBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    let start = 0;
    return this.inputShapes.map((shape, i) => {
      const length = this.stacked ? 1 : shape[this.dim]!;
      const piece = this.needsGrad(i) ? grad.narrow(this.dim, start, length) : null;
      start += length;
      return piece !== null && this.stacked ? piece.squeeze(this.dim) : piece;
    });
  }
}

const shapesOf = (tensors: readonly Tensor[]): Shape[] => tensors.map((t) => t.shape);

/** Joins tensors along an existing dim. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const out = catArrays(
    tensors.map((t) => t.array),
    dim,
  );
  if (!tracksAny(tensors)) return plain(out);
  return recordMany(new CatBackward0(normalizeDim('cat', dim, out.ndim), false, shapesOf(tensors)), out, tensors);
}

/** Joins same-shaped tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const out = stackArrays(
    tensors.map((t) => t.array),
    dim,
  );
  if (!tracksAny(tensors)) return plain(out);
  return recordMany(new CatBackward0(normalizeDim('stack', dim, out.ndim), true, shapesOf(tensors)), out, tensors);
}
