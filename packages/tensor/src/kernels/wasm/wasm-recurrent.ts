import type { TypedArray } from '../../dtype.js';
import {
  gateCount,
  recurrentBackward,
  recurrentForward,
  type RecurrentGradients,
  type RecurrentSaved,
  type RecurrentShape,
  type StepProducts,
} from '../recurrent.js';
import { HEAP_BASE, wasmKernels, type WasmKernels } from './wasm-kernels.js';
import { multiplyPacked, productWorker } from './wasm-product.js';

/**
 * The recurrences with W_hh packed into wasm memory once per sequence (forward: W_hhᵀ, backward:
 * W_hh), so that each step's product copies only the B × H state in and the result out, where a
 * GEMM call would copy and pack the whole weight matrix every step. The gate math is the
 * JavaScript kernel's (kernels/recurrent.ts); float32 only.
 */

const align = (bytes: number) => Math.ceil(bytes / 64) * 64;

/** Thrown when the worker stalled inside a product: the sequence is redone in JavaScript. */
class WorkerStalled extends Error {}

/** Products of a [B × k] left operand with a k × n weight packed once (n = G·H or H). */
function packedProducts(
  kernels: WasmKernels,
  whh: Float32Array,
  s: RecurrentShape,
  transposed: boolean,
): ((left: TypedArray, offset: number, out: TypedArray) => void) | null {
  const e = kernels.exports;
  const H = s.hidden;
  const gh = gateCount(s.mode) * H;
  const [k, n] = transposed ? [H, gh] : [gh, H];
  const weights = HEAP_BASE;
  const packed = weights + align(whh.length * 4);
  const left = packed + align(e.packedBBytes(k, n, 4));
  const out = left + align(s.batch * k * 4);
  const work = out + align(s.batch * n * 4);
  const workerWork = work + align(e.gemmWorkBytes(4));
  if (!kernels.reserve(workerWork + align(e.gemmWorkBytes(4)))) return null;
  kernels.f32.set(whh, weights / 4);
  // W_hhᵀ: element (p, j) = whh[j, p] (rows 1 apart, columns H); W_hh itself: row-major.
  if (transposed) e.packBF32(k, n, weights, 1, H, packed);
  else e.packBF32(k, n, weights, H, 1, packed);
  const worker = productWorker(kernels, s.batch, k, n);
  return (source, offset, target) => {
    kernels.f32.set(source.subarray(offset, offset + s.batch * k), left / 4);
    if (!multiplyPacked(kernels, worker, false, s.batch, n, k, left, k, 1, packed, out, work, workerWork)) {
      throw new WorkerStalled();
    }
    target.set(kernels.f32.subarray(out / 4, out / 4 + s.batch * n));
  };
}

function attempt<T>(run: () => T, fallback: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof WorkerStalled) return fallback();
    throw error;
  }
}

const noBackward = () => {
  throw new Error('recurrentForwardWasm: the forward products have no backward');
};

export function recurrentForwardWasm(
  xw: TypedArray,
  whh: TypedArray,
  bhh: TypedArray | null,
  h0: TypedArray,
  c0: TypedArray | null,
  s: RecurrentShape,
  y: TypedArray,
): RecurrentSaved {
  const kernels = wasmKernels();
  const forward = kernels !== null && whh instanceof Float32Array ? packedProducts(kernels, whh, s, true) : null;
  const reference = () => recurrentForward(xw, whh, bhh, h0, c0, s, y);
  if (forward === null) return reference();
  const products: StepProducts = { forward, backward: noBackward };
  return attempt(() => recurrentForward(xw, whh, bhh, h0, c0, s, y, products), reference);
}

export function recurrentBackwardWasm(
  dy: TypedArray,
  dhLast: TypedArray,
  dcLast: TypedArray | null,
  whh: TypedArray,
  saved: RecurrentSaved,
  s: RecurrentShape,
): RecurrentGradients {
  const kernels = wasmKernels();
  const backward = kernels !== null && whh instanceof Float32Array ? packedProducts(kernels, whh, s, false) : null;
  const reference = () => recurrentBackward(dy, dhLast, dcLast, whh, saved, s);
  if (backward === null) return reference();
  const products: StepProducts = { forward: noBackward, backward };
  return attempt(() => recurrentBackward(dy, dhLast, dcLast, whh, saved, s, products), reference);
}
