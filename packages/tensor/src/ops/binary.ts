import { isFloating, type DType } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { kernelOrNull } from '../kernels/dispatch.js';
import {
  ADD,
  binaryFlat,
  binaryRows,
  binaryScalarLeft,
  binaryScalarRight,
  DIV,
  EQ,
  GE,
  GT,
  LE,
  LT,
  MUL,
  NE,
  OTHER,
  SUB,
  type BinaryApply,
} from '../kernels/elementwise.js';
import { NDArray, type Operand } from '../ndarray.js';
import { checkNoInternalOverlap, checkNoPartialOverlap } from '../overlap.js';
import { checkInt32 } from './int32.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { assignStrided, binaryStrided, type NdarrayOpsBinaryName } from '../strided.js';
import { checkCanCast, defaultFloat, resultType, resultTypeWithScalar } from './promotion.js';

export type BinaryOpName =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'rsub'
  | 'rdiv';

interface BinarySpec {
  readonly code: number;
  /** 'promote': the promoted dtype; 'float': true division; 'bool': comparisons. */
  readonly result: 'promote' | 'float' | 'bool';
  readonly apply: BinaryApply;
  /** ndarray-ops' strided kernel with the same semantics, when it has one. */
  readonly strided: NdarrayOpsBinaryName | null;
  /** `rsub`/`rdiv` are their base op with the operands swapped. */
  readonly swapOf?: BinaryOpName;
}

// C's pow gives 1 for 1**y and (-1)**±inf; Math.pow gives NaN there.
const pow: BinaryApply = (x, y) =>
  x === 1 || (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) ? 1 : Math.pow(x, y);

// PyTorch computes a floating tensor to these number powers with dedicated kernels, not C's pow,
// and their special values differ from pow's: (-inf) ** 0.5 is sqrt(-inf) = NaN (pow: +inf),
// (-0) ** 0.5 is -0, (-0) ** -0.5 is -inf.
const POW_SCALAR_KERNELS = new Map<number, BinaryApply>([
  [0.5, (x) => Math.sqrt(x)],
  [2, (x) => x * x],
  [3, (x) => x * x * x],
  [-0.5, (x) => 1 / Math.sqrt(x)],
  [-1, (x) => 1 / x],
  [-2, (x) => 1 / (x * x)],
]);

const SPECS: Record<BinaryOpName, BinarySpec> = {
  add: { code: ADD, result: 'promote', apply: (x, y) => x + y, strided: 'add' },
  sub: { code: SUB, result: 'promote', apply: (x, y) => x - y, strided: 'sub' },
  mul: { code: MUL, result: 'promote', apply: (x, y) => x * y, strided: 'mul' },
  div: { code: DIV, result: 'float', apply: (x, y) => x / y, strided: 'div' },
  pow: { code: OTHER, result: 'promote', apply: pow, strided: null },
  maximum: { code: OTHER, result: 'promote', apply: (x, y) => Math.max(x, y), strided: 'max' },
  minimum: { code: OTHER, result: 'promote', apply: (x, y) => Math.min(x, y), strided: 'min' },
  eq: { code: EQ, result: 'bool', apply: (x, y) => (x === y ? 1 : 0), strided: 'eq' },
  ne: { code: NE, result: 'bool', apply: (x, y) => (x !== y ? 1 : 0), strided: 'neq' },
  lt: { code: LT, result: 'bool', apply: (x, y) => (x < y ? 1 : 0), strided: 'lt' },
  le: { code: LE, result: 'bool', apply: (x, y) => (x <= y ? 1 : 0), strided: 'leq' },
  gt: { code: GT, result: 'bool', apply: (x, y) => (x > y ? 1 : 0), strided: 'gt' },
  ge: { code: GE, result: 'bool', apply: (x, y) => (x >= y ? 1 : 0), strided: 'geq' },
  rsub: { code: OTHER, result: 'promote', apply: (x, y) => y - x, strided: null, swapOf: 'sub' },
  rdiv: { code: OTHER, result: 'float', apply: (x, y) => y / x, strided: null, swapOf: 'div' },
};

