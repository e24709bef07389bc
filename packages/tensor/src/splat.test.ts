import { describe, expect, test } from 'vitest';
import { NDArray, tensor, zeros, type BinaryOpName, type UnaryOpName } from './index.js';
import { allocate } from './dtype.js';

// A "splat" is one value broadcast to a shape (stride 0 everywhere), like the gradient of a
// full sum after `expand`. Ops read it as a scalar; the results must equal those computed from
// its contiguous copy.
const splat = (value: number, shape: number[]) => tensor(value).expand(shape);
const shapes = [[3, 4], [5], [2, 1, 3]];
const binaryOps: BinaryOpName[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'lt', 'rsub', 'rdiv'];
const unaryOps: UnaryOpName[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sigmoid', 'tanh', 'relu'];

function operand(shape: number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, (_, i) => 0.25 + i * 0.5)).reshape(shape);
}

describe('splats (broadcast single values) take the scalar paths and agree with copies', () => {
  test.each(shapes.flatMap((shape) => binaryOps.map((op) => [op, shape] as const)))('%s on %j', (op, shape) => {
    const s = splat(1.7, shape);
    expect(s.isSplat && !s.isContiguous).toBe(true);
    const x = operand(shape);
    expect(x[op](s).toArray()).toEqual(x[op](s.contiguous()).toArray());
    expect(s[op](x).toArray()).toEqual(s.contiguous()[op](x).toArray());
    expect(s[op](2.5).toArray()).toEqual(s.contiguous()[op](2.5).toArray());
  });

  test.each(unaryOps)('%s', (op) => {
    const s = splat(0.6, [3, 4]);
    expect(s[op]().toArray()).toEqual(s.contiguous()[op]().toArray());
  });

  test('clone and contiguous of a splat', () => {
    const s = splat(3, [2, 3]);
    expect(s.clone().toArray()).toEqual([
      [3, 3, 3],
      [3, 3, 3],
    ]);
    expect(zeros([2]).isSplat).toBe(false);
    expect(tensor([4]).expand([1, 5]).isSplat).toBe(true);
  });
});

describe('allocation', () => {
  test('small arrays come zeroed, do not alias each other, and large ones stand alone', () => {
    const arrays = Array.from({ length: 200 }, () => allocate('float32', 20));
    for (const a of arrays) expect(Array.from(a).every((v) => v === 0)).toBe(true);
    arrays.forEach((a, i) => a.fill(i + 1));
    arrays.forEach((a, i) => expect(Array.from(a).every((v) => v === i + 1)).toBe(true));
    const big = allocate('float64', 1 << 12);
    expect(big.byteOffset).toBe(0);
    expect(big.buffer.byteLength).toBe(big.byteLength);
  });
});
