/**
 * The memory side of convolution in wasm memory (float32), so that a convolution's operands are
 * copied in once and its result out once while im2col, the GEMMs and the layout changes run here.
 * Geometry as src/kernels/im2col.ts (Window2d); addresses in bytes, strides and sizes in elements.
 */

/** The first output position o (of `count`) whose input index o·stride + shift is ≥ 0. */
function validFirst(count: i32, stride: i32, shift: i32): i32 {
  // o·stride + shift ≥ 0  ⇔  o ≥ ⌈−shift / stride⌉
  const first = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
  return min(first, count);
}

/** The end of the output positions whose input index o·stride + shift is < size (≥ first). */
function validEnd(count: i32, stride: i32, shift: i32, size: i32, first: i32): i32 {
  // o·stride + shift < size  ⇔  o < ⌈(size − shift) / stride⌉
  const room = size - shift;
  const end = room <= 0 ? 0 : (room + stride - 1) / stride;
  return max(first, min(count, end));
}

/**
 * im2col of one sample (`channels` planes of height × width at `x`) into rows of `cols`, rows
 * `rowStride` elements apart. Only taps inside the input are written: `cols` must be zeroed.
 */
export function im2colF32(
  x: usize,
  channels: i32,
  height: i32,
  width: i32,
  kernelH: i32,
  kernelW: i32,
  strideH: i32,
  strideW: i32,
  padTop: i32,
  padLeft: i32,
  dilationH: i32,
  dilationW: i32,
  outHeight: i32,
  outWidth: i32,
  cols: usize,
  rowStride: i32,
): void {
  const plane = <usize>height * <usize>width;
  let row = cols;
  for (let c = 0; c < channels; c++) {
    const planeStart = x + <usize>c * plane * 4;
    for (let kh = 0; kh < kernelH; kh++) {
      const shiftH = kh * dilationH - padTop;
      const ohFirst = validFirst(outHeight, strideH, shiftH);
      const ohEnd = validEnd(outHeight, strideH, shiftH, height, ohFirst);
      for (let kw = 0; kw < kernelW; kw++) {
        const shiftW = kw * dilationW - padLeft;
        const owFirst = validFirst(outWidth, strideW, shiftW);
        const owEnd = validEnd(outWidth, strideW, shiftW, width, owFirst);
        for (let oh = ohFirst; oh < ohEnd; oh++) {
          const to = row + <usize>oh * <usize>outWidth * 4;
          const from = planeStart + (<usize>(oh * strideH + shiftH) * <usize>width + <usize>shiftW) * 4;
          if (strideW == 1) {
            // Runs are short (a row of the output): a vector loop beats memory.copy's call.
            let ow = owFirst;
            for (; ow + 4 <= owEnd; ow += 4) v128.store(to + <usize>ow * 4, v128.load(from + <usize>ow * 4));
            for (; ow < owEnd; ow++) store<f32>(to + <usize>ow * 4, load<f32>(from + <usize>ow * 4));
          } else {
            for (let ow = owFirst; ow < owEnd; ow++) {
              store<f32>(to + <usize>ow * 4, load<f32>(from + <usize>(ow * strideW) * 4));
            }
          }
        }
        row += <usize>rowStride * 4;
      }
    }
  }
}

