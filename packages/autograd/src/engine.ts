import { formatShape, onesLike, shapesEqual, type Shape } from '@torchlet/tensor';
import { AutogradError } from './errors.js';
import { enableGrad, noGrad } from './grad-mode.js';
import { AccumulateGrad, type Node } from './node.js';
import { Tensor } from './tensor.js';

export interface BackwardOptions {
  /** Keep the saved tensors so the graph can be backpropagated again (PyTorch's `retain_graph`). */
  retainGraph?: boolean;
  /** Record the backward computation itself, for higher-order gradients (`create_graph`). */
  createGraph?: boolean;
}

let passCounter = 0;

/** Whether a gradient of shape `from` sums down to `to` (`to` broadcasts to `from`). */
function sumsTo(from: Shape, to: Shape): boolean {
  if (to.length > from.length) return false;
  const lead = from.length - to.length;
  for (let i = 0; i < to.length; i++) if (to[i] !== 1 && to[i] !== from[lead + i]) return false;
  return true;
}

/** The gradient to start from: the one given, or 1 for a single-element output. */
function seedGradient(output: Tensor, gradient: Tensor | undefined): Tensor {
  if (gradient === undefined) {
    if (output.numel() !== 1) throw new AutogradError('grad can be implicitly created only for scalar outputs');
    return new Tensor(onesLike(output.array));
  }
  if (!shapesEqual(gradient.shape, output.shape)) {
    throw new AutogradError(
      `Mismatch in shape: grad_output[0] has a shape of ${formatShape(gradient.shape)} and output[0] has a shape of ${formatShape(output.shape)}.`,
    );
  }
  return gradient;
}

/** Counts, for every node reachable from `root`, how many edges lead into it. */
function countDependencies(root: Node, pass: number): void {
  root.pass = pass;
  root.dependencies = 0;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const next of node.next) {
      if (next === null) continue;
      if (next.pass !== pass) {
        next.pass = pass;
        next.dependencies = 0;
        next.pendingGrad = null;
        stack.push(next);
      }
      next.dependencies++;
    }
  }
}

function accumulate(node: Node, incoming: Tensor, exclusive: boolean): void {
  if (node.pendingGrad === null) {
    node.pendingGrad = incoming;
    node.pendingExclusive = exclusive;
  } else {
    node.pendingGrad = node.pendingGrad.add(incoming);
    node.pendingExclusive = true; // the engine's own sum
  }
}

// A leaf's first gradient becomes its `.grad`. PyTorch's AccumulateGrad takes the incoming tensor
// itself when nothing else holds it (its reference count is 1) and copies it otherwise. JavaScript
// has no reference counts, so the engine tracks the same fact: a gradient is *exclusive* when its
// storage is the engine's own (a sum of contributions), or a built-in rule's fresh result that no
// other input received and that is not the rule's incoming gradient (or a view of it) — or that
// incoming gradient passed on to a single input when it was exclusive itself. Anything from a
// user's code (a gradient given to backward(), a custom Function's results, a retained gradient)
// is never exclusive. Taking instead of copying saves a copy per parameter per step.

/** Whether `g`, returned by `node` for input `index` out of `grads`, is held by nothing else. */
function exclusiveResult(
  node: Node,
  grads: readonly (Tensor | null)[],
  index: number,
  incoming: Tensor,
  incomingExclusive: boolean,
): boolean {
  if (node.userCode || node.retainedBy !== null) return false;
  const g = grads[index]!;
  const storage = g.array.storage;
  for (let j = 0; j < grads.length; j++) {
    if (j !== index && grads[j] != null && grads[j]!.array.storage === storage) return false;
  }
  return storage === incoming.array.storage ? incomingExclusive : true;
}

/** A gradient that can become a leaf's `.grad` as it is: dense over its own storage, no history. */
function ownsItsStorage(t: Tensor): boolean {
  const a = t.array;
  return a.isContiguous && a.offset === 0 && a.size === a.storage.data.length && !t.requiresGrad;
}

/** Adds `grad` into the leaf's `.grad`; the first time, takes it if exclusive, else copies it. */
function accumulateIntoLeaf(leaf: Tensor, incoming: Tensor, createGraph: boolean, exclusive: boolean): void {
  if (leaf.grad === null) {
    leaf.grad = createGraph || (exclusive && ownsItsStorage(incoming)) ? incoming : new Tensor(incoming.array.clone());
  } else if (createGraph || leaf.grad.requiresGrad) {
    leaf.grad = leaf.grad.add(incoming);
  } else {
    leaf.grad.array.add_(incoming.array);
  }
}

