import { nativeEmbedding, noGrad, type Tensor } from '@torchlet/autograd';
import { IndexError, ShapeError, ValueError } from '@torchlet/tensor';

export interface EmbeddingOptions {
  /** This row gets no gradient (it stays what it is, usually zeros): PyTorch's padding_idx. */
  paddingIdx?: number | null;
  /** Rows looked up with a larger norm are scaled down to it in place first (PyTorch's max_norm). */
  maxNorm?: number | null;
  /** The p of the p-norm for maxNorm (default 2). */
  normType?: number;
}

/** `paddingIdx` as a row index (negative counts from the end), checked against the table. */
export function paddingRow(op: string, paddingIdx: number | null | undefined, rows: number): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -rows || paddingIdx >= rows) {
    throw new IndexError(`${op}: paddingIdx must be within numEmbeddings (${rows}), got ${paddingIdx}`);
  }
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}

/**
 * PyTorch's `embedding_renorm_`: each distinct row of `weight` that `indices` looks up and whose
 * normType-norm exceeds maxNorm is scaled to maxNorm / (norm + 1e-7), in place and unrecorded.
 */
function renormalize(weight: Tensor, indices: Tensor, maxNorm: number, normType: number): void {
  const [, width] = weight.shape as [number, number];
  const rows = new Set(indices.toTypedArray());
  noGrad(() => {
    const data = weight.array.contiguous();
    if (data !== weight.array) throw new ShapeError('embedding: maxNorm needs a contiguous weight');
    const values = data.storage.data;
    for (const row of rows) {
      let norm = 0;
      for (let j = 0; j < width; j++) norm += Math.abs(values[data.offset + row * width + j]!) ** normType;
      norm **= 1 / normType;
      if (norm > maxNorm) {
        const scale = maxNorm / (norm + 1e-7);
        for (let j = 0; j < width; j++) values[data.offset + row * width + j]! *= scale;
      }
    }
    data.storage.version++;
  });
}

/** Rows of `weight` [V, D] looked up by int32 `indices` of any shape: [...indices.shape, D] (PyTorch's `F.embedding`). */
export function embedding(indices: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  if (weight.ndim !== 2)
    throw new ShapeError(`embedding: weight must be 2-D [numEmbeddings, embeddingDim], got ${weight.ndim}-D`);
  const padding = paddingRow('embedding', options.paddingIdx, weight.shape[0]!);
  if (options.maxNorm !== null && options.maxNorm !== undefined) {
    if (!(options.maxNorm > 0)) throw new ValueError(`embedding: maxNorm must be positive, got ${options.maxNorm}`);
    renormalize(weight, indices, options.maxNorm, options.normType ?? 2);
  }
  return nativeEmbedding(indices, weight, padding);
}
