import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { AutogradError, Function, type FunctionContext, tensor, type Tensor } from './index.js';
import { checked, y } from './examples/custom-function.js';

describe('custom Function', () => {
  test('the README example runs, records its node and passes gradcheck', () => {
    expect(checked).toBe(true);
    expect(y.gradFn?.name).toBe('ScaledExpBackward');
    y.sum().backward();
    const x = (y.gradFn!.nextFunctions[0] as unknown as { variable: Tensor }).variable;
    expect(x.grad!.toArray()).toEqual(
      [0.5, -1, 2].map((v) => Math.exp(0.3 * v) * (1 + 0.3 * v)).map((v) => expect.closeTo(v, 12)),
    );
  });

  test('the README shows exactly the example file', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./examples/custom-function.ts', import.meta.url), 'utf8');
    const body = example.slice(example.indexOf('/** y = x'));
    expect(readme).toContain(body.trim());
  });

  test('forward runs without recording, and inputs without grad get none', () => {
    class Twice extends Function {
      static override forward(_ctx: FunctionContext, x: Tensor): Tensor {
        const out = x.mul(2);
        expect(out.gradFn).toBeNull();
        return out;
      }
      static override backward(_ctx: FunctionContext, grad: Tensor): Tensor {
        return grad.mul(2);
      }
    }
    const x = tensor([1, 2], { requiresGrad: true });
    const out = Twice.apply(x);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2]);
    expect(Twice.apply(tensor([1])).gradFn).toBeNull();
  });

  test('a saved tensor changed in place is reported', () => {
    class Square extends Function {
      static override forward(ctx: FunctionContext, x: Tensor): Tensor {
        ctx.saveForBackward(x);
        return x.mul(x);
      }
      static override backward(ctx: FunctionContext, grad: Tensor): Tensor {
        const [x] = ctx.savedTensors as [Tensor];
        return grad.mul(x).mul(2);
      }
    }
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(1);
    const out = Square.apply(h);
    h.add_(1);
    expect(() => out.sum().backward()).toThrow(/modified by an inplace operation/);
  });

  test('backward must return one gradient per forward argument', () => {
    class Bad extends Function {
      static override forward(_ctx: FunctionContext, x: Tensor, _k: number): Tensor {
        return x.mul(1);
      }
      static override backward(_ctx: FunctionContext, grad: Tensor): Tensor {
        return grad;
      }
    }
    const out = Bad.apply(tensor([1], { requiresGrad: true }), 3);
    expect(() => out.sum().backward()).toThrow(
      new AutogradError('BadBackward: backward returned 1 gradients, but forward took 2 arguments'),
    );
  });
});
