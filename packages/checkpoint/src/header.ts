import { formatShape } from '@torchlet/tensor';
import { isReadableDType, isReferenceDType, READABLE_DTYPES, type SafetensorsDType } from './dtypes.js';
import { checkpointError, type ErrorContext } from './errors.js';
import {
  describeJson,
  formatJson,
  isHeaderObject,
  JsonNumber,
  parseHeaderJson,
  type HeaderValue,
} from './header-json.js';
import { decodeUtf8 } from './utf8.js';

/** Bytes of the little-endian u64 that starts every file and gives the header's length. */
export const HEADER_LENGTH_BYTES = 8;

/** The reference implementation's limit (`MAX_HEADER_SIZE` in `tensor.rs`): 100 MB of JSON. */
export const MAX_HEADER_LENGTH = 100_000_000;

/** The header key holding the string-to-string metadata map. */
export const METADATA_KEY = '__metadata__';

const ENTRY_FIELDS = ['dtype', 'shape', 'data_offsets'] as const;

/** One tensor as the header describes it. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly numel: number;
  /** Where its bytes start in the data buffer (the file from byte `dataOffset` on). */
  readonly begin: number;
  /** Where its bytes end (exclusive) in the data buffer. */
  readonly end: number;
}

/** A header that passed every check: entries can be read from the file without further checks. */
export interface SafetensorsHeader {
  /** N, the length of the JSON header in bytes (including any padding). */
  readonly headerLength: number;
  /** Where the data buffer starts in the file: 8 + N. */
  readonly dataOffset: number;
  /** Bytes in the data buffer; the entries cover them exactly. */
  readonly dataLength: number;
  /** The tensors, ordered by their position in the data buffer. */
  readonly entries: readonly SafetensorsEntry[];
  readonly metadata: Readonly<Record<string, string>>;
}

export interface ReadHeaderOptions {
  /** File name (or any label) for error messages. */
  readonly source?: string | undefined;
  /**
   * Size of the whole file, when `bytes` holds only its beginning (at least the 8 + N header
   * bytes). Defaults to `bytes.length`.
   */
  readonly fileSize?: number | undefined;
}

/**
 * Reads and validates the header of a safetensors file. Nothing in the file is trusted: every
 * length, offset, dtype and shape is checked against the format and against the file's size
 * before anyone allocates memory for it, and each failure is a `CheckpointError` naming the file,
 * the tensor and the problem.
 */
export function readSafetensorsHeader(bytes: Uint8Array, options: ReadHeaderOptions = {}): SafetensorsHeader {
  return parseHeader(bytes, options.fileSize ?? bytes.length, { op: 'readSafetensorsHeader', source: options.source });
}

/** Validates the 8-byte length prefix against the file size and returns N. */
export function readHeaderLength(bytes: Uint8Array, fileSize: number, context: ErrorContext): number {
  if (fileSize < HEADER_LENGTH_BYTES) {
    throw checkpointError(
      context,
      `file is ${fileSize} bytes, shorter than the 8-byte header length that starts every safetensors file`,
    );
  }
  if (bytes.length < HEADER_LENGTH_BYTES) {
    throw checkpointError(context, `only ${bytes.length} bytes given; the 8-byte header length is needed first`);
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, HEADER_LENGTH_BYTES).getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_LENGTH)) {
    throw checkpointError(
      context,
      `header length ${length} is over the ${MAX_HEADER_LENGTH}-byte (100 MB) limit; this is not a safetensors file or it is corrupt`,
    );
  }
  const headerLength = Number(length);
  if (HEADER_LENGTH_BYTES + headerLength > fileSize) {
    throw checkpointError(
      context,
      `header length ${headerLength} runs past the end of the file (${fileSize} bytes); the file is truncated or not safetensors`,
    );
  }
  return headerLength;
}

