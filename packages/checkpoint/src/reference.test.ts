import { readFileSync } from 'node:fs';
import { fromTypedArray, tensor, type DType, type NDArray, type TypedArray } from '@torchlet/tensor';
import { describe, expect, test } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { checkpointErrorOf } from './safetensors.test-util.js';

/**
 * Golden files written by the reference implementation: safetensors 0.8.0 (its Rust core, through
 * `safetensors.torch.save_file`) from PyTorch 1.13 tensors, with each tensor's dtype, shape and
 * values (`t.double().reshape(-1).tolist()` for floats) in `reference.fixtures.json`. JSON has
 * no NaN/Infinity, so those are the strings 'nan', 'inf' and '-inf'.
 */
interface FixtureTensor {
  dtype: 'float32' | 'float64' | 'int32' | 'bool' | 'float16' | 'bfloat16' | 'int64' | 'uint8';
  shape: number[];
  values: (number | 'nan' | 'inf' | '-inf')[];
}
interface Fixtures {
  generator: string;
  files: Record<string, { tensors: Record<string, FixtureTensor>; metadata: Record<string, string> }>;
}

const folder = new URL('../test/fixtures/reference/', import.meta.url);
const fixtures = JSON.parse(readFileSync(new URL('reference.fixtures.json', folder), 'utf8')) as Fixtures;
const fileBytes = (name: string) => new Uint8Array(readFileSync(new URL(name, folder)));

const TORCHLET_DTYPE: Record<FixtureTensor['dtype'], DType> = {
  float32: 'float32',
  float64: 'float64',
  int32: 'int32',
  bool: 'bool',
  float16: 'float32',
  bfloat16: 'float32',
  int64: 'int32',
  uint8: 'int32',
};
const ARRAY_OF: Record<DType, (values: number[]) => TypedArray> = {
  float32: (v) => Float32Array.from(v),
  float64: (v) => Float64Array.from(v),
  int32: (v) => Int32Array.from(v),
  bool: (v) => Uint8Array.from(v),
};

/** Compare bits so NaN, -0 and subnormals count. */
function bits(a: TypedArray): number[] {
  return [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)];
}

function number(value: FixtureTensor['values'][number]): number {
  if (value === 'nan') return NaN;
  if (value === 'inf') return Infinity;
  if (value === '-inf') return -Infinity;
  return value;
}

function expected(spec: FixtureTensor): NDArray {
  return fromTypedArray(ARRAY_OF[TORCHLET_DTYPE[spec.dtype]](spec.values.map(number)), spec.shape);
}

/** The fixture's tensors as torchlet sources, for the dtypes torchlet writes. */
function sources(file: string): Record<string, NDArray> {
  const out: Record<string, NDArray> = {};
  for (const [name, spec] of Object.entries(fixtures.files[file]!.tensors)) out[name] = expected(spec);
  return out;
}

describe(`golden files from the reference implementation (${fixtures.generator})`, () => {
  test('the Sequential(Linear(2, 1)) state dict: exact bytes, readable by hand', () => {
    const bytes = encodeSafetensors({ '0.weight': tensor([[0.5, -1.25]]), '0.bias': tensor([0.75]) });
    const header =
      '{"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
      '"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[4,12]}}      ';
    expect(header.length).toBe(128);
    const golden = [
      [128, 0, 0, 0, 0, 0, 0, 0], // header length, u64 little-endian
      [...new TextEncoder().encode(header)], // JSON, space-padded to a multiple of 8
      [0x00, 0x00, 0x40, 0x3f], // 0.bias = [0.75]
      [0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0xa0, 0xbf], // 0.weight = [[0.5, -1.25]]
    ].flat();
    expect([...bytes]).toEqual(golden);
    expect(bytes).toEqual(fileBytes('linear.safetensors'));
  });

  test.each(['linear.safetensors', 'mixed.safetensors', 'empty.safetensors', 'metadata.safetensors'])(
    'encodeSafetensors reproduces %s byte for byte',
    (file) => {
      const { metadata } = fixtures.files[file]!;
      const bytes = encodeSafetensors(sources(file), Object.keys(metadata).length > 0 ? metadata : undefined);
      expect(bytes).toEqual(fileBytes(file));
    },
  );

  test.each(Object.keys(fixtures.files).filter((file) => file !== 'i64-overflow.safetensors'))(
    'decodeSafetensors reads %s',
    (file) => {
      const { tensors: specs, metadata } = fixtures.files[file]!;
      const decoded = decodeSafetensors(fileBytes(file), { source: file });
      expect(decoded.metadata).toEqual(metadata);
      expect(Object.keys(decoded.tensors).sort()).toEqual(Object.keys(specs).sort());
      for (const [name, spec] of Object.entries(specs)) {
        const actual = decoded.tensors[name]!;
        const want = expected(spec);
        expect(actual.dtype, name).toBe(want.dtype);
        expect(actual.shape, name).toEqual(want.shape);
        expect(bits(actual.toTypedArray()), name).toEqual(bits(want.toTypedArray()));
      }
    },
  );

  test('an I64 value outside int32 is an error naming the file, tensor, element and value', () => {
    const error = checkpointErrorOf(() =>
      decodeSafetensors(fileBytes('i64-overflow.safetensors'), { source: 'i64-overflow.safetensors' }),
    );
    expect(error.message).toBe(
      'decodeSafetensors: i64-overflow.safetensors: tensor "big": I64 element 1 is 1099511627776, which does not fit torchlet\'s int32 (-2147483648 to 2147483647)',
    );
    expect(error.source).toBe('i64-overflow.safetensors');
    expect(error.tensor).toBe('big');
  });
});
