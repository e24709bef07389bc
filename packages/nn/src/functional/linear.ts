import type { Tensor } from '@torchlet/autograd';

/** y = x · Wᵀ + b for weight [out, in] (PyTorch's `F.linear`). */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const product = input.matmul(weight.t());
  return bias === null ? product : product.add(bias);
}
