import { manualSeed, randn, type Tensor } from '@torchlet/autograd';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Dropout,
  Flatten,
  LayerNorm,
  Linear,
  LogSoftmax,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
} from '@torchlet/nn';
import { beforeAll, describe, expect, test } from 'vitest';
import { exportOnnx } from './index.js';
import { decode, dimsOf, expectSameOutputs, ORT_TIMEOUT } from './onnx-runtime.test-util.js';

const io = { inputs: ['input'], outputs: ['output'] };
const batchAxis = { dynamicAxes: { input: { 0: 'batch' } } };

/** Gives batch-norm layers running statistics other than 0 and 1, as training would. */
function trainedStatistics(model: Module): void {
  for (const [key, buffer] of model.namedBuffers()) {
    if (key.endsWith('running_mean')) buffer.data.normal_(0, 0.5);
    if (key.endsWith('running_var')) buffer.data.uniform_(0.5, 2);
  }
}

beforeAll(() => manualSeed(0));

describe('an MLP', () => {
  test(
    'Linear, ReLU, Tanh, Sigmoid, Dropout (identity in eval), BatchNorm1d, LayerNorm, Softmax and LogSoftmax',
    async () => {
      const model = new Sequential(
        new Linear(6, 16),
        new BatchNorm1d(16),
        new ReLU(),
        new Dropout(0.5),
        new Linear(16, 12),
        new LayerNorm(12),
        new Tanh(),
        new Linear(12, 8),
        new Sigmoid(),
        new Linear(8, 4),
        new LogSoftmax(1),
      );
      trainedStatistics(model);
      const bytes = exportOnnx(model, randn([5, 6]), batchAxis);
      // The model is back in training mode, as it was.
      expect([...model.modules()].every((m) => m.training)).toBe(true);
      const types = decode(bytes).graph!.node.map((n) => n.opType);
      expect(types).not.toContain('Dropout');
      expect(types).toEqual(expect.arrayContaining(['Gemm', 'BatchNormalization', 'LayerNormalization', 'LogSoftmax']));
      expect(dimsOf(decode(bytes), 'output', 'output')).toEqual(['batch', 4]);
      await expectSameOutputs(model, bytes, [[randn([7, 6])], [randn([1, 6])]], io);
    },
    ORT_TIMEOUT,
  );

  test(
    'exports at opset 18 too (reductions take their axes as an input there)',
    async () => {
      class Pooled extends Module {
        fc = new Linear(5, 3);
        forward(x: Tensor): Tensor {
          return this.fc.forward(x).mean(1, true).add(x.max(1).values.unsqueeze(1)).softmax(0);
        }
      }
      const model = new Pooled();
      const bytes = exportOnnx(model, randn([4, 5]), { ...batchAxis, opsetVersion: 18 });
      expect(decode(bytes).opsetImport[0]!.version).toBe(18n);
      await expectSameOutputs(model, bytes, [[randn([6, 5])]], io);
    },
    ORT_TIMEOUT,
  );
});

describe('a LeNet-style CNN', () => {
  test(
    'Conv2d, BatchNorm2d, ReLU, MaxPool2d, AvgPool2d, Flatten and Linear, on a batch size other than the example’s',
    async () => {
      // LeNet-5 as d2l.ai writes it, on 28×28 grey images, with batch norm after each convolution.
      const model = new Sequential(
        new Conv2d(1, 6, 5, { padding: 2 }),
        new BatchNorm2d(6),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(6, 16, 5),
        new BatchNorm2d(16),
        new ReLU(),
        new AvgPool2d(2, { stride: 2 }),
        new Flatten(),
        new Linear(16 * 5 * 5, 120),
        new ReLU(),
        new Linear(120, 84),
        new ReLU(),
        new Linear(84, 10),
      );
      trainedStatistics(model);
      const bytes = exportOnnx(model, randn([2, 1, 28, 28]), batchAxis);
      const proto = decode(bytes);
      expect(proto.graph!.node.map((n) => n.opType)).toEqual(
        expect.arrayContaining(['Conv', 'BatchNormalization', 'MaxPool', 'AveragePool', 'Reshape', 'Gemm']),
      );
      expect(proto.graph!.initializer.map((t) => t.name)).toEqual(
        expect.arrayContaining(['0.weight', '1.running_var']),
      );
      expect(dimsOf(proto, 'input', 'input')).toEqual(['batch', 1, 28, 28]);
      await expectSameOutputs(model, bytes, [[randn([5, 1, 28, 28])], [randn([1, 1, 28, 28])]], io);
    },
    ORT_TIMEOUT,
  );

  test(
    'strides, dilation, groups, padding and global average pooling (adaptiveAvgPool2d to 1×1)',
    async () => {
      const model = new Sequential(
        new Conv2d(4, 8, 3, { stride: 2, padding: 1 }),
        new ReLU(),
        new Conv2d(8, 8, 3, { dilation: 2, groups: 4, padding: 'same' }),
        new MaxPool2d(3, { stride: 2, padding: 1 }),
        new AdaptiveAvgPool2d(1),
        new Flatten(),
        new Linear(8, 3),
        new Softmax(1),
      );
      const bytes = exportOnnx(model, randn([3, 4, 17, 15]), batchAxis);
      expect(decode(bytes).graph!.node.map((n) => n.opType)).toContain('GlobalAveragePool');
      await expectSameOutputs(model, bytes, [[randn([2, 4, 17, 15])]], io);
    },
    ORT_TIMEOUT,
  );
});
