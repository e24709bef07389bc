import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findDuplicateKey } from './json-duplicate-keys.js';

describe('findDuplicateKey', () => {
  test.each([
    ['{}', undefined],
    ['{"a":1,"b":2}', undefined],
    ['{"a":1,"a":2}', { key: 'a', path: [] }],
    ['{"a":{"x":1},"b":{"x":2}}', undefined],
    ['{"a":{"x":1,"x":2}}', { key: 'x', path: ['a'] }],
    ['{"a":[{"x":1},{"x":2}]}', undefined],
    ['{"a":[{"x":1,"x":2}]}', { key: 'x', path: ['a'] }],
    ['{"a":"a","b":"a"}', undefined],
    ['{"a":"{\\"a\\":1,","a\\"":1}', undefined],
    ['{"\\"":1,"\\u0022":2}', { key: '"', path: [] }],
    ['{ "k" : 1 , "k" : 2 }', { key: 'k', path: [] }],
    ['[{"a":1},{"a":1}]', undefined],
    ['{"p":{"q":{"r":[1,{"s":1,"s":1}]}}}', { key: 's', path: ['p', 'q', 'r'] }],
    ['{"😀":1,"\\ud83d\\ude00":2}', { key: '😀', path: [] }],
  ])('%s', (text, expected) => {
    JSON.parse(text); // the scanner is only ever given valid JSON
    expect(findDuplicateKey(text)).toEqual(expected);
  });

  test('agrees with JSON.parse on random objects without duplicates', () => {
    fc.assert(
      fc.property(fc.object({ maxDepth: 4 }), (value) => {
        expect(findDuplicateKey(JSON.stringify(value))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  test('handles deep nesting without recursion', () => {
    const depth = 100_000;
    const text = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    expect(findDuplicateKey(text)).toBeUndefined();
  });
});
