import { Tensor, type NDArray } from '@torchlet/autograd';

/**
 * A tensor that is a module's weight: a `Module` finds every `Parameter` among its fields and
 * lists it in `parameters()` and `stateDict()`. Requires grad by default.
 */
export class Parameter extends Tensor {
  constructor(data: Tensor | NDArray, requiresGrad = true) {
    super(data instanceof Tensor ? data.array : data, requiresGrad);
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
