import type { TypedArray } from '../dtype.js';

// Normalisation as single passes over the data (PyTorch's batch_norm / native_layer_norm /
// native_group_norm CPU kernels): statistics, normalise-and-scale, and backward each one loop nest
// instead of a chain of broadcasting ops. Statistics accumulate in float64.

/**
 * Batch-norm statistics of x viewed as [outer, channels, inner] (NCHW: outer = N, inner = H·W):
 * per channel, the mean and the biased variance over outer·inner elements, two-pass.
 */
export function channelMoments(
  x: TypedArray,
  outer: number,
  channels: number,
  inner: number,
  mean: Float64Array,
  variance: Float64Array,
): void {
  const count = outer * inner;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let o = 0; o < outer; o++) {
      const start = (o * channels + c) * inner;
      for (let i = 0; i < inner; i++) sum += x[start + i]!;
    }
    const m = sum / count;
    let squares = 0;
    for (let o = 0; o < outer; o++) {
      const start = (o * channels + c) * inner;
      for (let i = 0; i < inner; i++) {
        const d = x[start + i]! - m;
        squares += d * d;
      }
    }
    mean[c] = m;
    variance[c] = squares / count;
  }
}

/**
 * out = (x − mean[c]) · invStd[c] · weight[c] + bias[c] over [outer, channels, inner]; a null
 * weight is 1, a null bias 0.
 */
export function channelAffine(
  x: TypedArray,
  outer: number,
  channels: number,
  inner: number,
  mean: Float64Array,
  invStd: Float64Array,
  weight: TypedArray | null,
  bias: TypedArray | null,
  out: TypedArray,
): void {
  for (let c = 0; c < channels; c++) {
    const scale = invStd[c]! * (weight === null ? 1 : weight[c]!);
    const shift = (bias === null ? 0 : bias[c]!) - mean[c]! * scale;
    for (let o = 0; o < outer; o++) {
      const start = (o * channels + c) * inner;
      for (let i = 0; i < inner; i++) out[start + i] = x[start + i]! * scale + shift;
    }
  }
}

/**
 * The gradients of `channelAffine` with batch statistics (`training`: mean and invStd depend on
 * x) or fixed ones (running statistics). Any of gradInput, gradWeight, gradBias may be null (not
 * needed); gradWeight and gradBias are written, not accumulated.
 */
export function channelAffineBackward(
  grad: TypedArray,
  x: TypedArray,
  outer: number,
  channels: number,
  inner: number,
  mean: Float64Array,
  invStd: Float64Array,
  weight: TypedArray | null,
  training: boolean,
  gradInput: TypedArray | null,
  gradWeight: TypedArray | null,
  gradBias: TypedArray | null,
): void {
  const count = outer * inner;
  for (let c = 0; c < channels; c++) {
    const m = mean[c]!;
    let sumGrad = 0;
    let dot = 0; // Σ g · (x − mean)
    for (let o = 0; o < outer; o++) {
      const start = (o * channels + c) * inner;
      for (let i = 0; i < inner; i++) {
        const g = grad[start + i]!;
        sumGrad += g;
        dot += g * (x[start + i]! - m);
      }
    }
    const s = invStd[c]!;
    const w = weight === null ? 1 : weight[c]!;
    if (gradWeight !== null) gradWeight[c] = dot * s;
    if (gradBias !== null) gradBias[c] = sumGrad;
    if (gradInput === null) continue;
    if (!training) {
      for (let o = 0; o < outer; o++) {
        const start = (o * channels + c) * inner;
        for (let i = 0; i < inner; i++) gradInput[start + i] = grad[start + i]! * s * w;
      }
      continue;
    }
    // dx = (g − mean(g) − (x − mean)·s²·mean(g·(x − mean)))·s·w
    const meanGrad = sumGrad / count;
    const k = (dot / count) * s * s;
    for (let o = 0; o < outer; o++) {
      const start = (o * channels + c) * inner;
      for (let i = 0; i < inner; i++) {
        gradInput[start + i] = (grad[start + i]! - meanGrad - (x[start + i]! - m) * k) * s * w;
      }
    }
  }
}

