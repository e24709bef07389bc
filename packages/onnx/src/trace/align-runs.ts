import type { Tensor } from '@torchlet/autograd';
import { OnnxExportError, describeScope } from '../errors.js';
import type { Run } from './record-run.js';
import { tensorsOf } from './tensors-of.js';

/**
 * Pairs each tensor of `first` with the one in the same place of `second`, a run of the same
 * model on inputs grown along the dynamic axes: the dims whose sizes differ between the two are
 * the ones that follow those axes. The two runs must run the same ops; a model whose ops depend
 * on a dynamic size cannot be one traced graph.
 */
export function alignRuns(first: Run, second: Run): Map<Tensor, Tensor> {
  const twins = new Map<Tensor, Tensor>();
  const pair = (a: readonly Tensor[], b: readonly Tensor[]) => {
    for (let i = 0; i < a.length; i++) if (b[i] !== undefined && !twins.has(a[i]!)) twins.set(a[i]!, b[i]!);
  };
  pair(first.inputs, second.inputs);
  const count = Math.max(first.ops.length, second.ops.length);
  for (let i = 0; i < count; i++) {
    const a = first.ops[i];
    const b = second.ops[i];
    if (a === undefined || b === undefined || a.op !== b.op || a.inputs.length !== b.inputs.length) {
      const where = a ?? b!;
      throw new OnnxExportError(
        `exportOnnx: the model runs other ops when a dynamic axis grows (op ${i + 1}: '${a?.op ?? 'none'}', then '${b?.op ?? 'none'}', in ${describeScope(where.scope)}); ` +
          'its control flow follows that size, which one traced graph cannot; export without that dynamic axis',
      );
    }
    pair(tensorsOf(a), tensorsOf(b));
    pair([a.output], [b.output]);
  }
  if (first.outputs.length !== second.outputs.length) {
    throw new OnnxExportError(
      `exportOnnx: forward returned ${first.outputs.length} tensors, then ${second.outputs.length} when a dynamic axis grew`,
    );
  }
  pair(first.outputs, second.outputs);
  return twins;
}
