import type { TypedArray } from '../../dtype.js';
import { conv2dBackward, conv2dForward, sampleChunks, type ConvShape } from '../conv2d.js';
import { HEAP_BASE, type WasmKernels } from './wasm-kernels.js';
import { multiplyPacked, productWorker } from './wasm-product.js';

/**
 * Float32 convolution with its memory work in WebAssembly: a slice of the batch and the weights
 * are copied into wasm memory once, im2col, the GEMMs and the layout changes run there, and the
 * result is copied out once (in JavaScript the im2col and the copies cost more than the GEMMs).
 * The products run on the shared GEMM kernels (packB + gemmPacked), on one thread.
 */

const align = (bytes: number) => Math.ceil(bytes / 64) * 64;

/** Consecutive 64-byte-aligned regions of wasm memory from HEAP_BASE. */
class Regions {
  private next = HEAP_BASE;
  take(bytes: number): number {
    const at = this.next;
    this.next += align(bytes);
    return at;
  }
  get end(): number {
    return this.next;
  }
}

function window(s: ConvShape): number[] {
  return [
    s.channels,
    s.height,
    s.width,
    s.kernelH,
    s.kernelW,
    s.strideH,
    s.strideW,
    s.padTop,
    s.padLeft,
    s.dilationH,
    s.dilationW,
    s.outHeight,
    s.outWidth,
  ];
}

/** Scratch of the GEMMs: one region for this thread and one for the worker thread. */
interface Work {
  readonly own: number;
  readonly worker: number;
}

function takeWork(kernels: WasmKernels, r: Regions): Work {
  const bytes = kernels.exports.gemmWorkBytes(4);
  return { own: r.take(bytes), worker: r.take(bytes) };
}

/** Thrown when the worker stalled inside a product: the slice is redone in JavaScript. */
class WorkerStalled extends Error {}

/**
 * C[m×n] at `c` = A · B (B packed into `packed` first), operands by pointer and element strides;
 * large products are shared with the worker thread (split by rows of C).
 */
function gemmAt(
  kernels: WasmKernels,
  m: number,
  k: number,
  n: number,
  a: number,
  aRow: number,
  aCol: number,
  b: number,
  bRow: number,
  bCol: number,
  c: number,
  packed: number,
  work: Work,
): void {
  kernels.exports.packBF32(k, n, b, bRow, bCol, packed);
  const worker = productWorker(kernels, m, k, n);
  if (!multiplyPacked(kernels, worker, false, m, n, k, a, aRow, aCol, packed, c, work.own, work.worker)) {
    throw new WorkerStalled();
  }
}

/** Runs a wasm convolution; false (so that JavaScript redoes it) if memory ran out or a worker stalled. */
function attempt(run: () => boolean): boolean {
  try {
    return run();
  } catch (error) {
    if (error instanceof WorkerStalled) return false;
    throw error;
  }
}

function isFloat32(...arrays: (TypedArray | null)[]): boolean {
  return arrays.every((a) => a === null || a instanceof Float32Array);
}

/** `conv2dForward` for float32 in wasm memory; JavaScript for anything else. */
export function conv2dForwardWasm(
  kernels: WasmKernels | null,
  x: TypedArray,
  w: TypedArray,
  bias: TypedArray | null,
  s: ConvShape,
  out: TypedArray,
): void {
  if (
    kernels === null ||
    !isFloat32(x, w, bias, out) ||
    !attempt(() =>
      forward(kernels, x as Float32Array, w as Float32Array, bias as Float32Array | null, s, out as Float32Array),
    )
  ) {
    conv2dForward(x, w, bias, s, out);
  }
}

function forward(
  kernels: WasmKernels,
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array | null,
  s: ConvShape,
  out: Float32Array,
): boolean {
  const e = kernels.exports;
  const L = s.outHeight * s.outWidth;
  const outPerGroup = s.outChannels / s.groups;
  const K = (s.channels / s.groups) * s.kernelH * s.kernelW;
  const rows = s.channels * s.kernelH * s.kernelW;
  const sample = s.channels * s.height * s.width;
  if (L === 0 || K === 0) return false;
  for (const [first, count] of sampleChunks(s)) {
    const width = count * L;
    const r = new Regions();
    const xAt = r.take(count * sample * 4);
    const wAt = r.take(w.length * 4);
    const biasAt = bias === null ? 0 : r.take(bias.length * 4);
    const colsAt = r.take(rows * width * 4);
    const packedAt = r.take(e.packedBBytes(K, width, 4));
    const productAt = r.take(s.outChannels * width * 4);
    const outAt = r.take(count * s.outChannels * L * 4);
    const workAt = takeWork(kernels, r);
    if (!kernels.reserve(r.end)) return false;
    const f32 = kernels.f32;
    f32.set(x.subarray(first * sample, (first + count) * sample), xAt / 4);
    f32.set(w, wAt / 4);
    if (bias !== null) f32.set(bias, biasAt / 4);
    f32.fill(0, colsAt / 4, colsAt / 4 + rows * width);
    const g = window(s);
    for (let n = 0; n < count; n++) {
      e.im2colF32(
        xAt + n * sample * 4,
        ...(g as [
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
        ]),
        colsAt + n * L * 4,
        width,
      );
    }
    for (let group = 0; group < s.groups; group++) {
      gemmAt(
        kernels,
        outPerGroup,
        K,
        width,
        wAt + group * outPerGroup * K * 4,
        K,
        1,
        colsAt + group * K * width * 4,
        width,
        1,
        productAt + group * outPerGroup * width * 4,
        packedAt,
        workAt,
      );
    }
    e.toSamplesF32(productAt, s.outChannels, count, L, biasAt, outAt);
    out.set(kernels.f32.subarray(outAt / 4, outAt / 4 + count * s.outChannels * L), first * s.outChannels * L);
  }
  return true;
}

