import type { NDArray } from '@torchlet/tensor';
import { Node } from './node.js';
import { needsGraph, plain } from './record.js';
import { Tensor } from './tensor.js';
import { activeTracer } from './trace.js';

/** What a rule reads: the op's tensor inputs by name, and its output as `result`. */
export type Saved<K extends string> = { readonly [name in K | 'result']: Tensor };

/**
 * The gradient of one input from the gradient of the output. `grad` is shaped like the output;
 * the engine sums a broadcast input's gradient back to its shape, so no rule does.
 */
export type Rule<K extends string, P> = (grad: Tensor, saved: Saved<K>, params: P, node: Node) => Tensor | null;

/**
 * One input's entry: its rule, with the values it reads (`saves`), or null for an input that
 * takes no gradient (a `where` condition). A value read only by the rule of an input that does
 * not require grad is not kept (PyTorch's derivatives.yaml saves per input too; see planFor),
 * so an in-place write to it is not an error.
 */
export type InputRule<K extends string, P> =
  Rule<K, P> | { readonly saves: readonly (K | 'result')[]; readonly grad: Rule<K, P> } | null;

/** The forward op's name in a trace ('add', 'linear'), fixed or chosen by the params. */
export type OpName<P> = string | ((params: P) => string);

/** A differentiable primitive: its node's name, and one rule per tensor input, in order. */
export interface Op<P> {
  /** The output of `inputs` computed as `out`, recorded in the graph (call it when tracking). */
  record(out: NDArray, inputs: readonly Tensor[], params: P): Tensor;
  /** `record` for a one-input op (no inputs array to allocate: it runs on every tracked op). */
  record1(out: NDArray, a: Tensor, params: P): Tensor;
  /** `record` for a two-input op. */
  record2(out: NDArray, a: Tensor, b: Tensor, params: P): Tensor;
  /** A node with the inputs' edges but no output yet (for the in-place machinery). */
  node(inputs: readonly Tensor[], params: P): Node;
}

interface SavePlan {
  readonly names: readonly string[];
  /** For each name: the input it is, or -1 for the output. */
  readonly inputs: readonly number[];
}

interface Definition {
  readonly name: string | ((params: never) => string);
  readonly op: string | ((params: never) => string);
  readonly names: readonly string[];
  readonly rules: readonly (Rule<string, unknown> | null)[];
  readonly saves: readonly (readonly string[])[] | null;
  /** By bitmask of the inputs that require grad: what to save. */
  readonly plans: (SavePlan | undefined)[];
  /** For a list op: the rule of every input. */
  readonly each: ((grad: Tensor, index: number, params: unknown, node: Node) => Tensor | null) | null;
  /** For a kernel op: the gradients of every input at once, from what was saved. */
  readonly all: ((grad: Tensor, saved: readonly Tensor[], params: unknown, node: Node) => (Tensor | null)[]) | null;
}

const NOTHING: SavePlan = { names: [], inputs: [] };

/**
 * What to save when the inputs in `mask` require grad — PyTorch's codegen rule exactly: the
 * output, and every value read by the rules of two or more inputs, always; a value read by one
 * input's rule only when that input requires grad. (So a later in-place write raises a version
 * error exactly where PyTorch's does.)
 */
function planFor(def: Definition, mask: number): SavePlan {
  const cached = def.plans[mask];
  if (cached !== undefined) return cached;
  const names: string[] = [];
  const saves = def.saves ?? [];
  for (let i = 0; i < saves.length; i++) {
    for (const name of saves[i]!) {
      const readers = saves.filter((list) => list.includes(name)).length;
      const needed = name === 'result' || readers > 1 || (mask & (1 << i)) !== 0;
      if (needed && !names.includes(name)) names.push(name);
    }
  }
  const plan = names.length === 0 ? NOTHING : { names, inputs: names.map((n) => def.names.indexOf(n)) };
  def.plans[mask] = plan;
  return plan;
}

/** The graph node of every op made with `defineOp`: one class, so the engine's calls stay monomorphic. */
class OpNode extends Node {
  declare readonly def: Definition;
  declare readonly params: unknown;

  constructor(def: Definition, params: unknown) {
    super();
    this.def = def;
    this.params = params;
  }

  get name(): string {
    return nameOf(this.def.name, this.params);
  }

