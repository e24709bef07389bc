import type { GemmWorker } from './gemm-worker.js';
import { abandonThreadedKernels, type WasmKernels } from './wasm-kernels.js';

/** m·k·n from which a worker thread shares a product (below, handing over costs more than it saves). */
const PARALLEL_WORK = 128 * 128 * 128;

/**
 * The worker to share a product of m·k·n multiply-adds with, or null to compute it on this thread
 * alone: only large products (m·k·n ≥ 128³, m ≥ 16) are worth handing half of to another core.
 */
export function productWorker(kernels: WasmKernels, m: number, k: number, n: number): GemmWorker | null {
  const helper = m * k * n >= PARALLEL_WORK && m >= 16 ? kernels.gemmWorker() : null;
  return helper?.shareNext() ? helper : null;
}

/**
 * C (m × n at `c`) = A (at `a`, element strides aRow/aCol) · B packed at `packedB`, in wasm
 * memory, by this thread and `worker` if given (`work` and `workerWork`: gemmWorkBytes each).
 * False if the worker stalled: the memory is then abandoned and the caller must recompute.
 */
export function multiplyPacked(
  kernels: WasmKernels,
  worker: GemmWorker | null,
  double: boolean,
  m: number,
  n: number,
  k: number,
  a: number,
  aRow: number,
  aCol: number,
  packedB: number,
  c: number,
  work: number,
  workerWork: number,
): boolean {
  const { exports } = kernels;
  const size = double ? 8 : 4;
  const gemm = double ? exports.gemmPackedF64 : exports.gemmPackedF32;
  if (worker === null) {
    gemm(m, n, k, a, aRow, aCol, packedB, c, work);
    return true;
  }
  // Up to 16 blocks of at least 8 rows (a multiple of the 4-row tile), taken by this thread and
  // the worker alike: one block is the most either ever waits for the other.
  const rowsPerBlock = Math.max(8, Math.ceil(m / 16 / 4) * 4);
  const blocks = Math.ceil(m / rowsPerBlock);
  const args = [m, n, k, a, aRow, aCol, packedB, c, workerWork, double ? 1 : 0];
  const finished = worker.run([...args, rowsPerBlock, blocks], (block) => {
    const first = block * rowsPerBlock;
    const rows = Math.min(rowsPerBlock, m - first);
    gemm(rows, n, k, a + first * aRow * size, aRow, aCol, packedB, c + first * n * size, work);
  });
  if (!finished) abandonThreadedKernels();
  return finished;
}
