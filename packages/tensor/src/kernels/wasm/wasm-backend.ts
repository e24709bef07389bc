import type { TypedArray } from '../../dtype.js';
import type { Backend } from '../backend.js';
import { jsBackend } from '../js-backend.js';
import type { MatrixOperand } from '../matmul.js';
import { conv2dBackwardWasm, conv2dForwardWasm } from './wasm-conv.js';
import { recurrentBackwardWasm, recurrentForwardWasm } from './wasm-recurrent.js';
import { HEAP_BASE, wasmKernels, type WasmKernels } from './wasm-kernels.js';
import { multiplyPacked, productWorker } from './wasm-product.js';

/**
 * The WebAssembly SIMD kernels behind the `Backend` interface, for every size: the default backend
 * calls it only for large operands, `setBackend(wasmBackend)` forces it (the tests do, to compare
 * it with JavaScript on every shape). Storage stays in ordinary typed arrays: each call copies its
 * operands into the module's memory and the result out. What the kernels do not cover (int32
 * matmul, an unavailable or still compiling module) runs the JavaScript kernels.
 */
export const wasmBackend = {
  name: 'wasm',
  gemm(m, k, n, a, b, c, cOffset) {
    const kernels = wasmKernels();
    if (kernels === null || !gemmWasm(kernels, m, k, n, a, b, c, cOffset)) jsBackend.gemm(m, k, n, a, b, c, cOffset);
  },
  binary(op, out, outOffset, a, aOffset, b, bOffset, n) {
    const kernels = wasmKernels();
    if (
      kernels === null ||
      overlapsShifted(out, outOffset, a, aOffset, n) ||
      overlapsShifted(out, outOffset, b, bOffset, n)
    ) {
      jsBackend.binary(op, out, outOffset, a, aOffset, b, bOffset, n);
      return;
    }
    binaryWasm(kernels, op, out, outOffset, a, aOffset, b, bOffset, n);
  },
  binaryScalar(op, out, outOffset, a, aOffset, scalar, n, scalarOnLeft) {
    const kernels = wasmKernels();
    if (kernels === null || overlapsShifted(out, outOffset, a, aOffset, n)) {
      jsBackend.binaryScalar(op, out, outOffset, a, aOffset, scalar, n, scalarOnLeft);
      return;
    }
    binaryScalarWasm(kernels, op, out, outOffset, a, aOffset, scalar, n, scalarOnLeft);
  },
  sum(x, offset, outer, reduced, inner, out) {
    const kernels = wasmKernels();
    if (kernels === null) {
      jsBackend.sum(x, offset, outer, reduced, inner, out);
      return;
    }
    sumWasm(kernels, x, offset, outer, reduced, inner, out);
  },
  recurrentForward: recurrentForwardWasm,
  recurrentBackward: recurrentBackwardWasm,
  conv2d(x, w, bias, shape, out) {
    conv2dForwardWasm(wasmKernels(), x, w, bias, shape, out);
  },
  conv2dBackward(gy, x, w, shape, gradX, gradW, gradBias) {
    conv2dBackwardWasm(wasmKernels(), gy, x, w, shape, gradX, gradW, gradBias);
  },
  exp(out, outOffset, a, aOffset, n) {
    const kernels = wasmKernels();
    if (kernels === null || overlapsShifted(out, outOffset, a, aOffset, n)) {
      jsBackend.exp(out, outOffset, a, aOffset, n);
      return;
    }
    expWasm(kernels, out, outOffset, a, aOffset, n);
  },
  reluBackward(out, grad, gradOffset, result, resultOffset, n) {
    const kernels = wasmKernels();
    if (kernels === null || !reluBackwardWasm(kernels, out, grad, gradOffset, result, resultOffset, n)) {
      jsBackend.reluBackward(out, grad, gradOffset, result, resultOffset, n);
    }
  },
  relu(out, outOffset, a, aOffset, n) {
    const kernels = wasmKernels();
    const relu = kernels?.exports.reluF32;
    if (
      kernels === null ||
      overlapsShifted(out, outOffset, a, aOffset, n) ||
      !mapChunks(kernels, out, outOffset, a, aOffset, n, (pointer, length) => relu!(pointer, pointer, length))
    ) {
      jsBackend.relu(out, outOffset, a, aOffset, n);
    }
  },
} satisfies Backend;

/** Elements per piece of an element-wise op: three pieces (a, b, out) stay in L2 between copies. */
const CHUNK = 16384;

const align = (bytes: number) => Math.ceil(bytes / 64) * 64;

// ---- matrix product ----

/** Where one operand went in wasm memory: element (i, j) at `pointer + (i·rowStride + j·colStride)·size`. */
interface Placed {
  pointer: number;
  rowStride: number;
  colStride: number;
}

