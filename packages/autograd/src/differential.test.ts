import { readFileSync } from 'node:fs';
import { fromTypedArray, type DType } from '@torchlet/tensor';
import { describe, expect, test } from 'vitest';
import * as torchlet from './index.js';
import { TorchletError, type Tensor } from './index.js';

/**
 * Replays the random op programs of fixtures/differential/programs.json (written, with
 * PyTorch's answers, by fixtures/differential/generate.py — see it for the program format and
 * the deliberate differences it leaves out) through torchlet's public API, and compares:
 * values and gradients within float64 1e-10 / float32 1e-5 (relative, floored at 1% of the
 * array's largest finite magnitude; a program that computes anything in float32 is held to
 * 1e-5), NaN and ±inf exactly, shapes and dtypes exactly, and where
 * PyTorch raised, a TorchletError at the same step.
 */
type Values = string | number[];
type Literal = number | number[] | string | null;
interface Program {
  d: string;
  in: [number[], DType, number, Values][];
  s: [string, ...Literal[]][];
  g?: string;
  err?: [number, string];
  out?: [number[], DType, Values];
  grads?: (Values | null)[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../fixtures/differential/programs.json', import.meta.url), 'utf8'),
) as { programs: Program[] };

const ARRAYS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

function decode(values: Values): number[] {
  if (typeof values !== 'string') return values;
  return values === '' ? [] : values.split(',').map(Number);
}

function array(shape: number[], dtype: DType, values: Values): Tensor {
  return torchlet.fromNDArray(fromTypedArray(ARRAYS[dtype].from(decode(values)), shape));
}

type Registers = Tensor[];
type OpFn = (r: Registers, ...args: never[]) => Tensor;
const n = (v: number | null): number | undefined => v ?? undefined;

// The same table as OPS in generate.py: tensor arguments are register numbers.
const OPS: Record<string, OpFn> = {
  neg: (r, a: number) => r[a]!.neg(),
  exp: (r, a: number) => r[a]!.exp(),
  log: (r, a: number) => r[a]!.log(),
  log1p: (r, a: number) => r[a]!.log1p(),
  sqrt: (r, a: number) => r[a]!.sqrt(),
  abs: (r, a: number) => r[a]!.abs(),
  sign: (r, a: number) => r[a]!.sign(),
  relu: (r, a: number) => r[a]!.relu(),
  sigmoid: (r, a: number) => r[a]!.sigmoid(),
  tanh: (r, a: number) => r[a]!.tanh(),
  reciprocal: (r, a: number) => r[a]!.reciprocal(),
  add: (r, a: number, b: number) => r[a]!.add(r[b]!),
  sub: (r, a: number, b: number) => r[a]!.sub(r[b]!),
  mul: (r, a: number, b: number) => r[a]!.mul(r[b]!),
  div: (r, a: number, b: number) => r[a]!.div(r[b]!),
  pow: (r, a: number, b: number) => r[a]!.pow(r[b]!),
  maximum: (r, a: number, b: number) => r[a]!.maximum(r[b]!),
  minimum: (r, a: number, b: number) => r[a]!.minimum(r[b]!),
  eq: (r, a: number, b: number) => r[a]!.eq(r[b]!),
  ne: (r, a: number, b: number) => r[a]!.ne(r[b]!),
  lt: (r, a: number, b: number) => r[a]!.lt(r[b]!),
  le: (r, a: number, b: number) => r[a]!.le(r[b]!),
  gt: (r, a: number, b: number) => r[a]!.gt(r[b]!),
  ge: (r, a: number, b: number) => r[a]!.ge(r[b]!),
  adds: (r, a: number, s: number) => r[a]!.add(s),
  subs: (r, a: number, s: number) => r[a]!.sub(s),
  muls: (r, a: number, s: number) => r[a]!.mul(s),
  divs: (r, a: number, s: number) => r[a]!.div(s),
  pows: (r, a: number, s: number) => r[a]!.pow(s),
  rsubs: (r, a: number, s: number) => torchlet.sub(s, r[a]!),
  rdivs: (r, a: number, s: number) => torchlet.div(s, r[a]!),
  gts: (r, a: number, s: number) => r[a]!.gt(s),
  lts: (r, a: number, s: number) => r[a]!.lt(s),
  eqs: (r, a: number, s: number) => r[a]!.eq(s),
  clamp: (r, a: number, lo: number | null, hi: number | null) => r[a]!.clamp(lo, hi),
  where: (r, c: number, a: number, b: number) => torchlet.where(r[c]!, r[a]!, r[b]!),
  sum: (r, a: number, d: number | number[] | null, k: number) => (d === null ? r[a]!.sum() : r[a]!.sum(d, k === 1)),
  mean: (r, a: number, d: number | number[] | null, k: number) => (d === null ? r[a]!.mean() : r[a]!.mean(d, k === 1)),
  max: (r, a: number) => r[a]!.max(),
  min: (r, a: number) => r[a]!.min(),
  maxdim: (r, a: number, d: number, k: number) => r[a]!.max(d, k === 1).values,
  mindim: (r, a: number, d: number, k: number) => r[a]!.min(d, k === 1).values,
  argmax: (r, a: number, d: number | null, k: number) => (d === null ? r[a]!.argmax() : r[a]!.argmax(d, k === 1)),
  softmax: (r, a: number, d: number) => r[a]!.softmax(d),
  logsoftmax: (r, a: number, d: number) => r[a]!.logSoftmax(d),
  matmul: (r, a: number, b: number) => torchlet.matmul(r[a]!, r[b]!),
  linear: (r, x: number, w: number, b: number | null) => torchlet.linear(r[x]!, r[w]!, b === null ? null : r[b]!),
  cat: (r, xs: number[], d: number) =>
    torchlet.cat(
      xs.map((i) => r[i]!),
      d,
    ),
  stack: (r, xs: number[], d: number) =>
    torchlet.stack(
      xs.map((i) => r[i]!),
      d,
    ),
  indexselect: (r, a: number, d: number, index: number | number[]) =>
    r[a]!.indexSelect(d, typeof index === 'number' ? torchlet.tensor(index, { dtype: 'int32' }) : index),
  select: (r, a: number, d: number, i: number) => r[a]!.select(d, i),
  narrow: (r, a: number, d: number, start: number, length: number) => r[a]!.narrow(d, start, length),
  slice: (r, a: number, d: number, start: number | null, end: number | null, step: number) =>
    r[a]!.slice(d, n(start), n(end), step),
  transpose: (r, a: number, d0: number, d1: number) => r[a]!.transpose(d0, d1),
  permute: (r, a: number, dims: number[]) => r[a]!.permute(dims),
  t: (r, a: number) => r[a]!.t(),
  reshape: (r, a: number, shape: number[]) => r[a]!.reshape(shape),
  view: (r, a: number, shape: number[]) => r[a]!.view(shape),
  flatten: (r, a: number, start: number, end: number) => r[a]!.flatten(start, end),
  squeeze: (r, a: number, d: number | null) => r[a]!.squeeze(n(d)),
  unsqueeze: (r, a: number, d: number) => r[a]!.unsqueeze(d),
  expand: (r, a: number, shape: number[]) => r[a]!.expand(shape),
  clone: (r, a: number) => r[a]!.clone(),
  contiguous: (r, a: number) => r[a]!.contiguous(),
  detach: (r, a: number) => r[a]!.detach(),
  to: (r, a: number, dtype: DType) => r[a]!.to(dtype),
  add_: (r, a: number, b: number) => r[a]!.add_(r[b]!),
  sub_: (r, a: number, b: number) => r[a]!.sub_(r[b]!),
  mul_: (r, a: number, b: number) => r[a]!.mul_(r[b]!),
  div_: (r, a: number, b: number) => r[a]!.div_(r[b]!),
  adds_: (r, a: number, s: number) => r[a]!.add_(s),
  muls_: (r, a: number, s: number) => r[a]!.mul_(s),
  pows_: (r, a: number, s: number) => r[a]!.pow_(s),
  neg_: (r, a: number) => r[a]!.neg_(),
  exp_: (r, a: number) => r[a]!.exp_(),
  log_: (r, a: number) => r[a]!.log_(),
  sqrt_: (r, a: number) => r[a]!.sqrt_(),
  abs_: (r, a: number) => r[a]!.abs_(),
  relu_: (r, a: number) => r[a]!.relu_(),
  sigmoid_: (r, a: number) => r[a]!.sigmoid_(),
  tanh_: (r, a: number) => r[a]!.tanh_(),
  clamp_: (r, a: number, lo: number | null, hi: number | null) => r[a]!.clamp_(lo, hi),
  fill_: (r, a: number, v: number) => r[a]!.fill_(v),
  zero_: (r, a: number) => r[a]!.zero_(),
  copy_: (r, a: number, b: number) => r[a]!.copy_(r[b]!),
};

/** A program that computes anything in float32 is held to float32's tolerance throughout. */
function usesFloat32(p: Program): boolean {
  return (
    p.in.some(([, dtype]) => dtype === 'float32') || p.s.some(([op, , dtype]) => op === 'to' && dtype === 'float32')
  );
}

/**
 * The largest violation of the tolerance, or null. Besides the relative tolerance, differences
 * below `rel` · 1e-2 · `scale` (the program's largest input or upstream gradient) pass: a
 * gradient that cancels to ~0 is rounding noise in PyTorch as in torchlet.
 */
function compare(
  what: string,
  actual: Tensor,
  want: [number[], DType, Values],
  float32: boolean,
  programScale: number,
): string | null {
  const [shape, dtype, values] = want;
  if (actual.dtype !== dtype) return `${what}: dtype ${actual.dtype}, PyTorch ${dtype}`;
  if (actual.shape.join() !== shape.join()) return `${what}: shape [${actual.shape}], PyTorch [${shape}]`;
  const got = Array.from(actual.toTypedArray());
  const expected = decode(values);
  const rel = dtype === 'float64' ? (float32 ? 1e-5 : 1e-10) : dtype === 'float32' ? 1e-5 : 0;
  let scale = 0;
  for (const v of expected) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.length; i++) {
    const a = got[i]!;
    const e = expected[i]!;
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : !Number.isFinite(e)
        ? a === e
        : Math.abs(a - e) <= rel * Math.max(Math.abs(e), 1e-2 * scale, 1e-2 * programScale, 1e-300);
    if (!ok) return `${what}: element ${i} is ${a}, PyTorch ${e}`;
  }
  return null;
}

