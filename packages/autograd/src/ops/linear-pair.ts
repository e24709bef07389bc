import type { NDArray } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/** The node of a linear op: its gradient is the op's adjoint applied to the output's gradient. */
class LinearOpBackward extends Node {
  constructor(
    private readonly nodeName: string,
    private readonly adjoint: (grad: Tensor) => Tensor,
  ) {
    super();
  }
  get name(): string {
    return this.nodeName;
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [this.adjoint(grad)];
  }
}

/**
 * A linear op `f` and its adjoint `adjoint` (pad and its gradient, im2col and col2im, gather and
 * scatter-add into zeros, ...) as two differentiable functions, each the other's gradient: so
 * gradients of any order follow without a rule of their own. `names` are the nodes' names.
 */
export function linearPair(
  names: readonly [forward: string, adjoint: string],
  f: (x: NDArray) => NDArray,
  adjoint: (g: NDArray) => NDArray,
): [(x: Tensor) => Tensor, (g: Tensor) => Tensor] {
  const apply = (x: Tensor) => {
    const out = f(x.array);
    return tracks(x) ? record1(new LinearOpBackward(names[0], applyAdjoint), out, x) : plain(out);
  };
  const applyAdjoint = (g: Tensor): Tensor => {
    const out = adjoint(g.array);
    return tracks(g) ? record1(new LinearOpBackward(names[1], apply), out, g) : plain(out);
  };
  return [apply, applyAdjoint];
}
