import {
  cat,
  Function,
  manualSeed,
  nativeRecurrentLayer,
  ones,
  randint,
  randn,
  stack,
  tensor,
  where,
  zeros,
  type FunctionContext,
  type Tensor,
} from '@torchlet/autograd';
import { Embedding, functional as F, LayerNorm, Linear, Module, Parameter } from '@torchlet/nn';
import { beforeAll, describe, expect, test } from 'vitest';
import { attr, exportOnnx, type OnnxValue, type SymbolicGraph } from './index.js';
import { decode, expectSameOutputs, ORT_TIMEOUT } from './onnx-runtime.test-util.js';

beforeAll(() => manualSeed(2));

/** A user's layer built from torchlet ops only: it exports with no code of its own. */
class TokenMixer extends Module {
  embed = new Embedding(20, 8, { paddingIdx: 0 });
  norm = new LayerNorm(8);
  gate = new Parameter(ones([8]));
  out = new Linear(16, 3);

  forward(tokens: Tensor): Tensor {
    const e = this.norm.forward(this.embed.forward(tokens)); // [B, T, 8]
    const scores = e.matmul(e.transpose(1, 2)).div(Math.sqrt(8)).softmax(-1); // [B, T, T]
    const mixed = scores.matmul(e).mul(this.gate).add(e.sigmoid().mul(e));
    const positive = where(mixed.gt(0), mixed, mixed.mul(0.1)); // a leaky relu by hand
    const pooled = cat([positive.mean(1), positive.max(1).values], 1); // [B, 16]
    const centred = pooled.sub(pooled.pow(2).mean(1, true).sqrt().add(1e-3).reciprocal());
    return this.out.forward(centred.clamp(-3, 3).abs().neg().exp().log1p());
  }
}

/** Shape ops: slices, flips, pads, stacks, permutes, gathers and an index select. */
class Shuffler extends Module {
  proj = new Linear(6, 6);
  forward(x: Tensor): Tensor[] {
    const y = this.proj.forward(x); // [B, 4, 6]
    const flipped = y.flip([1]).narrow(2, 1, 4); // [B, 4, 4]
    const padded = F.pad(flipped, [1, 2], { value: 0.5 }).slice(2, 0, undefined, 2); // [B, 4, 4]
    const reflected = F.pad(y.permute([0, 2, 1]), [1, 1], { mode: 'reflect' }); // [B, 6, 6]
    const picked = y.indexSelect(2, tensor([5, 0, 3], { dtype: 'int32' })); // [B, 4, 3]
    const order = y.argmax(2, true); // [B, 4, 1]
    const gathered = y.gather(2, order).squeeze(2); // [B, 4]
    const stacked = stack([picked.select(2, 0), gathered, y.sum(2).maximum(y.mean(2))], 1); // [B, 3, 4]
    return [padded.reshape([-1, 16]), reflected.flatten(1), stacked, order.int().to('float32').add(1)];
  }
}

describe('layers written by the user', () => {
  test(
    'a layer made of supported ops exports with no code of its own (int32 tokens, any batch and length)',
    async () => {
      const model = new TokenMixer();
      const tokens = randint(0, 20, [2, 5], { dtype: 'int32' });
      const bytes = exportOnnx(model, tokens, {
        inputNames: ['tokens'],
        dynamicAxes: { tokens: { 0: 'batch', 1: 'length' } },
      });
      expect(decode(bytes).graph!.initializer.map((t) => t.name)).toEqual(
        expect.arrayContaining(['embed.weight', 'gate']),
      );
      const sets = [[randint(0, 20, [3, 7], { dtype: 'int32' })], [randint(0, 20, [1, 2], { dtype: 'int32' })]];
      await expectSameOutputs(model, bytes, sets, { inputs: ['tokens'], outputs: ['output'] });
    },
    ORT_TIMEOUT,
  );

  test(
    'shape ops: narrow, slice with a step, flip, constant and reflect padding, permute, indexSelect, argmax, gather, stack',
    async () => {
      const model = new Shuffler();
      const bytes = exportOnnx(model, randn([2, 4, 6]), { dynamicAxes: { input: { 0: 'batch' } } });
      const outputs = ['output_0', 'output_1', 'output_2', 'output_3'];
      await expectSameOutputs(model, bytes, [[randn([5, 4, 6])]], { inputs: ['input'], outputs });
    },
    ORT_TIMEOUT,
  );

  test(
    'a custom Function with a symbolic exports as the nodes it builds',
    async () => {
      class Swish extends Function {
        static override forward(_ctx: FunctionContext, x: Tensor, beta: number): Tensor {
          return x.mul(x.mul(beta).sigmoid());
        }
        static symbolic(g: SymbolicGraph, x: OnnxValue, beta: number): OnnxValue {
          const scaled = g.op('Mul', [x, g.constant(tensor(beta))]);
          return g.op('Mul', [x, g.op('Sigmoid', [scaled])]);
        }
      }
      class Elu extends Function {
        static override forward(_ctx: FunctionContext, x: Tensor): Tensor {
          return where(x.gt(0), x, x.exp().sub(1));
        }
        static symbolic(g: SymbolicGraph, x: OnnxValue): OnnxValue {
          return g.op('Elu', [x], { alpha: attr.float(1) });
        }
      }
      class Net extends Module {
        fc = new Linear(3, 3);
        forward(x: Tensor): Tensor {
          return Elu.apply(Swish.apply(this.fc.forward(x), 1.5));
        }
      }
      const model = new Net();
      const bytes = exportOnnx(model, randn([2, 3]), { dynamicAxes: { input: [0] } });
      expect(decode(bytes).graph!.node.map((n) => n.opType)).toEqual(['Gemm', 'Mul', 'Sigmoid', 'Mul', 'Elu']);
      await expectSameOutputs(model, bytes, [[randn([4, 3])]], { inputs: ['input'], outputs: ['output'] });
    },
    ORT_TIMEOUT,
  );

  test(
    'a recurrent layer on any projection (not a Linear) still exports, through an identity input weight',
    async () => {
      class Direct extends Module {
        whh = new Parameter(randn([4, 1]));
        forward(x: Tensor): Tensor {
          const xw = x.mul(2).sub(0.5); // [T, B, 4]: LSTM gates for hidden size 1
          const batch = x.shape[1]!;
          const h0 = zeros([batch, 1]);
          return nativeRecurrentLayer('lstm', xw, this.whh, null, h0, zeros([batch, 1]), false).output;
        }
      }
      const model = new Direct();
      const bytes = exportOnnx(model, randn([3, 2, 4]), { dynamicAxes: { input: { 1: 'batch' } } });
      await expectSameOutputs(model, bytes, [[randn([3, 5, 4])]], { inputs: ['input'], outputs: ['output'] });
    },
    ORT_TIMEOUT,
  );

  test(
    'an output that is an input, a parameter or another output is written by an Identity',
    async () => {
      class Passes extends Module {
        bias = new Parameter(tensor([1, 2]));
        forward(x: Tensor): Tensor[] {
          const y = x.add(this.bias);
          return [x, y, y, this.bias];
        }
      }
      const model = new Passes();
      const bytes = exportOnnx(model, randn([3, 2]), { outputNames: ['same', 'y', 'again', 'b'] });
      await expectSameOutputs(model, bytes, [[randn([3, 2])]], {
        inputs: ['input'],
        outputs: ['same', 'y', 'again', 'b'],
      });
    },
    ORT_TIMEOUT,
  );
});
