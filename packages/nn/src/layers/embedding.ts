import { noGrad, randn, type DType, type Generator, type Tensor } from '@torchlet/autograd';
import { ValueError } from '@torchlet/tensor';
import { embedding, paddingRow } from '../functional/embedding.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface EmbeddingLayerOptions {
  /** This row is zero at first and gets no gradient (PyTorch's padding_idx; negative counts from the end). */
  paddingIdx?: number | null;
  /** Looked-up rows with a larger norm are scaled down to it first (PyTorch's max_norm). */
  maxNorm?: number | null;
  normType?: number;
  dtype?: DType;
  generator?: Generator;
}

/**
 * A lookup table of `numEmbeddings` vectors of `embeddingDim` (PyTorch's Embedding): weight
 * [V, D] ~ N(0, 1), the padding row zeroed; `forward(indices)` with int32 indices of any shape
 * gives [...indices.shape, D].
 */
export class Embedding extends Module {
  readonly weight: Parameter;
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: EmbeddingLayerOptions & { weight?: Parameter } = {},
  ) {
    super();
    for (const [name, value] of [
      ['numEmbeddings', numEmbeddings],
      ['embeddingDim', embeddingDim],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new ValueError(`Embedding: ${name} must be a positive integer, got ${value}`);
    }
    this.paddingIdx = paddingRow('Embedding', options.paddingIdx, numEmbeddings);
    this.maxNorm = options.maxNorm ?? null;
    this.normType = options.normType ?? 2;
    if (options.weight !== undefined) {
      this.weight = options.weight;
    } else {
      const random = options.generator === undefined ? {} : { generator: options.generator };
      this.weight = new Parameter(
        randn([numEmbeddings, embeddingDim], { dtype: options.dtype ?? 'float32', ...random }),
      );
      const padding = this.paddingIdx;
      if (padding !== null) noGrad(() => this.weight.narrow(0, padding, 1).fill_(0));
    }
  }

  /** An Embedding holding `embeddings` [V, D] as its weight, frozen (no gradient) unless `freeze: false`. */
  static fromPretrained(
    embeddings: Tensor,
    options: Omit<EmbeddingLayerOptions, 'dtype' | 'generator'> & { freeze?: boolean } = {},
  ): Embedding {
    if (embeddings.ndim !== 2)
      throw new ValueError(`Embedding.fromPretrained: embeddings must be 2-D [V, D], got ${embeddings.ndim}-D`);
    const [rows, width] = embeddings.shape as [number, number];
    const weight = new Parameter(embeddings.detach(), !(options.freeze ?? true));
    return new Embedding(rows, width, { ...options, weight });
  }

  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, {
      paddingIdx: this.paddingIdx,
      maxNorm: this.maxNorm,
      normType: this.normType,
    });
  }

  override extraRepr(): string {
    const parts = [`${this.numEmbeddings}, ${this.embeddingDim}`];
    if (this.paddingIdx !== null) parts.push(`padding_idx=${this.paddingIdx}`);
    if (this.maxNorm !== null) parts.push(`max_norm=${this.maxNorm}`);
    if (this.normType !== 2) parts.push(`norm_type=${this.normType}`);
    return parts.join(', ');
  }
}
