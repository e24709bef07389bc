import type { TypedArray } from '../dtype.js';
import { kernel } from './dispatch.js';
import { col2im, im2col, type Window2d } from './im2col.js';
import type { MatrixOperand } from './matmul.js';

/** A 2-D convolution's sizes: the window over one sample, the batch, output channels and groups. */
export interface ConvShape extends Window2d {
  readonly batch: number;
  readonly outChannels: number;
  readonly groups: number;
}

/** The multiply-adds of a convolution's GEMMs. */
export function convMultiplyAdds(s: ConvShape): number {
  return s.batch * s.outHeight * s.outWidth * s.outChannels * (s.channels / s.groups) * s.kernelH * s.kernelW;
}

/** Elements of the im2col matrix built at once: larger batches are convolved a slice at a time. */
const COLUMN_BUDGET = 1 << 23;

/** Sample slices [first, first + count) of at most COLUMN_BUDGET im2col elements each. */
export function* sampleChunks(s: ConvShape): Generator<[number, number]> {
  const perSample = s.outHeight * s.outWidth * s.channels * s.kernelH * s.kernelW;
  const perChunk = Math.max(1, Math.floor(COLUMN_BUDGET / Math.max(1, perSample)));
  for (let first = 0; first < s.batch; first += perChunk) yield [first, Math.min(perChunk, s.batch - first)];
}

/** Row-major matrix at `offset` of `data`, rows `rowStride` apart, optionally read transposed. */
function matrix(data: TypedArray, offset: number, rowStride: number, transposed = false): MatrixOperand {
  return transposed ? { data, offset, rowStride: 1, colStride: rowStride } : { data, offset, rowStride, colStride: 1 };
}

const like = (x: TypedArray, length: number): TypedArray =>
  new (x.constructor as new (n: number) => TypedArray)(length);

/** im2col of samples [first, first + count) into one zeroed [C·kH·kW, count·L] matrix. */
function columnsOf(x: TypedArray, s: ConvShape, first: number, count: number): TypedArray {
  const L = s.outHeight * s.outWidth;
  const cols = like(x, s.channels * s.kernelH * s.kernelW * count * L);
  const sample = s.channels * s.height * s.width;
  for (let n = 0; n < count; n++) im2col(x, (first + n) * sample, s, cols, n * L, count * L);
  return cols;
}

/**
 * out[n, o] = bias[o] + Σ w[o, c, kh, kw] · x[n, g·C/G + c, oh·s − p + kh·d, ...] for contiguous
 * NCHW `x` and `out`: im2col of a slice of the batch, then per group one GEMM of the weights
 * against every column of the slice, so even a 1-channel first layer multiplies large matrices.
 */
export function conv2dForward(
  x: TypedArray,
  w: TypedArray,
  bias: TypedArray | null,
  s: ConvShape,
  out: TypedArray,
): void {
  const L = s.outHeight * s.outWidth;
  const outPerGroup = s.outChannels / s.groups;
  const K = (s.channels / s.groups) * s.kernelH * s.kernelW;
  if (L === 0) return;
  for (const [first, count] of sampleChunks(s)) {
    const cols = columnsOf(x, s, first, count);
    const width = count * L;
    const product = like(x, s.outChannels * width);
    const gemm = kernel('gemm', outPerGroup * K * width);
    for (let group = 0; group < s.groups; group++) {
      gemm(
        outPerGroup,
        K,
        width,
        matrix(w, group * outPerGroup * K, K),
        matrix(cols, group * K * width, width),
        product,
        group * outPerGroup * width,
      );
    }
    // [outChannels, count, L] → [count, outChannels, L], plus bias.
    for (let n = 0; n < count; n++) {
      for (let c = 0; c < s.outChannels; c++) {
        const shift = bias === null ? 0 : bias[c]!;
        const to = ((first + n) * s.outChannels + c) * L;
        const from = c * width + n * L;
        if (bias === null) out.set(product.subarray(from, from + L), to);
        else for (let l = 0; l < L; l++) out[to + l] = product[from + l]! + shift;
      }
    }
  }
}

/**
 * The gradients of `conv2dForward` from the output gradient `gy` (contiguous NCHW): gradX by
 * col2im of Wᵀ·gY, gradW = gY·colsᵀ, gradBias (float64, accumulated into) = row sums of gY. Each
 * of the three may be null (not needed). gradX and gradW arrive zeroed; gradX is written sample
 * by sample (another backend may overwrite it), gradW and gradBias are accumulated into.
 */
export function conv2dBackward(
  gy: TypedArray,
  x: TypedArray,
  w: TypedArray,
  s: ConvShape,
  gradX: TypedArray | null,
  gradW: TypedArray | null,
  gradBias: Float64Array | null,
): void {
  const L = s.outHeight * s.outWidth;
  const outPerGroup = s.outChannels / s.groups;
  const K = (s.channels / s.groups) * s.kernelH * s.kernelW;
  const sample = s.channels * s.height * s.width;
  if (L === 0) return;
  for (const [first, count] of sampleChunks(s)) {
    const width = count * L;
    // The output gradient of the slice as [outChannels, count·L] (the product's layout).
    const gm = like(gy, s.outChannels * width);
    for (let n = 0; n < count; n++) {
      for (let c = 0; c < s.outChannels; c++) {
        const from = ((first + n) * s.outChannels + c) * L;
        gm.set(gy.subarray(from, from + L), c * width + n * L);
      }
    }
    if (gradBias !== null) {
      for (let c = 0; c < s.outChannels; c++) {
        let total = 0;
        for (let j = 0; j < width; j++) total += gm[c * width + j]!;
        gradBias[c]! += total;
      }
    }
    if (gradW !== null) {
      // gW_group += gY_group [outPerGroup × width] · cols_groupᵀ [width × K].
      const cols = columnsOf(x, s, first, count);
      const part = like(x, gradW.length);
      const gemm = kernel('gemm', outPerGroup * width * K);
      for (let group = 0; group < s.groups; group++) {
        gemm(
          outPerGroup,
          width,
          K,
          matrix(gm, group * outPerGroup * width, width),
          matrix(cols, group * K * width, width, true),
          part,
          group * outPerGroup * K,
        );
      }
      for (let i = 0; i < gradW.length; i++) gradW[i]! += part[i]!;
    }
    if (gradX !== null) {
      // gCols_group = W_groupᵀ [K × outPerGroup] · gY_group [outPerGroup × width], then col2im.
      const gradCols = like(x, s.channels * s.kernelH * s.kernelW * width);
      const gemm = kernel('gemm', K * outPerGroup * width);
      for (let group = 0; group < s.groups; group++) {
        gemm(
          K,
          outPerGroup,
          width,
          matrix(w, group * outPerGroup * K, K, true),
          matrix(gm, group * outPerGroup * width, width),
          gradCols,
          group * K * width,
        );
      }
      for (let n = 0; n < count; n++) col2im(gradCols, n * L, width, s, gradX, (first + n) * sample);
    }
  }
}
