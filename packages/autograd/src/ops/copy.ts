import type { DType } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class CopyBackward extends Node {
  constructor(private readonly kind: string) {
    super();
  }
  get name(): string {
    return this.kind;
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad]; // the engine casts it back to the input's dtype
  }
}

/** A copy with its own storage. */
export function clone(a: Tensor): Tensor {
  const out = a.array.clone();
  return tracks(a) ? record1(new CopyBackward('CloneBackward0'), out, a) : plain(out);
}

/** The tensor itself when already contiguous, otherwise a contiguous copy. */
export function contiguous(a: Tensor): Tensor {
  if (a.array.isContiguous) return a;
  return clone(a);
}

/** Converted to `dtype` (the tensor itself when it already has it). */
export function to(a: Tensor, dtype: DType): Tensor {
  if (a.dtype === dtype) return a;
  const out = a.array.to(dtype);
  return tracks(a) ? record1(new CopyBackward('ToCopyBackward0'), out, a) : plain(out);
}
