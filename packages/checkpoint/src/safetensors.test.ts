import { fromTypedArray, NDArray, tensor, zeros, type DType, type TypedArray } from '@torchlet/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { READABLE_DTYPES } from './dtypes.js';
import { CheckpointError } from './errors.js';
import { readSafetensorsHeader } from './header.js';
import { decodeSafetensors, encodeSafetensors, readElements, writeElements } from './safetensors.js';
import { checkpointErrorOf, headerText, setEntry } from './safetensors.test-util.js';
import type { TensorSource } from './tensor-source.js';

const DTYPES: DType[] = ['float32', 'float64', 'int32', 'bool'];
const ITEM_SIZE: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

function valuesFor(dtype: DType, count: number, seed: number): TypedArray {
  const out =
    dtype === 'float32'
      ? new Float32Array(count)
      : dtype === 'float64'
        ? new Float64Array(count)
        : dtype === 'int32'
          ? new Int32Array(count)
          : new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const x = Math.sin(seed * 7919 + i * 104729) * 1e4;
    out[i] = dtype === 'bool' ? (x > 0 ? 1 : 0) : dtype === 'int32' ? Math.trunc(x * 1e5) : x;
  }
  return out;
}

function expectSameBits(actual: TypedArray, expected: TypedArray): void {
  expect(actual.constructor).toBe(expected.constructor);
  expect(new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength)).toEqual(
    new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength),
  );
}

