import { ValueError } from '@torchlet/tensor';

/** A size given as one number for every spatial dim or one per dim (PyTorch's `int or tuple`). */
export type SizeArgument = number | readonly number[];

/** `value` as `dims` integers, checked against `min`; `op` and `name` go into the error. */
export function expandSize(op: string, name: string, value: SizeArgument, dims: number, min: number): number[] {
  const values = typeof value === 'number' ? new Array<number>(dims).fill(value) : [...value];
  if (values.length !== dims || values.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ValueError(
      `${op}: ${name} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer or ${dims} of them, got ${JSON.stringify(value)}`,
    );
  }
  return values;
}

/** Two of them, as the 2-D primitives take. */
export function pair(values: readonly number[]): [number, number] {
  return [values[0]!, values[1]!];
}
