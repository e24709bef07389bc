import type { MatrixOperand } from './matmul.js';
import type { Kernels } from './registry.js';

/**
 * A set of kernels that a faster implementation (WebAssembly SIMD, a worker pool) may replace. Ops
 * above this interface never change. A backend implements the kernels it is good at (every kernel
 * is optional; JavaScript runs the ones it lacks) and may serve only some sizes itself, calling the
 * JavaScript kernels (`jsBackend`) for the rest. Kernels are called as plain functions (without
 * `this`). Their signatures and contracts are those of the JavaScript implementations listed in
 * kernels/registry.ts; which implementation runs a call is decided in one place,
 * kernels/dispatch.ts.
 *
 * The element-wise and sum kernels are called only for contiguous float32 operands, and only for
 * the four arithmetic ops (`op`: 0 add, 1 sub, 2 mul, 3 div), whose results are exact in float32,
 * so any correct implementation stores the same bits as the JavaScript loops.
 */
export interface Backend extends Partial<Kernels> {
  readonly name: string;
}

export {
  backendFor,
  defaultBackend,
  getBackend,
  kernel,
  kernelOrNull,
  setBackend,
  WASM_THRESHOLDS,
} from './dispatch.js';
export { jsBackend } from './js-backend.js';
export { wasmBackend } from './wasm/wasm-backend.js';
export { kernelStatus, kernelThreads, setKernelThreads, type KernelStatus } from './wasm/wasm-kernels.js';
export type { KernelName, Kernels } from './registry.js';
export type { MatrixOperand };