/** Brings a rule's gradient back to its input's shape (broadcasting) and dtype. */
function fitToInput(node: Node, index: number, input: Node, incoming: Tensor): Tensor {
  let g = incoming;
  if (!shapesEqual(g.shape, input.shape)) {
    if (!sumsTo(g.shape, input.shape)) {
      throw new AutogradError(
        `Function ${node.name} returned an invalid gradient at index ${index} - got ${formatShape(g.shape)} but expected shape compatible with ${formatShape(input.shape)}`,
      );
    }
    g = g.sumTo(input.shape);
  }
  if (g.dtype !== input.dtype) g = g.to(input.dtype);
  return g;
}

/**
 * Reverse-mode differentiation from `output`: visits each node once, after every node that
 * feeds it, so a node's gradient is complete before its rule runs. With `capture`, gradients of
 * the given tensors are returned instead of accumulated into leaves (`grad()`).
 */
function run(
  output: Tensor,
  gradient: Tensor | undefined,
  options: BackwardOptions,
  capture: readonly Tensor[] | null,
): (Tensor | null)[] {
  const root = output.gradFn ?? (output.requiresGrad ? output.gradEdge() : null);
  if (root === null) throw new AutogradError('element 0 of tensors does not require grad and does not have a grad_fn');
  const seed = seedGradient(output, gradient);
  const retain = options.retainGraph ?? options.createGraph ?? false;
  const createGraph = options.createGraph ?? false;
  const pass = ++passCounter;
  countDependencies(root, pass);
  root.pendingGrad = seed;
  // The engine's own ones are exclusive; a gradient the caller passed is the caller's.
  root.pendingExclusive = gradient === undefined;
  const captured = capture?.map((t) => t.gradFn ?? t.gradEdge()) ?? null;
  const results: (Tensor | null)[] = capture?.map(() => null) ?? [];
  const ready: Node[] = [root];
  const step = () => {
    while (ready.length > 0) {
      const node = ready.pop()!;
      const incoming = node.pendingGrad;
      const incomingExclusive = node.pendingExclusive;
      node.pendingGrad = null;
      node.pendingExclusive = false;
      const grads = incoming === null ? null : apply(node, incoming, incomingExclusive);
      if (!retain) node.release();
      for (let i = 0; i < node.next.length; i++) {
        const next = node.next[i];
        if (next === null || next === undefined) continue;
        const g = grads?.[i];
        if (g !== null && g !== undefined) {
          const fitted = fitToInput(node, i, next, g);
          // A gradient summed or cast to fit is a new tensor, the engine's own.
          accumulate(next, fitted, fitted !== g || exclusiveResult(node, grads!, i, incoming!, incomingExclusive));
        }
        // A node is run once every edge into it has delivered (possibly no) gradient.
        if (--next.dependencies === 0) ready.push(next);
      }
    }
  };
  /** Runs one node: captures or accumulates its gradient, and returns its inputs' gradients. */
  const apply = (node: Node, incoming: Tensor, exclusive: boolean): readonly (Tensor | null)[] | null => {
    if (captured !== null) {
      captured.forEach((target, i) => {
        if (target === node) results[i] = incoming;
      });
    }
    if (node.retainedBy !== null && captured === null)
      node.retainedBy.grad = createGraph ? incoming : incoming.detach();
    if (node instanceof AccumulateGrad) {
      if (captured === null) accumulateIntoLeaf(node.variable, incoming, createGraph, exclusive);
      return null;
    }
    return node.backward(incoming);
  };
  if (createGraph) enableGrad(step);
  else noGrad(step);
  return results;
}

export function backward(output: Tensor, gradient?: Tensor, options: BackwardOptions = {}): void {
  run(output, gradient, options, null);
}

/**
 * Gradients of `output` with respect to `inputs`, returned rather than accumulated into `.grad`
 * (PyTorch's `torch.autograd.grad`). An input that `output` does not depend on gets null.
 */
export function grad(
  output: Tensor,
  inputs: readonly Tensor[],
  options: BackwardOptions & { gradOutput?: Tensor } = {},
): (Tensor | null)[] {
  for (const input of inputs) {
    if (!input.requiresGrad) throw new AutogradError('grad: one of the differentiated tensors does not require grad');
  }
  return run(output, options.gradOutput, options, inputs);
}
