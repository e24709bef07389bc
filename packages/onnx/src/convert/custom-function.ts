import { Tensor } from '@torchlet/autograd';
import { UnsupportedOpError } from '../errors.js';
import { tensorData } from '../graph/tensor-data.js';
import type { OnnxSymbolic, OnnxValue, SymbolicGraph } from '../symbolic.js';
import type { Converter } from './op-context.js';

/** A custom Function: its own `symbolic` writes its nodes; without one it cannot be exported. */
const customFunction: Converter<'Function'> = (ctx, op) => {
  const fn = op.params.function;
  const symbolic = (fn as Partial<OnnxSymbolic>).symbolic as
    ((g: SymbolicGraph, ...rest: unknown[]) => unknown) | undefined;
  if (typeof symbolic !== 'function') {
    throw new UnsupportedOpError(
      fn.name,
      op.scope,
      `custom Function '${fn.name}' has no ONNX symbolic; give it a static symbolic(g, ...args) that builds its output with g.op(...)`,
    );
  }
  const produced = new Set<string>();
  const graph: SymbolicGraph = {
    op: (opType, inputs, attributes = {}) => graph.ops(opType, inputs, 1, attributes)[0]!,
    ops: (opType, inputs, outputs, attributes = {}) => {
      const names = ctx.nodes(opType, inputs, attributes, outputs);
      for (const name of names) produced.add(name);
      return names as OnnxValue[];
    },
    constant: (tensor) => ctx.constant(tensorData(tensor.array)) as OnnxValue,
  };
  const args = op.params.args.map((arg) => (arg instanceof Tensor ? ctx.value(arg) : arg));
  const output = symbolic.call(fn, graph, ...args);
  if (typeof output !== 'string' || !(produced.has(output) || args.includes(output))) {
    return ctx.fail(`the symbolic of '${fn.name}' returned ${JSON.stringify(output)}, not a value of the graph`);
  }
  ctx.bind(output);
};

export const CUSTOM = { Function: customFunction };