/** `conv2dBackward` for float32 in wasm memory; JavaScript for anything else. */
export function conv2dBackwardWasm(
  kernels: WasmKernels | null,
  gy: TypedArray,
  x: TypedArray,
  w: TypedArray,
  s: ConvShape,
  gradX: TypedArray | null,
  gradW: TypedArray | null,
  gradBias: Float64Array | null,
): void {
  if (
    kernels === null ||
    !isFloat32(gy, x, w, gradX, gradW) ||
    !attempt(() =>
      backward(
        kernels,
        gy as Float32Array,
        x as Float32Array,
        w as Float32Array,
        s,
        gradX as Float32Array | null,
        gradW as Float32Array | null,
        gradBias,
      ),
    )
  ) {
    // The wasm attempt may have accumulated part of the gradients (they arrive zeroed): start over.
    gradX?.fill(0);
    gradW?.fill(0);
    gradBias?.fill(0);
    conv2dBackward(gy, x, w, s, gradX, gradW, gradBias);
  }
}

function backward(
  kernels: WasmKernels,
  gy: Float32Array,
  x: Float32Array,
  w: Float32Array,
  s: ConvShape,
  gradX: Float32Array | null,
  gradW: Float32Array | null,
  gradBias: Float64Array | null,
): boolean {
  const e = kernels.exports;
  const L = s.outHeight * s.outWidth;
  const outPerGroup = s.outChannels / s.groups;
  const K = (s.channels / s.groups) * s.kernelH * s.kernelW;
  const rows = s.channels * s.kernelH * s.kernelW;
  const sample = s.channels * s.height * s.width;
  if (L === 0 || K === 0) return false;
  const g = window(s) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (const [first, count] of sampleChunks(s)) {
    const width = count * L;
    const r = new Regions();
    const gyAt = r.take(count * s.outChannels * L * 4);
    const gmAt = r.take(s.outChannels * width * 4);
    const wAt = r.take(w.length * 4);
    const biasAt = gradBias === null ? 0 : r.take(s.outChannels * 8);
    const xAt = gradW === null ? 0 : r.take(count * sample * 4);
    const colsAt = r.take(rows * width * 4); // the columns for gradW, then the column gradients for gradX
    const packedAt = r.take(Math.max(e.packedBBytes(width, outPerGroup, 4), e.packedBBytes(outPerGroup, width, 4)));
    const gradWAt = gradW === null ? 0 : r.take(K * outPerGroup * 4);
    const gradXAt = gradX === null ? 0 : r.take(count * sample * 4);
    const workAt = takeWork(kernels, r);
    if (!kernels.reserve(r.end)) return false;
    const f32 = kernels.f32;
    f32.set(gy.subarray(first * s.outChannels * L, (first + count) * s.outChannels * L), gyAt / 4);
    e.toChannelsF32(gyAt, s.outChannels, count, L, gmAt);
    if (gradBias !== null) {
      kernels.f64.fill(0, biasAt / 8, biasAt / 8 + s.outChannels);
      e.addRowSumsF32(gmAt, s.outChannels, width, biasAt);
      const sums = kernels.f64.subarray(biasAt / 8, biasAt / 8 + s.outChannels);
      for (let c = 0; c < s.outChannels; c++) gradBias[c]! += sums[c]!;
    }
    kernels.f32.set(w, wAt / 4);
    if (gradW !== null) {
      kernels.f32.set(x.subarray(first * sample, (first + count) * sample), xAt / 4);
      kernels.f32.fill(0, colsAt / 4, colsAt / 4 + rows * width);
      for (let n = 0; n < count; n++) e.im2colF32(xAt + n * sample * 4, ...g, colsAt + n * L * 4, width);
      for (let group = 0; group < s.groups; group++) {
        // gWᵀ_group [K × outPerGroup] = cols_group [K × width] · gY_groupᵀ [width × outPerGroup]:
        // K rows (not outPerGroup) keep the GEMM's row tiles full for narrow layers.
        gemmAt(
          kernels,
          K,
          width,
          outPerGroup,
          colsAt + group * K * width * 4,
          width,
          1,
          gmAt + group * outPerGroup * width * 4,
          1,
          width,
          gradWAt,
          packedAt,
          workAt,
        );
        const part = kernels.f32.subarray(gradWAt / 4, gradWAt / 4 + K * outPerGroup);
        const base = group * outPerGroup * K;
        for (let o = 0; o < outPerGroup; o++)
          for (let k = 0; k < K; k++) gradW[base + o * K + k]! += part[k * outPerGroup + o]!;
      }
    }
    if (gradX !== null) {
      for (let group = 0; group < s.groups; group++) {
        // gCols_group [K × width] = W_groupᵀ [K × outPerGroup] · gY_group [outPerGroup × width].
        gemmAt(
          kernels,
          K,
          outPerGroup,
          width,
          wAt + group * outPerGroup * K * 4,
          1,
          K,
          gmAt + group * outPerGroup * width * 4,
          width,
          1,
          colsAt + group * K * width * 4,
          packedAt,
          workAt,
        );
      }
      kernels.f32.fill(0, gradXAt / 4, gradXAt / 4 + count * sample);
      for (let n = 0; n < count; n++) e.col2imF32(colsAt + n * L * 4, width, ...g, gradXAt + n * sample * 4);
      // Each slice of samples is its own part of gradX: written, not accumulated.
      gradX.set(kernels.f32.subarray(gradXAt / 4, gradXAt / 4 + count * sample), first * sample);
    }
  }
  return true;
}
