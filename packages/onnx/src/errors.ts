import { TorchletError } from '@torchlet/tensor';

/** A model that cannot be exported as traced: an in-place write, a shape that depends on a dynamic axis, ... */
export class OnnxExportError extends TorchletError {
  override name = 'OnnxExportError';
}

/** Where an op ran: the module's dotted path from the exported model ('' for the model itself) and its class. */
export interface ModuleScope {
  readonly path: string;
  readonly type: string;
}

/** How a scope reads in a message: `module 'encoder.1' (Linear)`, or `the model (Net)` for the root. */
export function describeScope(scope: ModuleScope): string {
  return scope.path === '' ? `the model (${scope.type})` : `module '${scope.path}' (${scope.type})`;
}

/**
 * An op the exporter has no ONNX mapping for (or a form of it that ONNX cannot express): `op`
 * is torchlet's op name (a custom Function's class name), `modulePath` the dotted path of the
 * module whose forward called it.
 */
export class UnsupportedOpError extends OnnxExportError {
  override name = 'UnsupportedOpError';
  readonly op: string;
  readonly modulePath: string;

  constructor(op: string, scope: ModuleScope, problem: string) {
    super(`exportOnnx: ${problem}; called in ${describeScope(scope)}`);
    this.op = op;
    this.modulePath = scope.path;
  }
}
