import { ValueError, type Generator } from '@torchlet/autograd';
import { randint, randperm } from '@torchlet/tensor';
import { checkGenerator, lengthOf } from './checks.js';
import type { PassSampler, SamplerState, Sized, StatefulSampler } from './sampler.js';
import { generatorFromDefault } from './seeded-generator.js';

export interface RandomSamplerOptions {
  /**
   * The source of randomness, shared and advanced by every pass. Without one the sampler takes a
   * private generator seeded from the default generator at construction (see README).
   */
  generator?: Generator;
  /** Draw with replacement (`numSamples` independent uniform draws). Default false. */
  replacement?: boolean;
  /** Indices per pass; defaults to the dataset's length, read at each pass. */
  numSamples?: number;
}

/**
 * Random indices (PyTorch's `RandomSampler`). Without replacement each pass is a fresh random
 * permutation of the dataset (with `numSamples` beyond the length: several permutations, the last
 * one cut short); with replacement, `numSamples` uniform draws.
 */
export class RandomSampler implements PassSampler, StatefulSampler {
  readonly generator: Generator;
  readonly replacement: boolean;
  private readonly fixedNumSamples: number | undefined;

  constructor(
    readonly dataSource: Sized,
    options: RandomSamplerOptions = {},
  ) {
    lengthOf('RandomSampler', dataSource, 'dataset');
    checkGenerator('RandomSampler', options.generator);
    this.replacement = options.replacement ?? false;
    if (typeof this.replacement !== 'boolean') {
      throw new ValueError(
        `RandomSampler: replacement should be a boolean value, but got replacement=${String(this.replacement)}`,
      );
    }
    this.fixedNumSamples = options.numSamples;
    const numSamples = this.numSamples;
    if (!Number.isInteger(numSamples) || numSamples <= 0) {
      throw new ValueError(
        `RandomSampler: numSamples should be a positive integer value, but got numSamples=${numSamples}`,
      );
    }
    this.generator = options.generator ?? generatorFromDefault();
  }

  get numSamples(): number {
    return this.fixedNumSamples ?? lengthOf('RandomSampler', this.dataSource, 'dataset');
  }

  get length(): number {
    return this.numSamples;
  }

  nextPass(): Int32Array {
    const n = lengthOf('RandomSampler', this.dataSource, 'dataset');
    const count = this.numSamples;
    if (n === 0) throw new ValueError(`RandomSampler: cannot draw ${count} samples from an empty dataset`);
    const generator = this.generator;
    if (this.replacement) return randint(0, n, [count], { generator }).storage.data as Int32Array;
    if (count === n) return randperm(n, { generator }).storage.data as Int32Array;
    const out = new Int32Array(count);
    for (let offset = 0; offset < count; offset += n) {
      const permutation = randperm(n, { generator }).storage.data as Int32Array;
      out.set(permutation.subarray(0, Math.min(n, count - offset)), offset);
    }
    return out;
  }

  *[Symbol.iterator](): Iterator<number> {
    yield* this.nextPass();
  }

  /** The generator's current state; restoring it makes the next pass repeat. */
  stateDict(): SamplerState {
    return { generatorState: this.generator.getState() };
  }

  loadStateDict(state: SamplerState): void {
    if (state.generatorState === null) {
      throw new ValueError(
        'RandomSampler.loadStateDict: expected a generatorState from Generator.getState(), got null',
      );
    }
    this.generator.setState(state.generatorState);
  }
}
