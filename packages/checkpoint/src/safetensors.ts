import { fromTypedArray, formatShape, type DType, type NDArray, type TypedArray } from '@torchlet/tensor';
import { READABLE_DTYPES, referenceRank, WRITTEN_DTYPES, type SafetensorsDType } from './dtypes.js';
import { HOST_IS_LITTLE_ENDIAN } from './endian.js';
import { checkpointError, type ErrorContext } from './errors.js';
import { bfloat16ToNumber, halfToNumber } from './half-float.js';
import { HEADER_LENGTH_BYTES, MAX_HEADER_LENGTH, METADATA_KEY, parseHeader, type SafetensorsEntry } from './header.js';
import type { TensorSource } from './tensor-source.js';
import { compareCodePoints, encodeUtf8, isWellFormed } from './utf8.js';

export interface DecodeOptions {
  /** File name (or any label) used in error messages. */
  readonly source?: string | undefined;
}

export interface DecodedSafetensors {
  /** Every tensor in the file, by name. */
  readonly tensors: Record<string, NDArray>;
  /** The `__metadata__` map; empty when the file has none. */
  readonly metadata: Record<string, string>;
}

const TYPED_ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

interface PreparedTensor {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly data: TypedArray;
  readonly byteLength: number;
}

/**
 * Serializes tensors (and an optional string-to-string metadata map) to the bytes of a
 * safetensors file, laid out exactly as the reference implementation lays them out:
 * - 8-byte little-endian header length N, then N bytes of compact UTF-8 JSON, then the data;
 * - the header is padded with spaces to a multiple of 8 bytes;
 * - `__metadata__` comes first (its keys sorted by code point, so equal inputs give equal bytes),
 *   then the tensors in data order: by dtype alignment, largest first (F64, F32, I32, BOOL),
 *   then by name, so every tensor starts at a multiple of its item size;
 * - values are little-endian, row-major; non-contiguous sources are written in logical order.
 * The result can be read by `safetensors.torch.load_file` and by `decodeSafetensors`.
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, TensorSource>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  return encodeWithContext(tensors, metadata, { op: 'encodeSafetensors' });
}

export function encodeWithContext(
  tensors: Readonly<Record<string, TensorSource>>,
  metadata: Readonly<Record<string, string>> | undefined,
  context: ErrorContext,
): Uint8Array {
  if (typeof tensors !== 'object' || tensors === null) {
    throw checkpointError(context, `expected an object mapping names to tensors, got ${String(tensors)}`);
  }
  const prepared = Object.entries(tensors).map(([name, source]) => prepareTensor(name, source, context));
  prepared.sort((a, b) => referenceRank(b.dtype) - referenceRank(a.dtype) || compareCodePoints(a.name, b.name));

  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`${JSON.stringify(METADATA_KEY)}:${metadataJson(metadata, context)}`);
  let offset = 0;
  for (const tensor of prepared) {
    const end = offset + tensor.byteLength;
    parts.push(
      `${JSON.stringify(tensor.name)}:{"dtype":"${tensor.dtype}","shape":[${tensor.shape.join(',')}],"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = encodeUtf8(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  if (headerLength > MAX_HEADER_LENGTH) {
    throw checkpointError(
      context,
      `the header would be ${headerLength} bytes, over the ${MAX_HEADER_LENGTH}-byte limit readers enforce; use shorter names or less metadata`,
    );
  }

  const dataOffset = HEADER_LENGTH_BYTES + headerLength;
  const bytes = new Uint8Array(dataOffset + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, HEADER_LENGTH_BYTES);
  bytes.fill(0x20, HEADER_LENGTH_BYTES + json.length, dataOffset);
  let position = dataOffset;
  for (const tensor of prepared) {
    writeElements(bytes, position, tensor.data, tensor.dtype);
    position += tensor.byteLength;
  }
  return bytes;
}

function prepareTensor(name: string, source: TensorSource, context: ErrorContext): PreparedTensor {
  const fail = (problem: string) => checkpointError(context, problem, name);
  if (name === METADATA_KEY) throw fail(`${METADATA_KEY} is reserved for the metadata map and cannot name a tensor`);
  if (!isWellFormed(name)) throw fail('the name contains a lone UTF-16 surrogate, which UTF-8 cannot encode');
  if (typeof source !== 'object' || source === null || typeof source.toTypedArray !== 'function') {
    throw fail('expected a tensor with shape, dtype and toTypedArray() (an NDArray or a Tensor)');
  }
  const dtype = source.dtype as DType | undefined;
  if (dtype === undefined || !Object.hasOwn(WRITTEN_DTYPES, dtype)) {
    throw fail(`unsupported dtype ${JSON.stringify(dtype)}; expected float32, float64, int32 or bool`);
  }
  const shape = Array.isArray(source.shape) ? [...(source.shape as readonly unknown[])] : undefined;
  if (
    shape === undefined ||
    !shape.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    throw fail(`shape must be an array of non-negative integers, got ${JSON.stringify(source.shape)}`);
  }
  const data = source.toTypedArray();
  const expected = TYPED_ARRAYS[dtype];
  const count = shape.reduce((product, d) => product * d, 1);
  if (!(data instanceof expected) || data.length !== count) {
    throw fail(
      `toTypedArray() returned ${data?.constructor?.name ?? typeof data} of length ${String(data?.length)}, but dtype ${dtype} with shape ${formatShape(shape)} needs a ${expected.name} of length ${count}`,
    );
  }
  const safetensorsDType = WRITTEN_DTYPES[dtype];
  return {
    name,
    dtype: safetensorsDType,
    shape: shape.map((d) => (d === 0 ? 0 : d)),
    data,
    byteLength: count * READABLE_DTYPES[safetensorsDType].itemSize,
  };
}

function metadataJson(metadata: Readonly<Record<string, string>>, context: ErrorContext): string {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw checkpointError(context, `metadata must be an object of strings, got ${JSON.stringify(metadata)}`);
  }
  const entries = Object.entries(metadata as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') {
      throw checkpointError(
        context,
        `metadata value for ${JSON.stringify(key)} must be a string, got ${typeof value}; safetensors metadata maps strings to strings (use JSON.stringify for structured values)`,
      );
    }
    if (!isWellFormed(key) || !isWellFormed(value)) {
      throw checkpointError(
        context,
        `metadata entry ${JSON.stringify(key)} contains a lone UTF-16 surrogate, which UTF-8 cannot encode`,
      );
    }
  }
  entries.sort(([a], [b]) => compareCodePoints(a, b));
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`;
}

/** Writes `data` little-endian at `bytes[position]`. */
export function writeElements(
  bytes: Uint8Array,
  position: number,
  data: TypedArray,
  dtype: SafetensorsDType,
  hostIsLittleEndian = HOST_IS_LITTLE_ENDIAN,
): void {
  if (dtype === 'BOOL') {
    // torchlet stores bool as 0/1, but a hand-built Uint8Array may hold any byte; PyTorch expects 0/1.
    for (let i = 0; i < data.length; i++) bytes[position + i] = data[i] ? 1 : 0;
    return;
  }
  if (hostIsLittleEndian) {
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + position, data.length * data.BYTES_PER_ELEMENT);
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!;
    if (dtype === 'F64') view.setFloat64(i * 8, value, true);
    else if (dtype === 'F32') view.setFloat32(i * 4, value, true);
    else view.setInt32(i * 4, value, true);
  }
}

