import { availableThreads, GemmWorker } from './gemm-worker.js';
import {
  RELAXED_SIMD_KERNELS,
  RELAXED_SIMD_SHARED_KERNELS,
  SIMD_KERNELS,
  SIMD_SHARED_KERNELS,
  type KernelExports,
} from './kernels.generated.js';

export type { KernelExports };

/**
 * Loads the WebAssembly kernels (built from packages/tensor/assembly) on first use and owns the
 * memory they work in. Nothing happens at import: the package has no side effects.
 *
 * The engine's WebAssembly API is read from `globalThis` and typed here, so this file needs neither
 * the DOM nor Node's type definitions, and a missing API is just a missing property.
 */

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  instantiate(module: WasmModule, imports: object): Promise<{ readonly exports: object }>;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}

export type KernelVariant = 'simd' | 'relaxed-simd';

const PAGE = 65536;
// wasm32 addresses are 32-bit; stay within 2 GiB so every byte offset is a positive int32 (the
// shared builds declare this maximum: 32768 pages).
const MAX_PAGES = 32768;
const MAX_BYTES = MAX_PAGES * PAGE;
/** Where the operands start: the kernels use no static data, so the low bytes are free. */
export const HEAP_BASE = 1024;

/** An instantiated module with its memory and typed views over it. */
export class WasmKernels {
  f32: Float32Array;
  f64: Float64Array;
  private worker: GemmWorker | null | undefined;

  constructor(
    readonly exports: KernelExports,
    readonly memory: WasmMemory,
    readonly variant: KernelVariant,
    /** The compiled module, when its memory is shared and a worker may run it too. */
    private readonly sharedModule: WasmModule | null,
  ) {
    this.f32 = new Float32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
  }

  get shared(): boolean {
    return this.sharedModule !== null;
  }

  /** The helper thread for large products, started on first use; null when there is none. */
  gemmWorker(): GemmWorker | null {
    if (this.sharedModule === null || threadLimit < 2) return null;
    if (this.worker === undefined) this.worker = GemmWorker.start(this.sharedModule, this.memory);
    return this.worker?.usable ? this.worker : null;
  }

  /** Ends the helper thread, if one was started (these kernels are being dropped). */
  stopWorker(): void {
    this.worker?.stop();
    this.worker = null;
  }

  /**
   * Makes the memory at least `bytes` long. Growing detaches the old buffer (every view over it
   * reads as empty), so the views are made anew. False when it cannot grow that far.
   */
  reserve(bytes: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return true;
    if (bytes > MAX_BYTES) return false;
    // A shared buffer is never detached: growth makes a new, longer one (views are redone alike).
    // Grow geometrically so a sequence of slightly larger calls does not grow every time.
    const want = Math.min(Math.max(bytes, have * 1.5), MAX_BYTES);
    try {
      this.memory.grow(Math.ceil((want - have) / PAGE));
    } catch {
      return false;
    } finally {
      this.f32 = new Float32Array(this.memory.buffer);
      this.f64 = new Float64Array(this.memory.buffer);
    }
    return true;
  }
}

type LoadState =
  | { readonly kind: 'untried' }
  | { readonly kind: 'compiling' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'ready'; readonly kernels: WasmKernels };

let state: LoadState = { kind: 'untried' };

/** 'not loaded' until the first call that wants wasm; then the variant in use, or why none is. */
export type KernelStatus = 'not loaded' | 'compiling' | 'unavailable' | KernelVariant;

export function kernelStatus(): KernelStatus {
  switch (state.kind) {
    case 'untried':
      return 'not loaded';
    case 'ready':
      return state.kernels.variant;
    default:
      return state.kind;
  }
}

/**
 * How many threads the largest matrix products run on here: 2 where the kernels load with shared
 * memory and a worker thread may take half of a product (Node main thread, two cores, not capped
 * by setKernelThreads), else 1. Loads the kernels to find out.
 */
export function kernelThreads(): number {
  const kernels = wasmKernels();
  return kernels !== null && kernels.shared && threadLimit >= 2 ? 2 : 1;
}

