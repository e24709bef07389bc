import { noGrad, Tensor, traceOps, type TracedOp } from '@torchlet/autograd';
import type { Module } from '@torchlet/nn';
import { formatShape } from '@torchlet/tensor';
import { OnnxExportError, describeScope, type ModuleScope } from '../errors.js';
import { ScopeStack, withModuleScopes } from './module-scopes.js';

/** A traced op and the module it ran in. */
export interface RecordedOp extends TracedOp {
  readonly scope: ModuleScope;
}

/** One forward pass as traced: its inputs, its ops in order, and its outputs (nested arrays flattened). */
export interface Run {
  readonly inputs: readonly Tensor[];
  readonly ops: readonly RecordedOp[];
  readonly outputs: readonly Tensor[];
}

/** The tensors of what forward returned, depth first (PyTorch's tuples of tensors). */
function flattenOutputs(value: unknown, out: Tensor[], scope: ModuleScope): Tensor[] {
  if (value instanceof Tensor) out.push(value);
  else if (Array.isArray(value)) for (const item of value) flattenOutputs(item, out, scope);
  else {
    const got = value === null ? 'null' : typeof value === 'object' ? 'an object' : typeof value;
    throw new OnnxExportError(
      `exportOnnx: forward of ${describeScope(scope)} returned ${got}; an exported model returns a Tensor or (nested) arrays of Tensors`,
    );
  }
  return out;
}

/**
 * Runs the model's forward on `inputs` with grad off and every op traced with its module. A
 * write in place (`relu_()`, `add_`) changes a value after the trace saw it, which a graph of
 * values cannot say, so it is refused: every tensor must keep the version it had when first seen.
 */
export function recordRun(model: Module, inputs: readonly Tensor[]): Run {
  const root: ModuleScope = { path: '', type: model.constructor.name };
  const scopes = new ScopeStack(root);
  const ops: RecordedOp[] = [];
  const versions = new Map<Tensor, number>();
  const check = (tensor: Tensor, op: string, scope: ModuleScope): void => {
    const seen = versions.get(tensor);
    if (seen === undefined) versions.set(tensor, tensor.version);
    else if (seen !== tensor.version) {
      throw new OnnxExportError(
        `exportOnnx: a tensor of shape ${formatShape(tensor.shape)} was written in place after it was ${ops.length === 0 ? 'given' : 'computed'}, before ${op} read it in ${describeScope(scope)}; ` +
          'an exported forward must use out-of-place ops (relu() instead of relu_(), add() instead of add_())',
      );
    }
  };
  for (const input of inputs) check(input, 'forward', root);
  const result = withModuleScopes(model, scopes, () =>
    traceOps(
      {
        record(op) {
          const scope = scopes.current;
          for (const input of op.inputs) check(input, `op '${op.op}'`, scope);
          versions.set(op.output, op.output.version);
          ops.push({ ...op, scope });
        },
      },
      () => noGrad(() => (model.forward as (...args: Tensor[]) => unknown).call(model, ...inputs)),
    ),
  );
  const outputs = flattenOutputs(result, [], root);
  for (const output of outputs) check(output, 'the output', root);
  return { inputs, ops, outputs };
}
