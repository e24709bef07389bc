import type { NDArray } from '@torchlet/tensor';
import { plain } from '../record.js';
import type { Tensor } from '../tensor.js';

// Comparisons give bool tensors and take no gradient.
const operand = (b: Tensor | number): NDArray | number => (typeof b === 'number' ? b : b.array);

export const eq = (a: Tensor, b: Tensor | number): Tensor => plain(a.array.eq(operand(b)));
export const ne = (a: Tensor, b: Tensor | number): Tensor => plain(a.array.ne(operand(b)));
export const lt = (a: Tensor, b: Tensor | number): Tensor => plain(a.array.lt(operand(b)));
export const le = (a: Tensor, b: Tensor | number): Tensor => plain(a.array.le(operand(b)));
export const gt = (a: Tensor, b: Tensor | number): Tensor => plain(a.array.gt(operand(b)));
export const ge = (a: Tensor, b: Tensor | number): Tensor => plain(a.array.ge(operand(b)));
