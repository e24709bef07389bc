/**
 * A small seeded random stream for the peers that have no seedable generator of their own
 * (js-pytorch uses Math.random; tfjs's shuffle too), so every run draws the same data and the
 * same batch order. torchlet and PyTorch use their own generators, seeded with the same number.
 */
export class SeededRandom {
  #state: number;
  #spare: number | null = null;

  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.#spare !== null) {
      const spare = this.#spare;
      this.#spare = null;
      return spare;
    }
    const u = 1 - this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.#spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** `length` normal draws of N(mean, std²) as float32. */
  normals(length: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Integers uniform in [0, high). */
  integers(length: number, high: number): Int32Array {
    const out = new Int32Array(length);
    for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * high);
    return out;
  }

  /** A random permutation of 0..n-1 (Fisher–Yates), like the tutorial's `random.shuffle(indices)`. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const swap = out[i]!;
      out[i] = out[j]!;
      out[j] = swap;
    }
    return out;
  }
}

/** Row-major flat data as nested rows (js-pytorch's tensors are nested arrays). */
export function toRows(data: ArrayLike<number>, columns: number): number[][] {
  const rows: number[][] = [];
  for (let start = 0; start < data.length; start += columns)
    rows.push(Array.from({ length: columns }, (_, j) => data[start + j]!));
  return rows;
}
