import type { Tensor } from '@torchlet/autograd';
import type { Pool2dParams } from '@torchlet/tensor';
import { float, int, ints } from '../graph/attributes.js';
import { valuesData } from '../graph/tensor-data.js';
import type { Converter, OpContext } from './op-context.js';

/** F.conv2d: Conv, its padding [top, bottom, left, right] as ONNX's [top, left, bottom, right]. */
const conv2d: Converter<'conv2d'> = (ctx, op) => {
  const { stride, padding, dilation, groups } = op.params.params;
  const [input, weight, bias] = op.inputs as [Tensor, Tensor, Tensor | undefined];
  const operands = [ctx.value(input), ctx.value(weight)];
  if (bias !== undefined) operands.push(ctx.value(bias));
  ctx.bind(
    ctx.node('Conv', operands, {
      kernel_shape: ints(weight.shape.slice(2)),
      strides: ints(stride),
      pads: ints([padding[0], padding[2], padding[1], padding[3]]),
      dilations: ints(dilation),
      group: int(groups),
    }),
  );
};

/** What max and average pooling share. */
type Windows = Pick<Pool2dParams, 'kernelSize' | 'stride' | 'padding' | 'ceilMode'>;

/**
 * ceil_mode differs at one edge: PyTorch drops a last window that would start in the right
 * padding, ONNX Runtime keeps it. Where that changes the output's size, the op is refused.
 */
function checkPoolSize(
  ctx: OpContext,
  input: Tensor,
  output: Tensor,
  params: Windows,
  dilation: readonly [number, number],
): void {
  if (!params.ceilMode) return;
  for (let d = 0; d < 2; d++) {
    const size = input.shape[input.ndim - 2 + d]!;
    const span = dilation[d]! * (params.kernelSize[d]! - 1) + 1;
    const onnx = Math.ceil((size + 2 * params.padding[d]! - span) / params.stride[d]!) + 1;
    if (onnx !== output.shape[output.ndim - 2 + d]) {
      ctx.fail('ceilMode with a last window starting in the padding gives ONNX Runtime one more output than PyTorch');
    }
  }
}

function poolAttributes(params: Windows) {
  const [ph, pw] = params.padding;
  return {
    kernel_shape: ints(params.kernelSize),
    strides: ints(params.stride),
    pads: ints([ph, pw, ph, pw]),
    ceil_mode: int(params.ceilMode ? 1 : 0),
  };
}

/** Max pooling's values: MaxPool (its indices are numbered unlike PyTorch's and do not export). */
const maxPool2d: Converter<'maxPool2d'> = (ctx, op) => {
  const params = op.params.params;
  const input = op.inputs[0]!;
  checkPoolSize(ctx, input, op.output, params, params.dilation);
  const attributes = { ...poolAttributes(params), dilations: ints(params.dilation) };
  ctx.bind(ctx.node('MaxPool', [ctx.value(input)], attributes));
};

const avgPool2d: Converter<'avgPool2d'> = (ctx, op) => {
  const params = op.params;
  if (params.divisorOverride !== null) ctx.fail('divisorOverride has no ONNX AveragePool attribute');
  const input = op.inputs[0]!;
  checkPoolSize(ctx, input, op.output, params, [1, 1]);
  const attributes = { ...poolAttributes(params), count_include_pad: int(params.countIncludePad ? 1 : 0) };
  ctx.bind(ctx.node('AveragePool', [ctx.value(input)], attributes));
};

/** Adaptive average pooling: GlobalAveragePool to 1×1; to a size that divides the input, an AveragePool. */
const adaptiveAvgPool2d: Converter<'adaptiveAvgPool2d'> = (ctx, op) => {
  const [oh, ow] = op.params;
  const input = op.inputs[0]!;
  const x = ctx.value(input);
  if (oh === 1 && ow === 1) return ctx.bind(ctx.node('GlobalAveragePool', [x]));
  const [h, w] = input.shape.slice(-2) as [number, number];
  const dynamic = ctx.dynamicDims(input).slice(-2);
  if (h % oh !== 0 || w % ow !== 0 || dynamic.some(Boolean)) {
    ctx.fail(
      `adaptive pooling of ${h}×${w} to ${oh}×${ow} (not 1×1, nor a size that divides the input) does not export`,
    );
  }
  const kernel = [h / oh, w / ow];
  ctx.bind(ctx.node('AveragePool', [x], { kernel_shape: ints(kernel), strides: ints(kernel) }));
};

