import { IndexError } from '@torchlet/autograd';
import { describe, lengthOf } from './checks.js';
import { defaultCollate, type Collated } from './collate.js';
import { hasGetBatch, normalizeIndex, type BatchDataset, type Dataset } from './dataset.js';

/**
 * The items of `dataset` at `indices`, in that order (PyTorch's `Subset`). Batches are forwarded
 * to the wrapped dataset's `getBatch` with the indices mapped, so a subset of a `TensorDataset`
 * keeps the one-gather-per-tensor fast path.
 */
export class Subset<T> implements BatchDataset<T> {
  constructor(
    readonly dataset: Dataset<T>,
    readonly indices: readonly number[],
  ) {
    lengthOf('Subset', dataset, 'dataset');
    if (!Array.isArray(indices)) throw new TypeError(`Subset: indices must be an array, got ${describe(indices)}`);
    const bad = indices.findIndex((i: unknown) => typeof i !== 'number' || !Number.isSafeInteger(i));
    if (bad !== -1) {
      throw new IndexError(`Subset: indices[${bad}] is ${describe(indices[bad])}; indices must be integers`);
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number): T {
    return this.dataset.get(this.indices[normalizeIndex('Subset.get', index, this.indices.length)]!);
  }

  getBatch(indices: readonly number[]): Collated<T> {
    const count = this.indices.length;
    const mapped = new Array<number>(indices.length);
    for (let j = 0; j < indices.length; j++) {
      mapped[j] = this.indices[normalizeIndex('Subset.getBatch', indices[j]!, count)]!;
    }
    const dataset = this.dataset;
    if (hasGetBatch(dataset)) return dataset.getBatch(mapped);
    return defaultCollate(mapped.map((i) => dataset.get(i)));
  }
}
