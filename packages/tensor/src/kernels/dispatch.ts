import type { Backend } from './backend.js';
import { jsBackend } from './js-backend.js';
import { KERNELS, type KernelName, type Kernels } from './registry.js';
import { wasmBackend } from './wasm/wasm-backend.js';

/**
 * The one place that decides which implementation runs a kernel call: under the default backend,
 * WebAssembly from the size its registry line gives (kernels/registry.ts), JavaScript below it;
 * under an installed backend, that backend, or JavaScript for a kernel it lacks.
 */

type AnyKernel = (...args: never[]) => void;

/** Thresholds by kernel, for benchmarks and tests. */
export const WASM_THRESHOLDS = Object.fromEntries(
  Object.entries(KERNELS).map(([name, entry]) => [name, entry.wasmFrom]),
) as { readonly [K in KernelName]: number };

/** The default: JavaScript for small calls, WebAssembly SIMD for large ones, kernel by kernel. */
export const defaultBackend: Backend = {
  name: 'default',
  ...Object.fromEntries(
    Object.entries(KERNELS).map(([name, entry]) => {
      const wasm = (wasmBackend as unknown as Partial<Record<string, AnyKernel>>)[name];
      const work = entry.work as (...args: unknown[]) => number;
      const js = entry.js as (...args: unknown[]) => void;
      if (wasm === undefined) return [name, js];
      const fast = wasm as (...args: unknown[]) => void;
      return [name, (...args: unknown[]) => (work(...args) >= entry.wasmFrom ? fast : js)(...args)];
    }),
  ),
};

let active: Backend = defaultBackend;

/** Below this much work no kernel goes to WebAssembly (the tutorial's tensors all are). */
const SMALLEST_WASM_FROM = Math.min(...Object.values(KERNELS).map((entry) => entry.wasmFrom));

export function getBackend(): Backend {
  return active;
}

/** Installs `backend` for every later op; returns the one it replaced. */
export function setBackend(backend: Backend): Backend {
  const previous = active;
  active = backend;
  return previous;
}

/**
 * The implementation of kernel `name` to run for a call of `work` units (the registry's measure),
 * or null when the caller should run its own inline JavaScript loop: small calls under the
 * default backend, where not making the call keeps the tiny tensors of a training loop cheap.
 */
export function kernelOrNull<K extends KernelName>(name: K, work: number): Kernels[K] | null {
  if (active === defaultBackend) {
    // Small calls decide here, before the lookups by name (megamorphic across call sites).
    if (work < SMALLEST_WASM_FROM) return null;
    const wasm = (wasmBackend as Backend)[name];
    return wasm !== undefined && work >= KERNELS[name].wasmFrom ? (wasm as Kernels[K]) : null;
  }
  return (active[name] as Kernels[K] | undefined) ?? jsBackend[name];
}

/** Like `kernelOrNull`, but the JavaScript kernel rather than null. */
export function kernel<K extends KernelName>(name: K, work: number): Kernels[K] {
  return kernelOrNull(name, work) ?? jsBackend[name];
}

/** The backend whose kernel `kernelOrNull` would run, or null (for tests and diagnostics). */
export function backendFor(name: KernelName, work: number): Backend | null {
  if (active === defaultBackend) return kernelOrNull(name, work) === null ? null : wasmBackend;
  return active[name] === undefined ? jsBackend : active;
}
