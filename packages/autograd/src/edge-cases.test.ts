import { describe, expect, test } from 'vitest';
import {
  AutogradError,
  DTypeError,
  Function,
  IndexError,
  linear,
  maximum,
  minimum,
  ShapeError,
  tensor,
  where,
  zeros,
  type FunctionContext,
  type Tensor,
} from './index.js';

// Every expected value below is what PyTorch 1.13 gives for the same program (float64).
const INF = Infinity;
const f64 = (values: number[]) => tensor(values, { dtype: 'float64', requiresGrad: true });
const upstream = (y: Tensor, value: number) => tensor(new Float64Array(y.numel()).fill(value)).reshape(y.shape);

/** x.grad after y = f(x) and y.backward(gradient filled with `value`). */
function gradOf(f: (x: Tensor) => Tensor, values: number[], value = 1): number[] {
  const x = f64(values);
  const y = f(x);
  y.backward(upstream(y, value));
  return x.grad!.toTypedArray() as unknown as number[];
}

const list = (a: ArrayLike<number>) => Array.from(a);

describe('gradients are routed by selection, never by multiplying with a 0/1 mask', () => {
  test('an infinite upstream gradient gives 0 where the input takes none', () => {
    expect(list(gradOf((x) => x.relu(), [0, 1, -2, NaN, -INF], INF))).toEqual([0, INF, 0, INF, 0]);
    expect(list(gradOf((x) => x.clamp(0, 1), [-1, 0.5, 2, NaN], INF))).toEqual([0, INF, 0, 0]);
    expect(list(gradOf((x) => x.reshape([2, 2]).max(1).values, [3, 1, 3, 5], INF))).toEqual([INF, 0, 0, INF]);
    expect(list(gradOf((x) => x.max(), [3, 1, 3, 3], INF))).toEqual([INF, 0, INF, INF]);
    expect(list(gradOf((x) => x.sign(), [NaN, 0, 2], INF))).toEqual([0, 0, 0]);
    expect(list(gradOf((x) => x.pow(0), [-INF, 0, NaN], INF))).toEqual([0, 0, 0]);
    const a = f64([0, 1]);
    const b = f64([2, 3]);
    where(a.gt(0.5), a, b).backward(tensor([INF, INF], { dtype: 'float64' }));
    expect([list(a.grad!.toTypedArray()), list(b.grad!.toTypedArray())]).toEqual([
      [0, INF],
      [INF, 0],
    ]);
    const c = f64([0, 1, 2, 3]);
    const d = f64([0, 5, 2, 1]);
    maximum(c, d).backward(tensor([INF, INF, INF, INF], { dtype: 'float64' }));
    expect([list(c.grad!.toTypedArray()), list(d.grad!.toTypedArray())]).toEqual([
      [INF, 0, INF, INF],
      [INF, INF, INF, 0],
    ]);
  });

  test('NaN: relu and maximum/minimum pass the gradient; max() sends it to the NaNs', () => {
    expect(list(gradOf((x) => x.relu(), [NaN]))).toEqual([1]);
    expect(list(gradOf((x) => x.max(), [1, NaN, 3, NaN]))).toEqual([0, 0.5, 0, 0.5]);
    expect(list(gradOf((x) => x.max(), [3, 1, 3, 3]))).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
    expect(list(gradOf((x) => x.reshape([2, 2]).max(1).values, [NaN, 1, 3, NaN]))).toEqual([1, 0, 0, 1]);
    for (const [op, wantA, wantB] of [
      [maximum, [1, 1, 0.5, 1], [1, 1, 0.5, 0]],
      [minimum, [1, 1, 0.5, 0], [1, 1, 0.5, 1]],
    ] as const) {
      const a = f64([NaN, 1, 2, 3]);
      const b = f64([0, NaN, 2, 1]);
      op(a, b).sum().backward();
      expect([list(a.grad!.toTypedArray()), list(b.grad!.toTypedArray())]).toEqual([wantA, wantB]);
    }
  });

  test('abs keeps PyTorch’s grad · sgn(x): NaN at 0 under an infinite gradient, 0 for NaN', () => {
    const x = f64([NaN, 0, -0]);
    x.abs().backward(tensor([1, INF, 1], { dtype: 'float64' }));
    expect(list(x.grad!.toTypedArray())).toEqual([0, NaN, 0]);
  });

  test('div and pow follow PyTorch’s formulas at the extremes', () => {
    const a = f64([1e300, 1, 0]);
    const b = f64([1e200, 0, 0]);
    a.div(b).sum().backward();
    expect(list(a.grad!.toTypedArray())).toEqual([1e-200, INF, INF]);
    expect(list(b.grad!.toTypedArray())).toEqual([-1e-100, -INF, NaN]);
    expect(list(gradOf((x) => x.pow(0.5), [-INF, INF, -1, 0, -0]))).toEqual([NaN, 0, NaN, INF, -INF]);
    const base = f64([0, 2, -1, 0]);
    const exponent = f64([0, 0, 2, -1]);
    base.pow(exponent).backward(tensor([INF, INF, INF, INF], { dtype: 'float64' }));
    expect(list(base.grad!.toTypedArray())).toEqual([0, 0, -INF, -INF]);
    expect(list(exponent.grad!.toTypedArray())).toEqual([NaN, INF, NaN, -INF]);
  });
});