/** The weight, or ones of `size` (ONNX's normalisations need a scale), and the bias or zeros. */
function affine(
  ctx: OpContext,
  op: { readonly inputs: readonly Tensor[] },
  hasWeight: boolean,
  hasBias: boolean,
  shape: readonly number[],
) {
  const input = op.inputs[0]!;
  const count = shape.reduce((n, d) => n * d, 1);
  const filled = (value: number, hint: string) =>
    ctx.constant(valuesData(input.dtype, new Array<number>(count).fill(value), shape), hint);
  const scale = hasWeight ? ctx.value(op.inputs[1]!) : filled(1, 'Ones');
  const bias = hasBias ? ctx.value(op.inputs[hasWeight ? 2 : 1]!) : filled(0, 'Zeros');
  return { scale, bias };
}

/** Batch norm with running statistics (eval mode): BatchNormalization. */
const batchNorm: Converter<'batchNorm'> = (ctx, op) => {
  const settings = op.params.settings;
  if (settings.kind !== 'batchNorm') return ctx.fail('unexpected settings');
  const { runningMean, runningVar, options } = settings;
  if (options.training)
    return ctx.fail(
      "batch norm with the batch's statistics (training mode) does not export; the exporter runs the model in eval mode, so this is F.batchNorm with training: true",
    );
  if (runningMean === null || runningVar === null)
    return ctx.fail('batch norm without running statistics normalises with the batch’s, which does not export');
  const input = op.inputs[0]!;
  const { scale, bias } = affine(ctx, op, op.params.hasWeight, op.params.hasBias, [input.shape[1]!]);
  const operands = [ctx.value(input), scale, bias, ctx.value(runningMean), ctx.value(runningVar)];
  ctx.bind(
    ctx.node('BatchNormalization', operands, { epsilon: float(options.eps), momentum: float(1 - options.momentum) }),
  );
};

/** Layer norm over the trailing dims: LayerNormalization (opset 17). */
const layerNorm: Converter<'layerNorm'> = (ctx, op) => {
  const settings = op.params.settings;
  if (settings.kind !== 'layerNorm') return ctx.fail('unexpected settings');
  const { scale, bias } = affine(ctx, op, op.params.hasWeight, op.params.hasBias, settings.normalizedShape);
  const attributes = { axis: int(-settings.normalizedShape.length), epsilon: float(settings.eps) };
  ctx.bind(ctx.node('LayerNormalization', [ctx.value(op.inputs[0]!), scale, bias], attributes));
};

/**
 * Group norm as PyTorch's own export writes it: [N, C, *] reshaped to [N, G, rest],
 * InstanceNormalization (no affine), back to the input's shape, then the per-channel affine.
 * (ONNX's GroupNormalization scales per group until opset 21.)
 */
const groupNorm: Converter<'groupNorm'> = (ctx, op) => {
  const settings = op.params.settings;
  if (settings.kind !== 'groupNorm') return ctx.fail('unexpected settings');
  const input = op.inputs[0]!;
  const x = ctx.value(input);
  const { groups, eps } = settings;
  const grouped = ctx.node('Reshape', [x, ctx.int64s([0, groups, -1])]);
  const ones = ctx.constant(valuesData(input.dtype, new Array<number>(groups).fill(1)), 'Ones');
  const zeros = ctx.constant(valuesData(input.dtype, new Array<number>(groups).fill(0)), 'Zeros');
  const normalised = ctx.node('InstanceNormalization', [grouped, ones, zeros], { epsilon: float(eps) });
  let y = ctx.node('Reshape', [normalised, ctx.node('Shape', [x])]);
  const channelShape = [input.shape[1]!, ...input.shape.slice(2).map(() => 1)];
  const perChannel = (tensor: Tensor) => ctx.node('Reshape', [ctx.value(tensor), ctx.int64s(channelShape)]);
  if (op.params.hasWeight) y = ctx.node('Mul', [y, perChannel(op.inputs[1]!)]);
  if (op.params.hasBias) y = ctx.node('Add', [y, perChannel(op.inputs[op.params.hasWeight ? 2 : 1]!)]);
  ctx.bind(y);
};

/** Embedding: Gather of the table's rows (int32 indices, as ONNX's Gather takes them). */
const embedding: Converter<'embedding'> = (ctx, op) => {
  ctx.bind(ctx.node('Gather', [ctx.value(op.inputs[0]!), ctx.value(op.params.indices)], { axis: int(0) }));
};

export const LAYERS = { conv2d, maxPool2d, avgPool2d, adaptiveAvgPool2d, batchNorm, layerNorm, groupNorm, embedding };
