import { DTypeError, ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../generator.js';
import type { NDArray } from '../ndarray.js';
import { assignStrided } from '../strided.js';

/**
 * Fills `a` in place with values from `draw`, element by element in row-major order (so a
 * strided view draws the same sequence as its contiguous copy would).
 */
function fill(a: NDArray, draw: () => number): void {
  const target = a.isContiguous ? a : a.clone();
  const data = target.storage.data;
  const start = target.offset;
  for (let i = 0; i < a.size; i++) data[start + i] = draw();
  if (target !== a) assignStrided(a, target);
  a.storage.version++;
}

function checkFloating(op: string, a: NDArray): void {
  if (a.dtype !== 'float32' && a.dtype !== 'float64') {
    throw new DTypeError(`${op}: expected a floating point tensor, got ${a.dtype}`);
  }
}

export function fillNormal(a: NDArray, mean: number, std: number, generator: Generator = defaultGenerator): void {
  checkFloating('normal_', a);
  if (!(std >= 0) || !Number.isFinite(std)) throw new ValueError(`normal_: expects std >= 0.0, but found std ${std}`);
  fill(a, () => mean + std * generator.nextNormal());
}

export function fillUniform(a: NDArray, low: number, high: number, generator: Generator = defaultGenerator): void {
  checkFloating('uniform_', a);
  if (!(low <= high) || !Number.isFinite(high - low)) {
    throw new ValueError(`uniform_: expects low <= high with a finite range, but found low=${low} and high=${high}`);
  }
  const span = high - low;
  const next = a.dtype === 'float32' ? () => generator.nextFloat() : () => generator.nextDouble();
  fill(a, () => low + span * next());
}

export function fillRandint(a: NDArray, low: number, high: number, generator: Generator = defaultGenerator): void {
  if (!Number.isInteger(low) || !Number.isInteger(high) || low >= high) {
    throw new ValueError(`randint: expects integers with low < high, but got low=${low} and high=${high}`);
  }
  fill(a, () => generator.nextInt(low, high));
}