function outputDType(op: BinaryOpName, spec: BinarySpec, promoted: DType): DType {
  if (spec.result === 'bool') return 'bool';
  if (spec.result === 'float') return defaultFloat(promoted);
  if (promoted === 'bool') {
    // PyTorch: bool + bool is logical or, bool - bool is an error.
    if (op === 'sub' || op === 'rsub') {
      throw new DTypeError(`${op}: subtraction with two bool tensors is not supported; use logical ops or cast first`);
    }
  }
  if (op === 'pow' && promoted === 'bool') return 'int32';
  return promoted;
}

/** `a op b` with broadcasting, into a new array. */
export function binary(op: BinaryOpName, a: NDArray, b: Operand): NDArray {
  if (typeof b === 'number') {
    const common = resultTypeWithScalar(a, b);
    const dtype = outputDType(op, SPECS[op], common);
    if (op === 'pow') checkIntegerPower(a.dtype, b);
    const checked = dtype === 'int32' && WRAPS_IN_INT32.has(op);
    // int32 arithmetic computes in float64 first, so an overflow is seen rather than wrapped.
    const out = NDArray.zeros(a.shape, checked ? 'float64' : dtype, op);
    writeScalarRight(op, scalarSpecFor(op, dtype, b), out, a, scalarIn(common, b));
    return checked ? toInt32Checked(op, out) : out;
  }
  const common = resultType(a, b);
  const dtype = outputDType(op, SPECS[op], common);
  const shape = shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const checked = dtype === 'int32' && WRAPS_IN_INT32.has(op);
  const out = NDArray.zeros(shape, checked ? 'float64' : dtype, op);
  write(op, specFor(op, dtype), out, operandIn(common, a), operandIn(common, b));
  return checked ? toInt32Checked(op, out) : out;
}

/** The ops whose int32 results can leave int32's range. */
const WRAPS_IN_INT32 = new Set<BinaryOpName>(['add', 'sub', 'mul', 'pow', 'rsub']);

/**
 * int32 stands in for PyTorch's int64, whose arithmetic on indices and counts does not overflow
 * at 2^31: rather than wrap silently, a result outside int32's range is an error.
 */
function toInt32Checked(op: BinaryOpName, wide: NDArray): NDArray {
  const values = wide.storage.data;
  for (let i = 0; i < values.length; i++) checkInt32(op, values[i]!);
  const out = NDArray.zeros(wide.shape, 'int32', op);
  out.storage.data.set(values);
  return out;
}

// PyTorch converts every operand to the common dtype before computing, so `float32 tensor == 0.1`
// compares with float32(0.1) (true for tensor([0.1])), not with the double 0.1. Only a scalar or a
// float64 0-d tensor can be wider than a float32 result; other conversions are exact or rounded
// identically by the store.
function scalarIn(common: DType, s: number): number {
  return common === 'float32' ? Math.fround(s) : s;
}

function operandIn(common: DType, x: NDArray): NDArray {
  return common === 'float32' && x.dtype === 'float64' ? x.to('float32') : x;
}

// PyTorch's integer pow: a negative exponent gives 0 unless the base is ±1 (0 ** -1 is 0, not inf).
const INT_POW: BinarySpec = {
  ...SPECS.pow,
  apply: (x, y) => (y >= 0 ? pow(x, y) : x === 1 ? 1 : x === -1 ? (y % 2 === 0 ? 1 : -1) : 0),
};

// On bools, `add` is logical or (1 + 1 must store 1, not 2).
function specFor(op: BinaryOpName, dtype: DType): BinarySpec {
  if (op === 'pow' && dtype === 'int32') return INT_POW;
  return dtype === 'bool' && op === 'add' ? SPECS.maximum : SPECS[op];
}

const POW_SCALAR_SPECS = new Map<number, BinarySpec>(
  [...POW_SCALAR_KERNELS].map(([exponent, apply]) => [exponent, { ...SPECS.pow, apply }]),
);

/** The spec for `a op scalar`: a floating tensor to a special number power has its own kernel. */
function scalarSpecFor(op: BinaryOpName, dtype: DType, scalar: number): BinarySpec {
  if (op === 'pow' && isFloating(dtype)) return POW_SCALAR_SPECS.get(scalar) ?? SPECS.pow;
  return specFor(op, dtype);
}