export function parseHeader(bytes: Uint8Array, fileSize: number, context: ErrorContext): SafetensorsHeader {
  const headerLength = readHeaderLength(bytes, fileSize, context);
  const dataOffset = HEADER_LENGTH_BYTES + headerLength;
  if (bytes.length < dataOffset) {
    throw checkpointError(context, `only ${bytes.length} bytes given, but the header ends at byte ${dataOffset}`);
  }
  const dataLength = fileSize - dataOffset;
  const text = decodeUtf8(bytes.subarray(HEADER_LENGTH_BYTES, dataOffset));
  if (text === undefined) throw checkpointError(context, 'header is not valid UTF-8');

  // Each entry is checked as soon as the parser has read it, so a bad header fails at its first
  // bad entry and memory holds only the entries that passed.
  let metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  const other = parseHeaderJson(text, context, {
    member(name, value) {
      if (name === METADATA_KEY) metadata = parseMetadata(value, context);
      else entries.push(parseEntry(name, value, dataLength, context));
    },
    // Checked as they are read, so a huge object is refused at its first bad item, not at its end.
    field(parent, key, value) {
      if (parent === METADATA_KEY) checkMetadataValue(key, value, context);
      else checkEntryField(parent, key, context);
    },
  });
  if (other !== undefined) throw checkpointError(context, `header must be a JSON object, got ${describeJson(other)}`);
  checkCoverage(entries, dataLength, context);
  return { headerLength, dataOffset, dataLength, entries, metadata };
}

function parseMetadata(value: HeaderValue, context: ErrorContext): Record<string, string> {
  // The reference writer omits the key when there is no metadata; a null is read the same way.
  if (value === null) return {};
  if (!isHeaderObject(value)) {
    throw checkpointError(context, `${METADATA_KEY} must be an object of strings, got ${describeJson(value)}`);
  }
  // Each value was checked to be a string as it was read (checkMetadataValue, from the parser).
  return value as Record<string, string>;
}

function checkMetadataValue(key: string, value: HeaderValue, context: ErrorContext): void {
  if (typeof value !== 'string') {
    throw checkpointError(
      context,
      `${METADATA_KEY} value for ${JSON.stringify(key)} must be a string, got ${describeJson(value)}`,
    );
  }
}

function checkEntryField(name: string, field: string, context: ErrorContext): void {
  if (!(ENTRY_FIELDS as readonly string[]).includes(field)) {
    throw checkpointError(
      context,
      `entry has an unknown field ${JSON.stringify(field)}; expected only dtype, shape and data_offsets`,
      name,
    );
  }
}

