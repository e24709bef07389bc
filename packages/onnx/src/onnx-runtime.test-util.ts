import { fromBinary } from '@bufbuild/protobuf';
import { noGrad, Tensor } from '@torchlet/autograd';
import type { Module } from '@torchlet/nn';
import { ModelProtoSchema, type ModelProto } from 'onnx-buf';
import * as ort from 'onnxruntime-web';
import { expect } from 'vitest';

// One WebAssembly thread: the tests share a 2-core machine with other suites.
ort.env.wasm.numThreads = 1;

/** How long a test that starts ONNX Runtime (compiling its WebAssembly) may take on a loaded machine. */
export const ORT_TIMEOUT = 120_000;

const ORT_TYPES = { float32: 'float32', float64: 'float64', int32: 'int32', bool: 'bool' } as const;

/** Runs an exported model in ONNX Runtime (onnxruntime-web on WebAssembly) on `feeds`. */
export async function runOnnx(
  bytes: Uint8Array,
  feeds: Readonly<Record<string, Tensor>>,
): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) {
      const data = tensor.toTypedArray();
      inputs[name] = new ort.Tensor(
        ORT_TYPES[tensor.dtype],
        tensor.dtype === 'bool' ? Array.from(data, Boolean) : data,
        [...tensor.shape],
      );
    }
    return await session.run(inputs);
  } finally {
    await session.release();
  }
}

/** The largest |a − b| / max(1, |b|): within 1e-5, a float32 export agrees with torchlet. */
export function largestError(actual: ort.Tensor, expected: Tensor): number {
  expect(actual.dims).toEqual(expected.shape);
  const want = expected.toTypedArray();
  const got = actual.data as ArrayLike<number | bigint | boolean>;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const error = Math.abs(Number(got[i]) - Number(want[i]!)) / Math.max(1, Math.abs(Number(want[i]!)));
    worst = Number.isNaN(error) ? Number.POSITIVE_INFINITY : Math.max(worst, error);
  }
  return worst;
}

/** The model's outputs in eval mode under torchlet, flattened as the ONNX graph's outputs are. */
export function torchletOutputs(model: Module, inputs: readonly Tensor[]): Tensor[] {
  const training = model.training;
  model.eval();
  try {
    const result = noGrad(() => (model.forward as (...args: Tensor[]) => unknown).call(model, ...inputs));
    const flat: Tensor[] = [];
    const walk = (value: unknown): void => {
      if (value instanceof Tensor) flat.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
    };
    walk(result);
    return flat;
  } finally {
    model.train(training);
  }
}

/**
 * Exports with `exported`, runs ONNX Runtime on each set of `inputs` (by input name) and checks
 * every output against torchlet's within 1e-5.
 */
export async function expectSameOutputs(
  model: Module,
  bytes: Uint8Array,
  inputSets: readonly (readonly Tensor[])[],
  names: { inputs: readonly string[]; outputs: readonly string[] },
): Promise<void> {
  for (const inputs of inputSets) {
    const feeds = Object.fromEntries(names.inputs.map((name, i) => [name, inputs[i]!]));
    const results = await runOnnx(bytes, feeds);
    const expected = torchletOutputs(model, inputs);
    expect(expected).toHaveLength(names.outputs.length);
    names.outputs.forEach((name, i) => {
      expect(
        largestError(results[name]!, expected[i]!),
        `output '${name}' for inputs ${inputs.map((t) => `[${t.shape.join(', ')}]`).join(', ')}`,
      ).toBeLessThanOrEqual(1e-5);
    });
  }
}

/** The exported ModelProto, decoded (to look at names, dims and nodes). */
export function decode(bytes: Uint8Array): ModelProto {
  return fromBinary(ModelProtoSchema, bytes);
}

/** The dims of a graph input or output: sizes and dim_param names. */
export function dimsOf(model: ModelProto, kind: 'input' | 'output', name: string): (number | string)[] {
  const list = kind === 'input' ? model.graph!.input : model.graph!.output;
  const info = list.find((v) => v.name === name)!;
  const type = info.type!.value;
  if (type.case !== 'tensorType') throw new Error('not a tensor');
  return type.value.shape!.dim.map((d) => (d.value.case === 'dimParam' ? d.value.value : Number(d.value.value)));
}
