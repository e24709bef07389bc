import { ValueError } from '@torchlet/autograd';
import { camelCase } from './state-dict.js';

/** Throws PyTorch's `${message}: ${value}` unless `value` is a number ≥ 0 (NaN included). */
export function checkNonNegative(value: unknown, message: string): void {
  if (typeof value !== 'number' || !(value >= 0)) throw new ValueError(`${message}: ${String(value)}`);
}

/** Rejects constructor options the optimizer does not have (typos, PyTorch's snake_case names). */
export function checkKnownOptions(optimizer: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const camel = camelCase(key);
    const hint = camel !== key && known.includes(camel) ? ` (torchlet spells it '${camel}')` : '';
    throw new ValueError(`${optimizer}: unknown option '${key}'${hint}; its options are ${known.join(', ')}`);
  }
}
