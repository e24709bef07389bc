import type { Tensor } from '@torchlet/autograd';
import { int, ints, string } from '../graph/attributes.js';
import type { Converter, OpContext } from './op-context.js';
import { recurrentPart } from './recurrent-parts.js';

/** An end past any dim: ONNX's Slice clamps ends to the dim's size (and, stepping back, to before its start). */
const PAST_END = Number.MAX_SAFE_INTEGER;

/** The axes at which `to` is `from` with size-1 dims inserted, or null. */
function insertedOnes(from: readonly number[], to: readonly number[]): number[] | null {
  if (to.length <= from.length) return null;
  const axes: number[] = [];
  let i = 0;
  for (let j = 0; j < to.length; j++) {
    if (i < from.length && from[i] === to[j]) i++;
    else if (to[j] === 1) axes.push(j);
    else return null;
  }
  return i === from.length ? axes : null;
}

/**
 * reshape/view/flatten/squeeze/unsqueeze, all of which go to the output's shape: Unsqueeze or
 * Squeeze when only size-1 dims come or go, else Reshape. A dim that follows a dynamic axis is
 * written as 0 (copy the input's) where it stays in place, or as the one -1.
 */
const reshape: Converter<'reshape'> = (ctx, op) => {
  const input = op.inputs[0]!;
  const x = ctx.value(input);
  const [from, to] = [input.shape, op.output.shape];
  const [twinFrom, twinTo] = [ctx.twinShape(input), ctx.twinShape(op.output)];
  const same = (a: number[] | null, b: number[] | null) => a !== null && b !== null && a.join() === b.join();
  const unsqueezed = insertedOnes(from, to);
  if (unsqueezed !== null && same(unsqueezed, insertedOnes(twinFrom, twinTo))) {
    ctx.bind(ctx.node('Unsqueeze', [x, ctx.int64s(unsqueezed)]));
    return;
  }
  const squeezed = insertedOnes(to, from);
  if (squeezed !== null && same(squeezed, insertedOnes(twinTo, twinFrom))) {
    ctx.bind(ctx.node('Squeeze', [x, ctx.int64s(squeezed)]));
    return;
  }
  const dynamicIn = ctx.dynamicDims(input);
  const target = to.map((size, j) => {
    if (twinTo[j] === size) return size;
    if (j < from.length && dynamicIn[j] && from[j] === size && twinFrom[j] === twinTo[j]) return 0;
    return -1;
  });
  if (target.filter((d) => d === -1).length > 1) {
    ctx.fail(
      `reshaping [${from.join(', ')}] to [${to.join(', ')}] makes ${target.filter((d) => d === -1).length} dims follow dynamic axes, and ONNX's Reshape can infer one`,
    );
  }
  const literalZero = to.some((size, j) => size === 0 && target[j] === 0 && twinTo[j] === 0);
  if (literalZero) ctx.fail('reshaping to a shape with a 0-size dim does not export');
  ctx.bind(ctx.node('Reshape', [x, ctx.int64s(target)]));
};

/** transpose/t/permute: the node keeps the inverse permutation; Transpose takes the forward one. */
const permute: Converter<'permute'> = (ctx, op) => {
  const { inverse } = op.params;
  const perm = new Array<number>(inverse.length);
  inverse.forEach((at, d) => (perm[at] = d));
  ctx.bind(ctx.node('Transpose', [ctx.value(op.inputs[0]!)], { perm: ints(perm) }));
};

/** expand/broadcastTo: Expand broadcasts both ways, so dims the input has already are given as 1. */
const expand: Converter<'expand'> = (ctx, op) => {
  const input = op.inputs[0]!;
  const to = op.output.shape;
  const offset = to.length - input.ndim;
  const dynamic = ctx.dynamicDims(op.output);
  const target = to.map((size, j) => {
    const kept =
      j >= offset &&
      input.shape[j - offset] === size &&
      ctx.twinShape(input)[j - offset] === ctx.twinShape(op.output)[j];
    if (kept) return 1;
    if (dynamic[j]) ctx.fail(`expanding to a size that follows a dynamic axis (dim ${j}) does not export`);
    return size;
  });
  ctx.bind(ctx.node('Expand', [ctx.value(input), ctx.int64s(target)]));
};

