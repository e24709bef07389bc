import { formatShape } from '@torchlet/tensor';
import { OnnxExportError, describeScope } from '../errors.js';
import type { PrunedGraph } from '../graph/graph-builder.js';
import type { Conversion } from './conversion.js';

/**
 * A constant of the graph must be one: with dynamic axes, each constant the outputs need is
 * compared with its counterpart in the run on grown inputs. A shape that changed follows the
 * axis (zeros of the batch size made in forward); values that changed were computed from the
 * input outside torchlet's ops (through `.array`, `toArray()`, a new Tensor), which the trace
 * cannot see. Either would be baked in wrong.
 */
export function checkConstants(conversion: Conversion, graph: PrunedGraph): void {
  const { twins, twinRun } = conversion.setup;
  if (twinRun === null) return;
  for (const constant of conversion.constants) {
    if (!graph.initializers.has(constant.name)) continue;
    const twin = twins.get(constant.tensor);
    if (twin === undefined || twin === constant.tensor) continue;
    const where = `op '${constant.op}' in ${describeScope(constant.scope)}`;
    const [a, b] = [constant.tensor, twin];
    if (formatShape(a.shape) !== formatShape(b.shape)) {
      throw new OnnxExportError(
        `exportOnnx: ${where} reads a tensor made in forward whose shape follows a dynamic axis (${formatShape(a.shape)}, then ${formatShape(b.shape)}), but it is not computed by torchlet ops from the inputs, so the graph would hold it as a constant; compute it from the inputs or export without that dynamic axis`,
      );
    }
    const [x, y] = [a.toTypedArray(), b.toTypedArray()];
    if (x.some((v, k) => !Object.is(v, y[k]))) {
      throw new OnnxExportError(
        `exportOnnx: ${where} reads a tensor whose values change with the inputs but that no torchlet op computed (made through .array, toArray() or a new Tensor?); the trace cannot follow it`,
      );
    }
  }
}
