import { afterEach, expect, test, vi } from 'vitest';
import { randn, setBackend } from '../../index.js';
import { defaultBackend, jsBackend, wasmBackend } from '../backend.js';
import { kernelStatus, resetWasmKernels, wasmKernels } from './wasm-kernels.js';

// Each case takes something away from the engine; every op must still give the JavaScript results.

afterEach(() => {
  vi.unstubAllGlobals();
  resetWasmKernels();
  setBackend(defaultBackend);
});

// The namespace's members are not enumerable, so a stub lists them.
const wasm = (globalThis as unknown as { WebAssembly: Record<string, unknown> }).WebAssembly;
const engine = Object.fromEntries(
  ['Memory', 'Module', 'Instance', 'validate', 'compile', 'instantiate'].map((name) => [name, wasm[name]]),
);

function expectSameAsJavaScript(): void {
  const a = randn([64, 200]);
  const b = randn([200, 48]);
  const compute = () => [a.matmul(b), a.add(a), a.mul(3), a.sum(), a.sum(0)].map((x) => x.toTypedArray());
  setBackend(jsBackend);
  const want = compute();
  setBackend(wasmBackend);
  expect(compute()).toEqual(want);
  setBackend(defaultBackend);
  expect(compute()).toEqual(want);
}

test('without WebAssembly every op runs on JavaScript', () => {
  vi.stubGlobal('WebAssembly', undefined);
  resetWasmKernels();
  expectSameAsJavaScript();
  expect(kernelStatus()).toBe('unavailable');
});

test('without SIMD (neither variant validates) every op runs on JavaScript', () => {
  vi.stubGlobal('WebAssembly', { ...engine, validate: () => false });
  resetWasmKernels();
  expectSameAsJavaScript();
  expect(kernelStatus()).toBe('unavailable');
});

test('where synchronous compilation is refused, JavaScript serves until the async compile is done', async () => {
  function RefusingModule(): never {
    throw new RangeError('WebAssembly.Module(): buffer size is larger than 4KB on the main thread');
  }
  vi.stubGlobal('WebAssembly', { ...engine, Module: RefusingModule });
  resetWasmKernels();
  expectSameAsJavaScript();
  expect(kernelStatus()).toBe('compiling');
  await vi.waitFor(() => expect(kernelStatus()).toBe('simd'));
  // Now the wasm kernels serve (element-wise results are the same bits either way).
  const x = randn([20_000]);
  setBackend(jsBackend);
  const want = x.add(x).toTypedArray();
  setBackend(wasmBackend);
  expect(x.add(x).toTypedArray()).toEqual(want);
});

test('without SharedArrayBuffer (a page without cross-origin isolation) the kernels run on one thread', () => {
  vi.stubGlobal('SharedArrayBuffer', undefined);
  resetWasmKernels();
  const kernels = wasmKernels()!;
  expect(kernels.shared).toBe(false);
  expect(kernels.gemmWorker()).toBeNull();
  const a = randn([300, 200]);
  const b = randn([200, 250]);
  setBackend(wasmBackend);
  const alone = a.matmul(b).toTypedArray();
  vi.unstubAllGlobals();
  resetWasmKernels();
  expect(a.matmul(b).toTypedArray()).toEqual(alone); // the same bits with a worker
});

test('nothing is loaded at import or by small ops', async () => {
  resetWasmKernels();
  const x = randn([3, 4]);
  x.add(x).mul(2).sum();
  x.matmul(x.t());
  expect(kernelStatus()).toBe('not loaded');
});