function gemmWasm(
  kernels: WasmKernels,
  m: number,
  k: number,
  n: number,
  a: MatrixOperand,
  b: MatrixOperand,
  c: TypedArray,
  cOffset: number,
): boolean {
  const double = c instanceof Float64Array;
  if (!double && !(c instanceof Float32Array)) return false;
  if (a.data.constructor !== c.constructor || b.data.constructor !== c.constructor) return false;
  if (m === 0 || n === 0 || k === 0) return false;
  if (a.rowStride < 0 || a.colStride < 0 || b.rowStride < 0 || b.colStride < 0) return false;
  const size = double ? 8 : 4;
  const { exports } = kernels;
  const worker = productWorker(kernels, m, k, n);
  const aCopy = copyPlan(a, m, k);
  const bCopy = copyPlan(b, k, n);
  const workBytes = align(exports.gemmWorkBytes(size));
  const aPointer = HEAP_BASE;
  const bPointer = aPointer + align(aCopy.elements * size);
  const packedB = bPointer + align(bCopy.elements * size);
  const cPointer = packedB + align(exports.packedBBytes(k, n, size));
  const work = cPointer + align(m * n * size);
  const workerWork = work + workBytes;
  if (!kernels.reserve(workerWork + (worker === null ? 0 : workBytes))) return false;
  const view = double ? kernels.f64 : kernels.f32;
  const A = place(view, aPointer, size, a, m, k, aCopy.dense);
  const B = place(view, bPointer, size, b, k, n, bCopy.dense);
  (double ? exports.packBF64 : exports.packBF32)(k, n, B.pointer, B.rowStride, B.colStride, packedB);
  if (
    !multiplyPacked(
      kernels,
      worker,
      double,
      m,
      n,
      k,
      A.pointer,
      A.rowStride,
      A.colStride,
      packedB,
      cPointer,
      work,
      workerWork,
    )
  ) {
    return false;
  }
  const from = cPointer / size;
  c.set(view.subarray(from, from + m * n), cOffset);
  return true;
}

/**
 * How to bring a strided operand over: the whole span of memory it covers when that is not much
 * more than its elements (row-major, transposed, expanded: one fast copy, strides kept), else a
 * gather into row-major order.
 */
function copyPlan(x: MatrixOperand, rows: number, cols: number): { dense: boolean; elements: number } {
  const span = (rows - 1) * x.rowStride + (cols - 1) * x.colStride + 1;
  return span <= 2 * rows * cols + 1024 ? { dense: true, elements: span } : { dense: false, elements: rows * cols };
}

function place(
  view: Float32Array | Float64Array,
  pointer: number,
  size: number,
  x: MatrixOperand,
  rows: number,
  cols: number,
  dense: boolean,
): Placed {
  const at = pointer / size;
  if (dense) {
    const span = (rows - 1) * x.rowStride + (cols - 1) * x.colStride + 1;
    view.set(x.data.subarray(x.offset, x.offset + span), at);
    return { pointer, rowStride: x.rowStride, colStride: x.colStride };
  }
  const data = x.data;
  for (let i = 0; i < rows; i++) {
    const row = x.offset + i * x.rowStride;
    const to = at + i * cols;
    for (let j = 0; j < cols; j++) view[to + j] = data[row + j * x.colStride]!;
  }
  return { pointer, rowStride: cols, colStride: 1 };
}

// ---- element-wise ----

/**
 * True when `out` and `x` share memory at different offsets: writing `out` piece by piece would
 * then not read `x` as the JavaScript loop does (the same offset, as in `a.add_(b)`, is fine).
 */
function overlapsShifted(out: Float32Array, outOffset: number, x: Float32Array, xOffset: number, n: number): boolean {
  if (out.buffer !== x.buffer) return false;
  const o = out.byteOffset + outOffset * 4;
  const s = x.byteOffset + xOffset * 4;
  return o !== s && o < s + n * 4 && s < o + n * 4;
}

function binaryWasm(
  kernels: WasmKernels,
  op: number,
  out: Float32Array,
  outOffset: number,
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  n: number,
): void {
  const binary = kernels.exports.binaryF32;
  const kernel = (aPointer: number, bPointer: number, length: number) =>
    binary(op, aPointer, bPointer, aPointer, length);
  if (!mapPairChunks(kernels, out, outOffset, a, aOffset, b, bOffset, n, kernel)) {
    jsBackend.binary(op, out, outOffset, a, aOffset, b, bOffset, n);
  }
}

/** relu's gradient a chunk at a time (`out` is a new array: it overlaps neither input). */
function reluBackwardWasm(
  kernels: WasmKernels,
  out: Float32Array,
  grad: Float32Array,
  gradOffset: number,
  result: Float32Array,
  resultOffset: number,
  n: number,
): boolean {
  const reluBackward = kernels.exports.reluBackwardF32;
  const kernel = (gradPointer: number, resultPointer: number, length: number) =>
    reluBackward(gradPointer, resultPointer, gradPointer, length);
  return mapPairChunks(kernels, out, 0, grad, gradOffset, result, resultOffset, n, kernel);
}

/**
 * Runs `kernel(aPointer, bPointer, length)` over `a` and `b` a chunk at a time, in wasm memory,
 * and copies each result chunk (which the kernel writes over a's) to `out`. False when the memory
 * could not grow (the caller then uses JS).
 */