function parseEntry(name: string, value: HeaderValue, dataLength: number, context: ErrorContext): SafetensorsEntry {
  const fail = (problem: string) => checkpointError(context, problem, name);
  if (!isHeaderObject(value))
    throw fail(`entry must be an object with dtype, shape and data_offsets, got ${describeJson(value)}`);
  for (const field of ENTRY_FIELDS) {
    if (!Object.hasOwn(value, field)) throw fail(`entry has no ${field}`);
  }
  for (const field of Object.keys(value)) checkEntryField(name, field, context);

  const dtype = value['dtype']!;
  if (!isReadableDType(dtype)) {
    const readable = Object.keys(READABLE_DTYPES).join(', ');
    throw fail(
      isReferenceDType(dtype)
        ? `dtype ${String(dtype)} is valid safetensors but torchlet cannot read it; readable dtypes are ${readable}`
        : `unknown dtype ${formatJson(dtype)}; readable dtypes are ${readable}`,
    );
  }
  const { itemSize } = READABLE_DTYPES[dtype];

  const rawShape = value['shape']!;
  if (!Array.isArray(rawShape))
    throw fail(`shape must be an array of non-negative integers, got ${describeJson(rawShape)}`);
  for (const dim of rawShape) {
    const problem = integerProblem(dim, 'dimension');
    if (problem !== undefined) throw fail(`shape ${formatJson(rawShape)} has ${problem}`);
  }
  // Every item is a plain integer now; the parser's fresh array is the shape (no copy).
  const shape = rawShape as number[];
  const numel = countElements(shape);
  if (numel === undefined) {
    throw fail(
      `shape ${describeShape(shape)} has more elements than fit in 2^53 - 1 (counting from the first dimension, as the reference reader does, before any 0 later in the shape)`,
    );
  }
  if (numel * itemSize > dataLength) {
    throw fail(
      `shape ${describeShape(shape)} of dtype ${dtype} needs more bytes than the whole data buffer holds (${dataLength})`,
    );
  }

  const offsets = value['data_offsets']!;
  if (!Array.isArray(offsets) || offsets.length !== 2) {
    const got = Array.isArray(offsets) ? formatJson(offsets) : describeJson(offsets);
    throw fail(`data_offsets must be [begin, end] with non-negative integers, got ${got}`);
  }
  for (const offset of offsets) {
    const problem = integerProblem(offset, 'offset');
    if (problem !== undefined) {
      throw fail(
        `data_offsets must be [begin, end] with non-negative integers, got ${formatJson(offsets)}, which has ${problem}`,
      );
    }
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw fail(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) {
    throw fail(`data_offsets [${begin}, ${end}] run past the end of the data buffer (${dataLength} bytes)`);
  }
  if (end - begin !== numel * itemSize) {
    throw fail(
      `data_offsets [${begin}, ${end}] cover ${end - begin} bytes, but dtype ${dtype} with shape ${describeShape(shape)} needs ${numel} × ${itemSize} = ${numel * itemSize}`,
    );
  }
  return { name, dtype, shape, numel, begin, end };
}

/**
 * Why `value` cannot be a dimension or an offset, or `undefined` if it can. Both are `usize` in
 * the reference reader, and serde_json reads `0e0`, `1.0` and `-0` as floats, which a `usize`
 * refuses; so does this reader, or a file could mean something here and be refused there.
 */
function integerProblem(value: HeaderValue, noun: 'dimension' | 'offset'): string | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? undefined : `a ${noun} too large (${formatJson(value)})`;
  }
  if (value instanceof JsonNumber && Number.isInteger(value.value) && value.value >= 0) {
    return `${value.text}, an integer in floating-point notation, which the reference reader refuses (serde_json reads it as a float, not a usize); write plain digits`;
  }
  return `${describeJson(value)}; ${noun}s must be non-negative integers`;
}

/**
 * The product of `shape`, multiplied from the first dimension as the reference reader does
 * (`try_fold(1, checked_mul)`), or `undefined` once it leaves the safe integers: `[2^52, 2^52, 0]`
 * overflows there too, before the 0 is reached. While it stays safe, every product is exact.
 */
function countElements(shape: readonly number[]): number | undefined {
  let count = 1;
  for (const dim of shape) {
    count *= dim;
    if (count > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return count;
}

/** A shape for a message; a pathological one (thousands of dimensions) is cut. */
function describeShape(shape: readonly number[]): string {
  return shape.length <= 16
    ? formatShape(shape)
    : `${formatShape(shape.slice(0, 16)).slice(0, -1)}, ... (${shape.length} dimensions)]`;
}

/**
 * The entries must tile the data buffer: sorted by offset, the first starts at 0, each starts
 * where the previous one ended, and the last ends at the end of the file. Anything else would
 * leave bytes no tensor owns or let two tensors share bytes.
 */
function checkCoverage(entries: SafetensorsEntry[], dataLength: number, context: ErrorContext): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let position = 0;
  let previous: SafetensorsEntry | undefined;
  for (const entry of entries) {
    if (entry.begin !== position) {
      const range = `data_offsets [${entry.begin}, ${entry.end}]`;
      const after = previous === undefined ? undefined : JSON.stringify(previous.name);
      let problem: string;
      if (previous === undefined) problem = `${range}: the first tensor in the data buffer must start at offset 0`;
      else if (entry.begin < position) problem = `${range} overlap tensor ${after}, which ends at ${position}`;
      else
        problem = `${range} leave a hole of ${entry.begin - position} bytes after tensor ${after}, which ends at ${position}`;
      throw checkpointError(context, problem, entry.name);
    }
    position = entry.end;
    previous = entry;
  }
  if (position !== dataLength) {
    throw checkpointError(
      context,
      `the tensors cover ${position} bytes of the data buffer, but it has ${dataLength}; the last ${dataLength - position} bytes belong to no tensor`,
    );
  }
}
