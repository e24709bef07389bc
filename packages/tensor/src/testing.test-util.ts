import fc from 'fast-check';
import { fromTypedArray, type DType, type NDArray } from './index.js';

/**
 * Shared pieces of the property tests. The reference for every kernel is the slowest possible
 * one: read each element through `get(...)`, compute in JavaScript, store into the output dtype.
 */

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

const ARRAY_TYPES = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

/** `value` as an array of `dtype` stores it (float32 rounding, int32 truncation, bool as 0/1). */
export function stored(value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  const cell = new ARRAY_TYPES[dtype](1);
  cell[0] = value;
  return cell[0]!;
}

/** Every multi-index of `shape`, in row-major order (one empty index for a 0-d shape). */
export function allIndices(shape: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const d of shape) {
    const next: number[][] = [];
    for (const prefix of out) for (let i = 0; i < d; i++) next.push([...prefix, i]);
    out = next;
  }
  return out;
}

/** The elements of `a` in row-major order, each read with `get`. */
export function valuesOf(a: NDArray): number[] {
  return allIndices(a.shape).map((index) => a.get(...index));
}

/** Element `index` of `a` broadcast to a shape of rank `index.length`. */
export function broadcastGet(a: NDArray, index: readonly number[]): number {
  const lead = index.length - a.ndim;
  return a.get(...a.shape.map((d, j) => (d === 1 ? 0 : index[j + lead]!)));
}

/** NumPy's broadcast of two shapes, restated for the tests. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    return da === 1 ? db : da;
  });
}

/** Storage positions of `a`'s elements, in row-major order. */
export function positionsOf(a: NDArray): number[] {
  return allIndices(a.shape).map((index) => index.reduce((p, k, d) => p + k * a.strides[d]!, a.offset));
}

/**
 * How an operand is laid out in memory: 'permuted' is a permute (transposes included) of a
 * contiguous array, 'strided' a slice (step 1 or 2 per dim, non-zero offset) of a larger array,
 * 'expanded' size-1 dims (and a missing leading dim) broadcast with stride 0.
 */
export type Layout = 'contiguous' | 'permuted' | 'strided' | 'expanded';
export const LAYOUTS: readonly Layout[] = ['contiguous', 'permuted', 'strided', 'expanded'];

/** A permutation of `rank` dims picked by `choice`: a rotation, reversed when `choice` is odd. */
export function permutation(rank: number, choice: number): number[] {
  const rotated = Array.from({ length: rank }, (_, i) => (i + (choice >> 1)) % rank);
  return choice % 2 === 1 ? rotated.map((_, i) => rotated[rank - 1 - i]!) : rotated;
}

/** An array of `shape` and `dtype` laid out as `layout`, filled row-major with `values` (cycled). */
export function withLayout(
  shape: readonly number[],
  dtype: DType,
  layout: Layout,
  values: readonly number[],
  choice = 1,
): NDArray {
  const value = (i: number) => stored(values[i % values.length]!, dtype);
  const filled = (s: readonly number[]) => {
    const n = s.reduce((p, d) => p * d, 1);
    return fromTypedArray(new ARRAY_TYPES[dtype](Array.from({ length: n }, (_, i) => value(i))), [...s]);
  };
  if (layout === 'contiguous') return filled(shape);
  if (layout === 'expanded') {
    const dropLead = shape.length > 0 && (choice & 16) !== 0;
    let base = shape.map((d, i) => ((choice >> i) & 1 ? 1 : d));
    if (!dropLead && base.every((d, i) => d === shape[i]) && shape.length > 0) base[0] = 1;
    if (dropLead) base = base.slice(1);
    return filled(base).expand(shape);
  }
  let view: NDArray;
  if (layout === 'permuted') {
    const order = permutation(shape.length, choice);
    const inverse = order.map((_, i) => order.indexOf(i));
    view = filled(order.map((d) => shape[d]!)).permute(inverse);
  } else {
    // Step 2 where `choice` has the dim's bit, else step 1 inside a base one longer, so that some
    // neighbouring dims still merge (and size-1 dims get unusual strides).
    const steps = shape.map((_, d) => ((choice >> d) & 1 ? 2 : 1));
    view = filled(shape.map((d, i) => steps[i]! * d + 1));
    for (let d = 0; d < shape.length; d++) view = view.slice(d, 1, steps[d]! * shape[d]! + 1, steps[d]);
  }
  allIndices(shape).forEach((index, i) => view.set(value(i), ...index));
  return view;
}

/** Small values with halves: sums and products stay exact in float32, ties are common. */
export const valueArb = fc.integer({ min: -8, max: 8 }).map((v) => v / 2);
export const valuesArb = fc.array(valueArb, { minLength: 1, maxLength: 24 });

/** Dims 0..4, mostly non-zero. */
export const dimArb = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4 }), weight: 8 }, fc.constant(0));
export const shapeArb = (minRank = 0, maxRank = 4) => fc.array(dimArb, { minLength: minRank, maxLength: maxRank });

/** A shape that broadcasts to `out`: a suffix of it with some dims replaced by 1. */
export function broadcastableTo(out: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }))
    .map(([rank, ones]) => out.slice(out.length - rank).map((d, i) => (ones[i] ? 1 : d)));
}

export interface ArraySpec {
  readonly layout: Layout;
  readonly values: readonly number[];
  readonly choice: number;
}

export const arraySpecArb: fc.Arbitrary<ArraySpec> = fc.record({
  layout: fc.constantFrom(...LAYOUTS),
  values: valuesArb,
  choice: fc.nat(63),
});

/** A random array of `shape`: random layout and values; random dtype unless one is given. */
export function arrayArb(shape: readonly number[], dtypes: readonly DType[] = DTYPES): fc.Arbitrary<NDArray> {
  return fc
    .tuple(arraySpecArb, fc.constantFrom(...dtypes))
    .map(([spec, dtype]) => withLayout(shape, dtype, spec.layout, spec.values, spec.choice));
}
