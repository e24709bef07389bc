import { ValueError, type Generator } from '@torchlet/autograd';
import { BatchSampler, type BatchIndexSampler } from './batch-sampler.js';
import { checkBoolean, checkGenerator, checkIterable, describe, lengthOf } from './checks.js';
import { defaultCollate, type Collated } from './collate.js';
import { hasGetBatch, type Dataset } from './dataset.js';
import { RandomSampler } from './random-sampler.js';
import { isStateful, type Sampler, type SamplerState } from './sampler.js';
import { SequentialSampler } from './sequential-sampler.js';

export interface DataLoaderOptions<T, B> {
  /** Samples per batch; default 1. */
  batchSize?: number;
  /** Reshuffle at every epoch (a `RandomSampler`); default false. Excludes `sampler`. */
  shuffle?: boolean;
  /** Drop the last batch when it would be short; default false. */
  dropLast?: boolean;
  /**
   * The shuffling generator, used and advanced by every epoch. Without one a shuffling loader
   * takes a private generator seeded from the default generator at construction.
   */
  generator?: Generator;
  /** Where indices come from (instead of `shuffle`). */
  sampler?: Sampler;
  /** Where whole batches of indices come from; excludes batchSize, shuffle, sampler and dropLast. */
  batchSampler?: BatchIndexSampler;
  /** Turns a list of samples into a batch; default `defaultCollate` (or the dataset's `getBatch`). */
  collate?: (samples: T[]) => B;
}

/**
 * Where a loader stands in its random stream: enough to make a resumed run see exactly the
 * batches an uninterrupted one would (see README, "Checkpointing").
 */
export interface DataLoaderState extends SamplerState {
  /** Batches already handed out in the epoch in progress; 0 at an epoch boundary. */
  batchesSeen: number;
}

interface Pass {
  readonly startState: SamplerState;
  batchesSeen: number;
}

