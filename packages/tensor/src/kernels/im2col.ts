import type { TypedArray } from '../dtype.js';

/**
 * A 2-D sliding window over `channels` planes of `height` × `width` (row-major, contiguous):
 * window position (oh, ow) reads input row `oh·strideH − padTop + kh·dilationH` and column
 * `ow·strideW − padLeft + kw·dilationW` for kh < kernelH, kw < kernelW; rows and columns outside
 * the plane are padding (zeros). `outHeight` × `outWidth` positions. Padding below and to the right
 * is implied by the output size, so asymmetric padding ('same' with an even kernel) costs nothing.
 */
export interface Window2d {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/** The output positions `o` (of `count`) whose input index `o·stride + shift` lies in [0, size). */
function validRange(count: number, stride: number, shift: number, size: number): [number, number] {
  // o·stride + shift ≥ 0  ⇔  o ≥ ceil(−shift / stride);  o·stride + shift < size  ⇔  o < ceil((size − shift) / stride)
  const first = Math.min(count, Math.max(0, Math.ceil(-shift / stride)));
  const end = Math.min(count, Math.max(first, Math.ceil((size - shift) / stride)));
  return [first, end];
}

/**
 * im2col of one sample: row (c·kernelH + kh)·kernelW + kw of `cols` holds, for every window
 * position (oh, ow) at column oh·outWidth + ow, the input element that tap reads. Rows start
 * `rowStride` apart from `colsOffset`, so several samples can share a wide matrix (sample n at
 * column offset n·outHeight·outWidth) and meet the weights in one GEMM.
 *
 * Only the taps inside the input are written: `cols` must arrive zeroed (a fresh array), so the
 * padding costs nothing — zero-filling each short run of it took more time than the copies.
 */
export function im2col(
  x: TypedArray,
  xOffset: number,
  g: Window2d,
  cols: TypedArray,
  colsOffset: number,
  rowStride: number,
): void {
  const { height, width, kernelH, kernelW, strideH, strideW, outHeight, outWidth } = g;
  const plane = height * width;
  let row = colsOffset;
  for (let c = 0; c < g.channels; c++) {
    const planeStart = xOffset + c * plane;
    for (let kh = 0; kh < kernelH; kh++) {
      const shiftH = kh * g.dilationH - g.padTop;
      const [ohFirst, ohEnd] = validRange(outHeight, strideH, shiftH, height);
      for (let kw = 0; kw < kernelW; kw++, row += rowStride) {
        const shiftW = kw * g.dilationW - g.padLeft;
        const [owFirst, owEnd] = validRange(outWidth, strideW, shiftW, width);
        for (let oh = ohFirst; oh < ohEnd; oh++) {
          const to = row + oh * outWidth;
          const from = planeStart + (oh * strideH + shiftH) * width + shiftW;
          if (strideW === 1) {
            for (let ow = owFirst; ow < owEnd; ow++) cols[to + ow] = x[from + ow]!;
          } else {
            for (let ow = owFirst; ow < owEnd; ow++) cols[to + ow] = x[from + ow * strideW]!;
          }
        }
      }
    }
  }
}

/**
 * col2im of one sample, the adjoint of `im2col`: every element of `cols` is added into the input
 * element its tap read (padding taps are dropped). `x` is accumulated into, not overwritten.
 */
export function col2im(
  cols: TypedArray,
  colsOffset: number,
  rowStride: number,
  g: Window2d,
  x: TypedArray,
  xOffset: number,
): void {
  const { height, width, kernelH, kernelW, strideH, strideW, outHeight, outWidth } = g;
  const plane = height * width;
  let row = colsOffset;
  for (let c = 0; c < g.channels; c++) {
    const planeStart = xOffset + c * plane;
    for (let kh = 0; kh < kernelH; kh++) {
      const shiftH = kh * g.dilationH - g.padTop;
      const [ohFirst, ohEnd] = validRange(outHeight, strideH, shiftH, height);
      for (let kw = 0; kw < kernelW; kw++, row += rowStride) {
        const shiftW = kw * g.dilationW - g.padLeft;
        const [owFirst, owEnd] = validRange(outWidth, strideW, shiftW, width);
        for (let oh = ohFirst; oh < ohEnd; oh++) {
          const from = row + oh * outWidth;
          const to = planeStart + (oh * strideH + shiftH) * width + shiftW;
          if (strideW === 1) {
            for (let ow = owFirst; ow < owEnd; ow++) x[to + ow]! += cols[from + ow]!;
          } else {
            for (let ow = owFirst; ow < owEnd; ow++) x[to + ow * strideW]! += cols[from + ow]!;
          }
        }
      }
    }
  }
}
