import type { KernelStatus, StridedEngineStatus } from '@torchlet/tensor';

/** What a worker runs on: shown under the panels and read by the browser tests. */
export interface Environment {
  /** Whether the page (and so the worker) is cross-origin isolated: SharedArrayBuffer is there. */
  readonly crossOriginIsolated: boolean;
  /** The strided loops: 'ndarray-ops', or 'plain' where the page refuses eval. */
  readonly strided: StridedEngineStatus;
  /** The WebAssembly kernels: 'simd', 'relaxed-simd', or why none. */
  readonly kernels: KernelStatus;
}
