import type { TypedArray } from '../dtype.js';
import type { Window2d } from './im2col.js';

// Pooling over `planes` independent planes of g.height × g.width (N·C of an NCHW batch, each
// contiguous, one after another); `g.channels` is ignored. Loops follow PyTorch's CPU kernels
// (aten/src/ATen/native/cpu/{MaxPool,AvgPool,AdaptiveAvgPool}Kernel.cpp), so ties, NaNs and
// windows that hang over the padding behave the same. Sums accumulate in float64, as there.

/**
 * Max pooling: out[p, oh, ow] = the largest element of the window, indices[...] = its flat index
 * h·width + w in the plane. Ties keep the first; a NaN wins (the last NaN of the window).
 */
export function maxPool2d(x: TypedArray, planes: number, g: Window2d, out: TypedArray, indices: Int32Array): void {
  if (isPlainTwoByTwo(g)) maxPool2x2(x, planes, g, out, indices);
  else maxPoolWindows(x, planes, g, out, indices);
}

/** The general loop of `maxPool2d`: any window, stride, padding and dilation. */
export function maxPoolWindows(x: TypedArray, planes: number, g: Window2d, out: TypedArray, indices: Int32Array): void {
  const { height, width, outHeight, outWidth, strideH, strideW, dilationH, dilationW } = g;
  const plane = height * width;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let oh = 0; oh < outHeight; oh++) {
      let h0 = oh * strideH - g.padTop;
      const h1 = Math.min(h0 + (g.kernelH - 1) * dilationH + 1, height);
      while (h0 < 0) h0 += dilationH;
      for (let ow = 0; ow < outWidth; ow++, o++) {
        let w0 = ow * strideW - g.padLeft;
        const w1 = Math.min(w0 + (g.kernelW - 1) * dilationW + 1, width);
        while (w0 < 0) w0 += dilationW;
        let best = h0 * width + w0;
        let max = Number.NEGATIVE_INFINITY;
        for (let h = h0; h < h1; h += dilationH) {
          for (let w = w0; w < w1; w += dilationW) {
            const index = h * width + w;
            const value = x[base + index]!;
            if (value > max || value !== value) {
              max = value;
              best = index;
            }
          }
        }
        out[o] = max;
        indices[o] = best;
      }
    }
  }
}

/** The CNN default: 2×2 windows, stride 2, no padding or dilation, every window inside the input. */
function isPlainTwoByTwo(g: Window2d): boolean {
  return (
    g.kernelH === 2 &&
    g.kernelW === 2 &&
    g.strideH === 2 &&
    g.strideW === 2 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    g.dilationH === 1 &&
    g.dilationW === 1 &&
    2 * g.outHeight <= g.height &&
    2 * g.outWidth <= g.width
  );
}

/**
 * `maxPool2d` for 2×2 windows of stride 2 (what most CNNs use), without the general loop's
 * bookkeeping: the same comparisons in the same order (row by row, NaN winning), so the same
 * results — about 4x faster.
 */
export function maxPool2x2(x: TypedArray, planes: number, g: Window2d, out: TypedArray, indices: Int32Array): void {
  const { height, width, outHeight, outWidth } = g;
  const plane = height * width;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = 2 * oh * width;
      for (let ow = 0; ow < outWidth; ow++, o++) {
        // Against the general loop's −∞ start, the first element always wins (or ties at −∞,
        // keeping its index): start from it, then the other three with the same rule.
        const i0 = top + 2 * ow;
        const i2 = i0 + width;
        let best = i0;
        let max = x[base + i0]!;
        let value = x[base + i0 + 1]!;
        if (value > max || value !== value) {
          max = value;
          best = i0 + 1;
        }
        value = x[base + i2]!;
        if (value > max || value !== value) {
          max = value;
          best = i2;
        }
        value = x[base + i2 + 1]!;
        if (value > max || value !== value) {
          max = value;
          best = i2 + 1;
        }
        out[o] = max;
        indices[o] = best;
      }
    }
  }
}

/** The gradient of max pooling: each output's gradient goes to the element its index names. */
export function maxPool2dBackward(
  grad: TypedArray,
  indices: Int32Array,
  planes: number,
  g: Window2d,
  gradInput: TypedArray,
): void {
  const plane = g.height * g.width;
  const perPlane = g.outHeight * g.outWidth;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    const from = p * perPlane;
    for (let i = 0; i < perPlane; i++) gradInput[base + indices[from + i]!]! += grad[from + i]!;
  }
}