  backward(grad: Tensor): (Tensor | null)[] {
    const each = this.def.each;
    if (each !== null) return this.next.map((edge, i) => (edge === null ? null : each(grad, i, this.params, this)));
    if (this.def.all !== null) return this.def.all(grad, this.saved(), this.params, this);
    const tensors = this.saved();
    const saved: Record<string, Tensor> = {};
    if (tensors.length > 0) {
      // The names of what was saved: the plan of the inputs that take a gradient.
      let mask = 0;
      for (let i = 0; i < this.next.length && i < 31; i++) if (this.next[i] !== null) mask |= 1 << i;
      const names = planFor(this.def, mask).names;
      for (let i = 0; i < tensors.length; i++) saved[names[i]!] = tensors[i]!;
    }
    const rules = this.def.rules;
    const grads = new Array<Tensor | null>(rules.length);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      grads[i] = rule == null || this.next[i] == null ? null : rule(grad, saved as Saved<string>, this.params, this);
    }
    return grads;
  }
}

/** The edge of input `i`: null for an input that takes no gradient. */
function edgeOf(def: Definition, i: number, input: Tensor): Node | null {
  return def.rules[i] === null ? null : input.gradEdge();
}

/** Gives `node` the inputs' edges; returns the bitmask of the inputs that take a gradient. */
function connect(node: OpNode, def: Definition, inputs: readonly Tensor[]): number {
  const next: (Node | null)[] = [];
  let mask = 0;
  for (let i = 0; i < inputs.length; i++) {
    const edge = edgeOf(def, i, inputs[i]!);
    next.push(edge);
    if (edge !== null && i < 31) mask |= 1 << i;
  }
  node.next = next;
  return mask;
}

/** Keeps what the rules of the inputs in `mask` read (`inputs`, or `a` and `b`, give the inputs). */
function save(
  node: OpNode,
  def: Definition,
  mask: number,
  result: Tensor | null,
  inputs: readonly Tensor[] | null,
  a?: Tensor,
  b?: Tensor,
): void {
  if (def.saves === null) return;
  const plan = planFor(def, mask);
  if (plan.names.length === 0) return;
  const tensors = new Array<Tensor>(plan.names.length);
  for (let i = 0; i < tensors.length; i++) {
    const k = plan.inputs[i]!;
    tensors[i] = k === -1 ? result! : inputs !== null ? inputs[k]! : k === 0 ? a! : b!;
  }
  node.saveList(tensors);
}

function nameOf(name: string | ((params: never) => string), params: unknown): string {
  return typeof name === 'string' ? name : (name as (params: unknown) => string)(params);
}

/** Reports an op to the active trace (the caller checked there is one); returns its output. */
function traced(def: Definition, inputs: readonly Tensor[], params: unknown, output: Tensor): Tensor {
  activeTracer()!.record({
    op: nameOf(def.op, params),
    node: def.name === '' ? null : nameOf(def.name, params),
    inputs,
    params,
    output,
  });
  return output;
}

/**
 * Declares a differentiable primitive in a few lines, as PyTorch's derivatives.yaml does: the
 * forward op's name (what a trace reports, `mul`), the node's name (PyTorch's, `MulBackward0`),
 * and per input its rule and what the rule reads.
 *
 * ```ts
 * const MulBackward0 = defineOp('mul', 'MulBackward0', {
 *   self: { saves: ['other'], grad: (g, { other }) => g.mul(other) },
 *   other: { saves: ['self'], grad: (g, { self }) => g.mul(self) },
 * });
 * // in mul(a, b): tracks(a, b) ? MulBackward0.record2(out, a, b) : plain(out)
 * ```
 */
export function defineOp<K extends string, P = void>(
  op: OpName<P>,
  name: string | ((params: P) => string),
  rules: { readonly [input in K]: InputRule<NoInfer<K>, P> },
): Op<P> {
  const names = Object.keys(rules) as K[];
  const entries = names.map((n) => rules[n]);
  const def: Definition = {
    name: name as Definition['name'],
    op: op as Definition['op'],
    names,
    rules: entries.map((e) => (e === null ? null : typeof e === 'function' ? e : e.grad)) as Definition['rules'],
    saves: entries.some((e) => e !== null && typeof e !== 'function')
      ? entries.map((e) => (e === null || typeof e === 'function' ? [] : e.saves))
      : null, // nothing to save, whichever inputs require grad
    plans: [],
    each: null,
    all: null,
  };
  // Every plan made up front (ops have at most a few inputs), so recording only indexes them.
  if (def.saves !== null) for (let mask = 0; mask < 1 << Math.min(names.length, 8); mask++) planFor(def, mask);
  return opOf<P>(def);
}

/**
 * An op over a list of tensors (cat, stack): one rule for every input, given its position;
 * nothing is saved.
 */
export function defineListOp<P>(
  op: OpName<P>,
  name: string | ((params: P) => string),
  rule: (grad: Tensor, index: number, params: P, node: Node) => Tensor | null,
): Op<P> {
  return opOf<P>(ruleless(op as OpName<never>, name as Definition['name'], rule as Definition['each'], null));
}

