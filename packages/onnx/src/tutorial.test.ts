import { randn, tensor } from '@torchlet/autograd';
import { Linear, Sequential } from '@torchlet/nn';
import { describe, expect, test } from 'vitest';
import { exportOnnx } from './index.js';
import { decode, dimsOf, expectSameOutputs, ORT_TIMEOUT } from './onnx-runtime.test-util.js';

describe("the tutorial's Sequential(Linear(2, 1))", () => {
  test(
    'runs in ONNX Runtime on new inputs of other batch sizes, with the state-dict keys as initializers',
    async () => {
      const model = new Sequential(new Linear(2, 1));
      model[0].weight.data.normal_(0, 0.01);
      model[0].bias.data.fill_(0.5);
      const bytes = exportOnnx(model, randn([10, 2]), {
        inputNames: ['x'],
        outputNames: ['y'],
        dynamicAxes: { x: { 0: 'batch' } },
      });
      const proto = decode(bytes);
      expect(proto.opsetImport[0]!.version).toBe(17n);
      expect(proto.graph!.initializer.map((t) => t.name).sort()).toEqual(['0.bias', '0.weight']);
      expect(proto.graph!.node.map((n) => n.opType)).toEqual(['Gemm']);
      expect(dimsOf(proto, 'input', 'x')).toEqual(['batch', 2]);
      expect(dimsOf(proto, 'output', 'y')).toEqual(['batch', 1]);
      await expectSameOutputs(model, bytes, [[randn([3, 2])], [randn([64, 2])], [tensor([[2, -3.4]])]], {
        inputs: ['x'],
        outputs: ['y'],
      });
    },
    ORT_TIMEOUT,
  );
});
