import type { Attributes } from './attributes.js';
import type { TensorData } from './tensor-data.js';

export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  readonly inputs: string[];
  readonly outputs: string[];
  readonly attributes: Attributes;
}

/** The nodes and initializers an output needs, in the order they were made. */
export interface PrunedGraph {
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, TensorData>;
}

/**
 * An ONNX graph as it is built, op by op: nodes with unique names, initializers, and "poisoned"
 * values — outputs of ops that could not be converted. A poisoned value is an error only if an
 * output needs it: `prune` keeps what the outputs need (an LSTM's input projection folded into
 * its own node is left out, and so is an op whose result nothing reads), and throws the first
 * poison it meets.
 */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers = new Map<string, TensorData>();
  private readonly poisons = new Map<string, { readonly order: number; readonly error: Error }>();
  private readonly taken = new Set<string>();

  /** `base` if no value or node has it yet, else `base_1`, `base_2`, ... */
  unique(base: string): string {
    let name = base;
    for (let k = 1; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  /** Reserves a name given from outside (a graph input, a state-dict key). */
  reserve(name: string): void {
    this.taken.add(name);
  }

  /** Adds a node; returns its outputs' names (`<node>_output_<k>`). */
  node(name: string, opType: string, inputs: readonly string[], attributes: Attributes, outputs: number): string[] {
    const nodeName = this.unique(name);
    const names = Array.from({ length: outputs }, (_, k) => this.unique(`${nodeName}_output_${k}`));
    this.nodes.push({ name: nodeName, opType, inputs: [...inputs], outputs: names, attributes });
    return names;
  }

  /** An Identity node whose output is named `output` exactly (a graph output reading an input or another output). */
  identity(input: string, output: string): void {
    this.nodes.push({
      name: this.unique(`/Identity_${output}`),
      opType: 'Identity',
      inputs: [input],
      outputs: [output],
      attributes: {},
    });
  }

  /** The error a poisoned value stands for, or undefined. */
  poisonOf(name: string): Error | undefined {
    return this.poisons.get(name)?.error;
  }

  initializer(name: string, data: TensorData): void {
    this.initializers.set(name, data);
  }

  /** A value that stands for a failed conversion: fine unless an output needs it. */
  poison(error: Error): string {
    const name = this.unique('unconvertible');
    this.poisons.set(name, { order: this.poisons.size, error });
    return name;
  }

  /** Whether `name` is produced by a node (not a graph input or an initializer). */
  isNodeOutput(name: string): boolean {
    return this.nodes.some((node) => node.outputs.includes(name));
  }

  /** Renames the value `from` (a node's output) to `to` everywhere. */
  rename(from: string, to: string): void {
    for (const node of this.nodes) {
      for (const list of [node.inputs, node.outputs]) {
        for (let i = 0; i < list.length; i++) if (list[i] === from) list[i] = to;
      }
    }
  }

  /** What `outputs` need, walking back from them; throws the first (in op order) poison they reach. */
  prune(outputs: readonly string[]): PrunedGraph {
    const producer = new Map<string, OnnxNode>();
    for (const node of this.nodes) for (const output of node.outputs) producer.set(output, node);
    const needed = new Set<OnnxNode>();
    const initializers = new Set<string>();
    const reached: { order: number; error: Error }[] = [];
    const pending = [...outputs];
    const visited = new Set<string>();
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (name === '' || visited.has(name)) continue;
      visited.add(name);
      const poison = this.poisons.get(name);
      if (poison !== undefined) reached.push(poison);
      if (this.initializers.has(name)) initializers.add(name);
      const node = producer.get(name);
      if (node !== undefined && !needed.has(node)) {
        needed.add(node);
        pending.push(...node.inputs);
      }
    }
    if (reached.length > 0) throw reached.sort((a, b) => a.order - b.order)[0]!.error;
    return {
      nodes: this.nodes.filter((node) => needed.has(node)),
      initializers: new Map([...this.initializers].filter(([name]) => initializers.has(name))),
    };
  }
}