/**
 * Where a slice starts or ends when its dim follows a dynamic axis: the same index in both runs,
 * or the same distance from the end (negative), or past the end.
 */
function boundOf(ctx: OpContext, at: readonly [number, number], size: readonly [number, number], end: boolean): number {
  if (at[0] === at[1]) return at[0];
  if (end && at[0] >= size[0] && at[1] >= size[1]) return PAST_END;
  if (at[0] - size[0] === at[1] - size[1]) return at[0] - size[0];
  return ctx.fail(
    `a slice whose ${end ? 'end' : 'start'} follows a dynamic axis other than by the distance to its end`,
  );
}

/** slice/narrow (`a[start:end:step]` along a dim): Slice. */
const slice: Converter<'slice'> = (ctx, op) => {
  const input = op.inputs[0]!;
  const { dim, start, step, length } = op.params;
  const part = recurrentPart(ctx, input, { kind: 'slice', dim, start, length, step });
  if (part !== null) return ctx.bind(part);
  const twin = ctx.twinParams();
  const endOf = (s: number, n: number) => (n === 0 ? s : s + (n - 1) * step + 1);
  const sizes = [input.shape[dim]!, ctx.twinShape(input)[dim]!] as const;
  const first = boundOf(ctx, [start, twin.start], sizes, false);
  const last = boundOf(ctx, [endOf(start, length), endOf(twin.start, twin.length)], sizes, true);
  ctx.bind(
    ctx.node('Slice', [
      ctx.value(input),
      ctx.int64s([first]),
      ctx.int64s([last]),
      ctx.int64s([dim]),
      ctx.int64s([step]),
    ]),
  );
};

/** select (`a[..., i]`): Gather of one index, which drops the dim. */
const select: Converter<'select'> = (ctx, op) => {
  const input = op.inputs[0]!;
  const { dim, index } = op.params;
  const part = recurrentPart(ctx, input, { kind: 'select', dim, index });
  if (part !== null) return ctx.bind(part);
  const sizes = [input.shape[dim]!, ctx.twinShape(input)[dim]!] as const;
  const at = boundOf(ctx, [index, ctx.twinParams().index], sizes, false);
  ctx.bind(ctx.node('Gather', [ctx.value(input), ctx.scalar(at, 'int64')], { axis: int(dim) }));
};

/** indexSelect: Gather of a 1-D index (a traced tensor, or the numbers given). */
const indexSelect: Converter<'indexSelect'> = (ctx, op) => {
  const { dim, index, indexTensor } = op.params;
  let indices: string;
  if (indexTensor === undefined || indexTensor === null) indices = ctx.int64s(index);
  else if (indexTensor.ndim === 1) indices = ctx.value(indexTensor);
  else indices = ctx.node('Reshape', [ctx.value(indexTensor), ctx.int64s([-1])]);
  const input = op.inputs[0]!;
  const axis = input.ndim === 0 ? 0 : dim;
  const x = input.ndim === 0 ? ctx.node('Reshape', [ctx.value(input), ctx.int64s([1])]) : ctx.value(input);
  const gathered = ctx.node('Gather', [x, indices], { axis: int(axis) });
  ctx.bind(input.ndim === 0 ? ctx.node('Reshape', [gathered, ctx.int64s([])]) : gathered);
};

/** cat: Concat, the inputs in the output's dtype (cat promotes). */
const cat: Converter<'cat'> = (ctx, op) => {
  const dtype = op.output.dtype;
  ctx.bind(
    ctx.node(
      'Concat',
      op.inputs.map((t) => ctx.valueAs(t, dtype)),
      { axis: int(op.params.dim) },
    ),
  );
};

