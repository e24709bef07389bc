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
 * GEMM call would copy and pack the whole weight matrix every step. An LSTM's forward step runs
 * its gates in wasm too, on the product where it lands (assembly/recurrent.ts); the other modes'
 * gate math and every backward step are the JavaScript kernel's (kernels/recurrent.ts). Float32 only.
 */

const align = (bytes: number) => Math.ceil(bytes / 64) * 64;

/** Thrown when the worker stalled inside a product: the sequence is redone in JavaScript. */
class WorkerStalled extends Error {}

interface PackedProducts {
  /** out = left (from `offset`) · the packed weight. */
  multiply(left: TypedArray, offset: number, out: TypedArray): void;
  /** For an LSTM's forward products: `StepProducts.lstmStep`. */
  lstmStep: StepProducts['lstmStep'] | undefined;
}

/** Products of a [B × k] left operand with a k × n weight packed once (n = G·H or H). */
function packedProducts(
  kernels: WasmKernels,
  whh: Float32Array,
  s: RecurrentShape,
  transposed: boolean,
): PackedProducts | null {
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
  // An LSTM step's input part (then its gates), c and the new c and h.
  const bh = s.batch * H;
  const stepX = workerWork + align(e.gemmWorkBytes(4));
  const stepC = stepX + align(s.batch * gh * 4);
  const stepCNext = stepC + align(bh * 4);
  const stepHNext = stepCNext + align(bh * 4);
  const lstm = s.mode === 'lstm' && transposed;
  if (!kernels.reserve(lstm ? stepHNext + align(bh * 4) : stepX)) return null;
  kernels.f32.set(whh, weights / 4);
  // W_hhᵀ: element (p, j) = whh[j, p] (rows 1 apart, columns H); W_hh itself: row-major.
  if (transposed) e.packBF32(k, n, weights, 1, H, packed);
  else e.packBF32(k, n, weights, H, 1, packed);
  const worker = productWorker(kernels, s.batch, k, n);
  const product = (source: TypedArray, offset: number) => {
    kernels.f32.set(source.subarray(offset, offset + s.batch * k), left / 4);
    if (!multiplyPacked(kernels, worker, false, s.batch, n, k, left, k, 1, packed, out, work, workerWork)) {
      throw new WorkerStalled();
    }
  };
  return {
    multiply(source, offset, target) {
      product(source, offset);
      target.set(kernels.f32.subarray(out / 4, out / 4 + s.batch * n));
    },
    // The product stays in wasm memory for the gates; only the step's inputs and results move.
    lstmStep: lstm
      ? (xw, x0, cs, hs, gates, g0, prev, next) => {
          product(hs, prev);
          const f32 = kernels.f32;
          f32.set(xw.subarray(x0, x0 + s.batch * gh), stepX / 4);
          f32.set(cs.subarray(prev, prev + bh), stepC / 4);
          e.lstmGatesF32(stepX, out, stepC, stepCNext, stepHNext, s.batch, H);
          gates.set(f32.subarray(stepX / 4, stepX / 4 + s.batch * gh), g0);
          cs.set(f32.subarray(stepCNext / 4, stepCNext / 4 + bh), next);
          hs.set(f32.subarray(stepHNext / 4, stepHNext / 4 + bh), next);
        }
      : undefined,
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
  const products: StepProducts = {
    forward: forward.multiply,
    backward: noBackward,
    ...(forward.lstmStep === undefined ? {} : { lstmStep: forward.lstmStep }),
  };
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
  const products: StepProducts = { forward: noBackward, backward: backward.multiply };
  return attempt(() => recurrentBackward(dy, dhLast, dcLast, whh, saved, s, products), reference);
}
