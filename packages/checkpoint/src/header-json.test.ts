import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CheckpointError } from './errors.js';
import { isHeaderObject, JsonNumber, parseHeaderJson, type HeaderValue } from './header-json.js';

const context = { op: 'test' };

/** The header as plain JSON values (JsonNumbers → numbers), or the error. */
function parse(text: string): unknown {
  const members: [string, HeaderValue][] = [];
  const other = parseHeaderJson(text, context, { member: (key, value) => members.push([key, value]) });
  return other !== undefined ? plain(other) : Object.fromEntries(members.map(([k, v]) => [k, plain(v)]));
}

function plain(value: HeaderValue): unknown {
  if (value instanceof JsonNumber) return value.value;
  if (Array.isArray(value)) return value.map(plain);
  if (isHeaderObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function failure(text: string): string {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseHeaderJson', () => {
  test('reads what JSON.parse reads, up to three levels deep', () => {
    for (const text of [
      '{}',
      ' {"a" : {"b": [1, 2.5, -3, "x", true, false, null]} } ',
      '{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}',
      '{"\\u0041\\n\\"\\\\\\/\\b\\f\\r\\t":"\\ud83d\\ude00"}',
      '{"__proto__":{"constructor":1}}',
      '"text"',
      '[1,[2]]',
      '8',
      'null',
    ]) {
      expect(parse(text), text).toEqual(JSON.parse(text));
    }
  });

  test('plain non-negative integers are numbers; every other number keeps its text', () => {
    const value = parse('{"a":[0, 42, 9007199254740993]}') as { a: number[] };
    expect(value.a).toEqual([0, 42, 9007199254740992]);
    const members: HeaderValue[] = [];
    parseHeaderJson('{"a":[0e0, -0, 1.0, 1E2, -7, 2.5e-3]}', context, { member: (_key, v) => members.push(v) });
    const numbers = members[0] as JsonNumber[];
    expect(numbers.map((n) => [n.text, n.value])).toEqual([
      ['0e0', 0],
      ['-0', -0],
      ['1.0', 1],
      ['1E2', 100],
      ['-7', -7],
      ['2.5e-3', 0.0025],
    ]);
  });

  test.each([
    ['', 'unexpected end of input at character 0'],
    ['{', 'expected a string key, found the end of the header at character 1'],
    ['{"a":1,}', 'expected a string key, found "}" at character 7'],
    ['{"a" 1}', `expected ':' after a key, found "1" at character 5`],
    ['{"a":1 "b":2}', `expected ',' or '}' in an object, found "\\"" at character 7`],
    ['{"a":[1 2]}', `expected ',' or ']' in an array, found "2" at character 8`],
    ['{} x', 'unexpected "x" after the JSON value at character 3'],
    ['{}\u0000', 'unexpected U+0000 after the JSON value at character 2'],
    ['{"a":01}', `expected ',' or '}' in an object, found "1" at character 6`],
    ['{"a":1.}', 'a number needs digits after its decimal point at character 7'],
    ['{"a":.5}', 'unexpected "." at character 5'],
    ['{"a":+1}', 'unexpected "+" at character 5'],
    ['{"a":1e}', 'a number needs digits in its exponent at character 7'],
    ['{"a":-}', 'a number needs a digit after its sign at character 6'],
    ['{"a":NaN}', 'unexpected "N" at character 5'],
    ['{"a":tru}', 'unexpected "t" at character 5'],
    ['{"a":"x', 'unterminated string at character 7'],
    ['{"a":"\t"}', 'a control character (U+0000 to U+001F) inside a string; it must be escaped at character 6'],
    ['{"a":"\\x"}', 'invalid escape "\\\\x" in a string at character 6'],
    ['{"a":"\\u12"}', '\\u must be followed by four hex digits at character 6'],
    ['{"a":"\\ud800"}', 'lone leading surrogate \\ud800 in a string at character 6'],
    ['{"a":"\\udc00"}', 'lone trailing surrogate \\udc00 in a string at character 6'],
    [
      '{"a":"\\ud800\\u0041"}',
      'leading surrogate \\ud800 followed by \\u0041, not a trailing surrogate at character 12',
    ],
    ['\ufeff{}', 'unexpected "\ufeff" at character 0'],
  ])('refuses invalid JSON %j', (text, problem) => {
    expect(failure(text)).toBe(`test: header is not valid JSON (${problem} of the header)`);
  });

  test('a key repeated in one object is refused, after unescaping; equal keys in different objects are fine', () => {
    expect(failure('{"a":1,"\\u0061":2}')).toBe(
      'test: duplicate key "a" in the header; readers would disagree on which one counts',
    );
    expect(failure('{"w":{"x":1,"x":2}}')).toBe(
      `test: tensor "w": duplicate key "x" in the header's "w"; readers would disagree on which one counts`,
    );
    expect(failure('{"w":{"f":{"k":1,"k":2}}}')).toBe(
      `test: tensor "w": duplicate key "k" in the header's "w".f; readers would disagree on which one counts`,
    );
    expect(failure('{"__metadata__":{"k":"1","k":"2"}}')).toMatch(/duplicate key "k" in the header's "__metadata__";/);
    expect(failure('{"😀":1,"\\ud83d\\ude00":2}')).toMatch(/^test: duplicate key "😀" in the header;/);
    expect(parse('{"a":{"x":1},"b":{"x":2},"x":"x"}')).toEqual({ a: { x: 1 }, b: { x: 2 }, x: 'x' });
  });

  test('a container below the third level is refused when it opens, however much follows', () => {
    expect(failure('{"w":{"shape":[[1]]}}')).toBe(
      `test: tensor "w": the header's "w".shape is nested too deeply: an array at character 15 of the header opens level 4, but a safetensors header is an object of entries whose fields are strings or flat arrays of integers (at most 3 levels)`,
    );
    expect(failure(`{"w":${'['.repeat(1_000_000)}`)).toMatch(/"w" is nested too deeply: an array at character 7 /);
    expect(failure('{"a":'.repeat(100_000))).toMatch(/is nested too deeply: an object at character 15 /);
    expect(failure('['.repeat(100_000))).toMatch(/^test: the header is nested too deeply: an array at character 3 /);
  });

  test('hands each top-level member over as soon as it is read, so a caller can stop at the first bad one', () => {
    const seen: string[] = [];
    expect(() =>
      parseHeaderJson('{"a":1,"b":2,"c":', context, {
        member: (key) => {
          seen.push(key);
          if (key === 'b') throw new CheckpointError('stop');
        },
      }),
    ).toThrow('stop');
    expect(seen).toEqual(['a', 'b']);
    // Fields of a top-level object are shown before they are stored, so a million-item object
    // can be refused at its first bad item.
    const fields: string[] = [];
    expect(() =>
      parseHeaderJson('{"m":{"x":1,"y":[2],"z":', context, {
        member: () => undefined,
        field: (parent, key, value) => {
          fields.push(`${parent}.${key}=${JSON.stringify(value)}`);
          if (key === 'y') throw new CheckpointError('stop');
        },
      }),
    ).toThrow('stop');
    expect(fields).toEqual(['m.x=1', 'm.y=[2]']);
  });
});

/** JSON values a header can hold: scalars, at most three levels of containers. */
const scalar = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const level3 = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string(), scalar, { maxKeys: 4 }));
const level2 = fc.oneof(level3, fc.dictionary(fc.string(), level3, { maxKeys: 4 }));
const header = fc.dictionary(fc.string(), level2, { maxKeys: 5 });

describe('parseHeaderJson against JSON.parse', () => {
  test('agrees on random headers, compact and indented', () => {
    fc.assert(
      fc.property(header, fc.boolean(), (value, indent) => {
        const text = JSON.stringify(value, null, indent ? 2 : undefined);
        expect(parse(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  test('refuses everything JSON.parse refuses, and reads the rest alike, on random token soup', () => {
    const soup = ['{', '}', '[', ']', ':', ',', ' ', '"a"', '"b"', '"\\u0061"', '"\\ud800"', '"\\n"', '"\t"'];
    soup.push('0', '1', '-', '.', 'e', '+', '01', '1.5', '0e0', 'true', 'nul', 'null', '\u00e9', '\\');
    const token = fc.constantFrom(...soup);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 14 }), (tokens) => {
        const text = tokens.join('');
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          expect(() => parse(text)).toThrow(CheckpointError);
          return;
        }
        // Valid JSON that a header cannot hold (lone surrogates, deeper nesting) is refused too.
        try {
          expect(parse(text)).toEqual(expected);
        } catch (error) {
          if (!(error instanceof CheckpointError)) throw error;
          expect(error.message).toMatch(/surrogate|nested too deeply|duplicate key/);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
