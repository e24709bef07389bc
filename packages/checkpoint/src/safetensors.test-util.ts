import { CheckpointError } from './errors.js';

/** A safetensors file with the given header text (unpadded unless `pad`) and data bytes. */
export function fileWithHeader(header: string | object, data: ArrayLike<number> = [], pad = false): Uint8Array {
  let text = typeof header === 'string' ? header : JSON.stringify(header);
  let json = new TextEncoder().encode(text);
  if (pad && json.length % 8 !== 0) {
    text += ' '.repeat(8 - (json.length % 8));
    json = new TextEncoder().encode(text);
  }
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(Array.from(data), 8 + json.length);
  return bytes;
}

/** The header JSON text of an encoded file (padding included). */
export function headerText(bytes: Uint8Array): string {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return new TextDecoder().decode(bytes.subarray(8, 8 + length));
}

/** The error `run` throws; fails if it throws nothing or something other than a CheckpointError. */
export function checkpointErrorOf(run: () => unknown): CheckpointError {
  try {
    run();
  } catch (error) {
    if (error instanceof CheckpointError) return error;
    throw new Error(`expected a CheckpointError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a CheckpointError, but nothing was thrown');
}

export function float32Bytes(...values: number[]): number[] {
  return [...new Uint8Array(Float32Array.from(values).buffer)];
}

/** Sets an own enumerable property, even `__proto__`, replacing any earlier one. */
export function setEntry<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
