import type { NDArray } from '@torchlet/tensor';
import { checkpointError, type ErrorContext } from './errors.js';
import type { TensorSource } from './tensor-source.js';

/**
 * Training state (optimizer, scheduler, loaders, generators, extra) as JSON plus tensors. Tensors
 * inside it are moved out into the safetensors file under `@`-prefixed keys — a prefix no
 * PyTorch module attribute can start with, so they never collide with model keys — and replaced
 * in the JSON by `{"$tensor": key}`. Byte arrays (generator states) become `{"$bytes": base64}`,
 * non-finite numbers `{"$number": "NaN"}`.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const TRAINING_PREFIX = '@';

function isTensorSource(value: unknown): value is TensorSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    'shape' in value &&
    'dtype' in value &&
    typeof (value as { toTypedArray?: unknown }).toTypedArray === 'function'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Replaces tensors and bytes in `value` by references, collecting tensors under `path`. */
export function flattenState(
  value: unknown,
  path: string,
  tensors: Record<string, TensorSource>,
  context: ErrorContext,
): JsonValue {
  if (isTensorSource(value)) {
    const key = `${TRAINING_PREFIX}${path}`;
    tensors[key] = value;
    return { $tensor: key };
  }
  if (value instanceof Uint8Array) return { $bytes: toBase64(value) };
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item, i) => flattenState(item, `${path}.${i}`, tensors, context));
  if (isPlainObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = flattenState(item, `${path}.${key}`, tensors, context);
    }
    return out;
  }
  throw checkpointError(
    context,
    `cannot save ${describe(value)} at ${path}: training state holds tensors, byte arrays, numbers, strings, booleans, null, arrays and plain objects`,
  );
}

/** The inverse of `flattenState`: references become the decoded NDArrays and byte arrays. */
export function unflattenState(
  value: JsonValue,
  tensors: Readonly<Record<string, NDArray>>,
  context: ErrorContext,
): unknown {
  if (Array.isArray(value)) return value.map((item) => unflattenState(item, tensors, context));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && typeof value['$tensor'] === 'string') {
    const tensor = tensors[value['$tensor']];
    if (tensor === undefined)
      throw checkpointError(
        context,
        `training state refers to tensor ${JSON.stringify(value['$tensor'])}, which the file does not contain`,
      );
    return tensor;
  }
  if (keys.length === 1 && typeof value['$bytes'] === 'string') return fromBase64(value['$bytes'], context);
  if (keys.length === 1 && typeof value['$number'] === 'string') return Number(value['$number']);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = unflattenState(value[key]!, tensors, context);
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null)
    return `an object of class ${value.constructor?.name ?? 'null-prototype'}`;
  return `a ${typeof value}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without Buffer or btoa, so the core stays runtime-neutral. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : ALPHABET[c & 63]!;
  }
  return out;
}

export function fromBase64(text: string, context: ErrorContext): Uint8Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text))
    throw checkpointError(context, 'training state holds invalid base64 bytes');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (ALPHABET.indexOf(text[i]!) << 18) |
      (ALPHABET.indexOf(text[i + 1]!) << 12) |
      ((ALPHABET.indexOf(text[i + 2]!) & 63) << 6) |
      (ALPHABET.indexOf(text[i + 3]!) & 63);
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
