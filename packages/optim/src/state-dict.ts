import { NDArray, Tensor, ValueError, type DType } from '@torchlet/autograd';

/** A value inside a state dict: tensors are copies, never the optimizer's own buffers. */
export type StateValue =
  Tensor | number | boolean | string | null | readonly StateValue[] | { readonly [key: string]: StateValue };

/** One parameter's state in a state dict, with PyTorch's key names (`exp_avg`, `momentum_buffer`, ...). */
export interface ParamStateDict {
  [key: string]: StateValue;
}

/** One param group in a state dict: its options with PyTorch's names, and its parameters as indices. */
export interface ParamGroupStateDict {
  [key: string]: StateValue;
  params: number[];
}

/**
 * An optimizer's state in PyTorch's layout. Parameters are numbered in the order the param groups
 * list them, so the dict can be loaded into an optimizer over other tensors with the same layout.
 */
export interface OptimizerStateDict {
  state: { [paramIndex: number]: ParamStateDict };
  param_groups: ParamGroupStateDict[];
}

/** `weightDecay` → `weight_decay`, the spelling PyTorch uses in its state dicts. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** `weight_decay` → `weightDecay`; a leading underscore (`_step_count`) is kept. */
export function camelCase(key: string): string {
  return key.replace(/(?<=[A-Za-z0-9])_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** A deep copy for a state dict: tensors are cloned (contiguous, outside any graph). */
export function copyStateValue(value: unknown, where: string): StateValue {
  if (value instanceof Tensor) return new Tensor(value.array.clone());
  if (value instanceof NDArray) return new Tensor(value.clone());
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) return value.map((item: unknown, i) => copyStateValue(item, `${where}[${i}]`));
  if (isPlainObject(value)) {
    const out: Record<string, StateValue> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = copyStateValue(item, `${where}.${key}`);
    }
    return out;
  }
  throw new ValueError(
    `${where}: a state dict holds tensors, numbers, booleans, strings, null, arrays and plain objects, got ${describe(value)}`,
  );
}

/**
 * A deep copy of a loaded value for a parameter, as PyTorch's `load_state_dict` casts it:
 * floating tensors take the parameter's dtype, except under the key `step`.
 */
export function castStateValue(value: unknown, dtype: DType, key: string | null, where: string): unknown {
  if (value instanceof Tensor || value instanceof NDArray) {
    const source = value instanceof Tensor ? value.array : value;
    const array = key === 'step' ? source : source.to(dtype);
    return new Tensor(array === source ? array.clone() : array.contiguous());
  }
  if (Array.isArray(value)) return value.map((item: unknown, i) => castStateValue(item, dtype, null, `${where}[${i}]`));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(value)) out[k] = castStateValue(item, dtype, k, `${where}.${k}`);
    return out;
  }
  return copyStateValue(value, where);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' ? name : 'object';
}