/**
 * The layout of group and layer norm: `rows` rows of `channelsPerGroup · spatial` contiguous
 * elements, each normalised on its own; row r holds group r mod groups, whose channel c (of
 * channelsPerGroup) covers `spatial` elements and is scaled by weight[(r mod groups)·channelsPerGroup
 * + c]. LayerNorm is groups = 1, spatial = 1 (weight per element of the row); GroupNorm of
 * [N, C, *] is rows = N·G, channelsPerGroup = C/G, spatial = the product of *.
 */
export interface RowGroups {
  readonly rows: number;
  readonly groups: number;
  readonly channelsPerGroup: number;
  readonly spatial: number;
}

/** Row-wise normalisation with a per-channel affine; writes each row's mean and 1/√(var + eps). */
export function rowNorm(
  x: TypedArray,
  layout: RowGroups,
  eps: number,
  weight: TypedArray | null,
  bias: TypedArray | null,
  out: TypedArray,
  mean: Float64Array,
  invStd: Float64Array,
): void {
  const { rows, groups, channelsPerGroup, spatial } = layout;
  const length = channelsPerGroup * spatial;
  for (let r = 0; r < rows; r++) {
    const start = r * length;
    let sum = 0;
    for (let j = 0; j < length; j++) sum += x[start + j]!;
    const m = sum / length;
    let squares = 0;
    for (let j = 0; j < length; j++) {
      const d = x[start + j]! - m;
      squares += d * d;
    }
    const s = 1 / Math.sqrt(squares / length + eps);
    mean[r] = m;
    invStd[r] = s;
    const firstChannel = (r % groups) * channelsPerGroup;
    for (let c = 0; c < channelsPerGroup; c++) {
      const scale = s * (weight === null ? 1 : weight[firstChannel + c]!);
      const shift = (bias === null ? 0 : bias[firstChannel + c]!) - m * scale;
      const from = start + c * spatial;
      for (let i = 0; i < spatial; i++) out[from + i] = x[from + i]! * scale + shift;
    }
  }
}

/**
 * The gradients of `rowNorm`. gradWeight and gradBias (per channel) are accumulated into, so
 * the caller zeroes them; any of the three may be null.
 */
export function rowNormBackward(
  grad: TypedArray,
  x: TypedArray,
  layout: RowGroups,
  mean: Float64Array,
  invStd: Float64Array,
  weight: TypedArray | null,
  gradInput: TypedArray | null,
  gradWeight: TypedArray | null,
  gradBias: TypedArray | null,
): void {
  const { rows, groups, channelsPerGroup, spatial } = layout;
  const length = channelsPerGroup * spatial;
  for (let r = 0; r < rows; r++) {
    const start = r * length;
    const m = mean[r]!;
    const s = invStd[r]!;
    const firstChannel = (r % groups) * channelsPerGroup;
    // Σ gŵ and Σ gŵ·x̂ over the row, where gŵ = g · weight.
    let sumScaled = 0;
    let dotScaled = 0;
    for (let c = 0; c < channelsPerGroup; c++) {
      const w = weight === null ? 1 : weight[firstChannel + c]!;
      const from = start + c * spatial;
      let sumG = 0;
      let dotG = 0;
      for (let i = 0; i < spatial; i++) {
        const g = grad[from + i]!;
        sumG += g;
        dotG += g * (x[from + i]! - m) * s;
      }
      sumScaled += sumG * w;
      dotScaled += dotG * w;
      if (gradWeight !== null) gradWeight[firstChannel + c]! += dotG;
      if (gradBias !== null) gradBias[firstChannel + c]! += sumG;
    }
    if (gradInput === null) continue;
    const meanScaled = sumScaled / length;
    const meanDot = dotScaled / length;
    for (let c = 0; c < channelsPerGroup; c++) {
      const w = weight === null ? 1 : weight[firstChannel + c]!;
      const from = start + c * spatial;
      for (let i = 0; i < spatial; i++) {
        const xHat = (x[from + i]! - m) * s;
        gradInput[from + i] = s * (grad[from + i]! * w - meanScaled - xHat * meanDot);
      }
    }
  }
}
