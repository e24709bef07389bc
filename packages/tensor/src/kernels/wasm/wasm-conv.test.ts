import fc from 'fast-check';
import { expect, test } from 'vitest';
import { mismatches } from '../../../../../fixtures/mismatches.js';
import { convOutputSize } from '../../ops/convolution.js';
import { conv2dBackward, conv2dForward, type ConvShape } from '../conv2d.js';
import { conv2dBackwardWasm, conv2dForwardWasm } from './wasm-conv.js';
import { wasmKernels } from './wasm-kernels.js';

// The WebAssembly convolution against the JavaScript one (both float32; the GEMMs differ only in
// summation order): forward, and every gradient, on random geometries.

const shapeArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    groups: fc.integer({ min: 1, max: 2 }),
    channelsPerGroup: fc.integer({ min: 1, max: 3 }),
    outPerGroup: fc.integer({ min: 1, max: 5 }),
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 9 }),
    kernelH: fc.integer({ min: 1, max: 3 }),
    kernelW: fc.integer({ min: 1, max: 3 }),
    strideH: fc.integer({ min: 1, max: 2 }),
    strideW: fc.integer({ min: 1, max: 3 }),
    padTop: fc.integer({ min: 0, max: 2 }),
    padBottom: fc.integer({ min: 0, max: 2 }),
    padLeft: fc.integer({ min: 0, max: 2 }),
    padRight: fc.integer({ min: 0, max: 2 }),
    dilationH: fc.integer({ min: 1, max: 2 }),
    dilationW: fc.integer({ min: 1, max: 2 }),
  })
  .filter((r) => r.dilationH * (r.kernelH - 1) + 1 <= r.height + r.padTop + r.padBottom)
  .filter((r) => r.dilationW * (r.kernelW - 1) + 1 <= r.width + r.padLeft + r.padRight)
  .map((r): ConvShape => ({
    batch: r.batch,
    groups: r.groups,
    channels: r.channelsPerGroup * r.groups,
    outChannels: r.outPerGroup * r.groups,
    height: r.height,
    width: r.width,
    kernelH: r.kernelH,
    kernelW: r.kernelW,
    strideH: r.strideH,
    strideW: r.strideW,
    padTop: r.padTop,
    padLeft: r.padLeft,
    dilationH: r.dilationH,
    dilationW: r.dilationW,
    outHeight: convOutputSize('test', r.height, r.kernelH, r.strideH, r.padTop, r.padBottom, r.dilationH),
    outWidth: convOutputSize('test', r.width, r.kernelW, r.strideW, r.padLeft, r.padRight, r.dilationW),
  }));

const random = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i * 1.37) * 2);

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  const far = mismatches(
    want.length,
    (i) => Math.abs(got[i]! - want[i]!) <= 1e-5 * scale,
    (i) => `${what} element ${i}: ${got[i]} vs ${want[i]}`,
  );
  expect(far).toEqual([]);
}

test('wasm conv2d forward and backward equal the JavaScript kernels', () => {
  const kernels = wasmKernels();
  expect(kernels).not.toBeNull();
  fc.assert(
    fc.property(shapeArb, fc.boolean(), (s, withBias) => {
      const L = s.outHeight * s.outWidth;
      const x = random(s.batch * s.channels * s.height * s.width, 1);
      const w = random(s.outChannels * (s.channels / s.groups) * s.kernelH * s.kernelW, 2);
      const bias = withBias ? random(s.outChannels, 3) : null;
      const [fast, reference] = [0, 1].map(() => new Float32Array(s.batch * s.outChannels * L));
      conv2dForwardWasm(kernels, x, w, bias, s, fast!);
      conv2dForward(x, w, bias, s, reference!);
      expectClose(fast!, reference!, 'output');
      const gy = random(reference!.length, 4);
      const grads = [0, 1].map(() => ({
        x: new Float32Array(x.length),
        w: new Float32Array(w.length),
        b: new Float64Array(s.outChannels),
      }));
      conv2dBackwardWasm(kernels, gy, x, w, s, grads[0]!.x, grads[0]!.w, grads[0]!.b);
      conv2dBackward(gy, x, w, s, grads[1]!.x, grads[1]!.w, grads[1]!.b);
      expectClose(grads[0]!.x, grads[1]!.x, 'gradX');
      expectClose(grads[0]!.w, grads[1]!.w, 'gradW');
      expectClose(grads[0]!.b, grads[1]!.b, 'gradBias');
    }),
    { numRuns: 150 },
  );
});

test('a batch larger than one im2col slice is convolved slice by slice, alike in both kernels', () => {
  const kernels = wasmKernels();
  // 9 rows × 4096 columns × 240 samples = 8.8M im2col elements: more than one slice (8.4M).
  const s: ConvShape = {
    batch: 240,
    groups: 1,
    channels: 1,
    outChannels: 2,
    height: 64,
    width: 64,
    kernelH: 3,
    kernelW: 3,
    strideH: 1,
    strideW: 1,
    padTop: 1,
    padLeft: 1,
    dilationH: 1,
    dilationW: 1,
    outHeight: 64,
    outWidth: 64,
  };
  const x = random(s.batch * 64 * 64, 5);
  const w = random(18, 6);
  const [fast, reference] = [0, 1].map(() => new Float32Array(s.batch * 2 * 64 * 64));
  conv2dForwardWasm(kernels, x, w, null, s, fast!);
  conv2dForward(x, w, null, s, reference!);
  expectClose(fast!, reference!, 'output');
  // The last sample, by hand: out[239, 1, 10, 20] = Σ w[1, 0, i, j] · x[239, 0, 9 + i, 19 + j].
  let want = 0;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) want += w[9 + i * 3 + j]! * x[239 * 4096 + (9 + i) * 64 + 19 + j]!;
  expect(fast![(239 * 2 + 1) * 4096 + 10 * 64 + 20]).toBeCloseTo(want, 4);
  const gw = [new Float32Array(18), new Float32Array(18)];
  conv2dBackwardWasm(kernels, reference!, x, w, s, null, gw[0]!, null);
  conv2dBackward(reference!, x, w, s, null, gw[1]!, null);
  expectClose(gw[0]!, gw[1]!, 'gradW');
});
