import { Tensor } from '@torchlet/autograd';
import { Optimizer, type Params } from '../index.js';

export interface SignSGDOptions {
  lr: number;
  momentum: number;
}

/** signSGD with momentum: b = momentum·b + grad, p -= lr·sign(b). */
export class SignSGD extends Optimizer<SignSGDOptions, { momentumBuffer: Tensor }> {
  constructor(params: Params<SignSGDOptions>, { lr = 0.01, momentum = 0.9 }: Partial<SignSGDOptions> = {}) {
    super(params, { lr, momentum });
  }

  override step<L>(closure?: () => L): L | undefined {
    const loss = this.evaluateClosure(closure);
    // gradients() checks every group and gradient first, so a bad one changes nothing.
    for (const { group, param, grad } of this.gradients('SignSGD.step')) {
      let state = this.state.get(param);
      if (state === undefined) {
        state = { momentumBuffer: new Tensor(grad.clone()) };
        this.state.set(param, state);
      } else {
        state.momentumBuffer.array.mul_(group.momentum).add_(grad);
      }
      // In-place NDArray ops: no graph is recorded and autograd sees the parameter's new version.
      param.array.sub_(state.momentumBuffer.array.sign().mul_(group.lr));
    }
    return loss;
  }
}
