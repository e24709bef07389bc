import { kernelStatus, stridedEngineStatus } from '@torchlet/tensor';
import type { Environment } from '../protocol/environment.js';

export function environment(): Environment {
  return { crossOriginIsolated, strided: stridedEngineStatus(), kernels: kernelStatus() };
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
