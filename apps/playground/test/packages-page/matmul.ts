import { getBackend, jsBackend, kernelStatus, randn, setBackend, type NDArray } from '@torchlet/tensor';

/** Resolves once the WebAssembly kernels have compiled (asynchronously on a page's main thread). */
async function kernelsReady(): Promise<string> {
  randn([32, 32]).matmul(randn([32, 32])); // the first large product starts the compilation
  for (let i = 0; i < 600 && !['simd', 'relaxed-simd', 'unavailable'].includes(kernelStatus()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return kernelStatus();
}

/** The product in float64 with the JavaScript kernels: the reference. */
function inJavaScript(run: () => NDArray): NDArray {
  const previous = setBackend(jsBackend);
  try {
    return run();
  } finally {
    setBackend(previous);
  }
}

/**
 * A 512×512 float32 product on the default backend (WebAssembly once compiled), against float64
 * JavaScript, with the bound the tensor README states: (k + 2)·2⁻²⁴·Σₚ|aᵢₚ·bₚⱼ| per element.
 */
export async function largeMatmul() {
  const kernels = await kernelsReady();
  const n = 512;
  const a = randn([n, n]);
  const b = randn([n, n]);
  const start = performance.now();
  const product = a.matmul(b);
  const seconds = (performance.now() - start) / 1000;
  if (getBackend().name !== 'default') throw new Error(`matmul: backend ${getBackend().name}, expected the default`);
  const reference = inJavaScript(() => a.to('float64').matmul(b.to('float64')));
  const magnitude = inJavaScript(() => a.to('float64').abs().matmul(b.to('float64').abs()));
  const got = product.toTypedArray();
  const want = reference.toTypedArray();
  const scale = magnitude.toTypedArray();
  let maxError = 0;
  let withinBound = true;
  for (let i = 0; i < got.length; i++) {
    const error = Math.abs(got[i]! - want[i]!);
    maxError = Math.max(maxError, error);
    if (error > (n + 2) * 2 ** -24 * scale[i]!) withinBound = false;
  }
  return { kernels, n, maxError, withinBound, gflops: (2 * n ** 3) / seconds / 1e9 };
}
