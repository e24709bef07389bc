import { Tensor } from '@torchlet/autograd';
import { Module } from '@torchlet/nn';
import { ValueError } from '@torchlet/tensor';
import { checkConstants } from './convert/check-constants.js';
import { Conversion } from './convert/conversion.js';
import { convertOps } from './convert/convert-ops.js';
import { bindOutputs, inputValue, outputValue } from './convert/graph-values.js';
import { encodeModel } from './graph/encode-model.js';
import { checkOutputAxes, defaultNames, resolveOptions, type ExportOptions } from './options.js';
import { alignRuns } from './trace/align-runs.js';
import { inEvalMode } from './trace/eval-mode.js';
import { growInputs, recordGrownRun } from './trace/grow-inputs.js';
import { recordRun } from './trace/record-run.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

function exampleInputs(value: Tensor | readonly Tensor[]): Tensor[] {
  const inputs: unknown[] = value instanceof Tensor ? [value] : Array.isArray(value) ? [...value] : [value];
  inputs.forEach((input, i) => {
    if (!(input instanceof Tensor)) {
      throw new ValueError(`exportOnnx: example input ${i} must be a Tensor, got ${describe(input)}`);
    }
  });
  return inputs as Tensor[];
}

/** Parameters and buffers by their state-dict keys: the initializers' names. */
function stateKeys(model: Module): Map<Tensor, string> {
  const keys = new Map<Tensor, string>();
  for (const [key, tensor] of [...model.namedParameters(), ...model.namedBuffers()]) {
    if (!keys.has(tensor)) keys.set(tensor, key);
  }
  return keys;
}

/**
 * Exports `model` as the bytes of an ONNX ModelProto (PyTorch's `torch.onnx.export`): its
 * forward runs once on `inputs` in eval mode with grad off while every op records itself, and
 * the recorded ops become ONNX nodes; parameters and buffers become initializers named by their
 * state-dict keys. With `dynamicAxes`, forward runs a second time on inputs grown along those
 * axes, which tells the sizes that follow them (written as dim_params) from the fixed ones.
 * The model's training flags are restored afterwards. An op without an ONNX mapping raises an
 * `UnsupportedOpError` naming it and the module it ran in; see the README for the ops covered.
 */
export function exportOnnx(model: Module, inputs: Tensor | readonly Tensor[], options: ExportOptions = {}): Uint8Array {
  if (!(model instanceof Module)) throw new ValueError(`exportOnnx: model must be a Module, got ${describe(model)}`);
  const examples = exampleInputs(inputs);
  const resolved = resolveOptions(examples, options);
  const { run, twinRun } = inEvalMode(model, () => {
    const first = recordRun(model, examples);
    const grown = growInputs(examples, resolved.inputAxes, resolved.inputNames);
    return { run: first, twinRun: grown === null ? null : recordGrownRun(model, grown, examples, resolved.inputNames) };
  });
  const outputNames = resolved.outputNames ?? defaultNames('output', run.outputs.length);
  if (outputNames.length !== run.outputs.length) {
    throw new ValueError(
      `exportOnnx: outputNames has ${outputNames.length} names, but forward returned ${run.outputs.length} tensors`,
    );
  }
  checkOutputAxes(resolved, outputNames);
  const keys = stateKeys(model);
  const keyNames = new Set(keys.values());
  const taken = [...resolved.inputNames, ...outputNames].find((name) => keyNames.has(name));
  if (taken !== undefined) {
    throw new ValueError(
      `exportOnnx: '${taken}' is the state-dict key of a parameter or buffer, which names its initializer; give the input or output another name`,
    );
  }
  const twins = twinRun === null ? new Map<Tensor, Tensor>() : alignRuns(run, twinRun);
  const conversion = new Conversion({
    run,
    twinRun,
    twins,
    opset: resolved.opset,
    inputNames: resolved.inputNames,
    outputNames,
    stateKeys: keys,
  });
  convertOps(conversion);
  bindOutputs(conversion, outputNames);
  const graph = conversion.builder.prune(outputNames);
  checkConstants(conversion, graph);
  return encodeModel({
    name: model.constructor.name,
    opset: resolved.opset,
    graph,
    inputs: examples.map((input, i) => inputValue(resolved.inputNames[i]!, input, resolved.inputAxes[i]!)),
    outputs: run.outputs.map((output, i) =>
      outputValue(outputNames[i]!, output, twins.get(output), resolved, examples, twinRun?.inputs ?? null),
    ),
  });
}
