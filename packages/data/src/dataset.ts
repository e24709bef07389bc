import { IndexError } from '@torchlet/autograd';
import type { Collated } from './collate.js';

/**
 * A map-style dataset: a length and an item per index (PyTorch's `__len__`/`__getitem__`).
 * Any object with these two members works; nothing needs to extend a base class.
 */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
}

/**
 * A dataset that can build a whole batch at once: the DataLoader's fast path.
 *
 * `getBatch(indices)` must return what the default collate would make of
 * `indices.map((i) => dataset.get(i))`, but computed in one go — `TensorDataset` answers with one
 * `indexSelect(0, indices)` per tensor instead of selecting rows and stacking them. The loader
 * calls it whenever no custom `collate` is given; with a custom `collate` it falls back to `get`.
 */
export interface BatchDataset<T> extends Dataset<T> {
  getBatch(indices: readonly number[]): Collated<T>;
}

/** True when `dataset` implements the batch fast path. */
export function hasGetBatch<T>(dataset: Dataset<T>): dataset is BatchDataset<T> {
  return typeof (dataset as Partial<BatchDataset<T>>).getBatch === 'function';
}

/** Checks `index` against `length` and maps a negative index from the end, as Python indexing does. */
export function normalizeIndex(op: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new IndexError(`${op}: index ${index} is out of range for a dataset of length ${length}`);
  }
  return index < 0 ? index + length : index;
}
