import { arange, manualSeed, noGrad, normal, stack, type Tensor } from '@torchlet/autograd';
import { Linear, LSTM, Module, MSELoss, utils } from '@torchlet/nn';

// The sequence model of d2l.ai's chapter on sequences: a noisy sine wave, and a model that
// predicts the next value from the last τ = 4 ones.
manualSeed(0);
const T = 1000;
const tau = 4;
const time = arange(1, T + 1).float();
const x = time
  .mul(0.01)
  .sin()
  .add(normal(0, 0.2, [T]));

// Windows [T − τ, τ] of the past, and the value after each.
const windows = stack(
  Array.from({ length: tau }, (_, i) => x.narrow(0, i, T - tau)),
  1,
);
const targets = x.narrow(0, tau, T - tau).reshape([-1, 1]);

/** An LSTM reads the window as a sequence (batch first); a linear layer maps its last state to the prediction. */
class NextValue extends Module {
  lstm = new LSTM(1, 16, { batchFirst: true });
  head = new Linear(16, 1);
  forward(window: Tensor): Tensor {
    const [, [h]] = this.lstm.forward(window.unsqueeze(2)); // [B, τ, 1] → h: [1, B, 16]
    return this.head.forward(h.squeeze(0));
  }
}

export const model = new NextValue();
const lossFn = new MSELoss();
const train = 600; // the first 600 windows train, the rest are held out
for (let epoch = 0; epoch < 20; epoch++) {
  for (let start = 0; start < train; start += 20) {
    const loss = lossFn.forward(model.forward(windows.narrow(0, start, 20)), targets.narrow(0, start, 20));
    model.zeroGrad();
    loss.backward();
    utils.clipGradNorm_(model.parameters(), 1); // as RNN training usually does
    noGrad(() => {
      for (const p of model.parameters()) p.sub_(p.grad!.mul(0.1));
    });
  }
}

const heldOut = T - tau - train;
export const testLoss = noGrad(() =>
  lossFn.forward(model.forward(windows.narrow(0, train, heldOut)), targets.narrow(0, train, heldOut)).item(),
);
// The noise alone has variance 0.2² = 0.04: a one-step prediction cannot beat that by much.
console.log(`one-step prediction loss on held-out windows: ${testLoss.toFixed(3)}`);