function raised(p: Program, at: number, error: unknown): string | null {
  const expected = p.err !== undefined && p.err[0] === at;
  if (expected && error instanceof TorchletError) return null;
  const what = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
  return expected
    ? `step ${at}: PyTorch raised ${p.err![1]}, torchlet a non-TorchletError ${what}`
    : `step ${at}: torchlet raised ${what}${p.err ? `; PyTorch raised at step ${p.err[0]}` : ''}`;
}

/** What differs between torchlet's run of `p` and PyTorch's, or null. */
function replay(p: Program): string | null {
  const inputs = p.in.map(([shape, dtype, grad, values]) => {
    const t = array(shape, dtype, values);
    return grad === 1 ? t.requiresGrad_() : t;
  });
  const registers: Tensor[] = [];
  for (let i = 0; i < p.s.length; i++) {
    const [op, ...args] = p.s[i]!;
    try {
      registers.push(op === 'in' ? inputs[args[0] as number]! : OPS[op]!(registers, ...(args as never[])));
    } catch (error) {
      return raised(p, i, error);
    }
  }
  if (p.err !== undefined && p.err[0] < p.s.length)
    return `step ${p.err[0]}: PyTorch raised ${p.err[1]}, torchlet did not`;
  const out = registers[registers.length - 1]!;
  const backward = p.grads !== undefined || (p.err !== undefined && p.err[0] === p.s.length);
  if (out.requiresGrad !== backward) return `output requiresGrad is ${out.requiresGrad}, PyTorch ${backward}`;
  if (backward) {
    try {
      out.backward(array(out.shape as number[], out.dtype, p.g ?? ''));
    } catch (error) {
      return raised(p, p.s.length, error);
    }
    if (p.err !== undefined) return `backward: PyTorch raised ${p.err[1]}, torchlet did not`;
  }
  const float32 = usesFloat32(p);
  let programScale = 1;
  for (const [, dtype, , values] of p.in) {
    if (dtype === 'float32' || dtype === 'float64') {
      for (const v of decode(values)) if (Number.isFinite(v)) programScale = Math.max(programScale, Math.abs(v));
    }
  }
  for (const v of decode(p.g ?? '')) if (Number.isFinite(v)) programScale = Math.max(programScale, Math.abs(v));
  const mismatch = compare('output', out, p.out!, float32, programScale);
  if (mismatch !== null) return mismatch;
  for (let i = 0; i < (p.grads ?? []).length; i++) {
    const want = p.grads![i]!;
    const got = inputs[i]!.grad;
    if ((want === null) !== (got === null))
      return `input ${i}: grad ${got === null ? 'null' : 'set'}, PyTorch's ${want === null ? 'None' : 'set'}`;
    if (want === null || got === null) continue;
    const bad = compare(
      `grad of input ${i}`,
      got,
      [inputs[i]!.shape as number[], inputs[i]!.dtype, want],
      float32,
      programScale,
    );
    if (bad !== null) return bad;
  }
  return null;
}

describe('random op programs against PyTorch (fixtures/differential)', () => {
  test('thousands of programs, some raising, some with NaN/inf, every op of the table', () => {
    const programs = fixture.programs;
    expect(programs.length).toBeGreaterThanOrEqual(3000);
    expect(programs.filter((p) => p.err !== undefined).length).toBeGreaterThan(300);
    const used = new Set(programs.flatMap((p) => p.s.map((s) => s[0])));
    expect(Object.keys(OPS).filter((op) => !used.has(op))).toEqual([]);
  });

  test('torchlet gives PyTorch’s values, gradients and errors', () => {
    const mismatches: string[] = [];
    fixture.programs.forEach((p, i) => {
      let problem: string | null;
      try {
        problem = replay(p);
      } catch (error) {
        problem = `threw outside a step: ${String(error)}`;
      }
      if (problem !== null) mismatches.push(`program ${i} (${JSON.stringify(p.s)}): ${problem}`);
    });
    expect(mismatches.slice(0, 25)).toEqual([]);
    expect(mismatches.length).toBe(0);
  });
});
