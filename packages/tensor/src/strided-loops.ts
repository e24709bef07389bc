import type { TypedArray } from './dtype.js';
import { ADD, DIV, MUL, SUB, type BinaryApply } from './kernels/elementwise.js';

/** Memory, shape and element strides of a view; stride 0 along a broadcast dim. */
export interface StridedView {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
}

/** A binary op for the strided loops: its op code (see kernels/op-codes.ts) and its function. */
export interface StridedBinaryKernel {
  readonly code: number;
  readonly apply: BinaryApply;
}

/**
 * Plain JavaScript loops over strided views of one shape, for pages whose Content-Security-Policy
 * refuses the code generation ndarray-ops relies on. The dims are visited in the output's memory
 * order (largest stride outermost), as ndarray-ops does, so writes stay sequential; the innermost
 * dim is a tight loop, the others an index counter.
 */
export function binaryLoops(kernel: StridedBinaryKernel, out: StridedView, a: StridedView, b: StridedView): void {
  walkRows(out, a, b, (o, oi, os, ai, as, bi, bs, n) =>
    binaryRow(kernel, o, oi, os, a.data, ai, as, b.data, bi, bs, n),
  );
}

/** out = a, element by element (a may be a broadcast view of out's shape). */
export function assignLoops(out: StridedView, a: StridedView): void {
  const source = a.data;
  walkRows(out, a, a, (o, oi, os, ai, as, _bi, _bs, n) => {
    for (let i = 0; i < n; i++, oi += os, ai += as) o[oi] = source[ai]!;
  });
}

type Row = (o: TypedArray, oi: number, os: number, ai: number, as: number, bi: number, bs: number, n: number) => void;

function walkRows(out: StridedView, a: StridedView, b: StridedView, row: Row): void {
  const dims = memoryOrder(out);
  if (dims.some((d) => out.shape[d] === 0)) return;
  if (dims.length === 0) {
    row(out.data, out.offset, 0, a.offset, 0, b.offset, 0, 1);
    return;
  }
  const inner = dims[dims.length - 1]!;
  const outer = dims.slice(0, -1);
  const n = out.shape[inner]!;
  const [os, as, bs] = [out.stride[inner]!, a.stride[inner]!, b.stride[inner]!];
  const counter = new Array<number>(outer.length).fill(0);
  let [oi, ai, bi] = [out.offset, a.offset, b.offset];
  for (;;) {
    row(out.data, oi, os, ai, as, bi, bs, n);
    // Advance the outer index like an odometer, innermost of the outer dims first.
    let k = outer.length - 1;
    for (; k >= 0; k--) {
      const d = outer[k]!;
      oi += out.stride[d]!;
      ai += a.stride[d]!;
      bi += b.stride[d]!;
      if (++counter[k]! < out.shape[d]!) break;
      counter[k] = 0;
      oi -= out.stride[d]! * out.shape[d]!;
      ai -= a.stride[d]! * out.shape[d]!;
      bi -= b.stride[d]! * out.shape[d]!;
    }
    if (k < 0) return;
  }
}

/** The dims of size > 1, outermost (largest |stride| of `out`) first; ties keep dim order. */
function memoryOrder(out: StridedView): number[] {
  const dims = [...out.shape.keys()].filter((d) => out.shape[d] !== 1);
  return dims.sort((x, y) => Math.abs(out.stride[y]!) - Math.abs(out.stride[x]!) || x - y);
}

function binaryRow(
  kernel: StridedBinaryKernel,
  o: TypedArray,
  oi: number,
  os: number,
  a: TypedArray,
  ai: number,
  as: number,
  b: TypedArray,
  bi: number,
  bs: number,
  n: number,
): void {
  // The four arithmetic ops get loops of their own so the operator is inlined (as in
  // kernels/elementwise.ts); the rest call the op's function.
  switch (kernel.code) {
    case ADD:
      for (let i = 0; i < n; i++, oi += os, ai += as, bi += bs) o[oi] = a[ai]! + b[bi]!;
      return;
    case SUB:
      for (let i = 0; i < n; i++, oi += os, ai += as, bi += bs) o[oi] = a[ai]! - b[bi]!;
      return;
    case MUL:
      for (let i = 0; i < n; i++, oi += os, ai += as, bi += bs) o[oi] = a[ai]! * b[bi]!;
      return;
    case DIV:
      for (let i = 0; i < n; i++, oi += os, ai += as, bi += bs) o[oi] = a[ai]! / b[bi]!;
      return;
    default: {
      const apply = kernel.apply;
      for (let i = 0; i < n; i++, oi += os, ai += as, bi += bs) o[oi] = apply(a[ai]!, b[bi]!);
    }
  }
}
