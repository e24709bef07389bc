import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatTensor, type FormatDType, type FormatOptions } from './format.js';

/**
 * Golden cases: `repr(t)` from PyTorch 1.13 for each tensor, stored with `t.reshape(-1).tolist()`
 * (float32 values already rounded), its shape, dtype, autograd suffix and any `set_printoptions`
 * used. JSON has no NaN/Infinity, so those are stored as the strings 'nan', 'inf' and '-inf'.
 */
interface Fixture {
  name: string;
  shape: number[];
  dtype: FormatDType;
  values: (number | 'nan' | 'inf' | '-inf')[];
  suffixes: string[];
  options?: FormatOptions;
  expected: string;
}

const fixtures = JSON.parse(readFileSync(new URL('./format.fixtures.json', import.meta.url), 'utf8')) as Fixture[];

function decode(value: Fixture['values'][number]): number {
  if (value === 'nan') return NaN;
  if (value === 'inf') return Infinity;
  if (value === '-inf') return -Infinity;
  return value;
}

describe('formatTensor matches PyTorch 1.13 repr()', () => {
  test('fixtures are present', () => {
    expect(fixtures.length).toBeGreaterThan(60);
  });

  test.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const values = f.values.map(decode);
    expect(formatTensor(values, f.shape, f.dtype, f.suffixes, f.options ?? {})).toBe(f.expected);
  });
});

describe('formatTensor', () => {
  test('autograd suffixes follow the data', () => {
    expect(formatTensor([0.0003, -0.0011], [2], 'float32', ['grad_fn=<SubBackward0>'])).toBe(
      'tensor([ 0.0003, -0.0011], grad_fn=<SubBackward0>)',
    );
    expect(formatTensor([0.0007], [1], 'float32', ['grad_fn=<RsubBackward1>'])).toBe(
      'tensor([0.0007], grad_fn=<RsubBackward1>)',
    );
  });

  test('0-d tensors print the bare value', () => {
    expect(formatTensor([3.5], [], 'float32')).toBe('tensor(3.5000)');
    expect(formatTensor([7], [], 'int32')).toBe('tensor(7, dtype=torch.int32)');
    expect(formatTensor([0], [], 'bool')).toBe('tensor(False)');
  });

  test('empty tensors show their size unless it is (0,)', () => {
    expect(formatTensor([], [0], 'float32')).toBe('tensor([])');
    expect(formatTensor([], [0, 3], 'float32')).toBe('tensor([], size=(0, 3))');
    expect(formatTensor([], [0], 'bool')).toBe('tensor([], dtype=torch.bool)');
  });

  test('accepts typed arrays and rounds float32 input like PyTorch storage', () => {
    expect(formatTensor(new Float32Array([0.1, 0.2]), [2], 'float32', [], { precision: 10 })).toBe(
      'tensor([0.1000000015, 0.2000000030])',
    );
    expect(formatTensor([0.1, 0.2], [2], 'float32', [], { precision: 10 })).toBe(
      'tensor([0.1000000015, 0.2000000030])',
    );
    expect(formatTensor([0.1, 0.2], [2], 'float64', [], { precision: 10 })).toBe(
      'tensor([0.1000000000, 0.2000000000], dtype=torch.float64)',
    );
  });

  test('rounds half to even, as Python does', () => {
    expect(formatTensor([0.03125, 0.09375, 1.5], [3], 'float32')).toBe('tensor([0.0312, 0.0938, 1.5000])');
  });

  test('summarised tensors are judged by their edge items only', () => {
    const values = Float64Array.from({ length: 1001 }, (_, i) => (i === 500 ? 1e10 : i));
    expect(formatTensor(values, [1001], 'float64')).toBe(
      'tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.], dtype=torch.float64)',
    );
  });

  test('prints a large summarised tensor without touching every element', () => {
    const values = new Float32Array(4_000_000);
    expect(formatTensor(values, [2000, 2000], 'float32')).toBe(
      'tensor([[0., 0., 0.,  ..., 0., 0., 0.],\n' +
        '        [0., 0., 0.,  ..., 0., 0., 0.],\n' +
        '        [0., 0., 0.,  ..., 0., 0., 0.],\n' +
        '        ...,\n' +
        '        [0., 0., 0.,  ..., 0., 0., 0.],\n' +
        '        [0., 0., 0.,  ..., 0., 0., 0.],\n' +
        '        [0., 0., 0.,  ..., 0., 0., 0.]])',
    );
  });

  test('rejects a value count that does not match the shape', () => {
    expect(() => formatTensor([1, 2, 3], [2, 2], 'float32')).toThrow(RangeError);
    expect(() => formatTensor([1], [1], 'float32', [], { precision: -1 })).toThrow(RangeError);
  });
});
