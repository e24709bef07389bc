// Kernel throughput, WebAssembly vs JavaScript vs ndarray-ops (a measurement, not a test).
//   pnpm --filter @torchlet/tensor bench:kernels        (builds dist first)
// Prints medians: GFLOP/s for float32 matmul, GB/s (bytes read + written) for element-wise ops
// and sum on 1e6 floats.
import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import {
  defaultBackend,
  jsBackend,
  kernelStatus,
  randn,
  setBackend,
  setKernelThreads,
  wasmBackend,
} from '../dist/index.js';

const quick = process.argv.includes('--quick');

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median seconds per call of `run`, after warming up; runs for about `budget` seconds. */
function time(run, budget = quick ? 0.15 : 0.6) {
  for (let i = 0; i < 3; i++) run();
  const samples = [];
  const start = performance.now();
  while (samples.length < 5 || (performance.now() - start < budget * 1000 && samples.length < 200)) {
    const t0 = performance.now();
    run();
    samples.push((performance.now() - t0) / 1000);
  }
  return median(samples);
}

const backends = { wasm: wasmBackend, js: jsBackend, default: defaultBackend };
// Products run through the default backend on one thread, then with the worker (if there is one).
const products = {
  'wasm 1 thread': () => (setBackend(defaultBackend), setKernelThreads(1)),
  'wasm 2 threads': () => (setBackend(defaultBackend), setKernelThreads(2)),
  js: () => setBackend(jsBackend),
};
const rows = [];
function row(what, unit, results) {
  rows.push({ what, unit, ...results });
  const cells = Object.entries(results).map(([k, v]) => `${k} ${v.toFixed(2)}`);
  console.log(`${what.padEnd(34)} ${unit.padEnd(8)} ${cells.join('  ')}`);
}

console.log(
  `node ${process.version}; wasm kernels: ${(setBackend(wasmBackend), randn([64, 64]).matmul(randn([64, 64])), kernelStatus())}`,
);

// ---- matmul ----
const sizes = quick ? [128, 256, 512] : [128, 256, 512, 1024];
for (const n of sizes) {
  const a = randn([n, n]);
  const b = randn([n, n]);
  const at = randn([n, n]).t(); // a transposed operand: Aᵀ·B
  const bt = randn([n, n]).t(); // A·Bᵀ
  const flops = 2 * n * n * n;
  for (const [label, x, y] of [
    ['A·B', a, b],
    ['Aᵀ·B', at, b],
    ['A·Bᵀ', a, bt],
  ]) {
    const results = {};
    for (const [name, use] of Object.entries(products)) {
      if (name === 'js' && n > 512) continue; // minutes at 1.7 GFLOP/s
      use();
      results[name] = flops / time(() => x.matmul(y)) / 1e9;
    }
    row(`matmul f32 n=${n} ${label}`, 'GFLOP/s', results);
  }
}
{
  const a = randn([16, 128, 128]);
  const b = randn([16, 128, 128]);
  const results = {};
  for (const [name, use] of Object.entries(products)) {
    use();
    results[name] = (16 * 2 * 128 ** 3) / time(() => a.matmul(b)) / 1e9;
  }
  row('matmul f32 batched 16×128×128', 'GFLOP/s', results);
}
{
  const a = randn([512, 512], { dtype: 'float64' });
  const b = randn([512, 512], { dtype: 'float64' });
  const results = {};
  for (const [name, use] of Object.entries(products)) {
    use();
    results[name] = (2 * 512 ** 3) / time(() => a.matmul(b)) / 1e9;
  }
  row('matmul f64 n=512', 'GFLOP/s', results);
}

// ---- element-wise and sum on 1e6 floats ----
const N = 1_000_000;
const x = randn([N]);
const y = randn([N]);
const out = new Float32Array(N);
const xd = x.storage.data;
const yd = y.storage.data;
const view = (data) => ndarray(data, [N]);
const [nx, ny, nout] = [view(xd), view(yd), view(out)];
for (const [label, code, ndOp] of [
  ['add', 0, ops.add],
  ['mul', 2, ops.mul],
]) {
  const bytes = 12 * N;
  const results = {};
  for (const [name, backend] of Object.entries(backends)) {
    if (name === 'default') continue;
    results[`${name} kernel`] = bytes / time(() => backend.binary(code, out, 0, xd, 0, yd, 0, N)) / 1e9;
  }
  for (const [name, backend] of Object.entries(backends)) {
    if (name === 'default') continue;
    setBackend(backend);
    results[`${name} op`] = bytes / time(() => x[label](y)) / 1e9;
  }
  results['ndarray-ops'] = bytes / time(() => ndOp(nout, nx, ny)) / 1e9;
  // What an op built on ndarray-ops would cost: a fresh output, then the kernel.
  results['ndarray-ops op'] = bytes / time(() => ndOp(view(new Float32Array(N)), nx, ny)) / 1e9;
  row(`${label} 1e6 f32`, 'GB/s', results);
}
{
  const bytes = 8 * N;
  const results = {};
  for (const [name, backend] of Object.entries(backends)) {
    if (name === 'default') continue;
    results[`${name} kernel`] = bytes / time(() => backend.binaryScalar(2, out, 0, xd, 0, 1.5, N, false)) / 1e9;
  }
  results['ndarray-ops'] = bytes / time(() => ops.muls(nout, nx, 1.5)) / 1e9;
  row('mul scalar 1e6 f32', 'GB/s', results);
}
{
  const bytes = 4 * N;
  const acc = new Float64Array(1);
  const results = {};
  for (const [name, backend] of Object.entries(backends)) {
    if (name === 'default') continue;
    results[`${name} kernel`] = bytes / time(() => backend.sum(xd, 0, 1, N, 1, acc)) / 1e9;
  }
  for (const [name, backend] of Object.entries(backends)) {
    if (name === 'default') continue;
    setBackend(backend);
    results[`${name} op`] = bytes / time(() => x.sum()) / 1e9;
  }
  results['ndarray-ops'] = bytes / time(() => ops.sum(nx)) / 1e9;
  row('sum 1e6 f32', 'GB/s', results);
}
{
  const m = randn([1000, 1000]);
  const bytes = 4 * 1e6;
  const results = {};
  for (const [name, backend] of Object.entries(backends)) {
    if (name === 'default') continue;
    setBackend(backend);
    results[`${name} op`] = bytes / time(() => m.sum(0)) / 1e9;
  }
  row('sum(0) of 1000×1000 f32', 'GB/s', results);
}
setBackend(defaultBackend);
setKernelThreads(2);
