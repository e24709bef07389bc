import { chunk, manualSeed, randint, randn, rsub, split, tensor, type Tensor } from '@torchlet/autograd';
import {
  AvgPool2d,
  Conv1d,
  GroupNorm,
  MaxPool1d,
  MaxPool2d,
  Module,
  Sequential,
  Unflatten,
  functional as F,
} from '@torchlet/nn';
import { beforeAll, describe, expect, test } from 'vitest';
import { exportOnnx, UnsupportedOpError } from './index.js';
import { expectSameOutputs, ORT_TIMEOUT } from './onnx-runtime.test-util.js';

beforeAll(() => manualSeed(3));

const outputs = (count: number) => Array.from({ length: count }, (_, i) => `output_${i}`);

describe('more of the op table, each checked in ONNX Runtime', () => {
  test(
    'Conv1d, MaxPool1d, GroupNorm, Unflatten, split and chunk',
    async () => {
      class Signal extends Module {
        conv = new Conv1d(2, 6, 3, { padding: 1 });
        pool = new MaxPool1d(2);
        norm = new GroupNorm(3, 6);
        unflatten = new Unflatten(1, [2, 3]);
        forward(x: Tensor): Tensor[] {
          const y = this.norm.forward(this.pool.forward(this.conv.forward(x))); // [B, 6, 4]
          const [a, b] = split(y, [2, 4], 1);
          const parts = chunk(y, 2, 2);
          return [this.unflatten.forward(y), a!.sum(1), b!.mean(1), parts[1]!];
        }
      }
      const model = new Signal();
      const bytes = exportOnnx(model, randn([2, 2, 8]), { dynamicAxes: { input: { 0: 'batch' } } });
      await expectSameOutputs(model, bytes, [[randn([3, 2, 8])]], { inputs: ['input'], outputs: outputs(4) });
    },
    ORT_TIMEOUT,
  );

  test(
    'comparisons, minimum, var and std, scatter, expand, rsub, pow, sign, sin, cos and dtype promotion',
    async () => {
      class Mixed extends Module {
        forward(x: Tensor, k: Tensor): Tensor[] {
          const masks = [x.eq(0), x.ne(1), x.lt(0.5), x.le(k.to('float32')), x.ge(k)];
          const chosen = masks.map((m) => m.to('float32')).reduce((s, m) => s.add(m));
          const stats = [x.var(1), x.std(undefined, { correction: 0 }), x.var(0, { keepdim: true })];
          const index = tensor([[0], [2]], { dtype: 'int32' });
          const scattered = x
            .narrow(0, 0, 2)
            .scatter(1, index, 5)
            .scatterAdd(1, index, x.narrow(0, 0, 2).narrow(1, 0, 1));
          const expanded = x
            .narrow(1, 0, 1)
            .expand([-1, 3])
            .add(x.sum(0, true).expand([x.shape[0]!, -1]));
          const ints = k.add(1).mul(3).div(2).add(0.5); // int32 arithmetic promoted to float32
          const trig = rsub(x.sin().mul(x.cos()).minimum(x.sign()), 1).pow(x.abs());
          return [chosen, ...stats, scattered, expanded, ints, trig];
        }
      }
      const model = new Mixed();
      const inputs = [randn([4, 3]), randint(0, 3, [4, 3], { dtype: 'int32' })];
      const bytes = exportOnnx(model, inputs, { inputNames: ['x', 'k'] });
      await expectSameOutputs(model, bytes, [[randn([4, 3]), randint(0, 3, [4, 3], { dtype: 'int32' })]], {
        inputs: ['x', 'k'],
        outputs: outputs(8),
      });
    },
    ORT_TIMEOUT,
  );

  test(
    'ceilMode pooling exports where ONNX Runtime agrees on the size, and is refused where it does not',
    async () => {
      const agreeing = new Sequential(
        new MaxPool2d(3, { stride: 2, ceilMode: true }),
        new AvgPool2d(2, { ceilMode: true }),
      );
      const bytes = exportOnnx(agreeing, randn([1, 2, 8, 8]));
      await expectSameOutputs(agreeing, bytes, [[randn([1, 2, 8, 8])]], { inputs: ['input'], outputs: ['output'] });
      class LastWindowInPadding extends Module {
        forward(x: Tensor): Tensor {
          return F.maxPool2d(x, 2, { stride: 2, padding: 1, ceilMode: true });
        }
      }
      // 5 + 2 − 2 = 5, ceil(5 / 2) + 1 = 4 windows in ONNX; PyTorch drops the one starting in the padding.
      expect(() => exportOnnx(new LastWindowInPadding(), randn([1, 1, 5, 5]))).toThrow(UnsupportedOpError);
    },
    ORT_TIMEOUT,
  );
});
