import { Function, type FunctionContext, gradcheck, tensor, type Tensor } from '../index.js';

/** y = x · exp(scale · x), with its gradient written by hand. */
export class ScaledExp extends Function {
  static override forward(ctx: FunctionContext, x: Tensor, scale: number): Tensor {
    const e = x.mul(scale).exp();
    ctx.saveForBackward(x, e);
    ctx.set('scale', scale);
    return x.mul(e);
  }

  static override backward(ctx: FunctionContext, grad: Tensor): (Tensor | null)[] {
    const [x, e] = ctx.savedTensors as [Tensor, Tensor];
    const scale = ctx.get<number>('scale');
    // d/dx [x · e^(sx)] = e^(sx) · (1 + s·x); `scale` is a number and takes no gradient.
    return [grad.mul(e.mul(x.mul(scale).add(1))), null];
  }
}

const x = tensor([0.5, -1, 2], { dtype: 'float64', requiresGrad: true });
export const y = ScaledExp.apply(x, 0.3);
export const checked = gradcheck((input) => ScaledExp.apply(input, 0.3), [x]);