describe('0-d tensors', () => {
  test('select, narrow and slice are IndexErrors; out-of-range dims are refused', () => {
    const s = tensor(3, { requiresGrad: true });
    expect(() => s.select(0, 0)).toThrow(IndexError);
    expect(() => s.narrow(0, 0, 1)).toThrow(IndexError);
    expect(() => s.slice(0, 0, 1)).toThrow(IndexError);
    expect(() => s.sum(6)).toThrow(IndexError);
    expect(() => s.mean(-7)).toThrow(IndexError);
    expect(() => s.flatten(-5, -5)).toThrow(IndexError);
    expect(s.sum(-1).item()).toBe(3);
  });

  test('indexSelect of a 0-d tensor gives a 0-d result and its gradient', () => {
    const s = tensor(3, { requiresGrad: true });
    const y = s.indexSelect(0, [0]);
    expect(y.shape).toEqual([]);
    y.mul(2).backward();
    expect(s.grad!.item()).toBe(2);
    // PyTorch's backward refuses several indices into a 0-d tensor.
    expect(() => tensor(3, { requiresGrad: true }).indexSelect(0, [0, 0]).sum().backward()).toThrow(IndexError);
  });
});

describe('zero-size tensors', () => {
  test('softmax over a size-0 dim, narrow/slice of empty tensors, linear with no input features', () => {
    const x = zeros([2, 0], { requiresGrad: true });
    x.softmax(1).sum().backward();
    x.logSoftmax(-1).sum().backward();
    expect(x.grad!.shape).toEqual([2, 0]);
    const e = zeros([0, 3], { requiresGrad: true });
    e.narrow(1, 1, 2).sum().backward();
    e.slice(0, 1, 2).sum().backward();
    expect(e.grad!.shape).toEqual([0, 3]);
    const input = zeros([4, 0], { requiresGrad: true });
    const weight = zeros([3, 0], { requiresGrad: true });
    const bias = tensor([1, 1, 1], { requiresGrad: true });
    const y = linear(input, weight, bias);
    expect(y.toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    y.sum().backward();
    expect([input.grad!.shape, weight.grad!.shape, bias.grad!.toArray()]).toEqual([
      [4, 0],
      [3, 0],
      [4, 4, 4],
    ]);
  });
});

describe('clear errors', () => {
  test('.grad takes a Tensor of the tensor’s shape and dtype, or null', () => {
    const x = zeros([2], { requiresGrad: true });
    expect(() => {
      (x as unknown as { grad: unknown }).grad = 3;
    }).toThrow(new AutogradError('assigned grad expected to be a Tensor or null but got grad of type number'));
    expect(() => {
      x.grad = zeros([3]);
    }).toThrow(ShapeError);
    expect(() => {
      x.grad = zeros([2], { dtype: 'float64' });
    }).toThrow(new DTypeError('assigned grad has data of a different type: float64, expected float32'));
    x.grad = zeros([2]);
    x.grad = null;
    expect(x.grad).toBeNull();
  });

  test('a custom Function whose backward returns a non-tensor or a wrong shape is named', () => {
    class Doubling extends Function {
      static override forward(_ctx: FunctionContext, x: Tensor): Tensor {
        return x.mul(2);
      }
      static override backward(): Tensor {
        return 3 as unknown as Tensor;
      }
    }
    class Misshapen extends Function {
      static override forward(_ctx: FunctionContext, x: Tensor): Tensor {
        return x.mul(2);
      }
      static override backward(): Tensor {
        return zeros([3]);
      }
    }
    const x = zeros([2], { requiresGrad: true });
    expect(() => Doubling.apply(x).sum().backward()).toThrow(
      new AutogradError(
        'DoublingBackward: backward returned number as the gradient of argument 0; expected a Tensor or null',
      ),
    );
    expect(() => Misshapen.apply(x).sum().backward()).toThrow(
      new AutogradError(
        'Function MisshapenBackward returned an invalid gradient at index 0 - got [3] but expected shape compatible with [2]',
      ),
    );
  });
});
