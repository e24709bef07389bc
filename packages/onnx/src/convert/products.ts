import type { Tensor } from '@torchlet/autograd';
import { int, ints } from '../graph/attributes.js';
import type { Converter } from './op-context.js';

/**
 * `F.linear` (what Linear runs): one `Gemm` with the weight as stored ([out, in], transB) for a
 * 2-D input — PyTorch's addmm; otherwise MatMul with the transposed weight, then the bias.
 */
const linear: Converter<'linear'> = (ctx, op) => {
  const [input, weight, bias] = op.inputs as [Tensor, Tensor, Tensor | undefined];
  const dtype = op.output.dtype;
  if (input.ndim === 2) {
    const operands = [ctx.value(input), ctx.value(weight)];
    if (bias !== undefined) operands.push(ctx.valueAs(bias, dtype));
    ctx.bind(ctx.node('Gemm', operands, { transB: int(1) }));
    return;
  }
  const transposed = ctx.node('Transpose', [ctx.value(weight)], { perm: ints([1, 0]) });
  const product = ctx.node('MatMul', [ctx.value(input), transposed]);
  ctx.bind(bias === undefined ? product : ctx.node('Add', [product, ctx.valueAs(bias, dtype)]));
};

/** torch.matmul's rules for 1-D, 2-D and batched operands are numpy's, and so are ONNX's `MatMul`'s. */
const matmul: Converter<'matmul'> = (ctx, op) => {
  const dtype = op.output.dtype;
  ctx.bind(
    ctx.node(
      'MatMul',
      op.inputs.map((t) => ctx.valueAs(t, dtype)),
    ),
  );
};

export const PRODUCTS = { linear, matmul };
