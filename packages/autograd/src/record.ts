import type { NDArray } from '@torchlet/tensor';
import { isGradEnabled } from './grad-mode.js';
import type { Node } from './node.js';
import { Tensor } from './tensor.js';

/** Whether an op on these inputs must record a node. */
export function tracks(a: Tensor, b?: Tensor | number | null): boolean {
  if (!isGradEnabled()) return false;
  return a.requiresGrad || (b instanceof Tensor && b.requiresGrad);
}

/** Whether an op on any of these inputs must record a node. */
export function tracksAny(inputs: readonly Tensor[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}

/** An untracked result. */
export function plain(out: NDArray): Tensor {
  return new Tensor(out);
}

/** A result produced by `node` from one input. */
export function record1(node: Node, out: NDArray, a: Tensor): Tensor {
  node.next = [a.gradEdge()];
  return Tensor.fromNode(out, node);
}

/** A result produced by `node` from two inputs. */
export function record2(node: Node, out: NDArray, a: Tensor, b: Tensor): Tensor {
  node.next = [a.gradEdge(), b.gradEdge()];
  return Tensor.fromNode(out, node);
}

/** A result produced by `node` from any number of inputs. */
export function recordMany(node: Node, out: NDArray, inputs: readonly Tensor[]): Tensor {
  node.next = inputs.map((t) => t.gradEdge());
  return Tensor.fromNode(out, node);
}

/** A view result: shares the input's storage and remembers its base for in-place checks. */
export function recordView(node: Node | null, out: NDArray, a: Tensor): Tensor {
  const result = node === null ? new Tensor(out) : record1(node, out, a);
  result.viewBase = a.viewBase ?? a;
  return result;
}