describe('round trip', () => {
  const shapes: number[][] = [[], [1], [5], [0], [2, 3], [3, 0, 2], [1, 1, 1], [2, 3, 4], [4, 1, 3, 2]];
  for (const dtype of DTYPES) {
    test.each(shapes.map((shape) => [JSON.stringify(shape), shape] as const))(`${dtype} %s`, (_label, shape) => {
      const count = shape.reduce((a, b) => a * b, 1);
      const values = valuesFor(dtype, count, shape.length + 1);
      const source = fromTypedArray(values, shape);
      const { tensors, metadata } = decodeSafetensors(encodeSafetensors({ t: source }));
      const back = tensors['t']!;
      expect(back).toBeInstanceOf(NDArray);
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual(shape);
      expectSameBits(back.toTypedArray(), values);
      expect(metadata).toEqual({});
    });
  }

  test('special float values keep their bits (NaN, ±Infinity, -0, subnormals)', () => {
    const f32 = Float32Array.of(NaN, Infinity, -Infinity, -0, 1e-45, 3.4028234663852886e38);
    const f64 = Float64Array.of(NaN, Infinity, -Infinity, -0, 5e-324, Number.MAX_VALUE);
    const { tensors } = decodeSafetensors(
      encodeSafetensors({ a: fromTypedArray(f32, [6]), b: fromTypedArray(f64, [2, 3]) }),
    );
    expectSameBits(tensors['a']!.toTypedArray(), f32);
    expectSameBits(tensors['b']!.toTypedArray(), f64);
  });

  test('non-contiguous sources are written in logical (row-major) order', () => {
    const base = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'float64' },
    );
    const transposed = base.transpose(0, 1); // [[1,4],[2,5],[3,6]]
    expect(transposed.isContiguous).toBe(false);
    const sliced = tensor([0, 1, 2, 3, 4, 5, 6, 7], { dtype: 'int32' }).narrow(0, 3, 4);
    const { tensors } = decodeSafetensors(encodeSafetensors({ t: transposed, s: sliced }));
    expect(tensors['t']!.shape).toEqual([3, 2]);
    expect(tensors['t']!.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(tensors['s']!.toArray()).toEqual([3, 4, 5, 6]);
  });

  test('accepts any object with shape, dtype and toTypedArray() (an autograd Tensor, say)', () => {
    const inner = tensor([1.5, 2.5]);
    const wrapper: TensorSource = {
      shape: inner.shape,
      dtype: inner.dtype,
      toTypedArray: () => inner.toTypedArray(),
    };
    const { tensors } = decodeSafetensors(encodeSafetensors({ w: wrapper }));
    expect(tensors['w']!.toArray()).toEqual([1.5, 2.5]);
  });

  test('metadata map round-trips, with unusual keys and values', () => {
    const metadata = {
      format: 'pt',
      epoch: '12',
      '': 'empty key',
      'quote"backslash\\newline\n': 'tab\tnul\u0000 é 😀 \u2028',
    };
    setEntry(metadata, '__proto__', 'not a prototype');
    const decoded = decodeSafetensors(encodeSafetensors({ x: zeros([1]) }, metadata));
    expect(Object.getPrototypeOf(decoded.metadata)).toBe(Object.prototype);
    expect(Object.entries(decoded.metadata).sort()).toEqual(Object.entries(metadata).sort());
  });

  test('a tensor named __proto__ is an ordinary entry', () => {
    const tensors: Record<string, TensorSource> = {};
    setEntry(tensors, '__proto__', tensor([7]));
    const decoded = decodeSafetensors(encodeSafetensors(tensors));
    expect(Object.keys(decoded.tensors)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(decoded.tensors, '__proto__')?.value.toArray()).toEqual([7]);
  });

  test('empty metadata is written as {} and read back as {}', () => {
    const bytes = encodeSafetensors({}, {});
    expect(headerText(bytes).trimEnd()).toBe('{"__metadata__":{}}');
    expect(decodeSafetensors(bytes)).toEqual({ tensors: {}, metadata: {} });
  });

  test('property: random state dicts round-trip exactly', () => {
    const entry = fc.record({
      dtype: fc.constantFrom(...DTYPES),
      shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), entry, { maxKeys: 6 }), (spec) => {
        fc.pre(!('__metadata__' in spec));
        const sources: Record<string, NDArray> = {};
        for (const [name, { dtype, shape, seed }] of Object.entries(spec)) {
          const count = shape.reduce((a, b) => a * b, 1);
          setEntry(sources, name, fromTypedArray(valuesFor(dtype, count, seed), shape));
        }
        const { tensors } = decodeSafetensors(encodeSafetensors(sources));
        expect(Object.keys(tensors).sort()).toEqual(Object.keys(sources).sort());
        for (const [name, source] of Object.entries(sources)) {
          const back = Object.getOwnPropertyDescriptor(tensors, name)!.value as NDArray;
          expect(back.shape).toEqual(source.shape);
          expectSameBits(back.toTypedArray(), source.toTypedArray());
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('layout', () => {
  test('header is padded with spaces to a multiple of 8 and every tensor is naturally aligned', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom(...DTYPES), fc.integer({ min: 0, max: 7 })), {
          maxLength: 8,
        }),
        fc.option(fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }), {
          nil: undefined,
        }),
        (specs, metadata) => {
          const sources: Record<string, NDArray> = {};
          for (const [name, dtype, length] of specs) {
            if (name === '__metadata__') continue;
            setEntry(sources, name, zeros([length], { dtype }));
          }
          const bytes = encodeSafetensors(sources, metadata);
          const header = readSafetensorsHeader(bytes);
          expect(header.headerLength % 8).toBe(0);
          const text = headerText(bytes);
          const json = text.trimEnd();
          expect(text.slice(json.length)).toMatch(/^ {0,7}$/);
          expect(json.endsWith('}')).toBe(true);
          for (const entry of header.entries) {
            expect((header.dataOffset + entry.begin) % READABLE_DTYPES[entry.dtype].itemSize).toBe(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  test('tensors are ordered by dtype alignment (F64, F32, I32, BOOL), then by name, metadata first', () => {
    const bytes = encodeSafetensors(
      {
        flag: zeros([3], { dtype: 'bool' }),
        b: zeros([1], { dtype: 'int32' }),
        a: zeros([2], { dtype: 'int32' }),
        y: zeros([1]),
        x: zeros([0]),
        d: zeros([1], { dtype: 'float64' }),
      },
      { z: '1', a: '2' },
    );
    expect(headerText(bytes).trimEnd()).toBe(
      '{"__metadata__":{"a":"2","z":"1"},' +
        '"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},' +
        '"x":{"dtype":"F32","shape":[0],"data_offsets":[8,8]},' +
        '"y":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},' +
        '"a":{"dtype":"I32","shape":[2],"data_offsets":[12,20]},' +
        '"b":{"dtype":"I32","shape":[1],"data_offsets":[20,24]},' +
        '"flag":{"dtype":"BOOL","shape":[3],"data_offsets":[24,27]}}',
    );
  });

  test('names are ordered by code point (UTF-8 byte order), not by UTF-16 code unit', () => {
    const bytes = encodeSafetensors({ '😀': zeros([1]), '！': zeros([1]), é: zeros([1]), z: zeros([1]) });
    const names = readSafetensorsHeader(bytes).entries.map((e) => e.name);
    expect(names).toEqual(['z', 'é', '！', '😀']);
  });

  test('bool values other than 0 and 1 are written as 1', () => {
    const bytes = encodeSafetensors({ b: fromTypedArray(Uint8Array.of(0, 2, 255, 1), [4]) });
    expect([...bytes.subarray(bytes.length - 4)]).toEqual([0, 1, 1, 1]);
  });

  test('equal inputs give identical bytes whatever the key order', () => {
    const a = encodeSafetensors({ p: tensor([1]), q: tensor([2]) }, { m: '1', n: '2' });
    const b = encodeSafetensors({ q: tensor([2]), p: tensor([1]) }, { n: '2', m: '1' });
    expect(b).toEqual(a);
  });
});

describe('big-endian hosts', () => {
  test('writeElements and readElements give the same little-endian bytes on either host', () => {
    const context = { op: 'test' };
    const cases: [DType, 'F32' | 'F64' | 'I32', TypedArray][] = [
      ['float32', 'F32', Float32Array.of(1.5, -2, NaN)],
      ['float64', 'F64', Float64Array.of(1e300, -0)],
      ['int32', 'I32', Int32Array.of(-1, 2147483647)],
    ];
    for (const [, dtype, values] of cases) {
      const little = new Uint8Array(values.byteLength);
      const big = new Uint8Array(values.byteLength);
      writeElements(little, 0, values, dtype, true);
      writeElements(big, 0, values, dtype, false);
      expect(big).toEqual(little);
      const entry = { name: 'x', dtype, shape: [values.length], numel: values.length, begin: 0, end: little.length };
      expectSameBits(readElements(little, entry, false, context, false), values);
      expectSameBits(readElements(little, entry, false, context, true), values);
    }
  });
});

describe('aliasing', () => {
  test('decoded tensors never alias the input bytes', () => {
    const bytes = encodeSafetensors({ a: tensor([1, 2, 3]), b: tensor([true, false]) });
    const { tensors } = decodeSafetensors(bytes);
    bytes.fill(0xff);
    expect(tensors['a']!.toArray()).toEqual([1, 2, 3]);
    expect(tensors['b']!.toArray()).toEqual([1, 0]);
    expect(tensors['a']!.storage.data.buffer).not.toBe(bytes.buffer);
  });

  test('misaligned offsets (an unpadded header from another writer) are copied into aligned arrays', () => {
    const json = new TextEncoder().encode('{"v":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}   ');
    const bytes = new Uint8Array(8 + json.length + 16);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
    bytes.set(json, 8);
    new DataView(bytes.buffer).setFloat64(8 + json.length, 0.25, true);
    new DataView(bytes.buffer).setFloat64(16 + json.length, -8, true);
    expect((8 + json.length) % 8).not.toBe(0);
    expect(decodeSafetensors(bytes).tensors['v']!.toArray()).toEqual([0.25, -8]);
  });
});

describe('encoder validation', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['reserved name', () => encodeSafetensors({ __metadata__: tensor([1]) }), /"__metadata__".*reserved/],
    ['lone surrogate in a name', () => encodeSafetensors({ 'a\ud800': tensor([1]) }), /lone UTF-16 surrogate/],
    [
      'unsupported dtype',
      () =>
        encodeSafetensors({ w: { shape: [1], dtype: 'float16' as DType, toTypedArray: () => new Float32Array(1) } }),
      /tensor "w": unsupported dtype "float16"/,
    ],
    [
      'bad shape',
      () => encodeSafetensors({ w: { shape: [-1], dtype: 'float32', toTypedArray: () => new Float32Array(1) } }),
      /tensor "w": shape must be an array of non-negative integers/,
    ],
    [
      'wrong element count',
      () => encodeSafetensors({ w: { shape: [2, 2], dtype: 'float32', toTypedArray: () => new Float32Array(3) } }),
      /tensor "w": toTypedArray\(\) returned Float32Array of length 3, but dtype float32 with shape \[2, 2\] needs a Float32Array of length 4/,
    ],
    [
      'typed array of another dtype',
      () => encodeSafetensors({ w: { shape: [2], dtype: 'float64', toTypedArray: () => new Float32Array(2) } }),
      /needs a Float64Array/,
    ],
    ['not a tensor', () => encodeSafetensors({ w: 3 as unknown as TensorSource }), /tensor "w": expected a tensor/],
    [
      'non-string metadata',
      () => encodeSafetensors({}, { epoch: 3 as unknown as string }),
      /metadata value for "epoch" must be a string, got number/,
    ],
    ['lone surrogate in metadata', () => encodeSafetensors({}, { k: '\udc00' }), /lone UTF-16 surrogate/],
  ];
  test.each(cases)('%s', (_name, run, message) => {
    const error = checkpointErrorOf(run);
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error.message).toMatch(/^encodeSafetensors: /);
    expect(error.message).toMatch(message);
  });

  test('sizes are exactly 8 + header + data', () => {
    const bytes = encodeSafetensors({ a: zeros([3], { dtype: 'float64' }), b: zeros([5], { dtype: 'bool' }) });
    const header = readSafetensorsHeader(bytes);
    expect(bytes.length).toBe(8 + header.headerLength + 3 * ITEM_SIZE.float64 + 5 * ITEM_SIZE.bool);
  });
});
