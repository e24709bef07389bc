import { DTypeError, NDArray, ShapeError, Tensor, ValueError } from '@torchlet/autograd';
import { formatShape } from '@torchlet/tensor';
import { describe, snakeCase } from './state-dict.js';

/*
 * The built-in optimizers update with one fused loop per parameter over the typed arrays behind
 * `param.array`, `param.grad.array` and their state: no autograd graph, no temporaries, one pass.
 * The loops index the arrays linearly from their offset, so everything they touch is contiguous;
 * these helpers make it so in the rare cases it is not (a transposed gradient, a strided parameter).
 */

/**
 * The parameter's gradient as a contiguous array of its dtype, or null when it has none. Reads
 * only: a gradient of another floating dtype is converted into a new array.
 */
export function gradientOf(param: Tensor, op: string, which = 'a parameter'): NDArray | null {
  const grad = param.grad as unknown;
  if (grad === null || grad === undefined) return null;
  if (!(grad instanceof Tensor)) {
    throw new ValueError(
      `${op}: ${which} has a grad that is not a Tensor (${describe(grad)}); set it to a Tensor or null`,
    );
  }
  let array = grad.array;
  const shape = param.array.shape;
  if (array.shape !== shape && !sameShape(array.shape, shape)) {
    throw new ShapeError(
      `${op}: ${which} has shape ${formatShape(shape)}, but its gradient has shape ${formatShape(array.shape)}; they must match`,
    );
  }
  if (array.dtype !== 'float32' && array.dtype !== 'float64') {
    throw new DTypeError(
      `${op}: ${which} (${param.dtype}) has a gradient of dtype ${array.dtype}; gradients must be floating point`,
    );
  }
  if (array.dtype !== param.dtype) array = array.to(param.dtype);
  return array.isContiguous ? array : array.contiguous();
}

/** The array to update in place: the parameter's own, or a contiguous copy to write back with `commit`. */
export function updateTarget(param: Tensor): NDArray {
  const array = param.array;
  return array.isContiguous ? array : array.clone();
}

/** Finishes an update: writes a copy back, and counts the write either way (autograd checks the version). */
export function commit(param: Tensor, target: NDArray): void {
  if (target === param.array) param.array.storage.version++;
  else param.array.copy_(target);
}

/** A zero-filled buffer like the parameter (contiguous, outside any graph). */
export function zerosLike(param: Tensor): Tensor {
  return new Tensor(NDArray.zeros(param.shape, param.dtype));
}

/** Reads a tensor from loaded state, checking it has the parameter's shape. */
export function stateTensor(entry: Record<string, unknown>, key: string, param: Tensor, index: number): Tensor {
  const value = entry[key];
  if (!(value instanceof Tensor)) {
    throw new ValueError(
      `loadStateDict: state[${index}].${snakeCase(key)} must be a tensor, got ${value === undefined ? 'nothing' : typeof value}`,
    );
  }
  if (!sameShape(value.shape, param.shape)) {
    throw new ShapeError(
      `loadStateDict: state[${index}].${snakeCase(key)} has shape ${formatShape(value.shape)}, expected the parameter's shape ${formatShape(param.shape)}`,
    );
  }
  return value;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
