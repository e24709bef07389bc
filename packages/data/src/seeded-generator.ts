import { defaultGenerator, Generator } from '@torchlet/autograd';

/**
 * A new generator seeded with 64 bits drawn from the default generator. Taken once, when a
 * shuffling sampler is built without a generator: the order of every later epoch is then fixed by
 * `manualSeed(...)` before construction alone, whatever else draws from the default generator
 * (weight init, dropout) while training runs.
 */
export function generatorFromDefault(): Generator {
  const high = defaultGenerator.nextUint32();
  const low = defaultGenerator.nextUint32();
  return new Generator().manualSeed((BigInt(high) << 32n) | BigInt(low));
}
