import type { NDArray } from '@torchlet/tensor';
import { defineUntrackedOp, type UntrackedOp } from '../define-op.js';
import type { Tensor } from '../tensor.js';

// Comparisons give bool tensors and take no gradient; a trace still sees them. The params: the
// number compared with, or null for a tensor.
const operand = (b: Tensor | number): NDArray | number => (typeof b === 'number' ? b : b.array);

const Eq = defineUntrackedOp<number | null>('eq');
const Ne = defineUntrackedOp<number | null>('ne');
const Lt = defineUntrackedOp<number | null>('lt');
const Le = defineUntrackedOp<number | null>('le');
const Gt = defineUntrackedOp<number | null>('gt');
const Ge = defineUntrackedOp<number | null>('ge');

function result(op: UntrackedOp<number | null>, out: NDArray, a: Tensor, b: Tensor | number): Tensor {
  return typeof b === 'number' ? op.apply1(out, a, b) : op.apply2(out, a, b, null);
}

export const eq = (a: Tensor, b: Tensor | number): Tensor => result(Eq, a.array.eq(operand(b)), a, b);
export const ne = (a: Tensor, b: Tensor | number): Tensor => result(Ne, a.array.ne(operand(b)), a, b);
export const lt = (a: Tensor, b: Tensor | number): Tensor => result(Lt, a.array.lt(operand(b)), a, b);
export const le = (a: Tensor, b: Tensor | number): Tensor => result(Le, a.array.le(operand(b)), a, b);
export const gt = (a: Tensor, b: Tensor | number): Tensor => result(Gt, a.array.gt(operand(b)), a, b);
export const ge = (a: Tensor, b: Tensor | number): Tensor => result(Ge, a.array.ge(operand(b)), a, b);
