import { DTypeError, IndexError, NDArray } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { checkFirstOrder } from './kernel-rule.js';

/** The indices as int32 values, checked against the table's size; negative ones are an error, as in PyTorch. */
function indexValues(indices: Tensor, rows: number): Int32Array {
  if (indices.dtype !== 'int32') {
    throw new DTypeError(
      `embedding: indices must be an int32 tensor (tensor([...], { dtype: 'int32' })), got ${indices.dtype}`,
    );
  }
  const values = indices.array.toTypedArray() as Int32Array;
  for (const k of values) {
    if (k < 0 || k >= rows) throw new IndexError(`embedding: index ${k} is out of range for a table of ${rows} rows`);
  }
  return values;
}

export interface Lookup {
  /** The indices as given (a trace reads them as the op's index operand). */
  readonly indices: Tensor;
  readonly values: Int32Array;
  readonly paddingIdx: number | null;
}

const EmbeddingBackward0 = defineOp('embedding', 'EmbeddingBackward0', {
  weight: (grad, _saved, { values, paddingIdx }: Lookup, node) => {
    checkFirstOrder(node.name);
    // Each looked-up row's gradient added into that row (repeats accumulate); the padding row gets none.
    const [rows, width] = node.next[0]!.shape as [number, number];
    const table = NDArray.zeros([rows, width], grad.dtype);
    const g = grad.array.contiguous();
    const gd = g.storage.data;
    const td = table.storage.data;
    for (let n = 0; n < values.length; n++) {
      const k = values[n]!;
      if (k === paddingIdx) continue;
      const from = g.offset + n * width;
      const to = k * width;
      for (let j = 0; j < width; j++) td[to + j]! += gd[from + j]!;
    }
    return plain(table);
  },
});

/**
 * Rows of `weight` [V, D] looked up by the int32 `indices` (any shape): [...indices.shape, D].
 * The row `paddingIdx` (if given) gets no gradient, as PyTorch's `F.embedding`.
 */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx: number | null): Tensor {
  const [rows, width] = weight.shape as [number, number];
  const values = indexValues(indices, rows);
  const out = weight.array.indexSelect(0, values).reshape([...indices.shape, width]);
  return tracks(weight) ? EmbeddingBackward0.record1(out, weight, { indices, values, paddingIdx }) : plain(out);
}
