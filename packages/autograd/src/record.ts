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

/**
 * Marks `result` as a view of `a`: it shares `a`'s storage, and an in-place write through either
 * must update the other's place in the graph (see Tensor's in-place ops).
 */
export function asView(result: Tensor, a: Tensor): Tensor {
  result.becomeViewOf(a.viewBase ?? a);
  return result;
}

/** A view result recorded by `node` (or untracked when `node` is null). */
export function recordView(node: Node | null, out: NDArray, a: Tensor): Tensor {
  return asView(node === null ? new Tensor(out) : record1(node, out, a), a);
}