/** col2im of one sample, the adjoint of `im2colF32`: adds every tap of `cols` into `x`. */
export function col2imF32(
  cols: usize,
  rowStride: i32,
  channels: i32,
  height: i32,
  width: i32,
  kernelH: i32,
  kernelW: i32,
  strideH: i32,
  strideW: i32,
  padTop: i32,
  padLeft: i32,
  dilationH: i32,
  dilationW: i32,
  outHeight: i32,
  outWidth: i32,
  x: usize,
): void {
  const plane = <usize>height * <usize>width;
  let row = cols;
  for (let c = 0; c < channels; c++) {
    const planeStart = x + <usize>c * plane * 4;
    for (let kh = 0; kh < kernelH; kh++) {
      const shiftH = kh * dilationH - padTop;
      const ohFirst = validFirst(outHeight, strideH, shiftH);
      const ohEnd = validEnd(outHeight, strideH, shiftH, height, ohFirst);
      for (let kw = 0; kw < kernelW; kw++) {
        const shiftW = kw * dilationW - padLeft;
        const owFirst = validFirst(outWidth, strideW, shiftW);
        const owEnd = validEnd(outWidth, strideW, shiftW, width, owFirst);
        for (let oh = ohFirst; oh < ohEnd; oh++) {
          const from = row + <usize>oh * <usize>outWidth * 4;
          const to = planeStart + (<usize>(oh * strideH + shiftH) * <usize>width + <usize>shiftW) * 4;
          let ow = owFirst;
          if (strideW == 1) {
            for (; ow + 4 <= owEnd; ow += 4) {
              const at = to + <usize>ow * 4;
              v128.store(at, f32x4.add(v128.load(at), v128.load(from + <usize>ow * 4)));
            }
          }
          for (; ow < owEnd; ow++) {
            const at = to + <usize>(ow * strideW) * 4;
            store<f32>(at, load<f32>(at) + load<f32>(from + <usize>ow * 4));
          }
        }
        row += <usize>rowStride * 4;
      }
    }
  }
}

/**
 * [channels, count, length] (one wide GEMM product) → [count, channels, length] (NCHW), adding
 * bias[c] when `bias` is not 0.
 */
export function toSamplesF32(product: usize, channels: i32, count: i32, length: i32, bias: usize, out: usize): void {
  const bytes = <usize>length * 4;
  for (let n = 0; n < count; n++) {
    for (let c = 0; c < channels; c++) {
      const from = product + (<usize>c * <usize>count + <usize>n) * bytes;
      const to = out + (<usize>n * <usize>channels + <usize>c) * bytes;
      if (bias == 0) {
        memory.copy(to, from, bytes);
        continue;
      }
      const shift = f32x4.splat(load<f32>(bias + <usize>c * 4));
      const vectorEnd = bytes & ~15;
      let i: usize = 0;
      for (; i < vectorEnd; i += 16) v128.store(to + i, f32x4.add(v128.load(from + i), shift));
      const s = load<f32>(bias + <usize>c * 4);
      for (; i < bytes; i += 4) store<f32>(to + i, load<f32>(from + i) + s);
    }
  }
}

/** [count, channels, length] → [channels, count, length]: the inverse of `toSamplesF32` (no bias). */
export function toChannelsF32(samples: usize, channels: i32, count: i32, length: i32, out: usize): void {
  const bytes = <usize>length * 4;
  for (let n = 0; n < count; n++) {
    for (let c = 0; c < channels; c++) {
      memory.copy(
        out + (<usize>c * <usize>count + <usize>n) * bytes,
        samples + (<usize>n * <usize>channels + <usize>c) * bytes,
        bytes,
      );
    }
  }
}

/** out[r] (float64, accumulated into) += Σ_j x[r·cols + j]: the bias gradient from [channels, width]. */
export function addRowSumsF32(x: usize, rows: i32, cols: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * <usize>cols * 4;
    let acc = f32x4.splat(0);
    let total: f64 = 0;
    const vectorEnd = cols & ~3;
    let j = 0;
    // Partial sums of 4·1024 elements in float32 lanes, each added to the float64 total.
    while (j < vectorEnd) {
      const stop = min(vectorEnd, j + 4096);
      acc = f32x4.splat(0);
      for (; j < stop; j += 4) acc = f32x4.add(acc, v128.load(row + <usize>j * 4));
      total +=
        <f64>f32x4.extract_lane(acc, 0) +
        <f64>f32x4.extract_lane(acc, 1) +
        <f64>f32x4.extract_lane(acc, 2) +
        <f64>f32x4.extract_lane(acc, 3);
    }
    for (; j < cols; j++) total += <f64>load<f32>(row + <usize>j * 4);
    const at = out + <usize>r * 8;
    store<f64>(at, load<f64>(at) + total);
  }
}
