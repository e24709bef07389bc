import { cat, noGrad, type Tensor } from '@torchlet/autograd';
import type { Module } from '@torchlet/nn';
import { OnnxExportError } from '../errors.js';
import type { AxisNames } from '../options.js';
import { recordRun, type Run } from './record-run.js';

/**
 * The example inputs with each dynamic axis one longer (its first slice repeated, so indices and
 * the like stay valid); null without dynamic axes. A second run on these tells which sizes follow
 * those axes.
 */
export function growInputs(
  inputs: readonly Tensor[],
  axes: readonly AxisNames[],
  names: readonly string[],
): Tensor[] | null {
  if (axes.every((a) => a.size === 0)) return null;
  return noGrad(() =>
    inputs.map((input, i) => {
      let grown = input;
      for (const axis of axes[i]!.keys()) {
        if (input.shape[axis] === 0) {
          throw new OnnxExportError(
            `exportOnnx: input '${names[i]}' has size 0 along its dynamic axis ${axis}; give an example with at least one element there`,
          );
        }
        grown = cat([grown, grown.narrow(axis, 0, 1)], axis);
      }
      return grown;
    }),
  );
}

/** The run on grown inputs; a model that cannot take them does not have those dynamic axes. */
export function recordGrownRun(
  model: Module,
  grown: readonly Tensor[],
  inputs: readonly Tensor[],
  names: readonly string[],
): Run {
  try {
    return recordRun(model, grown);
  } catch (error) {
    if (error instanceof OnnxExportError) throw error;
    const sizes = inputs
      .map((input, i) => `'${names[i]}' [${input.shape.join(', ')}] → [${grown[i]!.shape.join(', ')}]`)
      .join(', ');
    const message = error instanceof Error ? error.message : String(error);
    throw new OnnxExportError(
      `exportOnnx: the model failed on inputs grown along their dynamic axes (${sizes}), which those axes must allow: ${message}`,
      { cause: error },
    );
  }
}
