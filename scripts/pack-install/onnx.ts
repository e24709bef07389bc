// @torchlet/onnx with its dependencies only: a model exported to ONNX bytes and, through the Node
// subpath, to a file; the bytes decode as a ModelProto with the state dict's initializers.
import { fromBinary } from '@bufbuild/protobuf';
import { randn } from '@torchlet/autograd';
import { Linear, ReLU, Sequential } from '@torchlet/nn';
import { exportOnnx, UnsupportedOpError } from '@torchlet/onnx';
import { saveOnnx } from '@torchlet/onnx/node';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelProtoSchema } from 'onnx-buf';

const model = new Sequential(new Linear(2, 4), new ReLU(), new Linear(4, 1));
const options = { inputNames: ['x'], outputNames: ['y'], dynamicAxes: { x: { 0: 'batch' } } };
const bytes = exportOnnx(model, randn([8, 2]), options);
const proto = fromBinary(ModelProtoSchema, bytes);
const initializers = proto.graph?.initializer
  .map((t) => t.name)
  .sort()
  .join();
if (initializers !== '0.bias,0.weight,2.bias,2.weight') throw new Error(`initializers: ${initializers}`);
if (proto.graph?.node.map((n) => n.opType).join() !== 'Gemm,Relu,Gemm') throw new Error('nodes');
const path = join(mkdtempSync(join(tmpdir(), 'torchlet-pack-')), 'model.onnx');
await saveOnnx(path, model, randn([8, 2]), options);
if (readFileSync(path).length !== bytes.length) throw new Error('file');
if (!(new UnsupportedOpError('op', { path: '', type: 'Net' }, 'x') instanceof Error)) throw new Error('errors');
console.log('onnx ok');
