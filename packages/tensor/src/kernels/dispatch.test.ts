import { afterEach, expect, test } from 'vitest';
import {
  backendFor,
  defaultBackend,
  jsBackend,
  kernel,
  kernelOrNull,
  setBackend,
  wasmBackend,
  WASM_THRESHOLDS,
} from './backend.js';

afterEach(() => {
  setBackend(defaultBackend);
});

test('the default backend keeps small calls in the caller and sends large ones to WebAssembly', () => {
  expect(backendFor('binary', WASM_THRESHOLDS.binary - 1)).toBeNull();
  expect(backendFor('binary', WASM_THRESHOLDS.binary)).toBe(wasmBackend);
  expect(kernelOrNull('exp', 10)).toBeNull();
  expect(kernel('gemm', 8)).toBe(jsBackend.gemm);
  expect(kernel('gemm', WASM_THRESHOLDS.gemm)).toBe(wasmBackend.gemm);
});

test('an installed backend serves every call, and JavaScript serves the optional kernels it lacks', () => {
  const { exp: _exp, ...withoutExp } = wasmBackend;
  const custom = { ...withoutExp, name: 'custom' };
  setBackend(custom);
  expect(backendFor('binary', 1)).toBe(custom);
  expect(backendFor('exp', 1_000_000)).toBe(jsBackend);
  expect(kernel('exp', 1_000_000)).toBe(jsBackend.exp);
  expect(kernel('binary', 1)).toBe(custom.binary);
});

test('the default backend object routes each kernel by size on its own', () => {
  const a = new Float32Array(4096).map((_, i) => i);
  const out = new Float32Array(4096);
  defaultBackend.binaryScalar!(2, out, 0, a, 0, 0.5, a.length, false);
  expect(out[4095]).toBe(2047.5);
  const small = new Float32Array(3);
  defaultBackend.binary!(0, small, 0, a, 0, a, 1, 3);
  expect(Array.from(small)).toEqual([1, 3, 5]);
});
