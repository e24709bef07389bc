import type { Tensor, TracedOpParams } from '@torchlet/autograd';
import { promoteTypes, promoteWithScalar, type DType } from '@torchlet/tensor';
import type { Converter, OpContext } from './op-context.js';

type Keys = keyof TracedOpParams;

// ONNX's element-wise ops take operands of one element type; torchlet promotes (int32 + 0.5 is
// float32, int32 / int32 is float32), so operands are cast to the type the op computes in.

/** A tensor-tensor or tensor-number op computed in the output's dtype: `Add`, `Sub`, `Mul`, `Div`, `Pow`. */
function arithmetic<K extends Keys>(opType: string): Converter<K> {
  return (ctx, op) => {
    const dtype = op.output.dtype;
    const [a, b] = op.inputs as [Tensor, Tensor | undefined];
    const other = b === undefined ? ctx.scalar(op.params as number, dtype) : ctx.valueAs(b, dtype);
    ctx.bind(ctx.node(opType, [ctx.valueAs(a, dtype), other]));
  };
}

/** A one-input op computed in the output's dtype (exp of an int32 tensor is float32). */
function unary<K extends Keys>(opType: string): Converter<K> {
  return (ctx, op) => ctx.bind(ctx.node(opType, [ctx.valueAs(op.inputs[0]!, op.output.dtype)]));
}

/** A comparison: operands in their promoted dtype, a bool result (`ne` is Not(Equal)). */
function comparison<K extends 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'>(opType: string, negate = false): Converter<K> {
  return (ctx, op) => {
    const [a, b] = op.inputs as [Tensor, Tensor | undefined];
    const scalar = op.params as number | null;
    const dtype: DType = b === undefined ? promoteWithScalar(a.dtype, scalar!) : promoteTypes(a.dtype, b.dtype);
    const other = b === undefined ? ctx.scalar(scalar!, dtype) : ctx.valueAs(b, dtype);
    const compared = ctx.node(opType, [ctx.valueAs(a, dtype), other]);
    ctx.bind(negate ? ctx.node('Not', [compared]) : compared);
  };
}

/** `scalar - a` (PyTorch's rsub). */
const rsub: Converter<'rsub'> = (ctx, op) => {
  const dtype = op.output.dtype;
  ctx.bind(ctx.node('Sub', [ctx.scalar(op.params, dtype), ctx.valueAs(op.inputs[0]!, dtype)]));
};

/** ln(1 + a) as Log(1 + a): ONNX has no log1p (exact to float32 rounding, not log1p's last bits for tiny a). */
const log1p: Converter<'log1p'> = (ctx, op) => {
  const dtype = op.output.dtype;
  const shifted = ctx.node('Add', [ctx.valueAs(op.inputs[0]!, dtype), ctx.scalar(1, dtype)]);
  ctx.bind(ctx.node('Log', [shifted]));
};

/** `Clip` with the bounds as 0-d inputs (an absent one is an empty name). */
const clamp: Converter<'clamp'> = (ctx, op) => {
  const dtype = op.output.dtype;
  const { min, max } = op.params;
  const bound = (value: number | null) => (value === null ? '' : ctx.scalar(value, dtype));
  ctx.bind(ctx.node('Clip', [ctx.valueAs(op.inputs[0]!, dtype), bound(min), bound(max)]));
};

/** `Where`, the two branches in the output's dtype. */
const where: Converter<'where'> = (ctx, op) => {
  const [condition, a, b] = op.inputs as [Tensor, Tensor, Tensor];
  const dtype = op.output.dtype;
  ctx.bind(ctx.node('Where', [ctx.value(condition), ctx.valueAs(a, dtype), ctx.valueAs(b, dtype)]));
};

/** Two same-typed tensors: `Max`, `Min`. */
function pairwise<K extends 'maximum' | 'minimum'>(opType: string): Converter<K> {
  return (ctx: OpContext<K>, op) => {
    const dtype = op.output.dtype;
    ctx.bind(
      ctx.node(
        opType,
        op.inputs.map((t) => ctx.valueAs(t, dtype)),
      ),
    );
  };
}

export const ELEMENTWISE = {
  add: arithmetic<'add'>('Add'),
  sub: arithmetic<'sub'>('Sub'),
  mul: arithmetic<'mul'>('Mul'),
  div: arithmetic<'div'>('Div'),
  pow: arithmetic<'pow'>('Pow'),
  rsub,
  reciprocal: unary<'reciprocal'>('Reciprocal'),
  neg: unary<'neg'>('Neg'),
  exp: unary<'exp'>('Exp'),
  log: unary<'log'>('Log'),
  log1p,
  sqrt: unary<'sqrt'>('Sqrt'),
  abs: unary<'abs'>('Abs'),
  sign: unary<'sign'>('Sign'),
  relu: unary<'relu'>('Relu'),
  sigmoid: unary<'sigmoid'>('Sigmoid'),
  tanh: unary<'tanh'>('Tanh'),
  sin: unary<'sin'>('Sin'),
  cos: unary<'cos'>('Cos'),
  clamp,
  maximum: pairwise<'maximum'>('Max'),
  minimum: pairwise<'minimum'>('Min'),
  where,
  eq: comparison<'eq'>('Equal'),
  ne: comparison<'ne'>('Equal', true),
  lt: comparison<'lt'>('Less'),
  le: comparison<'le'>('LessOrEqual'),
  gt: comparison<'gt'>('Greater'),
  ge: comparison<'ge'>('GreaterOrEqual'),
} satisfies { readonly [K in Keys]?: Converter<K> };
