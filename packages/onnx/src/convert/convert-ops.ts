import type { TracedOpParams } from '@torchlet/autograd';
import { UnsupportedOpError } from '../errors.js';
import type { Conversion } from './conversion.js';
import { CONVERTERS } from './converters.js';
import { OpContext, type Converter, type OpOf } from './op-context.js';

/**
 * Converts every traced op in order. An op that cannot be converted poisons its output instead
 * of failing at once: the error is raised only if a graph output needs that value (see
 * GraphBuilder.prune), so an unused result (max pooling's indices, say) costs nothing.
 */
export function convertOps(conversion: Conversion): void {
  conversion.setup.run.ops.forEach((op, position) => {
    const converter = CONVERTERS[op.op as keyof TracedOpParams] as Converter<keyof TracedOpParams> | undefined;
    const ctx = new OpContext(conversion, op as OpOf<keyof TracedOpParams>, position);
    try {
      if (converter === undefined) {
        const node = op.node === null ? '' : ` (${op.node})`;
        throw new UnsupportedOpError(op.op, op.scope, `op '${op.op}'${node} has no ONNX mapping`);
      }
      converter(ctx, op as OpOf<keyof TracedOpParams>);
      if (!conversion.isBound(op.output))
        throw new Error(`exportOnnx: internal error: the converter of '${op.op}' bound no output`);
    } catch (error) {
      if (!(error instanceof UnsupportedOpError)) throw error;
      conversion.bind(op.output, conversion.builder.poison(error), ctx.dependsOnInputs());
    }
  });
}
