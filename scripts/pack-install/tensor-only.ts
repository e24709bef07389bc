// Only @torchlet/tensor installed: arrays, broadcasting, matmul, printing, the RNG.
import { Generator, ShapeError, jsBackend, matmul, rand, setBackend, tensor } from '@torchlet/tensor';

const a = tensor([
  [1, 2],
  [3, 4],
]);
const product = matmul(a, a.t()).add(tensor([10, 20]));
if (String(product) !== 'tensor([[15., 31.],\n        [21., 45.]])') throw new Error(`unexpected:\n${product}`);
const generator = new Generator(1);
const state = generator.getState();
const first = generator.nextNormal();
if (generator.setState(state).nextNormal() !== first) throw new Error('generator state did not restore');
try {
  matmul(a, tensor([1, 2, 3]));
  throw new Error('expected a ShapeError');
} catch (error) {
  if (!(error instanceof ShapeError)) throw error;
}
// Large enough for the WebAssembly kernels (and the worker thread), loaded from the tarball.
const x = rand([256, 256], { generator });
const fast = matmul(x, x.t());
const previous = setBackend(jsBackend);
const reference = matmul(x, x.t());
setBackend(previous);
const worst = fast.sub(reference).abs().max().item();
if (!(worst < 1e-3)) throw new Error(`wasm matmul differs from the JS kernel by ${worst}`);
console.log('tensor ok');
