import { promoteWithScalar, type DType } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { kernelOrNull } from '../kernels/dispatch.js';
import { UNARY_KERNELS, unaryFlat, type UnaryKernel } from '../kernels/elementwise.js';
import { NDArray } from '../ndarray.js';
import { checkNoInternalOverlap } from '../overlap.js';
import { assignStrided } from '../strided.js';
import { checkInt32 } from './int32.js';
import { checkCanCast, defaultFloat } from './promotion.js';

export type UnaryOpName =
  'neg' | 'exp' | 'log' | 'log1p' | 'sqrt' | 'abs' | 'sign' | 'relu' | 'sigmoid' | 'tanh' | 'sin' | 'cos' | 'clamp';

interface UnarySpec {
  /** 'same': keeps the dtype; 'float': integer inputs compute in float32. */
  readonly result: 'same' | 'float';
  readonly make: (params: readonly number[]) => (x: number) => number;
  readonly noBool?: boolean;
  /** The params are scalar operands, so they promote the dtype as `tensor op scalar` does. */
  readonly promotesWithParams?: boolean;
  /** A dedicated loop for contiguous data (same results as `make`'s function). */
  readonly kernel?: UnaryKernel;
}

const neg = (x: number) => -x;
const sign = (x: number) => +(x > 0) - +(x < 0); // PyTorch's: NaN and -0 give 0
// The same values as the relu kernel (-inf gives 0, NaN stays NaN, -0 gives +0).
const relu = (x: number) => (x > 0 ? x : x !== x ? x : 0);
// Written so exp never overflows to inf/inf for large |x|.
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const SPECS: Record<UnaryOpName, UnarySpec> = {
  neg: { result: 'same', make: () => neg, kernel: UNARY_KERNELS.neg, noBool: true },
  exp: { result: 'float', make: () => Math.exp, kernel: UNARY_KERNELS.exp },
  log: { result: 'float', make: () => Math.log, kernel: UNARY_KERNELS.log },
  log1p: { result: 'float', make: () => Math.log1p, kernel: UNARY_KERNELS.log1p },
  sqrt: { result: 'float', make: () => Math.sqrt, kernel: UNARY_KERNELS.sqrt },
  abs: { result: 'same', make: () => Math.abs, kernel: UNARY_KERNELS.abs, noBool: true },
  sign: { result: 'same', make: () => sign, kernel: UNARY_KERNELS.sign },
  relu: { result: 'same', make: () => relu, kernel: UNARY_KERNELS.relu, noBool: true },
  sigmoid: { result: 'float', make: () => sigmoid, kernel: UNARY_KERNELS.sigmoid },
  tanh: { result: 'float', make: () => Math.tanh, kernel: UNARY_KERNELS.tanh },
  sin: { result: 'float', make: () => Math.sin },
  cos: { result: 'float', make: () => Math.cos },
  clamp: {
    result: 'same',
    noBool: true,
    promotesWithParams: true,
    // PyTorch's min(max(x, min), max): with min > max every element is max. NaN stays NaN.
    make: ([min = -Infinity, max = Infinity]) => {
      return (x: number) => {
        if (x !== x) return x;
        const low = x < min ? min : x;
        return max < low ? max : low;
      };
    },
  },
};

function outputDType(op: UnaryOpName, spec: UnarySpec, input: DType, params: readonly number[]): DType {
  if (spec.noBool && input === 'bool') {
    throw new DTypeError(`${op}: not supported for bool tensors; cast with .to('float32') or .to('int32') first`);
  }
  if (spec.promotesWithParams) {
    // An infinite clamp bound stands for a missing one, which must not turn int32 into float32.
    let dtype = input;
    for (const p of params) if (Number.isFinite(p)) dtype = promoteWithScalar(dtype, p);
    return dtype;
  }
  return spec.result === 'float' ? defaultFloat(input) : input;
}

/** `f(a)` element-wise, into a new contiguous array. */
export function unary(op: UnaryOpName, a: NDArray, params: readonly number[] = []): NDArray {
  const spec = SPECS[op];
  checkNegatable(op, a);
  const out = NDArray.zeros(a.shape, outputDType(op, spec, a.dtype, params), op);
  if (a.isSplat && !a.isContiguous) {
    // One value broadcast: compute it once (rounded by the store) and repeat it.
    const data = out.storage.data;
    unaryFlat(spec.make(params), data, 0, a.storage.data, a.offset, 1);
    data.fill(data[0]!);
    return out;
  }
  const source = a.contiguous();
  const o = out.storage.data;
  const x = source.storage.data;
  if ((op === 'exp' || op === 'relu') && o instanceof Float32Array && x instanceof Float32Array) {
    const fast = kernelOrNull(op, a.size);
    if (fast !== null) {
      fast(o, 0, x, source.offset, a.size);
      return out;
    }
  }
  if (spec.kernel) spec.kernel(out.storage.data, 0, source.storage.data, source.offset, a.size);
  else unaryFlat(spec.make(params), out.storage.data, 0, source.storage.data, source.offset, a.size);
  return out;
}

/** `a = f(a)` in place; the result must fit `a`'s dtype (exp_ on an int32 array is an error). */
export function unaryInPlace<T extends NDArray>(op: UnaryOpName, a: T, params: readonly number[] = []): T {
  const spec = SPECS[op];
  checkCanCast(`${op}_`, outputDType(op, spec, a.dtype, params), a.dtype);
  checkNoInternalOverlap(`${op}_`, a);
  checkNegatable(`${op}_`, a);
  const f = spec.make(params);
  if (a.isContiguous) {
    unaryFlat(f, a.storage.data, a.offset, a.storage.data, a.offset, a.size);
  } else {
    const values = a.clone();
    unaryFlat(f, values.storage.data, 0, values.storage.data, 0, a.size);
    assignStrided(a, values);
  }
  a.storage.version++;
  return a;
}

/** -(-2^31) does not fit int32: neg and abs of it are errors rather than wrapping to -2^31. */
function checkNegatable(op: string, a: NDArray): void {
  if (a.dtype !== 'int32' || !(op.startsWith('neg') || op.startsWith('abs'))) return;
  const values = a.contiguous();
  const data = values.storage.data;
  for (let i = 0; i < a.size; i++) {
    const x = data[values.offset + i]!;
    if (x === -(2 ** 31)) checkInt32(op, -x);
  }
}
