import { stack, Tensor, tensor, ValueError } from '@torchlet/autograd';
import type { TypedArray } from '@torchlet/tensor';

/**
 * What the default collate makes of a batch of items of type `T`: tensors, numbers, booleans and
 * typed arrays become one tensor with a new leading batch dimension; strings stay a list; arrays
 * (tuples) and plain objects are collated field by field, keeping their structure.
 */
export type Collated<T> = T extends Tensor | number | boolean | TypedArray
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : never;

/**
 * PyTorch's `default_collate`: turns a list of samples into a batch.
 *
 * - tensors are stacked along a new first dimension;
 * - numbers become a float32 tensor and booleans a bool tensor. JavaScript cannot tell `2` from
 *   `2.0`, so unlike PyTorch (int → int64, float → float64) numbers never infer an integer dtype,
 *   the same rule as `tensor()`; pass a `collate` that calls `tensor(values, { dtype: 'int32' })`
 *   for class labels;
 * - typed arrays (PyTorch's numpy arrays) become tensors of their own dtype, then stack;
 * - strings are returned as a list;
 * - arrays and tuples of equal length are transposed and collated position by position
 *   (`[[x0, y0], [x1, y1]]` → `[stack([x0, x1]), stack([y0, y1])]`);
 * - plain objects are collated key by key (the keys of the first sample).
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch) as Collated<T>;
}

function collate(batch: readonly unknown[]): unknown {
  if (batch.length === 0) throw new ValueError('defaultCollate: expected a non-empty batch, got 0 samples');
  const first = batch[0];
  if (first instanceof Tensor)
    return stack(
      allOf(batch, (x): x is Tensor => x instanceof Tensor, 'a tensor'),
      0,
    );
  if (typeof first === 'number') return tensor(allOf(batch, (x): x is number => typeof x === 'number', 'a number'));
  if (typeof first === 'boolean') return tensor(allOf(batch, (x): x is boolean => typeof x === 'boolean', 'a boolean'));
  if (typeof first === 'string') return allOf(batch, (x): x is string => typeof x === 'string', 'a string').slice();
  if (ArrayBuffer.isView(first) && !(first instanceof DataView)) {
    const arrays = allOf(
      batch,
      (x): x is TypedArray => ArrayBuffer.isView(x) && !(x instanceof DataView),
      'a typed array',
    );
    return stack(
      arrays.map((array) => tensor(array)),
      0,
    );
  }
  if (Array.isArray(first)) {
    const rows = allOf(batch, (x): x is readonly unknown[] => Array.isArray(x), 'an array');
    const size = first.length;
    if (rows.some((row) => row.length !== size)) {
      throw new ValueError(
        `defaultCollate: each element in list of batch should be of equal size, got lengths [${rows.map((row) => row.length).join(', ')}]`,
      );
    }
    const out: unknown[] = new Array(size);
    for (let k = 0; k < size; k++) out[k] = collate(rows.map((row) => row[k]));
    return out;
  }
  if (isPlainObject(first)) {
    const records = allOf(batch, isPlainObject, 'a plain object');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      out[key] = collate(
        records.map((record, i) => {
          if (!(key in record))
            throw new ValueError(`defaultCollate: sample ${i} has no key '${key}', which sample 0 has`);
          return record[key];
        }),
      );
    }
    return out;
  }
  throw new ValueError(
    `defaultCollate: batch must contain tensors, typed arrays, numbers, booleans, strings, arrays or plain objects; found ${describe(first)}`,
  );
}

function allOf<U>(batch: readonly unknown[], is: (x: unknown) => x is U, what: string): readonly U[] {
  for (let i = 0; i < batch.length; i++) {
    if (!is(batch[i])) {
      throw new ValueError(
        `defaultCollate: sample 0 is ${what} but sample ${i} is ${describe(batch[i])}; all samples of a batch must have the same structure`,
      );
    }
  }
  return batch as readonly U[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Tensor) return `a tensor of shape [${value.shape.join(', ')}]`;
  if (typeof value === 'object') return `an object of class ${value.constructor?.name ?? 'unknown'}`;
  return `${typeof value} ${String(value)}`;
}