/** `a op= b` into `a` itself; `b` must broadcast to `a`'s shape and the result fit `a`'s dtype. */
export function binaryInPlace<T extends NDArray>(op: BinaryOpName, a: T, b: Operand): T {
  checkNoInternalOverlap(`${op}_`, a);
  if (a.dtype === 'int32' && WRAPS_IN_INT32.has(op)) return int32InPlace(op, a, b);
  if (typeof b === 'number') {
    const spec = scalarSpecFor(op, a.dtype, b);
    const common = resultTypeWithScalar(a, b);
    checkCanCast(`${op}_`, outputDType(op, spec, common), a.dtype);
    writeScalarRight(op, spec, a, a, scalarIn(common, b));
  } else {
    const spec = specFor(op, a.dtype);
    const common = resultType(a, b);
    checkCanCast(`${op}_`, outputDType(op, spec, common), a.dtype);
    if (!shapesEqual(a.shape, b.shape) && !shapesEqual(broadcastShapes(`${op}_`, a.shape, b.shape), a.shape)) {
      throw new ShapeError(
        `${op}_: output with shape ${formatShape(a.shape)} doesn't match the broadcast shape of ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
      );
    }
    // Read a copy of an input whose overlap with `a` is too hard to prove harmless.
    const source = checkNoPartialOverlap(`${op}_`, a, b) ? b.clone() : b;
    write(op, spec, a, a, operandIn(common, source));
  }
  a.storage.version++;
  return a;
}

/** `a op= b` for an int32 `a`: the checked out-of-place result, written in when it fits. */
function int32InPlace<T extends NDArray>(op: BinaryOpName, a: T, b: Operand): T {
  if (typeof b !== 'number' && !shapesEqual(broadcastShapes(`${op}_`, a.shape, b.shape), a.shape)) {
    throw new ShapeError(
      `${op}_: output with shape ${formatShape(a.shape)} doesn't match the broadcast shape of ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  if (typeof b !== 'number') checkNoPartialOverlap(`${op}_`, a, b);
  const result = binary(op, a, b);
  checkCanCast(`${op}_`, result.dtype, a.dtype);
  assignStrided(a, result);
  a.storage.version++;
  return a;
}

function checkIntegerPower(dtype: DType, exponent: number): void {
  if ((dtype === 'int32' || dtype === 'bool') && Number.isInteger(exponent) && exponent < 0) {
    throw new DTypeError(`pow: integers to negative integer powers are not allowed (exponent ${exponent} on ${dtype})`);
  }
}

function writeScalarRight(op: BinaryOpName, spec: BinarySpec, out: NDArray, a: NDArray, s: number): void {
  if (a.isContiguous && out.isContiguous) {
    const o = out.storage.data;
    const ad = a.storage.data;
    const fast = spec.code <= DIV ? kernelOrNull('binaryScalar', a.size) : null;
    if (fast !== null && o instanceof Float32Array && ad instanceof Float32Array && exactInFloat32(s)) {
      fast(spec.code, o, out.offset, ad, a.offset, s, a.size, false);
      return;
    }
    binaryScalarRight(spec.code, spec.apply, o, out.offset, ad, a.offset, s, a.size);
    return;
  }
  if (a.isSplat && out.isContiguous) {
    // One value broadcast (an expanded gradient): compute it once, then repeat it.
    const o = out.storage.data;
    binaryScalarRight(spec.code, spec.apply, o, out.offset, a.storage.data, a.offset, s, 1);
    o.fill(o[out.offset]!, out.offset + 1, out.offset + out.size);
    return;
  }
  writeStrided(op, spec, out, a, NDArray.scalar(s, 'float64'));
}

function write(op: BinaryOpName, spec: BinarySpec, out: NDArray, a: NDArray, b: NDArray): void {
  const o = out.storage.data;
  if (out.isContiguous && b.isSplat && !b.isContiguous && a.isContiguous && a.size === out.size) {
    // A broadcast of one value on the right (an expanded gradient) is a scalar.
    binaryScalarRight(
      spec.code,
      spec.apply,
      o,
      out.offset,
      a.storage.data,
      a.offset,
      b.storage.data[b.offset]!,
      a.size,
    );
    return;
  }
  if (out.isContiguous && a.isSplat && !a.isContiguous && b.isContiguous && b.size === out.size) {
    binaryScalarLeft(spec.code, spec.apply, o, out.offset, a.storage.data[a.offset]!, b.storage.data, b.offset, b.size);
    return;
  }
  if (out.isContiguous && a.isContiguous && b.isContiguous) {
    const n = out.size;
    const ad = a.storage.data;
    const bd = b.storage.data;
    // Whether the backend's float32 kernels may take this op (they do when it is large enough).
    const float32 =
      spec.code <= DIV && o instanceof Float32Array && ad instanceof Float32Array && bd instanceof Float32Array;
    if (a.size === n && b.size === n) {
      const binaryKernel = float32 ? kernelOrNull('binary', n) : null;
      if (binaryKernel !== null) {
        binaryKernel(
          spec.code,
          o as Float32Array,
          out.offset,
          ad as Float32Array,
          a.offset,
          bd as Float32Array,
          b.offset,
          n,
        );
        return;
      }
      binaryFlat(spec.code, spec.apply, o, out.offset, ad, a.offset, bd, b.offset, n);
      return;
    }
    if (b.size === 1 && a.size === n) {
      const s = bd[b.offset]!;
      const binaryScalar = float32 ? kernelOrNull('binaryScalar', n) : null;
      if (binaryScalar !== null) {
        binaryScalar(spec.code, o as Float32Array, out.offset, ad as Float32Array, a.offset, s, n, false);
        return;
      }
      binaryScalarRight(spec.code, spec.apply, o, out.offset, ad, a.offset, s, n);
      return;
    }
    if (a.size === 1 && b.size === n) {
      const s = ad[a.offset]!;
      const binaryScalar = float32 ? kernelOrNull('binaryScalar', n) : null;
      if (binaryScalar !== null) {
        binaryScalar(spec.code, o as Float32Array, out.offset, bd as Float32Array, b.offset, s, n, true);
        return;
      }
      binaryScalarLeft(spec.code, spec.apply, o, out.offset, s, bd, b.offset, n);
      return;
    }
    const rowOnRight = a.size === n && isTrailingRow(b, out.shape);
    if (rowOnRight || (b.size === n && isTrailingRow(a, out.shape))) {
      const [full, row] = rowOnRight ? [a, b] : [b, a];
      binaryRows(
        spec.code,
        spec.apply,
        o,
        out.offset,
        full.storage.data,
        full.offset,
        row.storage.data,
        row.offset,
        n / row.size,
        row.size,
        !rowOnRight,
      );
      return;
    }
  }
  writeStrided(op, spec, out, a, b);
}

// The backend's float32 kernels serve add/sub/mul/div (codes ADD..DIV) of float32 arrays, with a
// scalar only when float32 holds it exactly: then float32 arithmetic stores the very bits the
// JavaScript loops store (they compute in float64 and round once, which for + − × ÷ is the same).
function exactInFloat32(s: number): boolean {
  return Math.fround(s) === s || s !== s;
}

/** True when `row`'s elements are exactly the last dims of `shape` (leading 1s aside). */
function isTrailingRow(row: NDArray, shape: readonly number[]): boolean {
  if (row.size === 0) return false;
  let r = row.shape.length - 1;
  let s = shape.length - 1;
  while (r >= 0 && row.shape[r] === shape[s]) {
    r--;
    s--;
  }
  for (; r >= 0; r--) if (row.shape[r] !== 1) return false;
  return true;
}

function writeStrided(op: BinaryOpName, spec: BinarySpec, out: NDArray, a: NDArray, b: NDArray): void {
  const [left, right] = spec.swapOf ? [b, a] : [a, b];
  const kernel = spec.swapOf ? SPECS[spec.swapOf] : spec;
  if (kernel.strided !== null) {
    binaryStrided(kernel.strided, kernel, out, left, right);
    return;
  }
  // No strided kernel with the right semantics: materialise both operands, then run the flat loop.
  const x = materialize(a, out.shape);
  const y = materialize(b, out.shape);
  const target = out.isContiguous ? out : NDArray.zeros(out.shape, out.dtype);
  binaryFlat(
    spec.code,
    spec.apply,
    target.storage.data,
    target.offset,
    x.storage.data,
    x.offset,
    y.storage.data,
    y.offset,
    out.size,
  );
  if (target !== out) assignStrided(out, target);
}

function materialize(a: NDArray, shape: readonly number[]): NDArray {
  if (a.isContiguous && shapesEqual(a.shape, shape)) return a;
  const out = NDArray.zeros(shape, a.dtype);
  assignStrided(out, a);
  return out;
}