/**
 * Reads the bytes of a safetensors file into NDArrays. The whole header is validated first (see
 * `readSafetensorsHeader`); only then is memory allocated, at most one typed array per tensor,
 * sized from checked offsets.
 *
 * The tensors never alias `bytes`: each one is copied into its own typed array, so the caller may
 * reuse or overwrite the buffer (a pooled Node Buffer, a network chunk), and in-place ops on the
 * tensors cannot change it. Copying is also how misaligned offsets (files from writers that do
 * not pad the header) are handled, with no special case.
 */
export function decodeSafetensors(bytes: Uint8Array, options: DecodeOptions = {}): DecodedSafetensors {
  return decodeWithContext(bytes, false, { op: 'decodeSafetensors', source: options.source });
}

/**
 * `owned`: the caller hands over `bytes` (a buffer it just allocated and will not touch again),
 * so tensors whose offset is aligned for their typed array may view it instead of copying.
 */
export function decodeWithContext(bytes: Uint8Array, owned: boolean, context: ErrorContext): DecodedSafetensors {
  const header = parseHeader(bytes, bytes.length, context);
  const data = bytes.subarray(header.dataOffset);
  // fromEntries defines own properties (a tensor may be named "__proto__") and, unlike one
  // defineProperty per tensor, stays fast for a file of a million tensors.
  const tensors: Record<string, NDArray> = Object.fromEntries(
    header.entries.map((entry) => [entry.name, fromTypedArray(readElements(data, entry, owned, context), entry.shape)]),
  );
  // The header's metadata map is fresh and belongs to this call.
  return { tensors, metadata: header.metadata as Record<string, string> };
}

/** The values of one validated entry as torchlet's typed array for its dtype. */
export function readElements(
  data: Uint8Array,
  entry: SafetensorsEntry,
  owned: boolean,
  context: ErrorContext,
  hostIsLittleEndian = HOST_IS_LITTLE_ENDIAN,
): TypedArray {
  const raw = data.subarray(entry.begin, entry.end);
  const n = entry.numel;
  switch (entry.dtype) {
    case 'F32':
    case 'F64':
    case 'I32': {
      const Type = entry.dtype === 'F32' ? Float32Array : entry.dtype === 'F64' ? Float64Array : Int32Array;
      if (hostIsLittleEndian) {
        if (owned && raw.byteOffset % Type.BYTES_PER_ELEMENT === 0)
          return new Type(raw.buffer as ArrayBuffer, raw.byteOffset, n);
        const out = new Type(n);
        new Uint8Array(out.buffer).set(raw);
        return out;
      }
      const view = dataView(raw);
      const out = new Type(n);
      for (let i = 0; i < n; i++) {
        out[i] =
          entry.dtype === 'F64'
            ? view.getFloat64(i * 8, true)
            : entry.dtype === 'F32'
              ? view.getFloat32(i * 4, true)
              : view.getInt32(i * 4, true);
      }
      return out;
    }
    case 'BOOL': {
      for (let i = 0; i < n; i++) {
        if (raw[i]! > 1) {
          throw checkpointError(
            context,
            `BOOL element ${i} is ${raw[i]}; booleans must be stored as 0 or 1`,
            entry.name,
          );
        }
      }
      return owned ? raw : raw.slice();
    }
    case 'U8':
      return Int32Array.from(raw);
    case 'I64': {
      const view = dataView(raw);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const low = view.getInt32(i * 8, true);
        const high = view.getInt32(i * 8 + 4, true);
        // Fits in int32 exactly when the high word is the sign extension of the low one.
        if (high !== low >> 31) {
          throw checkpointError(
            context,
            `I64 element ${i} is ${view.getBigInt64(i * 8, true)}, which does not fit torchlet's int32 (-2147483648 to 2147483647)`,
            entry.name,
          );
        }
        out[i] = low;
      }
      return out;
    }
    case 'F16':
    case 'BF16': {
      const view = dataView(raw);
      const widen = entry.dtype === 'F16' ? halfToNumber : bfloat16ToNumber;
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = widen(view.getUint16(i * 2, true));
      return out;
    }
  }
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
