import type { Tensor, TracedOpParams } from '@torchlet/autograd';
import { normalizeDim } from '@torchlet/tensor';
import { int, ints } from '../graph/attributes.js';
import type { Converter, OpContext } from './op-context.js';

/**
 * A Reduce* node over `axes` (null: every axis). `ReduceSum` takes its axes as an input from
 * opset 13, the others from opset 18 (an attribute before).
 */
export function reduce(
  ctx: OpContext,
  opType: 'ReduceSum' | 'ReduceMean' | 'ReduceMax' | 'ReduceMin',
  input: string,
  axes: readonly number[] | null,
  keepdim: boolean,
): string {
  const keepdims = { keepdims: int(keepdim ? 1 : 0) };
  if (axes === null) return ctx.node(opType, [input], keepdims);
  if (opType === 'ReduceSum' || ctx.opset >= 18) return ctx.node(opType, [input, ctx.int64s(axes)], keepdims);
  return ctx.node(opType, [input], { ...keepdims, axes: ints(axes) });
}

function sumOrMean<K extends 'sum' | 'mean'>(opType: 'ReduceSum' | 'ReduceMean'): Converter<K> {
  return (ctx, op) => {
    const { dims, keepdim } = op.params as TracedOpParams['sum'];
    ctx.bind(reduce(ctx, opType, ctx.valueAs(op.inputs[0]!, op.output.dtype), dims, keepdim));
  };
}

/** max()/min() of every element. */
function extreme<K extends 'max' | 'min'>(opType: 'ReduceMax' | 'ReduceMin'): Converter<K> {
  return (ctx, op) => ctx.bind(reduce(ctx, opType, ctx.value(op.inputs[0]!), null, false));
}

/** max(dim)/min(dim)'s values (their indices are argmax/argmin, traced apart). */
function extremeAlong<K extends 'max.dim' | 'min.dim'>(opType: 'ReduceMax' | 'ReduceMin'): Converter<K> {
  return (ctx, op) => {
    const { dim, keepdim } = op.params as TracedOpParams['max.dim'];
    const input = op.inputs[0]!;
    if (input.ndim === 0) ctx.bind(ctx.node('Identity', [ctx.value(input)]));
    else ctx.bind(reduce(ctx, opType, ctx.value(input), [dim], keepdim));
  };
}

/** ArgMax/ArgMin give int64; torchlet's indices are int32. Over every element: of the flattened input. */
function argExtreme<K extends 'argmax' | 'argmin'>(opType: 'ArgMax' | 'ArgMin'): Converter<K> {
  return (ctx, op) => {
    const { dim, keepdim } = op.params as TracedOpParams['argmax'];
    const input = op.inputs[0]!;
    let value = ctx.value(input);
    let axis = 0;
    if (dim === undefined || input.ndim === 0) value = ctx.node('Reshape', [value, ctx.int64s([-1])]);
    else axis = normalizeDim(opType, dim, input.ndim);
    let indices = ctx.node(opType, [value], { axis: int(axis), keepdims: int(keepdim && dim !== undefined ? 1 : 0) });
    if ((dim === undefined || input.ndim === 0) && op.output.ndim > 0) {
      indices = ctx.node('Reshape', [indices, ctx.int64s(op.output.shape)]);
    }
    ctx.bind(ctx.cast(indices, 'int64', 'int32'));
  };
}

/** Softmax and LogSoftmax normalise along one axis from opset 13 on, as PyTorch's do. */
function softmax<K extends 'softmax' | 'logSoftmax'>(opType: 'Softmax' | 'LogSoftmax'): Converter<K> {
  return (ctx, op) => {
    const input = op.inputs[0]!;
    const value = ctx.valueAs(input, op.output.dtype);
    ctx.bind(
      input.ndim === 0
        ? ctx.node(opType, [value], { axis: int(-1) })
        : ctx.node(opType, [value], { axis: int(op.params as number) }),
    );
  };
}

/** var/std: the mean of squared deviations, divided by N − correction, over the reduced dims. */
function statistic<K extends 'variance' | 'std'>(root: boolean): Converter<K> {
  return (ctx, op) => {
    const { dims, correction, keepdim } = op.params as TracedOpParams['variance'];
    const input = op.inputs[0] as Tensor;
    const dynamic = ctx.dynamicDims(input);
    if (dims.some((d) => dynamic[d])) ctx.fail('a variance over a dynamic axis does not export (N is a constant)');
    const count = dims.reduce((n, d) => n * input.shape[d]!, 1);
    const x = ctx.value(input);
    const deviation = ctx.node('Sub', [x, reduce(ctx, 'ReduceMean', x, dims, true)]);
    const squares = reduce(ctx, 'ReduceSum', ctx.node('Mul', [deviation, deviation]), dims, keepdim);
    const variance = ctx.node('Div', [squares, ctx.scalar(Math.max(0, count - correction), input.dtype)]);
    ctx.bind(root ? ctx.node('Sqrt', [variance]) : variance);
  };
}

export const REDUCTIONS = {
  sum: sumOrMean<'sum'>('ReduceSum'),
  mean: sumOrMean<'mean'>('ReduceMean'),
  max: extreme<'max'>('ReduceMax'),
  min: extreme<'min'>('ReduceMin'),
  'max.dim': extremeAlong<'max.dim'>('ReduceMax'),
  'min.dim': extremeAlong<'min.dim'>('ReduceMin'),
  argmax: argExtreme<'argmax'>('ArgMax'),
  argmin: argExtreme<'argmin'>('ArgMin'),
  softmax: softmax<'softmax'>('Softmax'),
  logSoftmax: softmax<'logSoftmax'>('LogSoftmax'),
  variance: statistic<'variance'>(false),
  std: statistic<'std'>(true),
};
