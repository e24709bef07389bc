import { Tensor, type TracedOp } from '@torchlet/autograd';

/** Every tensor an op reads: its inputs, then the tensors in its params (an index, running statistics). */
export function tensorsOf(op: TracedOp): Tensor[] {
  const found: Tensor[] = [...op.inputs];
  tensorsIn(op.params, found, 0);
  return found;
}

/** The tensors in a params value, in a fixed order: plain objects and arrays are walked, a few levels deep. */
export function tensorsIn(value: unknown, found: Tensor[] = [], depth = 0): Tensor[] {
  if (value instanceof Tensor) found.push(value);
  else if (depth < 4 && Array.isArray(value)) for (const item of value) tensorsIn(item, found, depth + 1);
  else if (
    depth < 4 &&
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    for (const item of Object.values(value)) tensorsIn(item, found, depth + 1);
  return found;
}