function mapPairChunks(
  kernels: WasmKernels,
  out: Float32Array,
  outOffset: number,
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  n: number,
  kernel: (aPointer: number, bPointer: number, length: number) => void,
): boolean {
  const aPointer = HEAP_BASE;
  const bPointer = aPointer + CHUNK * 4;
  if (!kernels.reserve(bPointer + CHUNK * 4)) return false;
  const view = kernels.f32;
  for (let start = 0; start < n; start += CHUNK) {
    const length = Math.min(CHUNK, n - start);
    view.set(a.subarray(aOffset + start, aOffset + start + length), aPointer / 4);
    view.set(b.subarray(bOffset + start, bOffset + start + length), bPointer / 4);
    kernel(aPointer, bPointer, length);
    out.set(view.subarray(aPointer / 4, aPointer / 4 + length), outOffset + start);
  }
  return true;
}

/**
 * Runs `kernel(pointer, length)` over `a` a chunk at a time, in place in wasm memory, and copies
 * each result chunk to `out`. False when the memory could not grow (the caller then uses JS).
 */
function mapChunks(
  kernels: WasmKernels,
  out: Float32Array,
  outOffset: number,
  a: Float32Array,
  aOffset: number,
  n: number,
  kernel: (pointer: number, length: number) => void,
): boolean {
  const pointer = HEAP_BASE;
  if (!kernels.reserve(pointer + CHUNK * 4)) return false;
  const view = kernels.f32;
  for (let start = 0; start < n; start += CHUNK) {
    const length = Math.min(CHUNK, n - start);
    view.set(a.subarray(aOffset + start, aOffset + start + length), pointer / 4);
    kernel(pointer, length);
    out.set(view.subarray(pointer / 4, pointer / 4 + length), outOffset + start);
  }
  return true;
}

function binaryScalarWasm(
  kernels: WasmKernels,
  op: number,
  out: Float32Array,
  outOffset: number,
  a: Float32Array,
  aOffset: number,
  scalar: number,
  n: number,
  scalarOnLeft: boolean,
): void {
  const binaryScalar = kernels.exports.binaryScalarF32;
  const kernel = (pointer: number, length: number) => binaryScalar(op, pointer, scalar, pointer, length, scalarOnLeft);
  if (!mapChunks(kernels, out, outOffset, a, aOffset, n, kernel)) {
    jsBackend.binaryScalar(op, out, outOffset, a, aOffset, scalar, n, scalarOnLeft);
  }
}

function expWasm(
  kernels: WasmKernels,
  out: Float32Array,
  outOffset: number,
  a: Float32Array,
  aOffset: number,
  n: number,
): void {
  const exp = kernels.exports.expF32;
  if (!mapChunks(kernels, out, outOffset, a, aOffset, n, (pointer, length) => exp(pointer, pointer, length))) {
    jsBackend.exp(out, outOffset, a, aOffset, n);
  }
}

// ---- sums ----

function sumWasm(
  kernels: WasmKernels,
  x: Float32Array,
  offset: number,
  outer: number,
  reduced: number,
  inner: number,
  out: Float64Array,
): void {
  // A float64 accumulator row of up to CHUNK columns, then a CHUNK-element piece of the input.
  const accPointer = HEAP_BASE;
  const piecePointer = accPointer + CHUNK * 8;
  if (!kernels.reserve(piecePointer + CHUNK * 4)) {
    jsBackend.sum(x, offset, outer, reduced, inner, out);
    return;
  }
  const f32 = kernels.f32;
  const f64 = kernels.f64;
  const { sumF32, sumColumnsF32 } = kernels.exports;
  for (let o = 0; o < outer; o++) {
    const base = offset + o * reduced * inner;
    if (inner === 1) {
      // One contiguous run: sum it piece by piece; the pieces' sums add up in order.
      let total = 0;
      for (let start = 0; start < reduced; start += CHUNK) {
        const length = Math.min(CHUNK, reduced - start);
        f32.set(x.subarray(base + start, base + start + length), piecePointer / 4);
        total += sumF32(piecePointer, length);
      }
      out[o] = total;
      continue;
    }
    // Column sums in stripes of at most CHUNK columns, a few rows at a time, rows in order.
    for (let column = 0; column < inner; column += CHUNK) {
      const width = Math.min(CHUNK, inner - column);
      const rowsPerPiece = Math.max(1, Math.floor(CHUNK / width));
      f64.fill(0, accPointer / 8, accPointer / 8 + width);
      for (let r = 0; r < reduced; r += rowsPerPiece) {
        const rows = Math.min(rowsPerPiece, reduced - r);
        if (width === inner) {
          const from = base + r * inner;
          f32.set(x.subarray(from, from + rows * inner), piecePointer / 4);
        } else {
          for (let i = 0; i < rows; i++) {
            const from = base + (r + i) * inner + column;
            f32.set(x.subarray(from, from + width), piecePointer / 4 + i * width);
          }
        }
        sumColumnsF32(piecePointer, rows, width, accPointer);
      }
      out.set(f64.subarray(accPointer / 8, accPointer / 8 + width), o * inner + column);
    }
  }
}
