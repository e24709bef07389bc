import { randn } from '@torchlet/autograd';
import { Linear, ReLU, Sequential } from '@torchlet/nn';
import { exportOnnx } from '@torchlet/onnx';
import * as ort from 'onnxruntime-web';

export const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
const bytes = exportOnnx(model, randn([2, 4]), {
  inputNames: ['features'],
  outputNames: ['scores'],
  dynamicAxes: { features: { 0: 'batch' } }, // any batch size, not only the example's 2
});

// Served by ONNX Runtime (in Node, saveOnnx from '@torchlet/onnx/node' writes the bytes to a file).
const session = await ort.InferenceSession.create(bytes);
export const x = randn([5, 4]);
export const { scores } = await session.run({ features: new ort.Tensor('float32', x.toTypedArray(), [5, 4]) });
console.log(scores!.dims); // [5, 3]: the numbers model.forward(x) gives in eval mode
