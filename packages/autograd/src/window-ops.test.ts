import { describe, expect, test } from 'vitest';
import {
  chunk,
  col2im,
  flip,
  gather,
  grad,
  gradcheck,
  im2col,
  nativeAdaptiveAvgPool2d,
  nativeAvgPool2d,
  nativeBatchNorm,
  nativeConv2d,
  nativeGroupNorm,
  nativeLayerNorm,
  nativeMaxPool2d,
  pad,
  randn,
  scatter,
  scatterAdd,
  split,
  std,
  tensor,
  variance,
  type Tensor,
} from './index.js';

// Finite-difference checks of the convolution, pooling, normalisation and window ops (float64).

const leaf = (shape: number[], scale = 1) => randn(shape, { dtype: 'float64' }).mul(scale).detach().requiresGrad_();
const index = (values: number[][]) => tensor(values, { dtype: 'int32' });

function check(name: string, fn: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]): void {
  expect(gradcheck(fn, xs), name).toBe(true);
}

const conv = (
  stride: [number, number],
  padding: [number, number, number, number],
  dilation: [number, number],
  groups: number,
) => ({
  stride,
  padding,
  dilation,
  groups,
});

describe('gradcheck of the convolution, pooling and normalisation primitives', () => {
  test('conv2d: input, weight and bias, with strides, asymmetric padding, dilation and groups', () => {
    check(
      'plain',
      (x, w, b) => nativeConv2d(x, w, b, conv([1, 1], [0, 0, 0, 0], [1, 1], 1)),
      leaf([2, 2, 5, 4]),
      leaf([3, 2, 3, 2]),
      leaf([3]),
    );
    check(
      'strided',
      (x, w) => nativeConv2d(x, w, null, conv([2, 1], [1, 2, 0, 1], [1, 2], 1)),
      leaf([1, 2, 6, 5]),
      leaf([2, 2, 3, 2]),
    );
    check(
      'groups',
      (x, w, b) => nativeConv2d(x, w, b, conv([1, 1], [1, 1, 1, 1], [1, 1], 2)),
      leaf([2, 4, 4, 4]),
      leaf([4, 2, 3, 3]),
      leaf([4]),
    );
  });

  test('max pooling (distinct values, so no ties straddle a finite difference)', () => {
    const x = tensor(
      Array.from({ length: 2 * 3 * 6 * 5 }, (_, i) => ((i * 37) % 180) / 50 - 1.8),
      { dtype: 'float64' },
    )
      .reshape([2, 3, 6, 5])
      .requiresGrad_();
    const params = {
      kernelSize: [3, 2] as [number, number],
      stride: [2, 1] as [number, number],
      padding: [1, 1] as [number, number],
      dilation: [1, 2] as [number, number],
      ceilMode: true,
    };
    check('maxPool2d', (v) => nativeMaxPool2d(v, params).values, x);
  });

  test('average and adaptive average pooling', () => {
    const params = {
      kernelSize: [3, 3] as [number, number],
      stride: [2, 2] as [number, number],
      padding: [1, 1] as [number, number],
      ceilMode: true,
    };
    check(
      'avgPool2d include pad',
      (x) => nativeAvgPool2d(x, { ...params, countIncludePad: true, divisorOverride: null }),
      leaf([2, 2, 7, 6]),
    );
    check(
      'avgPool2d exclude pad',
      (x) => nativeAvgPool2d(x, { ...params, countIncludePad: false, divisorOverride: null }),
      leaf([1, 2, 5, 5]),
    );
    check('adaptiveAvgPool2d', (x) => nativeAdaptiveAvgPool2d(x, [3, 2]), leaf([2, 2, 7, 5]));
  });

  test('batch, layer and group norm: input, weight and bias', () => {
    const training = { training: true, momentum: 0.1, eps: 1e-5 };
    check(
      'batchNorm',
      (x, w, b) => nativeBatchNorm(x, w, b, null, null, training),
      leaf([4, 3, 2, 2]),
      leaf([3]),
      leaf([3]),
    );
    const running = [
      tensor([0.1, -0.2, 0.3], { dtype: 'float64' }),
      tensor([1.5, 0.5, 2], { dtype: 'float64' }),
    ] as const;
    check(
      'batchNorm eval',
      (x, w) => nativeBatchNorm(x, w, null, running[0], running[1], { ...training, training: false }),
      leaf([2, 3, 2]),
      leaf([3]),
    );
    check(
      'layerNorm',
      (x, w, b) => nativeLayerNorm(x, [2, 3], w, b, 1e-5),
      leaf([4, 2, 3]),
      leaf([2, 3]),
      leaf([2, 3]),
    );
    check('groupNorm', (x, w, b) => nativeGroupNorm(x, 2, w, b, 1e-5), leaf([2, 4, 3]), leaf([4]), leaf([4]));
  });
});

