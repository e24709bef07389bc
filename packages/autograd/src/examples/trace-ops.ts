import { noGrad, tensor, traceOps, type TracedOp } from '@torchlet/autograd';

export const ops: TracedOp[] = [];
const x = tensor([[1, -2]]);
traceOps({ record: (op) => ops.push(op) }, () => noGrad(() => x.relu().sum()));
console.log(ops.map((op) => `${op.op} (${op.node})`)); // [ 'relu (ReluBackward0)', 'sum (SumBackward0)' ]
