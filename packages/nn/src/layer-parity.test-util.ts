import { tensor, type DType, type Tensor } from '@torchlet/autograd';
import { expect } from 'vitest';
import type { FixtureArray, LayerCase, Precision } from '../../../fixtures/parity.js';
import type { Module } from './index.js';

/** A fixture array as a tensor of `precision` (integer arrays stay int32). */
export function fixtureTensor(spec: FixtureArray, precision: Precision): Tensor {
  const dtype: DType = spec.dtype === 'int32' || spec.dtype === 'int64' ? 'int32' : precision;
  return tensor(spec.data, { dtype }).reshape(spec.shape);
}

/**
 * float64: |a − e| ≤ 1e-8·(1 + |e|), what the layer fixtures ask. float32 (inputs rounded to
 * float32, products accumulated in float32 by the WebAssembly GEMM) against the float64 answers:
 * |a − e| ≤ 1e-4·max(|e|, scale/10), scale the largest |e| — a gradient that is a long sum with
 * cancellation (a weight gradient over 288 products, Σ g·x̂ of batch norm) is small next to its
 * terms, so its error is judged against the array's scale.
 */
export function layerCloseness(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  precision: Precision,
): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    const limit = precision === 'float64' ? 1e-8 * (1 + Math.abs(e)) : 1e-4 * Math.max(Math.abs(e), scale / 10, 1e-30);
    if (!(Math.abs(a - e) <= limit))
      return `element ${i}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${limit})`;
  }
  return null;
}

function expectClose(
  label: string,
  actual: Tensor | null | undefined,
  expected: FixtureArray,
  precision: Precision,
): void {
  expect(actual, label).toBeTruthy();
  expect(actual!.shape, label).toEqual(expected.shape);
  expect(layerCloseness(actual!.toTypedArray(), expected.data, precision), label).toBeNull();
}

/** The outputs a module returned, flattened as the case's structure says. */
function flattenOutputs(out: unknown, structure: LayerCase['structure']): Tensor[] {
  if (structure === 'tensor') return [out as Tensor];
  if (structure === 'pair') return out as Tensor[];
  const [output, [h, c]] = out as [Tensor, [Tensor, Tensor]];
  return [output, h, c];
}

/**
 * Builds the case's module with `build`, loads PyTorch's state dict by PyTorch's keys, runs the
 * inputs forward in training mode and backward, and checks outputs, input and parameter gradients,
 * and (BatchNorm) the buffers after the step and an eval-mode output.
 */
export function expectLayerParity(
  c: LayerCase,
  build: (c: LayerCase, dtype: DType) => Module,
  precision: Precision,
): void {
  const module = build(c, precision);
  const state = Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, fixtureTensor(v, precision)]));
  module.loadStateDict(state);
  module.train();
  const inputs = c.inputs.map((x, i) => {
    const t = fixtureTensor(x, precision);
    return c.inputGrads[i] === null ? t : t.requiresGrad_();
  });
  const forward = module.forward as (...xs: Tensor[]) => unknown;
  const call = (xs: Tensor[]) =>
    c.call === 'state-pair'
      ? (forward as unknown as (x: Tensor, state: Tensor[]) => unknown).call(module, xs[0]!, xs.slice(1))
      : forward.apply(module, xs);
  const outputs = flattenOutputs(call(inputs), c.structure);
  expect(outputs.length).toBe(c.outputs.length);
  outputs.forEach((o, i) => expectClose(`output ${i}`, o, c.outputs[i]!, precision));
  let total: Tensor | null = null;
  outputs.forEach((o, i) => {
    const term = o.mul(fixtureTensor(c.gradOutputs[i]!, precision)).sum();
    total = total === null ? term : total.add(term);
  });
  (total as Tensor | null)?.backward();
  c.inputGrads.forEach((g, i) => {
    if (g !== null) expectClose(`grad of input ${i}`, inputs[i]!.grad, g, precision);
  });
  const params = Object.fromEntries(module.namedParameters());
  expect(Object.keys(c.paramGrads).sort()).toEqual(
    Object.keys(params)
      .filter((k) => params[k]!.grad !== null)
      .sort(),
  );
  for (const [key, g] of Object.entries(c.paramGrads)) expectClose(`grad of ${key}`, params[key]!.grad, g, precision);
  if (c.buffersAfter !== undefined) {
    const buffers = module.stateDict();
    for (const [key, b] of Object.entries(c.buffersAfter)) expectClose(`buffer ${key}`, buffers[key], b, precision);
  }
  if (c.evalOutput !== undefined) {
    module.eval();
    const out = forward.apply(
      module,
      inputs.map((x) => x.detach()),
    ) as Tensor;
    expectClose('eval output', out, c.evalOutput, precision);
  }
}
