import type { NDArray } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/** One direction of a linear pair: its names, its arguments (what a trace reads), and the other direction. */
export interface LinearStep<A = unknown> {
  readonly op: string;
  readonly name: string;
  readonly attributes: A;
  readonly adjoint: (grad: Tensor) => Tensor;
}

/** The node of a linear op: its gradient is the op's adjoint applied to the output's gradient. */
const LinearOpBackward = defineOp(
  (step: LinearStep) => step.op,
  (step: LinearStep) => step.name,
  { self: (grad, _saved, step: LinearStep) => step.adjoint(grad) },
);

/**
 * A linear op `f` and its adjoint `adjoint` (pad and its gradient, im2col and col2im, gather and
 * scatter-add into zeros, ...) as two differentiable functions, each the other's gradient: so
 * gradients of any order follow without a rule of their own. `ops` are their forward names in a
 * trace, `names` their nodes' names, `attributes` the arguments they were made with.
 */
export function linearPair<A>(
  ops: readonly [forward: string, adjoint: string],
  names: readonly [forward: string, adjoint: string],
  f: (x: NDArray) => NDArray,
  adjoint: (g: NDArray) => NDArray,
  attributes: A,
): [(x: Tensor) => Tensor, (g: Tensor) => Tensor] {
  const apply = (x: Tensor): Tensor => {
    const out = f(x.array);
    return tracks(x) ? LinearOpBackward.record1(out, x, forwardStep) : plain(out);
  };
  const applyAdjoint = (g: Tensor): Tensor => {
    const out = adjoint(g.array);
    return tracks(g) ? LinearOpBackward.record1(out, g, adjointStep) : plain(out);
  };
  const forwardStep: LinearStep<A> = { op: ops[0], name: names[0], attributes, adjoint: applyAdjoint };
  const adjointStep: LinearStep<A> = { op: ops[1], name: names[1], attributes, adjoint: apply };
  return [apply, applyAdjoint];
}
