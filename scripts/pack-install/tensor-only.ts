// Only @torchlet/tensor installed: arrays, broadcasting, matmul, printing, the RNG.
import { Generator, ShapeError, matmul, tensor } from '@torchlet/tensor';

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
console.log('tensor ok');
