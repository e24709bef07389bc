import type { Tensor } from '@torchlet/autograd';
import { formatShape, IndexError, ValueError } from '@torchlet/tensor';

/** Opsets this exporter writes (ONNX Runtime 1.14 and later run 17; 18 moved the reductions' axes to an input). */
export const SUPPORTED_OPSETS = [17, 18] as const;

export interface ExportOptions {
  /** One name per example input (default `input`, or `input_0`, `input_1`, ... for several). */
  readonly inputNames?: readonly string[];
  /** One name per output, in the order forward returns them, nested arrays flattened (default `output`, `output_0`, ...). */
  readonly outputNames?: readonly string[];
  /**
   * Axes whose size may differ from the example's, by input or output name: the axes with the
   * names the file gives them (`{ input: { 0: 'batch' } }`), or a list of axes
   * (`{ input: [0] }`, named `input_dynamic_axes_1`, ...). Outputs whose size follows a dynamic
   * input axis are named after it unless given here.
   */
  readonly dynamicAxes?: Readonly<Record<string, Readonly<Record<number, string>> | readonly number[]>>;
  /** The ONNX opset: 17 (default) or 18. */
  readonly opsetVersion?: number;
}

/** Dynamic axes of one graph input or output: axis → dim_param name. */
export type AxisNames = ReadonlyMap<number, string>;

export interface ResolvedOptions {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[] | undefined;
  readonly inputAxes: readonly AxisNames[];
  /** Dynamic axes given for outputs, by name (checked against the outputs once they are known). */
  readonly outputAxes: ReadonlyMap<string, Readonly<Record<number, string>> | readonly number[]>;
  readonly opset: number;
}

function checkNames(kind: 'inputNames' | 'outputNames', names: readonly unknown[], count?: number): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string' || name === '') {
      throw new ValueError(`exportOnnx: ${kind} must be non-empty strings, got ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new ValueError(`exportOnnx: ${kind} has '${name}' twice`);
    seen.add(name);
  }
  if (count !== undefined && names.length !== count) {
    const what = kind === 'inputNames' ? 'example input' : 'output';
    throw new ValueError(
      `exportOnnx: ${kind} has ${names.length} name${names.length === 1 ? '' : 's'} for ${count} ${what}${count === 1 ? '' : 's'}`,
    );
  }
}

/** The default names: `stem` for one, `stem_0`, `stem_1`, ... for several. */
export function defaultNames(stem: string, count: number): string[] {
  return count === 1 ? [stem] : Array.from({ length: count }, (_, i) => `${stem}_${i}`);
}

/** `spec` (one entry of dynamicAxes) as axis → name for a value of `shape`. */
export function axisNames(
  name: string,
  spec: Readonly<Record<number, string>> | readonly number[],
  shape: readonly number[],
): AxisNames {
  const entries: [number, string][] = Array.isArray(spec)
    ? (spec as readonly number[]).map((axis, k) => [axis, `${name}_dynamic_axes_${k + 1}`])
    : Object.entries(spec as Record<string, string>).map(([axis, label]) => [Number(axis), label]);
  const axes = new Map<number, string>();
  for (const [axis, label] of entries) {
    if (!Number.isInteger(axis) || axis < -shape.length || axis >= shape.length) {
      throw new IndexError(
        `exportOnnx: dynamicAxes['${name}'] names axis ${axis}, out of range for '${name}' of shape ${formatShape(shape)}`,
      );
    }
    if (typeof label !== 'string' || label === '') {
      throw new ValueError(
        `exportOnnx: dynamicAxes['${name}'][${axis}] must be a non-empty name, got ${JSON.stringify(label)}`,
      );
    }
    axes.set(axis < 0 ? axis + shape.length : axis, label);
  }
  return axes;
}

/** Checks the options against the example inputs, before anything runs. */
export function resolveOptions(inputs: readonly Tensor[], options: ExportOptions): ResolvedOptions {
  const opset = options.opsetVersion ?? 17;
  if (!(SUPPORTED_OPSETS as readonly number[]).includes(opset)) {
    throw new ValueError(`exportOnnx: opsetVersion ${opset} is not supported; use ${SUPPORTED_OPSETS.join(' or ')}`);
  }
  const inputNames = options.inputNames ?? defaultNames('input', inputs.length);
  checkNames('inputNames', inputNames, inputs.length);
  if (options.outputNames !== undefined) {
    checkNames('outputNames', options.outputNames);
    const clash = options.outputNames.find((name) => inputNames.includes(name));
    if (clash !== undefined) throw new ValueError(`exportOnnx: '${clash}' names both an input and an output`);
  }
  const dynamic = options.dynamicAxes ?? {};
  const outputAxes = new Map<string, Readonly<Record<number, string>> | readonly number[]>();
  const inputAxes = inputNames.map((): AxisNames => new Map());
  for (const [name, spec] of Object.entries(dynamic)) {
    const index = inputNames.indexOf(name);
    if (index !== -1) inputAxes[index] = axisNames(name, spec, inputs[index]!.shape);
    else outputAxes.set(name, spec);
  }
  const resolved = { inputNames, outputNames: options.outputNames, inputAxes, outputAxes, opset };
  if (options.outputNames !== undefined) checkOutputAxes(resolved, options.outputNames);
  return resolved;
}

/** Every name in dynamicAxes is an input or an output (checked once the outputs' names are known). */
export function checkOutputAxes(options: ResolvedOptions, outputNames: readonly string[]): void {
  for (const name of options.outputAxes.keys()) {
    if (!outputNames.includes(name)) {
      throw new ValueError(
        `exportOnnx: dynamicAxes names '${name}', which is neither an input (${options.inputNames.join(', ')}) nor an output (${outputNames.join(', ')})`,
      );
    }
  }
}