/**
 * The kernels, or null when they cannot be used (no WebAssembly or no SIMD) or are not compiled
 * yet. The first call compiles synchronously where the engine allows it (Node); where it does not
 * (a browser's main thread refuses to compile large modules synchronously) it starts an
 * asynchronous compilation and returns null until that is done, so callers keep using JavaScript.
 */
export function wasmKernels(): WasmKernels | null {
  if (state.kind === 'ready') return state.kernels;
  if (state.kind !== 'untried') return null;
  state = load();
  return state.kind === 'ready' ? state.kernels : null;
}

function load(): LoadState {
  const unavailable: LoadState = { kind: 'unavailable' };
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const decode = (globalThis as { atob?: (base64: string) => string }).atob;
  if (api === undefined || decode === undefined) return unavailable;
  if (threadLimit >= 2 && availableThreads() >= 2) {
    const threaded = instantiate(api, decode, true);
    if (threaded !== null) return threaded;
  }
  return instantiate(api, decode, false) ?? unavailable;
}

/** The best variant the engine validates, instantiated on a fresh memory (shared or not); null if none. */
function instantiate(api: WasmApi, decode: (base64: string) => string, shared: boolean): LoadState | null {
  let chosen: { bytes: Uint8Array; variant: KernelVariant } | null = null;
  let memory: WasmMemory;
  try {
    for (const [base64, variant] of [
      [shared ? RELAXED_SIMD_SHARED_KERNELS : RELAXED_SIMD_KERNELS, 'relaxed-simd'],
      [shared ? SIMD_SHARED_KERNELS : SIMD_KERNELS, 'simd'],
    ] as const) {
      const bytes = fromBase64(decode(base64));
      if (api.validate(bytes)) {
        chosen = { bytes, variant };
        break;
      }
    }
    if (chosen === null) return null; // no SIMD
    memory = new api.Memory(shared ? { initial: 16, maximum: MAX_PAGES, shared: true } : { initial: 16 });
  } catch {
    return null;
  }
  const { bytes, variant } = chosen;
  const imports = { env: { memory } };
  try {
    const module = new api.Module(bytes);
    const instance = new api.Instance(module, imports);
    const kernels = new WasmKernels(instance.exports as KernelExports, memory, variant, shared ? module : null);
    return { kind: 'ready', kernels };
  } catch {
    if (shared) return null; // try the single-thread build
    // Synchronous compilation refused (a browser's main thread) or failed: try asynchronously, and
    // let callers use JavaScript meanwhile.
    api
      .compile(bytes)
      .then((module) => api.instantiate(module, imports))
      .then(
        (instance) => {
          state = { kind: 'ready', kernels: new WasmKernels(instance.exports as KernelExports, memory, variant, null) };
        },
        () => {
          state = { kind: 'unavailable' };
        },
      );
    return { kind: 'compiling' };
  }
}

function fromBase64(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let threadLimit = 2;

/**
 * Caps the threads the kernels use: 1 keeps every product on the calling thread, 2 (the default)
 * lets a worker take half of the largest ones where Node worker threads and two cores exist.
 * Applies from the next product on; returns the previous cap.
 */
export function setKernelThreads(count: number): number {
  const previous = threadLimit;
  threadLimit = count >= 2 ? 2 : 1;
  // Kernels loaded single-threaded have unshared memory: load again to allow the worker.
  if (threadLimit === 2 && state.kind === 'ready' && !state.kernels.shared) state = { kind: 'untried' };
  return previous;
}

/** Forgets the loaded module, so the next call loads again (tests of the fallback use it). */
export function resetWasmKernels(): void {
  if (state.kind === 'ready') state.kernels.stopWorker();
  state = { kind: 'untried' };
}

/**
 * Drops the module and its memory for good after a worker stalled inside it (it might still write
 * there), and carries on single-threaded with a fresh one.
 */
export function abandonThreadedKernels(): void {
  threadLimit = 1;
  resetWasmKernels();
}
