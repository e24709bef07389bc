import { ValueError } from '@torchlet/autograd';
import { checkIterable, lengthOf } from './checks.js';
import { hasNextPass, isStateful, type Sampler, type SamplerState, type StatefulSampler } from './sampler.js';

/** What a DataLoader draws batch indices from: PyTorch's `batch_sampler` protocol. */
export interface BatchIndexSampler extends Iterable<readonly number[]> {
  /** Batches per pass. */
  readonly length: number;
}

/**
 * Groups a sampler's indices into batches of `batchSize` (PyTorch's `BatchSampler`); the last
 * batch is short unless `dropLast`. `length` is `floor(n / batchSize)` with `dropLast`, else
 * `ceil(n / batchSize)`.
 */
export class BatchSampler implements BatchIndexSampler, StatefulSampler {
  constructor(
    readonly sampler: Sampler,
    readonly batchSize: number,
    readonly dropLast: boolean,
  ) {
    checkIterable('BatchSampler', sampler, 'the sampler');
    lengthOf('BatchSampler', sampler, 'sampler');
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new ValueError(
        `BatchSampler: batchSize should be a positive integer value, but got batchSize=${batchSize}`,
      );
    }
    if (typeof dropLast !== 'boolean') {
      throw new ValueError(`BatchSampler: dropLast should be a boolean value, but got dropLast=${String(dropLast)}`);
    }
  }

  get length(): number {
    const n = lengthOf('BatchSampler', this.sampler, 'sampler');
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  [Symbol.iterator](): Iterator<number[]> {
    return hasNextPass(this.sampler) ? this.fromPass(this.sampler.nextPass()) : this.fromIterator(this.sampler);
  }

  /** Delegates to the wrapped sampler; `{ generatorState: null }` if it has no random state. */
  stateDict(): SamplerState {
    return isStateful(this.sampler) ? this.sampler.stateDict() : { generatorState: null };
  }

  loadStateDict(state: SamplerState): void {
    if (isStateful(this.sampler)) this.sampler.loadStateDict(state);
    else if (state.generatorState !== null) {
      throw new ValueError(
        'BatchSampler.loadStateDict: got a generatorState, but the wrapped sampler has no random state to restore',
      );
    }
  }

  // The fast path: batches are copied out of one array drawn for the whole pass. Each batch gets a
  // fresh array (never a reused buffer): the graph of a gathered batch keeps its indices.
  private *fromPass(indices: ArrayLike<number>): Generator<number[], void, undefined> {
    const size = this.batchSize;
    const n = indices.length;
    const end = this.dropLast ? n - (n % size) : n;
    for (let start = 0; start < end; start += size) {
      const count = Math.min(size, n - start);
      const batch = new Array<number>(count);
      for (let j = 0; j < count; j++) batch[j] = indices[start + j]!;
      yield batch;
    }
  }

  private *fromIterator(sampler: Iterable<number>): Generator<number[], void, undefined> {
    let batch: number[] = [];
    for (const index of sampler) {
      batch.push(index);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
