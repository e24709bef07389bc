import { ValueError } from '@torchlet/autograd';
import { camelCase } from './state-dict.js';

/** Throws PyTorch's `${message}: ${value}` unless `value` is a number ≥ 0 (NaN included). */
export function checkNonNegative(value: unknown, message: string): void {
  if (typeof value !== 'number' || !(value >= 0)) throw new ValueError(`${message}: ${String(value)}`);
}

/** Throws PyTorch-style `Invalid ${name} value: ${value}` unless `value` is a boolean. */
export function checkBooleanOption(value: unknown, name: string): void {
  if (typeof value !== 'boolean')
    throw new ValueError(`Invalid ${name} value: ${String(value)} (expected true or false)`);
}

/**
 * Rejects constructor options that are not an object, or that the optimizer does not have
 * (typos, PyTorch's snake_case names).
 */
export function checkKnownOptions(optimizer: string, options: object, known: readonly string[]): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${optimizer}: options must be an object such as { lr: 0.1 }, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const camel = camelCase(key);
    const hint = camel !== key && known.includes(camel) ? ` (torchlet spells it '${camel}')` : '';
    throw new ValueError(`${optimizer}: unknown option '${key}'${hint}; its options are ${known.join(', ')}`);
  }
}
