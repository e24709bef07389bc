import { Function, type FunctionContext, noGrad, ones, type Tensor, zeros } from '@torchlet/autograd';
import { Linear, Module, Parameter, Sequential } from '../index.js';

/** softplus(x) = ln(1 + eˣ), written as a custom op with a hand-made, overflow-free gradient. */
class Softplus extends Function {
  static override forward(ctx: FunctionContext, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.abs().neg().exp().log1p().add(x.relu());
  }
  static override backward(ctx: FunctionContext, grad: Tensor): Tensor {
    const [x] = ctx.savedTensors as [Tensor];
    return grad.mul(x.sigmoid());
  }
}

/** y = softplus(x) · scale + shift, with a learnable scale and shift per feature. */
export class ScaledSoftplus extends Module {
  scale: Parameter;
  shift: Parameter;

  constructor(readonly features: number) {
    super();
    this.scale = new Parameter(ones([features]));
    this.shift = new Parameter(zeros([features]));
  }

  forward(x: Tensor): Tensor {
    return Softplus.apply(x).mul(this.scale).add(this.shift);
  }

  override extraRepr(): string {
    return `features=${this.features}`;
  }
}

// It composes like any built-in layer: parameters, state dict keys, training.
export const model = new Sequential(new Linear(2, 3), new ScaledSoftplus(3), new Linear(3, 1));
export function trainStep(x: Tensor, y: Tensor, lr: number): number {
  const loss = model.forward(x).sub(y).pow(2).mean();
  model.zeroGrad();
  loss.backward();
  noGrad(() => {
    for (const p of model.parameters()) p.sub_(p.grad!.mul(lr));
  });
  return loss.item();
}
