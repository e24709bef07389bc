import { ShapeError, ValueError } from '../errors.js';
import { castScalar } from './cast.js';
import { NDArray } from '../ndarray.js';
import { formatShape } from '../shape.js';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * For each dim, where each output index reads from (−1: the constant). PyTorch's `pad` lists the
 * amounts from the last dim backwards: [left, right] of the last dim, then [top, bottom] of the
 * one before, ... Negative amounts crop (constant mode only, as in PyTorch).
 */
function sourceMaps(op: string, shape: readonly number[], pads: readonly number[], mode: PadMode): Int32Array[] {
  if (pads.length % 2 !== 0 || pads.length / 2 > shape.length) {
    throw new ValueError(
      `${op}: padding length must be even and at most twice the number of dims (${shape.length}), got ${pads.length}`,
    );
  }
  if (pads.some((p) => !Number.isInteger(p)))
    throw new ValueError(`${op}: padding must be integers, got [${pads.join(', ')}]`);
  const padded = pads.length / 2;
  if (mode !== 'constant') {
    if (padded > 3) throw new ValueError(`${op}: ${mode} padding supports up to 3 padded dims, got ${padded}`);
    if (pads.some((p) => p < 0))
      throw new ValueError(`${op}: ${mode} padding must be non-negative, got [${pads.join(', ')}]`);
    // PyTorch's reflect/replicate take a batch dim plus the padded ones: 2-D or 3-D input for 1-D padding, ...
    if (shape.length !== padded + 1 && shape.length !== padded + 2) {
      throw new ShapeError(
        `${op}: ${mode} padding of ${padded} dim(s) expects a ${padded + 1}-D or ${padded + 2}-D input, got ${formatShape(shape)}`,
      );
    }
  }
  return shape.map((size, d) => {
    const fromEnd = shape.length - 1 - d;
    const before = fromEnd < padded ? pads[2 * fromEnd]! : 0;
    const after = fromEnd < padded ? pads[2 * fromEnd + 1]! : 0;
    const length = size + before + after;
    if (length < 0 || (mode === 'constant' && length < 0)) {
      throw new ShapeError(`${op}: padding [${before}, ${after}] of dim ${d} (size ${size}) gives a negative size`);
    }
    if (mode === 'reflect' && (before >= size || after >= size)) {
      throw new ValueError(
        `${op}: reflect padding [${before}, ${after}] must be less than the size of dim ${d} (${size})`,
      );
    }
    if ((mode === 'replicate' || mode === 'circular') && size === 0 && length > 0) {
      throw new ShapeError(`${op}: ${mode} padding needs a non-empty dim ${d}`);
    }
    if (mode === 'circular' && (before > size || after > size)) {
      throw new ValueError(
        `${op}: circular padding [${before}, ${after}] must be at most the size of dim ${d} (${size})`,
      );
    }
    const map = new Int32Array(length);
    for (let o = 0; o < length; o++) {
      const i = o - before;
      if (i >= 0 && i < size) map[o] = i;
      else if (mode === 'constant') map[o] = -1;
      else if (mode === 'replicate') map[o] = i < 0 ? 0 : size - 1;
      else if (mode === 'reflect') map[o] = i < 0 ? -i : 2 * (size - 1) - i;
      else map[o] = ((i % size) + size) % size;
    }
    return map;
  });
}

/** Visits every output element: `visit(outIndex, sourceOffset)`, sourceOffset −1 for padding. */
function walk(
  maps: readonly Int32Array[],
  strides: readonly number[],
  offset: number,
  visit: (o: number, s: number) => void,
): void {
  const rank = maps.length;
  if (rank === 0) {
    visit(0, offset);
    return;
  }
  let o = 0;
  const recurse = (d: number, base: number) => {
    const map = maps[d]!;
    const stride = strides[d]!;
    for (let i = 0; i < map.length; i++) {
      const from = map[i]!;
      const at = base < 0 || from < 0 ? -1 : base + from * stride;
      if (d === rank - 1) visit(o++, at);
      else recurse(d + 1, at);
    }
  };
  recurse(0, offset);
}

/** torch.nn.functional.pad: constant (any dims; negative amounts crop), reflect, replicate, circular. */
export function pad(input: NDArray, pads: readonly number[], mode: PadMode = 'constant', value = 0): NDArray {
  const maps = sourceMaps('pad', input.shape, pads, mode);
  const out = NDArray.zeros(
    maps.map((m) => m.length),
    input.dtype,
  );
  const fill = castScalar('pad', value, input.dtype);
  const o = out.storage.data;
  const x = input.storage.data;
  walk(maps, input.strides, input.offset, (i, s) => {
    o[i] = s < 0 ? fill : x[s]!;
  });
  return out;
}

/** The gradient of `pad`: each output gradient added back to the element it was read from. */
export function padBackward(grad: NDArray, input: NDArray, pads: readonly number[], mode: PadMode): NDArray {
  const maps = sourceMaps('pad backward', input.shape, pads, mode);
  const gradInput = NDArray.zeros(input.shape, grad.dtype);
  const g = grad.contiguous();
  const gd = g.storage.data;
  const out = gradInput.storage.data;
  walk(maps, gradInput.strides, 0, (i, s) => {
    if (s >= 0) out[s]! += gd[g.offset + i]!;
  });
  return gradInput;
}
