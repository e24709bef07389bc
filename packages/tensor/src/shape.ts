import { IndexError, ShapeError, ValueError } from './errors.js';

export type Shape = readonly number[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function numel(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy/PyTorch broadcasting: align trailing dims; each pair must match or contain a 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const da = a.length - i >= 0 ? a[a.length - i]! : 1;
    const db = b.length - i >= 0 ? b[b.length - i]! : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(dimension ${rank - i}: ${da} != ${db})`,
      );
    }
    out[rank - i] = da === 1 ? db : da;
  }
  return out;
}

/** Resolves a possibly negative dim against `rank`, with PyTorch's error when out of range. */
export function normalizeDim(op: string, dim: number, rank: number): number {
  const r = rank === 0 ? 1 : rank; // a 0-d tensor accepts dim 0 and -1, as in PyTorch
  if (!Number.isInteger(dim) || dim < -r || dim >= r) {
    throw new IndexError(
      `${op}: dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + r : dim;
}

export function checkShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ValueError(`${op}: invalid shape ${formatShape(shape)}; dimensions must be non-negative integers`);
    }
  }
}

/** Replaces a single -1 in `shape` so that it holds `size` elements. */
export function inferShape(op: string, shape: Shape, size: number): number[] {
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === -1) {
      if (inferred !== -1) throw new ShapeError(`${op}: only one dimension can be inferred, got ${formatShape(shape)}`);
      inferred = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ValueError(`${op}: invalid shape dimension ${d} in ${formatShape(shape)}`);
    } else {
      known *= d;
    }
  }
  const out = shape.slice();
  if (inferred !== -1) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`${op}: shape ${formatShape(shape)} is invalid for input of size ${size}`);
    }
    out[inferred] = size / known;
  } else if (known !== size) {
    throw new ShapeError(`${op}: shape ${formatShape(shape)} is invalid for input of size ${size}`);
  }
  return out;
}
