import { afterEach, describe, expect, test } from 'vitest';
import { randn, setBackend, type NDArray } from '../../index.js';
import { defaultBackend, wasmBackend } from '../backend.js';
import { availableThreads } from './gemm-worker.js';
import { kernelThreads, resetWasmKernels, setKernelThreads, wasmKernels } from './wasm-kernels.js';

// The worker computes whole rows with the same code as the calling thread, so a product split
// between the two threads must equal the single-thread product bit for bit.

afterEach(() => {
  setKernelThreads(2);
  setBackend(defaultBackend);
});

/** Products large enough to be split (m·k·n ≥ 128³), with edge sizes and transposed operands. */
function products(): (() => NDArray)[] {
  const a = randn([301, 257]);
  const b = randn([257, 131]);
  const w = randn([200, 257]);
  const d = randn([150, 300], { dtype: 'float64' });
  const e = randn([300, 140], { dtype: 'float64' });
  const g = randn([301, 129]);
  return [() => a.matmul(b), () => a.t().matmul(g), () => a.matmul(w.t()), () => d.matmul(e)];
}

const compute = (inputs: (() => NDArray)[]) => inputs.map((f) => f().toTypedArray());

describe('the worker thread for large products', () => {
  test('blocks computed by the worker are identical to one thread', (context) => {
    setBackend(wasmBackend);
    const kernels = wasmKernels()!;
    if (availableThreads() < 2) {
      // One core (or no worker threads): there is no worker to compare, so say so, not pass.
      expect(kernels.gemmWorker()).toBeNull();
      console.warn('[skipped] the two-thread GEMM test needs 2 cores and worker threads');
      context.skip('needs 2 cores and worker threads');
    }
    const worker = kernels.gemmWorker()!;
    expect(worker).not.toBeNull();
    const inputs = products();
    setKernelThreads(1);
    const single = compute(inputs);
    setKernelThreads(2);
    // Whatever the timing, normally: the calling thread takes what the worker does not.
    expect(compute(inputs)).toEqual(single);
    // Then every block on the worker (the caller waits for it, however long it takes to start).
    const before = worker.completed;
    worker.workerOnly = true;
    try {
      expect(compute(inputs)).toEqual(single);
    } finally {
      worker.workerOnly = false;
    }
    expect(worker.completed).toBeGreaterThan(before);
  });

  test('kernelThreads says how many threads a large product runs on', () => {
    setBackend(wasmBackend);
    setKernelThreads(1);
    expect(kernelThreads()).toBe(1);
    setKernelThreads(2);
    expect(kernelThreads()).toBe(availableThreads() >= 2 && wasmKernels()!.shared ? 2 : 1);
    expect(kernelThreads()).toBe(wasmKernels()!.gemmWorker() === null ? 1 : 2);
  });

  test('with threads capped at 1, or the worker stopped, the calling thread computes everything', () => {
    setBackend(wasmBackend);
    const kernels = wasmKernels()!;
    const worker = kernels.gemmWorker();
    const inputs = products();
    const want = compute(inputs);
    setKernelThreads(1);
    const before = worker?.completed ?? 0;
    expect(compute(inputs)).toEqual(want);
    expect(worker?.completed ?? 0).toBe(before);
    setKernelThreads(2);
    worker?.stop();
    expect(compute(inputs)).toEqual(want);
    expect(kernels.gemmWorker()).toBeNull();
    resetWasmKernels(); // a fresh module (and worker) for whatever runs next
  });
});
