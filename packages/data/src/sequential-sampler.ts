import { lengthOf } from './checks.js';
import type { PassSampler, Sized } from './sampler.js';

/** Yields `0, 1, ..., length - 1`, reading the dataset's length at each pass (PyTorch's `SequentialSampler`). */
export class SequentialSampler implements PassSampler {
  constructor(readonly dataSource: Sized) {
    lengthOf('SequentialSampler', dataSource, 'dataset');
  }

  get length(): number {
    return lengthOf('SequentialSampler', this.dataSource, 'dataset');
  }

  nextPass(): Int32Array {
    const indices = new Int32Array(this.length);
    for (let i = 0; i < indices.length; i++) indices[i] = i;
    return indices;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield i;
  }
}
