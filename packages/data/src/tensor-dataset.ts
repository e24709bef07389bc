import { ShapeError, Tensor, ValueError } from '@torchlet/autograd';
import { describe } from './checks.js';
import type { Collated } from './collate.js';
import { normalizeIndex, type BatchDataset } from './dataset.js';

/**
 * Tensors indexed together along their first dimension (PyTorch's `TensorDataset`):
 * `new TensorDataset(features, labels)` has items `[features[i], labels[i]]`.
 *
 * Items are views (`select(0, i)`); batches take the fast path, one `indexSelect(0, indices)` per
 * tensor, so a batch of 10 rows costs two gathers rather than 20 selects and two stacks.
 */
export class TensorDataset<T extends readonly Tensor[]> implements BatchDataset<T> {
  readonly tensors: T;
  readonly length: number;

  constructor(...tensors: T) {
    if (tensors.length === 0) throw new ValueError('TensorDataset: expected at least one tensor, got none');
    tensors.forEach((t: unknown, i) => {
      if (!(t instanceof Tensor))
        throw new TypeError(`TensorDataset: argument ${i} must be a Tensor, got ${describe(t)}`);
    });
    tensors.forEach((t, i) => {
      if (t.ndim === 0) {
        throw new ShapeError(`TensorDataset: tensor ${i} is 0-dimensional; every tensor needs a dimension 0 to index`);
      }
    });
    const sizes = tensors.map((t) => t.shape[0]!);
    const length = sizes[0]!;
    if (sizes.some((size) => size !== length)) {
      throw new ShapeError(`TensorDataset: Size mismatch between tensors: sizes along dim 0 are [${sizes.join(', ')}]`);
    }
    this.tensors = tensors;
    this.length = length;
  }

  get(index: number): T {
    const i = normalizeIndex('TensorDataset.get', index, this.length);
    return this.tensors.map((t) => t.select(0, i)) as unknown as T;
  }

  getBatch(indices: readonly number[]): Collated<T> {
    return this.tensors.map((t) => t.indexSelect(0, indices)) as unknown as Collated<T>;
  }
}