/** stack: each input with the new dim, then Concat. */
const stack: Converter<'stack'> = (ctx, op) => {
  const axes = ctx.int64s([op.params]);
  const dtype = op.output.dtype;
  const pieces = op.inputs.map((t) => ctx.node('Unsqueeze', [ctx.valueAs(t, dtype), axes]));
  ctx.bind(ctx.node('Concat', pieces, { axis: int(op.params) }));
};

const clone: Converter<'clone'> = (ctx, op) => ctx.bind(ctx.node('Identity', [ctx.value(op.inputs[0]!)]));

const to: Converter<'to'> = (ctx, op) => ctx.bind(ctx.valueAs(op.inputs[0]!, op.output.dtype));

/** flip: a Slice that steps back from each flipped dim's last element. */
const flip: Converter<'flip'> = (ctx, op) => {
  const dims = op.params.attributes.dims.map((d) => (d < 0 ? d + op.output.ndim : d));
  const x = ctx.value(op.inputs[0]!);
  if (dims.length === 0) return ctx.bind(ctx.node('Identity', [x]));
  const starts = ctx.int64s(dims.map(() => -1));
  const ends = ctx.int64s(dims.map(() => -PAST_END));
  ctx.bind(ctx.node('Slice', [x, starts, ends, ctx.int64s(dims), ctx.int64s(dims.map(() => -1))]));
};

const PAD_MODES = { constant: 'constant', reflect: 'reflect', replicate: 'edge' } as const;

/** pad (F.pad's amounts run from the last dim backwards; ONNX's are every dim's begins, then ends). */
const pad: Converter<'pad'> = (ctx, op) => {
  const { pads, mode, value } = op.params.attributes;
  if (mode === 'circular') return ctx.fail("circular padding has no ONNX mode before opset 19's 'wrap'");
  if (pads.some((p) => p < 0)) ctx.fail('negative padding (cropping) does not export');
  const input = op.inputs[0]!;
  const rank = input.ndim;
  const begins = new Array<number>(rank).fill(0);
  const ends = new Array<number>(rank).fill(0);
  for (let k = 0; 2 * k < pads.length; k++) {
    begins[rank - 1 - k] = pads[2 * k]!;
    ends[rank - 1 - k] = pads[2 * k + 1]!;
  }
  const operands = [ctx.value(input), ctx.int64s([...begins, ...ends])];
  if (mode === 'constant') operands.push(ctx.scalar(value, input.dtype));
  ctx.bind(ctx.node('Pad', operands, { mode: string(PAD_MODES[mode]) }));
};

/** gather (torch.gather): GatherElements. */
const gather: Converter<'gather'> = (ctx, op) => {
  const { dim, index } = op.params.attributes;
  const input = op.inputs[0]!;
  const axis = dim < 0 ? dim + input.ndim : dim;
  ctx.bind(ctx.node('GatherElements', [ctx.value(input), ctx.value(index)], { axis: int(axis) }));
};

/** scatter/scatterAdd: ScatterElements (a number to scatter is expanded to the index's shape). */
function scatter<K extends 'scatter' | 'scatterAdd'>(): Converter<K> {
  return (ctx, op) => {
    const { dim, index, accumulate, value } = op.params;
    const [input, source] = op.inputs as [Tensor, Tensor | undefined];
    const indices = ctx.value(index);
    const updates =
      source === undefined
        ? ctx.node('Expand', [ctx.scalar(value!, input.dtype), ctx.node('Shape', [indices])])
        : ctx.valueAs(source, input.dtype);
    const axis = dim < 0 ? dim + input.ndim : dim;
    const attributes = accumulate ? { axis: int(axis), reduction: string('add') } : { axis: int(axis) };
    ctx.bind(ctx.node('ScatterElements', [ctx.value(input), indices, updates], attributes));
  };
}

export const SHAPES = {
  reshape,
  permute,
  expand,
  slice,
  select,
  indexSelect,
  cat,
  stack,
  clone,
  to,
  flip,
  pad,
  gather,
  scatter: scatter<'scatter'>(),
  scatterAdd: scatter<'scatterAdd'>(),
};
