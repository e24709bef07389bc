import { ValueError } from './errors.js';

const STATE_BYTES = 40;
const STATE_MAGIC = 0x746c6731; // "tlg1": marks a torchlet generator state, version 1

/**
 * A seedable pseudo-random generator (xoshiro128**, seeded through splitmix32). Same seed, same
 * numbers, on every platform. `getState()`/`setState()` capture and restore the stream exactly,
 * including a pending second normal sample, which is what a resumable checkpoint needs.
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal = 0;
  private hasSpareNormal = false;
  private seed = 0;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Re-seeds the generator; any integer in [0, 2^53) (or a bigint below 2^64) is accepted. */
  manualSeed(seed: number | bigint): this {
    const big = typeof seed === 'bigint' ? seed : BigInt(checkSeed(seed));
    if (big < 0n || big >= 1n << 64n) throw new ValueError(`manualSeed: seed must be in [0, 2^64), got ${seed}`);
    this.seed = Number(big);
    // Each state word mixes the seed's low and high halves, so seeds differing anywhere differ.
    let x = Number(big & 0xffffffffn) ^ Math.imul(Number(big >> 32n) | 0, 0x9e3779b9);
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
    this.hasSpareNormal = false;
    this.spareNormal = 0;
    return this;
  }

  /** The seed last given to `manualSeed` (PyTorch's `initial_seed()`). */
  initialSeed(): number {
    return this.seed;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    let n2 = s2 ^ s0;
    let n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    n2 ^= t;
    n3 = rotl(n3, 11);
    this.s0 = n0;
    this.s1 = n1;
    this.s2 = n2;
    this.s3 = n3;
    return result;
  }

  /** A double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A float32-representable number in [0, 1) with 24 random bits (as PyTorch's float `rand`). */
  nextFloat(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** A standard normal sample (Box–Muller; the second value of each pair is kept for the next call). */
  nextNormal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    const u1 = 1 - this.nextDouble(); // (0, 1]: log stays finite
    const u2 = this.nextDouble();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpareNormal = true;
    return radius * Math.cos(angle);
  }

  /** An integer uniformly drawn from [low, high) without modulo bias. */
  nextInt(low: number, high: number): number {
    const range = high - low;
    if (range <= 0x100000000) {
      const limit = 0x100000000 - (0x100000000 % range);
      let r = this.nextUint32();
      while (r >= limit) r = this.nextUint32();
      return low + (r % range);
    }
    return low + Math.floor(this.nextDouble() * range);
  }

  /** The complete state as bytes (PyTorch's `get_state()` returns a ByteTensor too). */
  getState(): Uint8Array {
    const bytes = new Uint8Array(STATE_BYTES);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, STATE_MAGIC, true);
    view.setUint32(4, this.s0, true);
    view.setUint32(8, this.s1, true);
    view.setUint32(12, this.s2, true);
    view.setUint32(16, this.s3, true);
    view.setFloat64(20, this.spareNormal, true);
    view.setFloat64(28, this.seed, true);
    view.setUint8(36, this.hasSpareNormal ? 1 : 0);
    return bytes;
  }

  /** Restores a state produced by `getState()`; the stream then continues exactly from there. */
  setState(state: Uint8Array): this {
    if (!(state instanceof Uint8Array) || state.byteLength !== STATE_BYTES) {
      throw new ValueError(
        `Generator.setState: expected a Uint8Array of ${STATE_BYTES} bytes from getState(), got ${describe(state)}`,
      );
    }
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    if (view.getUint32(0, true) !== STATE_MAGIC) {
      throw new ValueError('Generator.setState: the bytes are not a torchlet generator state (bad magic number)');
    }
    const s = [view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true), view.getUint32(16, true)];
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0)
      throw new ValueError('Generator.setState: the all-zero state is invalid');
    [this.s0, this.s1, this.s2, this.s3] = s as [number, number, number, number];
    this.spareNormal = view.getFloat64(20, true);
    this.seed = view.getFloat64(28, true);
    this.hasSpareNormal = view.getUint8(36) === 1;
    return this;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function checkSeed(seed: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new ValueError(`manualSeed: seed must be a non-negative safe integer or a bigint, got ${seed}`);
  }
  return seed;
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`;
  return typeof value;
}

/** The generator used when an op is given none. */
export const defaultGenerator = /* @__PURE__ */ new Generator(0);

/** Seeds the default generator (PyTorch's `torch.manual_seed`). */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}