/**
 * Batches of a dataset, one epoch per iteration (PyTorch's `DataLoader`): a composition of a
 * sampler (indices), a batch sampler (groups of indices) and a collate function (samples → batch).
 *
 * ```ts
 * const loader = new DataLoader(new TensorDataset(features, labels), { batchSize: 10, shuffle: true });
 * for (const [x, y] of loader) { ... }
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: Dataset<T>;
  /** null when a `batchSampler` was given (PyTorch's `batch_size=None` in that case). */
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly sampler: Sampler;
  readonly batchSampler: BatchIndexSampler;
  /** The shuffling generator (the given one, or the private one seeded at construction); null when not shuffling. */
  readonly generator: Generator | null;
  /** The custom collate, or null for the default (`getBatch` when the dataset has it, else `defaultCollate`). */
  readonly collate: ((samples: T[]) => B) | null;
  private pass: Pass | null = null;
  private skipBatches = 0;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    checkDataset(dataset);
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`DataLoader: options must be an object, got ${describe(options)}`);
    }
    const { batchSize = 1, shuffle = false, dropLast = false, sampler, batchSampler } = options;
    checkBoolean('DataLoader', shuffle, 'shuffle');
    checkGenerator('DataLoader', options.generator);
    if (sampler !== undefined) checkIterable('DataLoader', sampler, 'sampler');
    if (batchSampler !== undefined) {
      checkIterable('DataLoader', batchSampler, 'batchSampler');
      lengthOf('DataLoader', batchSampler, 'batch sampler');
    }
    if (options.collate !== undefined && typeof options.collate !== 'function') {
      throw new TypeError(`DataLoader: collate must be a function, got ${describe(options.collate)}`);
    }
    if (sampler !== undefined && shuffle)
      throw new ValueError('DataLoader: sampler option is mutually exclusive with shuffle');
    if (batchSampler !== undefined && (batchSize !== 1 || shuffle || sampler !== undefined || dropLast)) {
      throw new ValueError(
        'DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast',
      );
    }
    this.dataset = dataset;
    this.sampler =
      sampler ??
      (shuffle
        ? new RandomSampler(dataset, options.generator === undefined ? {} : { generator: options.generator })
        : new SequentialSampler(dataset));
    this.generator = this.sampler instanceof RandomSampler ? this.sampler.generator : null;
    this.batchSize = batchSampler === undefined ? batchSize : null;
    this.dropLast = batchSampler === undefined ? dropLast : false;
    this.batchSampler = batchSampler ?? new BatchSampler(this.sampler, batchSize, dropLast);
    this.collate = options.collate ?? null;
  }

  /** Batches per epoch (PyTorch's `len(loader)`). */
  get length(): number {
    return lengthOf('DataLoader', this.batchSampler, 'batch sampler');
  }

  /** One epoch. Each new iteration draws a new order from the sampler. */
  *[Symbol.iterator](): Iterator<B> {
    const pass: Pass = { startState: this.samplerState(), batchesSeen: this.skipBatches };
    const skip = this.skipBatches;
    this.skipBatches = 0;
    this.pass = pass;
    const dataset = this.dataset;
    const collate = this.collate;
    const fast = collate === null && hasGetBatch(dataset) ? dataset : null;
    try {
      let position = 0;
      for (const indices of this.batchSampler) {
        // A resumed epoch replays the same order and skips, without gathering, what was already seen.
        if (position++ < skip) continue;
        let batch: B;
        if (fast !== null) batch = fast.getBatch(indices) as B;
        else {
          const samples = indices.map((i) => dataset.get(i));
          batch = collate === null ? (defaultCollate(samples) as B) : collate(samples);
        }
        pass.batchesSeen++;
        yield batch;
      }
    } finally {
      if (this.pass === pass) this.pass = null;
    }
  }

  /**
   * The loader's position: the sampler's random state at the start of the epoch in progress (or
   * now, between epochs) and the batches of that epoch already handed out. Save it at an epoch
   * boundary (after the `for` loop), or inside the loop after the step that used the batch.
   */
  stateDict(): DataLoaderState {
    const pass = this.pass;
    if (pass !== null) return { generatorState: copy(pass.startState.generatorState), batchesSeen: pass.batchesSeen };
    return { ...this.samplerState(), batchesSeen: this.skipBatches };
  }

  /**
   * Restores a `stateDict()`: the next iteration replays the saved epoch's order and starts after
   * its `batchesSeen` batches; the epochs after it are those of the uninterrupted run.
   */
  loadStateDict(state: DataLoaderState): void {
    if (typeof state !== 'object' || state === null) {
      throw new ValueError(`DataLoader.loadStateDict: expected the object stateDict() returns, got ${describe(state)}`);
    }
    const { generatorState, batchesSeen } = state;
    if (!Number.isInteger(batchesSeen) || batchesSeen < 0) {
      throw new ValueError(`DataLoader.loadStateDict: batchesSeen must be a non-negative integer, got ${batchesSeen}`);
    }
    const source = this.batchSampler;
    if (isStateful(source)) source.loadStateDict({ generatorState });
    else if (generatorState !== null) {
      throw new ValueError(
        'DataLoader.loadStateDict: the state holds a generatorState, but this loader does not shuffle (its batch sampler has no stateDict/loadStateDict)',
      );
    }
    this.pass = null;
    this.skipBatches = batchesSeen;
  }

  private samplerState(): SamplerState {
    const source = this.batchSampler;
    return isStateful(source) ? source.stateDict() : { generatorState: null };
  }
}

/** A dataset is any object with a valid length and a get(index) (getBatch alone is not enough: a custom collate needs get). */
function checkDataset(dataset: unknown): void {
  lengthOf('DataLoader', dataset, 'dataset');
  if (typeof (dataset as { get?: unknown }).get !== 'function') {
    throw new TypeError(`DataLoader: the dataset must have a get(index) method, got ${describe(dataset)}`);
  }
}

function copy(state: Uint8Array | null): Uint8Array | null {
  return state === null ? null : state.slice();
}
