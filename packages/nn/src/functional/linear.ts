import { linear as linearOp, type Tensor } from '@torchlet/autograd';

/** y = x · Wᵀ + b for weight [out, in] (PyTorch's `F.linear`), recorded as one op. */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  return linearOp(input, weight, bias);
}
