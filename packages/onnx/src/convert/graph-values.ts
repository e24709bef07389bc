import type { Tensor } from '@torchlet/autograd';
import { axisNames, type AxisNames, type ResolvedOptions } from '../options.js';
import type { GraphValue } from '../graph/encode-model.js';
import type { Conversion } from './conversion.js';

/** A graph input: its dtype and shape, dynamic axes by name. */
export function inputValue(name: string, tensor: Tensor, axes: AxisNames): GraphValue {
  return { name, type: tensor.dtype, dims: tensor.shape.map((size, axis) => axes.get(axis) ?? size) };
}

/**
 * A graph output's dims: a size, or a name where it follows a dynamic axis — the one given in
 * dynamicAxes, else the input axis it grows with (same sizes in both runs), else a new name.
 */
export function outputValue(
  name: string,
  tensor: Tensor,
  twin: Tensor | undefined,
  options: ResolvedOptions,
  inputs: readonly Tensor[],
  twinInputs: readonly Tensor[] | null,
): GraphValue {
  const spec = options.outputAxes.get(name);
  const given = spec === undefined ? new Map<number, string>() : axisNames(name, spec, tensor.shape);
  let generated = 0;
  const dims = tensor.shape.map((size, axis) => {
    const named = given.get(axis);
    if (named !== undefined) return named;
    const grown = twin?.shape[axis];
    if (grown === undefined || grown === size || twinInputs === null) return size;
    for (let i = 0; i < inputs.length; i++) {
      for (const [inputAxis, label] of options.inputAxes[i]!) {
        if (inputs[i]!.shape[inputAxis] === size && twinInputs[i]!.shape[inputAxis] === grown) return label;
      }
    }
    return `${name}_dynamic_axes_${++generated}`;
  });
  return { name, type: tensor.dtype, dims };
}

/**
 * Gives the graph's outputs their names: the producing node's output is renamed, or — for an
 * output that is an input, a constant or another output — an Identity writes it. An output that
 * needs an op that could not be converted raises that op's error here.
 */
export function bindOutputs(conversion: Conversion, names: readonly string[]): void {
  const { run } = conversion.setup;
  // A value renamed to one output's name is read under that name by the next.
  const renamed = new Map<string, string>();
  run.outputs.forEach((tensor, i) => {
    const value = conversion.outputValue(tensor, { path: '', type: 'output' });
    const poison = conversion.builder.poisonOf(value);
    if (poison !== undefined) throw poison;
    const name = names[i]!;
    const current = renamed.get(value);
    if (current !== undefined) conversion.builder.identity(current, name);
    else if (conversion.builder.isNodeOutput(value)) {
      conversion.builder.rename(value, name);
      renamed.set(value, name);
    } else conversion.builder.identity(value, name);
  });
}
