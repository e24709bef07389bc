import { describe, expect, test } from 'vitest';
import { DTypeError, reluBackward, setBackend, ShapeError, tensor } from '../index.js';
import { defaultBackend, jsBackend, wasmBackend } from '../kernels/backend.js';

describe('reluBackward', () => {
  test("selects PyTorch's threshold_backward values: 0 where the result is <= 0, the gradient elsewhere", () => {
    const result = tensor([0, -0, 2, NaN, Infinity, 0, 3, 1e-45]);
    const grad = tensor([5, 5, -1, 7, 2, Infinity, NaN, -0]);
    // inf · 0 would be NaN: selecting gives 0; a NaN result passes its gradient; -0 passes as +0.
    expect(Array.from(reluBackward(grad, result).toTypedArray())).toEqual([0, 0, -1, 7, 2, 0, NaN, 0]);
    expect(reluBackward(grad.to('float64'), result.to('float64')).dtype).toBe('float64');
  });

  test('strided operands and every backend give the same values', () => {
    const n = 3000;
    const values = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * (i % 7 === 0 ? Infinity : 3));
    const result = tensor(values).reshape([60, 50]).t();
    const grad = tensor(values.map((v, i) => (i % 11 === 0 ? NaN : v * 0.5 + 1))).reshape([50, 60]);
    const outs = [jsBackend, wasmBackend].map((backend) => {
      setBackend(backend);
      return Array.from(reluBackward(grad, result).toTypedArray());
    });
    setBackend(defaultBackend);
    expect(outs[1]).toEqual(outs[0]);
    const r = result.contiguous().toTypedArray();
    const g = grad.toTypedArray();
    expect(outs[0]).toEqual(Array.from(g, (x, i) => (r[i]! <= 0 ? 0 : Math.fround(x + 0))));
  });

  test('refuses operands of different shapes and non-float gradients, naming the op', () => {
    expect(() => reluBackward(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => reluBackward(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/reluBackward: grad \[2\] and result \[3\]/);
    expect(() => reluBackward(tensor([1], { dtype: 'int32' }), tensor([1]))).toThrow(DTypeError);
  });
});
