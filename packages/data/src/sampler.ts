/** Anything with a length: what samplers need of a dataset. */
export interface Sized {
  readonly length: number;
}

/**
 * Yields dataset indices, one pass per iteration (PyTorch's `Sampler`); `length` is the number of
 * indices in a pass.
 */
export interface Sampler extends Iterable<number> {
  readonly length: number;
}

/**
 * A sampler that can also hand over a whole pass at once. `nextPass()` must return exactly the
 * indices one iteration would yield, and advance any random state exactly as that iteration
 * would. `BatchSampler` uses it to cut batches out of one typed array instead of pulling indices
 * one iterator step at a time.
 */
export interface PassSampler extends Sampler {
  nextPass(): ArrayLike<number>;
}

/** The checkpointable part of a sampler: its generator's state, or null when it draws nothing random. */
export interface SamplerState {
  generatorState: Uint8Array | null;
}

/** A sampler (or batch sampler) whose position in its random stream can be saved and restored. */
export interface StatefulSampler {
  stateDict(): SamplerState;
  loadStateDict(state: SamplerState): void;
}

export function hasNextPass(sampler: Iterable<number>): sampler is PassSampler {
  return typeof (sampler as Partial<PassSampler>).nextPass === 'function';
}

export function isStateful(sampler: object): sampler is StatefulSampler {
  const candidate = sampler as Partial<StatefulSampler>;
  return typeof candidate.stateDict === 'function' && typeof candidate.loadStateDict === 'function';
}
