import { Generator, ValueError } from '@torchlet/autograd';

/**
 * `source.length`, checked. A dataset or sampler whose length is NaN, Infinity, negative or
 * fractional would otherwise make a loader yield no batches at all, without a word (`NaN > 0` is
 * false), or throw a RangeError from a typed array deep inside: say which object and what it had.
 */
export function lengthOf(op: string, source: unknown, what: string): number {
  if (typeof source !== 'object' || source === null) {
    throw new TypeError(`${op}: expected a ${what} (an object with a length), got ${describe(source)}`);
  }
  const length = (source as { length?: unknown }).length;
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw new ValueError(`${op}: the ${what}'s length must be a non-negative integer, got ${describe(length)}`);
  }
  return length;
}

/** Throws a TypeError unless `value` is an iterable object (a sampler, a batch sampler). */
export function checkIterable(op: string, value: unknown, what: string): void {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(`${op}: ${what} must be iterable (have [Symbol.iterator]), got ${describe(value)}`);
  }
}

export function checkBoolean(op: string, value: unknown, name: string): void {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${op}: ${name} should be a boolean value, but got ${name}=${String(value)}`);
  }
}

export function checkGenerator(op: string, value: unknown): void {
  if (value !== undefined && !(value instanceof Generator)) {
    throw new TypeError(`${op}: generator must be a Generator (from @torchlet/autograd), got ${describe(value)}`);
  }
}

/** `null`, `undefined`, `number NaN`, `string "3"`, `an object of class Foo`, `a function`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `an object of class ${value.constructor?.name ?? 'null-prototype'}`;
  return typeof value === 'string' ? `string ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`;
}