describe('gradcheck of the window and indexing ops', () => {
  test('pad in every mode', () => {
    for (const mode of ['constant', 'reflect', 'replicate', 'circular'] as const) {
      check(`pad ${mode}`, (x) => pad(x, [2, 1, 1, 2], mode, 0.5), leaf([2, 3, 4, 5]));
    }
    check('pad crops with negative amounts', (x) => pad(x, [-1, 2]), leaf([3, 4]));
  });

  test('im2col and col2im', () => {
    const params = {
      kernelSize: [2, 3] as [number, number],
      dilation: [1, 1] as [number, number],
      padding: [1, 0] as [number, number],
      stride: [1, 2] as [number, number],
    };
    check('im2col', (x) => im2col(x, params), leaf([2, 2, 4, 7]));
    const cols = im2col(leaf([2, 2, 4, 7]), params);
    check('col2im', (c) => col2im(c, [4, 7], params), leaf(cols.shape as number[]));
  });

  test('gather, scatter, scatterAdd, flip, unfold, split, chunk, var, std', () => {
    const idx = index([
      [0, 2, 1],
      [2, 2, 0],
    ]);
    check('gather', (x) => gather(x, 1, idx), leaf([2, 4]));
    check('scatterAdd', (x, s) => scatterAdd(x, 1, idx, s), leaf([2, 4]), leaf([2, 3]));
    check(
      'scatter',
      (x, s) =>
        scatter(
          x,
          1,
          index([
            [0, 2, 1],
            [3, 1, 0],
          ]),
          s,
        ),
      leaf([2, 4]),
      leaf([2, 3]),
    );
    check('flip', (x) => flip(x, [0, -1]), leaf([2, 3, 4]));
    check('unfold (overlapping windows)', (x) => x.unfold(1, 3, 2), leaf([2, 7]));
    check(
      'split',
      (x) =>
        split(x, [1, 3, 2], 1)[1]!
          .mul(2)
          .add(split(x, 2, 1)[2]!.sum()),
      leaf([2, 6]),
    );
    check('chunk', (x) => chunk(x, 3, 0)[2]!, leaf([5, 2]));
    check('var', (x) => variance(x, 1, { correction: 1 }), leaf([3, 4]));
    check('var keepdim, all dims', (x) => variance(x, [0, 2], { keepdim: true, correction: 0 }), leaf([2, 3, 2]));
    check('std', (x) => std(x, 0), leaf([4, 3]));
  });

  test('sin and cos', () => {
    check('sin', (x) => x.sin(), leaf([3, 2], 3));
    check('cos', (x) => x.cos().mul(x), leaf([3, 2], 3));
  });

  test('the second derivative of a linear window op is its own adjoint (pad, im2col, gather)', () => {
    const x = leaf([2, 3]);
    const y = pad(x, [1, 1]).pow(2).sum();
    const [g] = grad(y, [x], { createGraph: true });
    const [gg] = grad(g!.sum(), [x]);
    expect(gg!.toArray()).toEqual([
      [2, 2, 2],
      [2, 2, 2],
    ]);
  });

  test('double backward through a kernel-backed op is refused, not silently wrong', () => {
    const x = leaf([1, 1, 4, 4]);
    const w = leaf([1, 1, 3, 3]);
    const y = nativeConv2d(x, w, null, conv([1, 1], [0, 0, 0, 0], [1, 1], 1)).sum();
    expect(() => grad(y, [x], { createGraph: true })).toThrow(/ConvolutionBackward0: backward with createGraph/);
  });
});