/** A definition without a rule per input: a list op's, a kernel op's, or an op's without a gradient. */
function ruleless(
  op: OpName<never>,
  name: string | ((params: never) => string),
  each: Definition['each'],
  all: Definition['all'],
): Definition {
  return { name, op, names: [], rules: [], saves: null, plans: [], each, all };
}

/** An op whose gradients one kernel computes together (convolution, normalisation, a recurrent layer). */
export interface KernelOp<P> {
  /**
   * The output of `inputs` computed as `out`, keeping `saved` for the rule (whichever inputs
   * require grad); call it when tracking.
   */
  record(out: NDArray, inputs: readonly Tensor[], saved: readonly Tensor[], params: P): Tensor;
}

/**
 * A primitive whose rule gives every input's gradient at once, as a kernel computes them (one
 * pass over the data for all of them). The rule reads the tensors `record` was given to save.
 */
export function defineKernelOp<P>(
  op: OpName<P>,
  name: string | ((params: P) => string),
  rule: (grad: Tensor, saved: readonly Tensor[], params: P, node: Node) => (Tensor | null)[],
): KernelOp<P> {
  const def = ruleless(op as OpName<never>, name as Definition['name'], null, rule as Definition['all']);
  return {
    record(out, inputs, saved, params) {
      const tracing = activeTracer() !== null;
      if (tracing && !needsGraph(inputs)) return traced(def, inputs, params, plain(out));
      const node = new OpNode(def, params);
      const next = new Array<Node | null>(inputs.length);
      for (let i = 0; i < inputs.length; i++) next[i] = inputs[i]!.gradEdge();
      node.next = next;
      const result = Tensor.fromNode(out, node);
      node.saveList(saved);
      return tracing ? traced(def, inputs, params, result) : result;
    },
  };
}

/** An op without a gradient (a comparison, argmax, pooling's indices): a plain result a trace still sees. */
export interface UntrackedOp<P> {
  apply1(out: NDArray, a: Tensor, params: P): Tensor;
  apply2(out: NDArray, a: Tensor, b: Tensor, params: P): Tensor;
}

export function defineUntrackedOp<P = void>(op: OpName<P>): UntrackedOp<P> {
  const def = ruleless(op as OpName<never>, '', null, null); // no node's name: a trace reports null
  return {
    apply1(out, a, params) {
      const result = plain(out);
      return activeTracer() === null ? result : traced(def, [a], params, result);
    },
    apply2(out, a, b, params) {
      const result = plain(out);
      return activeTracer() === null ? result : traced(def, [a, b], params, result);
    },
  };
}

/** One class for every op (its methods are shared, so they warm up once for all ops). */
class OpImpl<P> implements Op<P> {
  constructor(private readonly def: Definition) {}

  record(out: NDArray, inputs: readonly Tensor[], params: P): Tensor {
    if (activeTracer() !== null) return this.traced(out, inputs, params);
    return this.recordNode(out, inputs, params);
  }

  private recordNode(out: NDArray, inputs: readonly Tensor[], params: P): Tensor {
    const def = this.def;
    const node = new OpNode(def, params);
    const mask = connect(node, def, inputs);
    const result = Tensor.fromNode(out, node);
    save(node, def, mask, result, inputs);
    return result;
  }

  /** While a trace is active: the op reported, with a node only if the graph needs one. */
  private traced(out: NDArray, inputs: readonly Tensor[], params: P): Tensor {
    return traced(this.def, inputs, params, needsGraph(inputs) ? this.recordNode(out, inputs, params) : plain(out));
  }

  record1(out: NDArray, a: Tensor, params: P): Tensor {
    if (activeTracer() !== null) return this.traced(out, [a], params);
    const def = this.def;
    const node = new OpNode(def, params);
    const edge = edgeOf(def, 0, a);
    node.next = [edge];
    const result = Tensor.fromNode(out, node);
    if (def.saves !== null) save(node, def, edge === null ? 0 : 1, result, null, a);
    return result;
  }

  record2(out: NDArray, a: Tensor, b: Tensor, params: P): Tensor {
    if (activeTracer() !== null) return this.traced(out, [a, b], params);
    const def = this.def;
    const node = new OpNode(def, params);
    const edgeA = edgeOf(def, 0, a);
    const edgeB = edgeOf(def, 1, b);
    node.next = [edgeA, edgeB];
    const result = Tensor.fromNode(out, node);
    if (def.saves !== null) save(node, def, (edgeA === null ? 0 : 1) | (edgeB === null ? 0 : 2), result, null, a, b);
    return result;
  }

  node(inputs: readonly Tensor[], params: P): Node {
    const node = new OpNode(this.def, params);
    save(node, this.def, connect(node, this.def, inputs), null, inputs);
    return node;
  }
}

function opOf<P>(def: Definition): Op<P> {
  return new OpImpl<P>(def);
}