export interface AvgPoolOptions {
  /** Divide by the whole window, padding included (true), or by the elements inside the input. */
  readonly countIncludePad: boolean;
  /** Divide by this instead (PyTorch's divisor_override); null: as countIncludePad says. */
  readonly divisorOverride: number | null;
}

/** Calls `visit(o, h0, h1, w0, w1, divisor)` for every output of one plane (the clamped window). */
function avgWindows(
  g: Window2d,
  options: AvgPoolOptions,
  visit: (o: number, h0: number, h1: number, w0: number, w1: number, divisor: number) => void,
): void {
  const { height, width } = g;
  let o = 0;
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++, o++) {
      let h0 = oh * g.strideH - g.padTop;
      let w0 = ow * g.strideW - g.padLeft;
      let h1 = Math.min(h0 + g.kernelH, height + g.padTop);
      let w1 = Math.min(w0 + g.kernelW, width + g.padLeft);
      const poolSize = (h1 - h0) * (w1 - w0);
      h0 = Math.max(h0, 0);
      w0 = Math.max(w0, 0);
      h1 = Math.min(h1, height);
      w1 = Math.min(w1, width);
      if (h0 >= h1 || w0 >= w1) {
        visit(o, 0, 0, 0, 0, 1);
        continue;
      }
      const divisor = options.divisorOverride ?? (options.countIncludePad ? poolSize : (h1 - h0) * (w1 - w0));
      visit(o, h0, h1, w0, w1, divisor);
    }
  }
}

/** Average pooling: the window's sum divided as `options` says (0 for a window wholly in padding). */
export function avgPool2d(x: TypedArray, planes: number, g: Window2d, options: AvgPoolOptions, out: TypedArray): void {
  const plane = g.height * g.width;
  const perPlane = g.outHeight * g.outWidth;
  const { width } = g;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    const outBase = p * perPlane;
    avgWindows(g, options, (o, h0, h1, w0, w1, divisor) => {
      let sum = 0;
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) sum += x[base + h * width + w]!;
      out[outBase + o] = sum / divisor;
    });
  }
}

/** The gradient of average pooling: each output's gradient, divided alike, spread over its window. */
export function avgPool2dBackward(
  grad: TypedArray,
  planes: number,
  g: Window2d,
  options: AvgPoolOptions,
  gradInput: TypedArray,
): void {
  const plane = g.height * g.width;
  const perPlane = g.outHeight * g.outWidth;
  const { width } = g;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    const outBase = p * perPlane;
    avgWindows(g, options, (o, h0, h1, w0, w1, divisor) => {
      const share = grad[outBase + o]! / divisor;
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) gradInput[base + h * width + w]! += share;
    });
  }
}

/**
 * Calls `visit(o, h0, h1, w0, w1)` for every output of one plane of adaptive pooling: output i of
 * `outSize` covers [⌊i·inSize/outSize⌋, ⌈(i+1)·inSize/outSize⌉), as in PyTorch.
 */
function adaptiveWindows(
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
  visit: (o: number, h0: number, h1: number, w0: number, w1: number) => void,
): void {
  let o = 0;
  for (let oh = 0; oh < outHeight; oh++) {
    const h0 = Math.floor((oh * height) / outHeight);
    const h1 = Math.ceil(((oh + 1) * height) / outHeight);
    for (let ow = 0; ow < outWidth; ow++, o++) {
      visit(o, h0, h1, Math.floor((ow * width) / outWidth), Math.ceil(((ow + 1) * width) / outWidth));
    }
  }
}

/** Adaptive average pooling of `planes` planes of height × width into outHeight × outWidth. */
export function adaptiveAvgPool2d(
  x: TypedArray,
  planes: number,
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
  out: TypedArray,
): void {
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    const outBase = p * outHeight * outWidth;
    adaptiveWindows(height, width, outHeight, outWidth, (o, h0, h1, w0, w1) => {
      let sum = 0;
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) sum += x[base + h * width + w]!;
      out[outBase + o] = sum / ((h1 - h0) * (w1 - w0));
    });
  }
}

/** The gradient of adaptive average pooling, accumulated into `gradInput`. */
export function adaptiveAvgPool2dBackward(
  grad: TypedArray,
  planes: number,
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
  gradInput: TypedArray,
): void {
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    const outBase = p * outHeight * outWidth;
    adaptiveWindows(height, width, outHeight, outWidth, (o, h0, h1, w0, w1) => {
      const share = grad[outBase + o]! / ((h1 - h0) * (w1 - w0));
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) gradInput[base + h * width + w]! += share;
    });
  }
}
