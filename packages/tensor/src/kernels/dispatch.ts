import type { Backend } from './backend.js';
import { jsBackend } from './js-backend.js';
import { wasmBackend } from './wasm/wasm-backend.js';

/** The kernels a backend implements (every method of `Backend` but its name). */
export type KernelName = Exclude<keyof Backend, 'name'>;
type KernelArgs<K extends KernelName> = Parameters<NonNullable<Backend[K]>>;

interface KernelRule<K extends KernelName> {
  /** From how much work (as `work` measures it) WebAssembly beats the JavaScript loop. */
  readonly wasmFrom: number;
  /** The work of one call, from its arguments. */
  readonly work: (...args: KernelArgs<K>) => number;
}

/**
 * The one place that decides, per kernel and per call, between JavaScript and WebAssembly under
 * the default backend: one registration line per kernel. The sizes are where the WebAssembly
 * kernels start to beat the JavaScript loops, with a margin (measured on a 2-core Xeon, Node 20:
 * wasm is already ~2x faster at 256 elements and at 8·8·8 products; `node assembly/bench.mjs`
 * measures both sides). Below them a call stays in plain JavaScript: no copies, and nothing is
 * loaded, so the tutorial's tensors (2–10 elements) never leave JavaScript. A kernel that only
 * JavaScript implements has `wasmFrom: Infinity`.
 */
const KERNELS: { readonly [K in KernelName]-?: KernelRule<K> } = {
  gemm: { wasmFrom: 16 * 16 * 16, work: (m, k, n) => m * k * n },
  binary: { wasmFrom: 1024, work: (_op, _out, _outOffset, _a, _aOffset, _b, _bOffset, n) => n },
  binaryScalar: { wasmFrom: 1024, work: (_op, _out, _outOffset, _a, _aOffset, _scalar, n) => n },
  sum: { wasmFrom: 1024, work: (_x, _offset, _outer, reduced, inner) => sumWork(reduced, inner) },
  exp: { wasmFrom: 1024, work: (_out, _outOffset, _a, _aOffset, n) => n },
};

/** The work of a sum of `reduced` rows of `inner` columns; 2 or 3 columns are slower in wasm. */
export function sumWork(reduced: number, inner: number): number {
  return inner === 1 || inner >= 4 ? reduced * inner : 0;
}

/** Thresholds by kernel, for benchmarks and tests. */
export const WASM_THRESHOLDS: { readonly [K in KernelName]: number } = Object.fromEntries(
  Object.entries(KERNELS).map(([name, rule]) => [name, rule.wasmFrom]),
) as { readonly [K in KernelName]: number };

/** The default: JavaScript for small calls, WebAssembly SIMD for large ones, kernel by kernel. */
export const defaultBackend: Backend = Object.fromEntries([
  ['name', 'default'],
  ...Object.keys(KERNELS).map((name) => {
    const key = name as KernelName;
    const rule = KERNELS[key] as KernelRule<KernelName>;
    const run = (...args: KernelArgs<KernelName>) => {
      const backend = rule.work(...args) >= rule.wasmFrom ? wasmBackend : jsBackend;
      return (backend[key] as (...a: KernelArgs<KernelName>) => void)(...args);
    };
    return [key, run];
  }),
]) as unknown as Backend;

let active: Backend = defaultBackend;

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
 * The backend to run kernel `name` on for a call of `work` units, or null when the caller should
 * run its own inline JavaScript loop (small calls under the default backend: not making the call
 * keeps the tiny tensors of a training loop as cheap as they can be). A backend that lacks an
 * optional kernel gets the JavaScript one.
 */
export function backendFor(name: KernelName, work: number): Backend | null {
  if (active === defaultBackend) return work >= KERNELS[name].wasmFrom ? wasmBackend : null;
  return active[name] === undefined ? jsBackend : active;
}

/** Like `backendFor`, but always a backend (JavaScript rather than null). */
export function kernelsFor(name: KernelName, work: number): Backend {
  return backendFor(name, work) ?? jsBackend;
}
