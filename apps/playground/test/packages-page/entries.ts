// Every package's main entry, as a browser bundle gets it (the test's bundler refuses Node built-ins).
import * as autograd from '@torchlet/autograd';
import * as checkpoint from '@torchlet/checkpoint';
import * as data from '@torchlet/data';
import * as metrics from '@torchlet/metrics';
import * as nn from '@torchlet/nn';
import * as onnx from '@torchlet/onnx';
import * as optim from '@torchlet/optim';
import * as tensor from '@torchlet/tensor';

export const ENTRIES: Record<string, object> = { autograd, checkpoint, data, metrics, nn, onnx, optim, tensor };
