import type { Tensor } from '@torchlet/autograd';
import type { Attributes } from './graph/attributes.js';

/** A value of the ONNX graph, as a custom Function's symbolic sees it. */
export type OnnxValue = string & { readonly __onnxValue: never };

/** What a custom Function's `symbolic` builds its part of the graph with (PyTorch's `g`). */
export interface SymbolicGraph {
  /** Adds an ONNX node (default domain); returns its first output. Attributes: `attr.int(1)`, `attr.floats([...])`, ... */
  op(opType: string, inputs: readonly OnnxValue[], attributes?: Attributes): OnnxValue;
  /** Adds a node with several outputs. */
  ops(opType: string, inputs: readonly OnnxValue[], outputs: number, attributes?: Attributes): OnnxValue[];
  /** A constant holding `tensor`'s values. */
  constant(tensor: Tensor): OnnxValue;
}

/**
 * A custom `Function` exports through a static `symbolic(g, ...args)` (PyTorch's
 * `symbolic` staticmethod): `args` are the forward's arguments, tensors as their ONNX values,
 * others as they were; it returns the value of the output.
 *
 * ```ts
 * class Swish extends Function {
 *   static override forward(ctx: FunctionContext, x: Tensor): Tensor { ... }
 *   static symbolic(g: SymbolicGraph, x: OnnxValue): OnnxValue {
 *     return g.op('Mul', [x, g.op('Sigmoid', [x])]);
 *   }
 * }
 * ```
 */
export interface OnnxSymbolic {
  symbolic(g: SymbolicGraph, ...args: never[]): OnnxValue;
}
