// @torchlet/autograd (with its @torchlet/tensor): gradients and the tutorial's printing.
import { gradcheck, noGrad, sub, tensor } from '@torchlet/autograd';

const w = tensor([1, 2], { requiresGrad: true });
const loss = w.mul(w).sum();
loss.backward();
if (JSON.stringify(w.grad?.toArray()) !== '[2,4]') throw new Error(`grad ${String(w.grad)}`);
noGrad(() => w.sub_(w.grad!.mul(0.5)));
const error = sub(4.2, tensor([4.1993], { requiresGrad: true }));
if (String(error) !== 'tensor([0.0007], grad_fn=<RsubBackward1>)') throw new Error(String(error));
const x = tensor([0.5, -1], { dtype: 'float64', requiresGrad: true });
if (!gradcheck((t) => t.exp().mul(t), [x])) throw new Error('gradcheck failed');
console.log('autograd ok');
