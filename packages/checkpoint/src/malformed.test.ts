import { fromTypedArray, zeros, type DType } from '@torchlet/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CheckpointError } from './errors.js';
import { readSafetensorsHeader } from './header.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { checkpointErrorOf, fileWithHeader, float32Bytes } from './safetensors.test-util.js';

const SOURCE = 'model.safetensors';
const F32 = (offsets: [number, number], shape: number[] = [(offsets[1] - offsets[0]) / 4]) => ({
  dtype: 'F32',
  shape,
  data_offsets: offsets,
});

/** The message `decodeSafetensors` throws for these bytes, after checking the error's type. */
function failure(bytes: Uint8Array): string {
  const error = checkpointErrorOf(() => decodeSafetensors(bytes, { source: SOURCE }));
  expect(error.message.startsWith(`decodeSafetensors: ${SOURCE}: `)).toBe(true);
  expect(error.source).toBe(SOURCE);
  return error.message.slice(`decodeSafetensors: ${SOURCE}: `.length);
}

/** The failure for a file holding one tensor "w" with this entry. */
function one(entry: unknown, data: number[] = float32Bytes(1)): string {
  return failure(fileWithHeader({ w: entry }, data));
}

function lengthPrefix(length: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, length, true);
  return bytes;
}

describe('malformed files: each is a CheckpointError naming the file, the tensor and the problem', () => {
  test('valid baseline decodes', () => {
    const bytes = fileWithHeader({ a: F32([0, 4]) }, float32Bytes(1.5));
    expect(decodeSafetensors(bytes).tensors['a']!.toArray()).toEqual([1.5]);
  });

  describe('framing', () => {
    test.each([0, 1, 7])('file of %i bytes', (size) => {
      expect(failure(new Uint8Array(size))).toBe(
        `file is ${size} bytes, shorter than the 8-byte header length that starts every safetensors file`,
      );
    });

    test('header length larger than the file', () => {
      const full = fileWithHeader({ a: F32([0, 4]) }, float32Bytes(1));
      const headerLength = full.length - 12;
      expect(failure(full.subarray(0, 20))).toBe(
        `header length ${headerLength} runs past the end of the file (20 bytes); the file is truncated or not safetensors`,
      );
    });

    test('header over 100 MB', () => {
      expect(failure(lengthPrefix(100_000_001n))).toMatch(
        /^header length 100000001 is over the 100000000-byte \(100 MB\) limit/,
      );
    });

    test('header length near 2^64', () => {
      expect(failure(lengthPrefix(0xffff_ffff_ffff_fff8n))).toMatch(/^header length 18446744073709551608 is over/);
    });

    test('header length 0 (no JSON at all)', () => {
      expect(failure(lengthPrefix(0n))).toMatch(/^header is not valid JSON/);
    });
  });

  describe('header text', () => {
    test('invalid UTF-8', () => {
      const bytes = fileWithHeader('{"a":1}');
      bytes[10] = 0xff;
      expect(failure(bytes)).toBe('header is not valid UTF-8');
    });

    test('overlong UTF-8 encoding', () => {
      const bytes = fileWithHeader('{"ab":1}');
      bytes.set([0xc0, 0xa2], 10); // an overlong '"'
      expect(failure(bytes)).toBe('header is not valid UTF-8');
    });

    test('byte-order mark before the JSON', () => {
      const bom = fileWithHeader('\ufeff{}');
      expect(failure(bom)).toMatch(/^header is not valid JSON/);
    });

    test.each([
      ['truncated JSON', '{"a":'],
      ['trailing comma', '{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},}'],
      ['trailing garbage', '{} x'],
      ['NaN literal', '{"a":NaN}'],
      ['padding with NUL bytes', '{}\u0000\u0000'],
    ])('invalid JSON: %s', (_name, text) => {
      expect(failure(fileWithHeader(text))).toMatch(/^header is not valid JSON \(/);
    });

    test.each([
      ['an array', '[]'],
      ['null', 'null'],
      ['a string', '"{}"'],
      ['a number', '8'],
    ])('header that is %s', (what, text) => {
      expect(failure(fileWithHeader(text))).toBe(
        `header must be a JSON object, got ${what === 'a string' ? 'string "{}"' : what === 'a number' ? 'number 8' : what}`,
      );
    });

    test('whitespace around the JSON is accepted (spaces, tabs, newlines)', () => {
      const bytes = fileWithHeader(' \t\n{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}\r\n ', float32Bytes(2));
      expect(decodeSafetensors(bytes).tensors['a']!.toArray()).toEqual([2]);
    });
  });

  describe('duplicate keys (JSON.parse would silently keep the last)', () => {
    test('two tensors with one name', () => {
      const text = `{"a":${JSON.stringify(F32([0, 4]))},"a":${JSON.stringify(F32([4, 8]))}}`;
      expect(failure(fileWithHeader(text, float32Bytes(1, 2)))).toBe(
        'duplicate key "a" in the header; readers would disagree on which one counts',
      );
    });

    test('equal after unescaping', () => {
      const text = `{"a":${JSON.stringify(F32([0, 4]))},"\\u0061":${JSON.stringify(F32([4, 8]))}}`;
      expect(failure(fileWithHeader(text, float32Bytes(1, 2)))).toMatch(/^duplicate key "a" in the header/);
    });

    test('a field repeated inside a tensor entry', () => {
      const text = '{"w":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}}';
      const error = checkpointErrorOf(() =>
        decodeSafetensors(fileWithHeader(text, float32Bytes(1)), { source: SOURCE }),
      );
      expect(error.message).toBe(
        `decodeSafetensors: ${SOURCE}: tensor "w": duplicate key "dtype" in the header's "w"; readers would disagree on which one counts`,
      );
      expect(error.tensor).toBe('w');
    });

    test('a key repeated in __metadata__', () => {
      const text = '{"__metadata__":{"k":"1","k":"2"}}';
      expect(failure(fileWithHeader(text))).toBe(
        'duplicate key "k" in the header\'s "__metadata__"; readers would disagree on which one counts',
      );
    });

    test('two __metadata__ maps', () => {
      expect(failure(fileWithHeader('{"__metadata__":{},"__metadata__":{}}'))).toMatch(/^duplicate key "__metadata__"/);
    });

    test('equal keys in different objects are fine', () => {
      const text =
        '{"__metadata__":{"dtype":"x","shape":"y"},"dtype":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
      expect(decodeSafetensors(fileWithHeader(text, float32Bytes(3))).metadata).toEqual({ dtype: 'x', shape: 'y' });
    });
  });

  describe('metadata', () => {
    test.each([
      ['number', '{"k":1}', 'number 1'],
      ['null', '{"k":null}', 'null'],
      ['object', '{"k":{}}', 'an object'],
      ['array', '{"k":["v"]}', 'an array'],
    ])('a %s value', (_name, map, got) => {
      expect(failure(fileWithHeader(`{"__metadata__":${map}}`))).toBe(
        `__metadata__ value for "k" must be a string, got ${got}`,
      );
    });

    test('metadata that is not an object', () => {
      expect(failure(fileWithHeader('{"__metadata__":"pt"}'))).toBe(
        '__metadata__ must be an object of strings, got string "pt"',
      );
    });

    test('null metadata means none (as the reference reader treats it)', () => {
      expect(decodeSafetensors(fileWithHeader('{"__metadata__":null}')).metadata).toEqual({});
    });
  });

  describe('tensor entries', () => {
    const prefix = 'tensor "w": ';

    test('entry that is not an object', () => {
      expect(one([1, 2])).toBe(`${prefix}entry must be an object with dtype, shape and data_offsets, got an array`);
    });

    test.each(['dtype', 'shape', 'data_offsets'])('missing %s', (field) => {
      const entry: Record<string, unknown> = F32([0, 4]);
      delete entry[field];
      expect(one(entry)).toBe(`${prefix}entry has no ${field}`);
    });

    test('unknown field', () => {
      expect(one({ ...F32([0, 4]), strides: [1] })).toBe(
        `${prefix}entry has an unknown field "strides"; expected only dtype, shape and data_offsets`,
      );
    });

    test.each([
      ['"F8"', '"F8"'],
      ['"f32"', '"f32"'],
      ['"float32"', '"float32"'],
      ['7', '7'],
      ['null', 'null'],
    ])('unknown dtype %s', (_name, dtype) => {
      expect(one({ ...F32([0, 4]), dtype: JSON.parse(dtype) })).toMatch(
        new RegExp(
          `^tensor "w": unknown dtype ${dtype.replace(/"/g, '"')}; readable dtypes are F64, F32, I32, BOOL, I64, U8, F16, BF16$`,
        ),
      );
    });

    test.each(['U64', 'I16', 'F8_E4M3'])('safetensors dtype torchlet cannot read: %s', (dtype) => {
      expect(one({ ...F32([0, 4]), dtype })).toMatch(
        new RegExp(`^tensor "w": dtype ${dtype} is valid safetensors but torchlet cannot read it`),
      );
    });

    test.each([
      ['not an array', 4, 'shape must be an array of non-negative integers, got number 4'],
      ['negative', [-1], 'shape [-1] has number -1; dimensions must be non-negative integers'],
      ['fractional', [1.5], 'shape [1.5] has number 1.5; dimensions must be non-negative integers'],
      ['a string', ['1'], 'shape ["1"] has string "1"; dimensions must be non-negative integers'],
      ['null', [null], 'shape [null] has null; dimensions must be non-negative integers'],
      ['beyond 2^53', [2 ** 60], `shape [${2 ** 60}] has a dimension too large (${2 ** 60})`],
      [
        'more elements than the file holds',
        [1 << 20, 1 << 20],
        'shape [1048576, 1048576] of dtype F32 needs more bytes than the whole data buffer holds (4)',
      ],
    ])('shape %s', (_name, shape, message) => {
      expect(one({ ...F32([0, 4]), shape })).toBe(prefix + message);
    });

    test('a shape nested in a shape is refused by the parser', () => {
      expect(one({ ...F32([0, 4]), shape: [[1]] })).toBe(
        `${prefix}the header's "w".shape is nested too deeply: an array at character 29 of the header opens level 4, but a safetensors header is an object of entries whose fields are strings or flat arrays of integers (at most 3 levels)`,
      );
    });

    test('element counts are multiplied from the first dimension, as the reference reader does', () => {
      // [2^52, 2^52, 0] overflows before its 0 is reached (the reference's try_fold(checked_mul)
      // fails there too); [0, 2^52, 2^52] is an empty tensor in both readers.
      expect(one({ dtype: 'F32', shape: [2 ** 52, 2 ** 52, 0], data_offsets: [0, 0] }, [])).toBe(
        `${prefix}shape [4503599627370496, 4503599627370496, 0] has more elements than fit in 2^53 - 1 (counting from the first dimension, as the reference reader does, before any 0 later in the shape)`,
      );
      expect(one({ dtype: 'F32', shape: [2 ** 20, 2 ** 20, 4], data_offsets: [0, 0] }, [])).toMatch(
        /needs more bytes than the whole data buffer holds \(0\)$/,
      );
      const empty = fileWithHeader({ w: { dtype: 'F32', shape: [0, 2 ** 52, 2 ** 52], data_offsets: [0, 0] } });
      expect(decodeSafetensors(empty).tensors['w']!.shape).toEqual([0, 2 ** 52, 2 ** 52]);
    });

    test.each([
      [
        '0e0',
        '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0e0,4]}}',
        'data_offsets must be [begin, end] with non-negative integers, got [0e0, 4], which has 0e0',
      ],
      [
        '4.0',
        '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4.0]}}',
        'data_offsets must be [begin, end] with non-negative integers, got [0, 4.0], which has 4.0',
      ],
      [
        '-0',
        '{"w":{"dtype":"F32","shape":[1],"data_offsets":[-0,4]}}',
        'data_offsets must be [begin, end] with non-negative integers, got [-0, 4], which has -0',
      ],
      ['1E0', '{"w":{"dtype":"F32","shape":[1E0],"data_offsets":[0,4]}}', 'shape [1E0] has 1E0'],
      ['-0 in a shape', '{"w":{"dtype":"F32","shape":[-0,1],"data_offsets":[0,0]}}', 'shape [-0, 1] has -0'],
    ])(
      'an integer in floating-point notation (%s) is refused, as serde_json into usize refuses it',
      (_name, text, start) => {
        expect(failure(fileWithHeader(text, float32Bytes(1)))).toBe(
          `${prefix}${start}, an integer in floating-point notation, which the reference reader refuses (serde_json reads it as a float, not a usize); write plain digits`,
        );
      },
    );

    test.each([
      ['missing end', [0]],
      ['three numbers', [0, 4, 8]],
      ['negative', [-4, 0]],
      ['fractional', [0, 3.5]],
      ['strings', ['0', '4']],
      ['an object', { begin: 0, end: 4 }],
      ['beyond 2^53', [0, 2 ** 60]],
    ])('data_offsets %s', (_name, offsets) => {
      expect(one({ ...F32([0, 4]), data_offsets: offsets })).toMatch(
        /^tensor "w": data_offsets must be \[begin, end\] with non-negative integers, got /,
      );
    });

    test('data_offsets that end before they begin', () => {
      expect(one({ dtype: 'F32', shape: [0], data_offsets: [4, 0] })).toBe(
        `${prefix}data_offsets [4, 0] end before they begin`,
      );
    });

    test('data_offsets out of range', () => {
      expect(one(F32([4, 8]))).toBe(`${prefix}data_offsets [4, 8] run past the end of the data buffer (4 bytes)`);
    });

    test('byte size not matching shape × item size', () => {
      expect(one(F32([0, 4], [2]), float32Bytes(1, 2))).toBe(
        `${prefix}data_offsets [0, 4] cover 4 bytes, but dtype F32 with shape [2] needs 2 × 4 = 8`,
      );
      expect(one({ dtype: 'F64', shape: [1], data_offsets: [0, 4] }, float32Bytes(1, 2))).toMatch(/needs 1 × 8 = 8$/);
    });

    test('BOOL values other than 0 and 1', () => {
      expect(one({ dtype: 'BOOL', shape: [2], data_offsets: [0, 2] }, [1, 7])).toBe(
        `${prefix}BOOL element 1 is 7; booleans must be stored as 0 or 1`,
      );
    });
  });

  describe('coverage of the data buffer', () => {
    test('first tensor not at offset 0', () => {
      const bytes = fileWithHeader({ a: F32([4, 8]) }, float32Bytes(0, 1));
      expect(failure(bytes)).toBe(
        'tensor "a": data_offsets [4, 8]: the first tensor in the data buffer must start at offset 0',
      );
    });

    test('a hole between tensors', () => {
      const bytes = fileWithHeader({ a: F32([0, 4]), b: F32([8, 12]) }, float32Bytes(0, 1, 2));
      expect(failure(bytes)).toBe(
        'tensor "b": data_offsets [8, 12] leave a hole of 4 bytes after tensor "a", which ends at 4',
      );
    });

    test('overlapping tensors', () => {
      const bytes = fileWithHeader({ a: F32([0, 8]), b: F32([4, 12]) }, float32Bytes(0, 1, 2));
      expect(failure(bytes)).toBe('tensor "b": data_offsets [4, 12] overlap tensor "a", which ends at 8');
    });

    test('two tensors sharing the same bytes', () => {
      const bytes = fileWithHeader({ a: F32([0, 4]), b: F32([0, 4]) }, float32Bytes(0));
      expect(failure(bytes)).toBe('tensor "b": data_offsets [0, 4] overlap tensor "a", which ends at 4');
    });

    test('trailing bytes no tensor covers', () => {
      const bytes = fileWithHeader({ a: F32([0, 4]) }, [...float32Bytes(0), 9, 9]);
      expect(failure(bytes)).toBe(
        'the tensors cover 4 bytes of the data buffer, but it has 6; the last 2 bytes belong to no tensor',
      );
    });

    test('an empty header with data after it', () => {
      expect(failure(fileWithHeader('{}', [1]))).toMatch(/^the tensors cover 0 bytes of the data buffer, but it has 1/);
    });

    test('entries in any header order, and empty tensors at a shared offset, are fine', () => {
      const bytes = fileWithHeader(
        { b: F32([4, 8]), e1: F32([4, 4]), a: F32([0, 4]), e2: F32([4, 4]), e0: F32([0, 0], [0, 2]) },
        float32Bytes(1, 2),
      );
      const { tensors } = decodeSafetensors(bytes);
      expect(tensors['a']!.toArray()).toEqual([1]);
      expect(tensors['b']!.toArray()).toEqual([2]);
      expect(tensors['e0']!.shape).toEqual([0, 2]);
    });
  });

  test('no source: the message starts with the operation', () => {
    const error = checkpointErrorOf(() => decodeSafetensors(new Uint8Array(3)));
    expect(error.message).toBe(
      'decodeSafetensors: file is 3 bytes, shorter than the 8-byte header length that starts every safetensors file',
    );
    expect(error.source).toBeUndefined();
  });

  test('readSafetensorsHeader checks a prefix against the whole file size', () => {
    const bytes = fileWithHeader({ a: F32([0, 4]) }, float32Bytes(1), true);
    const header = readSafetensorsHeader(bytes);
    const prefix = bytes.subarray(0, header.dataOffset);
    expect(readSafetensorsHeader(prefix, { fileSize: bytes.length }).entries).toEqual(header.entries);
    expect(() => readSafetensorsHeader(prefix, { fileSize: bytes.length + 1, source: 'x' })).toThrow(
      /^readSafetensorsHeader: x: the tensors cover 4 bytes of the data buffer, but it has 5/,
    );
  });
});

function decodesOrCheckpointError(bytes: Uint8Array): void {
  try {
    decodeSafetensors(bytes, { source: 'fuzz' });
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    expect(error.message).toMatch(/^decodeSafetensors: fuzz: /);
  }
}

describe('fuzzing: decode throws only CheckpointError, and never hangs', () => {
  const dtypes: DType[] = ['float32', 'float64', 'int32', 'bool'];
  const validFile = fc
    .tuple(
      fc.array(
        fc.tuple(
          fc.string({ maxLength: 6 }),
          fc.constantFrom(...dtypes),
          fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
        ),
        {
          maxLength: 5,
        },
      ),
      fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }), {
        nil: undefined,
      }),
    )
    .map(([specs, metadata]) => {
      const tensors: Record<string, ReturnType<typeof zeros>> = {};
      for (const [name, dtype, shape] of specs) {
        if (name === '__metadata__') continue;
        const count = shape.reduce((a, b) => a * b, 1);
        const values =
          dtype === 'float64'
            ? new Float64Array(count).fill(0.5)
            : dtype === 'float32'
              ? new Float32Array(count).fill(-2)
              : dtype === 'int32'
                ? new Int32Array(count).fill(7)
                : new Uint8Array(count).fill(1);
        Object.defineProperty(tensors, name, {
          value: fromTypedArray(values, shape),
          enumerable: true,
          configurable: true,
        });
      }
      return encodeSafetensors(tensors, metadata);
    });

  test('every truncation of a valid file is rejected', () => {
    fc.assert(
      fc.property(validFile, fc.nat(), (bytes, cut) => {
        const length = cut % bytes.length;
        expect(() => decodeSafetensors(bytes.subarray(0, length))).toThrow(CheckpointError);
      }),
      { numRuns: 500 },
    );
  });

  test('random byte flips either decode or throw CheckpointError', () => {
    fc.assert(
      fc.property(
        validFile,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        (valid, flips) => {
          const bytes = valid.slice();
          for (const [position, value] of flips) bytes[position % bytes.length] = value;
          decodesOrCheckpointError(bytes);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('flips concentrated in the length prefix and header', () => {
    fc.assert(
      fc.property(
        validFile,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        (valid, flips) => {
          const bytes = valid.slice();
          const headerEnd = Math.min(bytes.length, 8 + Number(new DataView(valid.buffer).getBigUint64(0, true)));
          for (const [position, value] of flips) bytes[position % headerEnd] = value;
          decodesOrCheckpointError(bytes);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('structure-aware mutations of the header JSON', () => {
    const mutations = [
      '0',
      '-1',
      '1.5',
      '1e400',
      '"F16"',
      '"I64"',
      '"U8"',
      'null',
      '[]',
      '{}',
      '[0,0]',
      '[4,0]',
      '[1,1,1]',
      '"__metadata__"',
      '9007199254740993',
    ];
    fc.assert(
      fc.property(validFile, fc.nat(), fc.constantFrom(...mutations), (valid, at, replacement) => {
        const length = Number(new DataView(valid.buffer).getBigUint64(0, true));
        const text = new TextDecoder().decode(valid.subarray(8, 8 + length));
        const tokens = [...text.matchAll(/\d+|"[^"]*"|\[[^\]]*\]/g)];
        if (tokens.length === 0) return;
        const token = tokens[at % tokens.length]!;
        const mutated = text.slice(0, token.index) + replacement + text.slice(token.index + token[0].length);
        decodesOrCheckpointError(fileWithHeader(mutated, valid.subarray(8 + length)));
      }),
      { numRuns: 1000 },
    );
  });

  test('deep nesting anywhere in a header is a CheckpointError, never a stack overflow', () => {
    const deepShape = `{"w":{"dtype":"F32","shape":${'['.repeat(10_000)}${']'.repeat(10_000)},"data_offsets":[0,0]}}`;
    expect(() => decodeSafetensors(fileWithHeader(deepShape))).toThrow(/"w".shape is nested too deeply/);
    const opener = fc.constantFrom('[', '{"k":', '[{"k":', '[1,');
    fc.assert(
      fc.property(
        validFile,
        fc.nat(),
        opener,
        fc.integer({ min: 1, max: 20_000 }),
        fc.boolean(),
        (valid, at, open, depth, closed) => {
          const length = Number(new DataView(valid.buffer).getBigUint64(0, true));
          const text = new TextDecoder().decode(valid.subarray(8, 8 + length));
          const values = [...text.matchAll(/:/g)].map((match) => match.index + 1);
          const cut = values.length === 0 ? 1 : values[at % values.length]!;
          const close = open.startsWith('{') ? '}' : open === '[{"k":' ? '}]' : ']';
          const bomb = open.repeat(depth) + (closed ? `0${close.repeat(depth)}` : '');
          decodesOrCheckpointError(
            fileWithHeader(text.slice(0, cut) + bomb + text.slice(cut), valid.subarray(8 + length)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  test('bracket bombs of a megabyte are refused', () => {
    for (const bomb of [
      '['.repeat(1 << 20),
      `{"w":${'['.repeat(1 << 20)}${']'.repeat(1 << 20)}}`,
      '{"a":'.repeat(1 << 18),
    ]) {
      expect(() => decodeSafetensors(fileWithHeader(bomb))).toThrow(/nested too deeply/);
    }
  });

  test('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => decodesOrCheckpointError(bytes)),
      { numRuns: 500 },
    );
  });

  test('a small file claiming a huge tensor fails fast without allocating it', () => {
    const bytes = fileWithHeader({ w: { dtype: 'F64', shape: [2 ** 26, 2 ** 26], data_offsets: [0, 2 ** 55] } });
    expect(() => decodeSafetensors(bytes)).toThrow(CheckpointError);
  });
});
