import {
  binaryArithmetic,
  binaryScalarArithmetic,
  expFloat32,
  reluBackwardFloat32,
  reluFloat32,
} from './elementwise.js';
import { conv2dBackward, conv2dForward, convMultiplyAdds } from './conv2d.js';
import { col2im, im2col } from './im2col.js';
import { gemm } from './matmul.js';
import { channelAffine, channelAffineBackward, channelMoments, rowNorm, rowNormBackward } from './normalization.js';
import {
  adaptiveAvgPool2d,
  adaptiveAvgPool2dBackward,
  avgPool2d,
  avgPool2dBackward,
  maxPool2d,
  maxPool2dBackward,
} from './pool2d.js';
import { recurrentBackward, recurrentForward, recurrentStepWork } from './recurrent.js';
import { sumRows } from './sum-rows.js';

/** One kernel: its JavaScript implementation (the reference) and when WebAssembly should run it. */
interface KernelEntry<F extends (...args: never[]) => void> {
  /** The JavaScript implementation, which every other backend is tested against. */
  readonly js: F;
  /** From how much work (as `work` measures it) the WebAssembly kernel beats this one. */
  readonly wasmFrom: number;
  /** The work of one call, from its arguments. */
  readonly work: (...args: Parameters<F>) => number;
}

const entry = <F extends (...args: never[]) => void>(
  js: F,
  wasmFrom: number,
  work: (...args: Parameters<F>) => number,
): KernelEntry<F> => ({ js, wasmFrom, work });

/** A kernel only JavaScript implements (so far): every call runs it. */
const jsOnly = <F extends (...args: never[]) => void>(js: F): KernelEntry<F> => entry(js, Infinity, () => 0);

/** The work of a sum of `reduced` rows of `inner` columns; 2 or 3 columns are slower in wasm. */
export function sumWork(reduced: number, inner: number): number {
  return inner === 1 || inner >= 4 ? reduced * inner : 0;
}

/**
 * Every kernel, one line each: the JavaScript implementation, and the size from which the default
 * backend runs the WebAssembly one instead (Infinity where there is none). The sizes are where the
 * WebAssembly kernels start to beat the JavaScript loops, with a margin (measured on a 2-core Xeon,
 * Node 20: wasm is already ~2x faster at 256 elements and at 8·8·8 products; `node
 * assembly/bench.mjs` measures both sides). Below them a call stays in plain JavaScript: no
 * copies, and nothing is loaded, so the tutorial's tensors (2–10 elements) never leave JavaScript.
 *
 * Adding a kernel: write it (its own file), add its line here, test it. A backend (`Backend`) may
 * then implement it; ops call it through kernels/dispatch.ts.
 */
export const KERNELS = {
  gemm: entry(gemm, 16 * 16 * 16, (m, k, n) => m * k * n),
  binary: entry(binaryArithmetic, 1024, (_op, _out, _outOffset, _a, _aOffset, _b, _bOffset, n) => n),
  binaryScalar: entry(binaryScalarArithmetic, 1024, (_op, _out, _outOffset, _a, _aOffset, _scalar, n) => n),
  sum: entry(sumRows, 1024, (_x, _offset, _outer, reduced, inner) => sumWork(reduced, inner)),
  exp: entry(expFloat32, 1024, (_out, _outOffset, _a, _aOffset, n) => n),
  relu: entry(reluFloat32, 1024, (_out, _outOffset, _a, _aOffset, n) => n),
  reluBackward: entry(reluBackwardFloat32, 1024, (_out, _g, _gOffset, _r, _rOffset, n) => n),
  // Work: the multiply-adds of the convolution's GEMMs (what the ops pass).
  conv2d: entry(conv2dForward, 16 * 16 * 16, (_x, _w, _bias, s) => convMultiplyAdds(s)),
  conv2dBackward: entry(conv2dBackward, 16 * 16 * 16, (_gy, _x, _w, s) => convMultiplyAdds(s)),
  im2col: jsOnly(im2col),
  col2im: jsOnly(col2im),
  maxPool2d: jsOnly(maxPool2d),
  maxPool2dBackward: jsOnly(maxPool2dBackward),
  avgPool2d: jsOnly(avgPool2d),
  avgPool2dBackward: jsOnly(avgPool2dBackward),
  adaptiveAvgPool2d: jsOnly(adaptiveAvgPool2d),
  adaptiveAvgPool2dBackward: jsOnly(adaptiveAvgPool2dBackward),
  channelMoments: jsOnly(channelMoments),
  channelAffine: jsOnly(channelAffine),
  channelAffineBackward: jsOnly(channelAffineBackward),
  // Work: one step's product (B · H · G·H multiply-adds).
  recurrentForward: entry(recurrentForward, 16 * 16 * 16, (_xw, _whh, _bhh, _h0, _c0, s) => recurrentStepWork(s)),
  recurrentBackward: entry(recurrentBackward, 16 * 16 * 16, (_dy, _dh, _dc, _whh, _saved, s) => recurrentStepWork(s)),
  rowNorm: jsOnly(rowNorm),
  rowNormBackward: jsOnly(rowNormBackward),
};

export type KernelName = keyof typeof KERNELS;

/** The signature of every kernel, as its JavaScript implementation declares it. */
export type Kernels = { readonly [K in KernelName]: (typeof KERNELS)[K]['js'] };
