import { describe, expect, test } from 'vitest';
import {
  gradcheck,
  grad,
  nativeEmbedding,
  nativeRecurrentLayer,
  randn,
  tensor,
  type RecurrentMode,
  type Tensor,
} from './index.js';

const leaf = (shape: number[], scale = 0.5) => randn(shape, { dtype: 'float64' }).mul(scale).detach().requiresGrad_();

// Every output (sequence, last hidden state, LSTM's last cell state) folded into one, so one
// gradcheck covers the gradients from all three.
function combined(mode: RecurrentMode, reverse: boolean) {
  return (xw: Tensor, whh: Tensor, h0: Tensor, c0: Tensor, bhh: Tensor) => {
    const out = nativeRecurrentLayer(
      mode,
      xw,
      whh,
      mode === 'gru' ? bhh : null,
      h0,
      mode === 'lstm' ? c0 : null,
      reverse,
    );
    let total = out.output.mul(1.3).sum().add(out.hidden.mul(out.hidden).sum());
    if (out.cell !== null) total = total.add(out.cell.mul(-0.7).sum());
    return total;
  };
}

describe('gradcheck of the fused recurrences (backpropagation through time)', () => {
  for (const mode of ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'] as const)
    for (const reverse of [false, true])
      test(`${mode}${reverse ? ', reverse' : ''}: xw, W_hh, h0, c0, b_hh`, () => {
        const gates = mode === 'lstm' ? 4 : mode === 'gru' ? 3 : 1;
        const [T, B, H] = [4, 2, 3];
        // ReLU's kink: keep pre-activations away from 0 by an offset the finite differences cannot cross.
        const xw =
          mode === 'rnn_relu'
            ? leaf([T, B, gates * H])
                .add(0.8)
                .detach()
                .requiresGrad_()
            : leaf([T, B, gates * H]);
        const inputs = [xw, leaf([gates * H, H], 0.3), leaf([B, H]), leaf([B, H]), leaf([gates * H])];
        expect(gradcheck(combined(mode, reverse), inputs)).toBe(true);
      });

  test('double backward through the fused recurrence is refused', () => {
    const h0 = leaf([1, 2]);
    const out = nativeRecurrentLayer('rnn_tanh', leaf([2, 1, 2]), leaf([2, 2]), null, h0, null, false);
    expect(() => grad(out.output.sum(), [h0], { createGraph: true })).toThrow(
      /RnnTanhBackward0: backward with createGraph/,
    );
  });
});

test('gradcheck of embedding; the padding row gets no gradient, repeats add up', () => {
  const indices = tensor(
    [
      [0, 2],
      [2, 3],
    ],
    { dtype: 'int32' },
  );
  expect(
    gradcheck((w) => nativeEmbedding(indices, w, null).mul(tensor([1, -2], { dtype: 'float64' })), [leaf([4, 2])]),
  ).toBe(true);
  const weight = leaf([4, 2]);
  nativeEmbedding(indices, weight, 2).sum().backward();
  expect(weight.grad!.toArray()).toEqual([
    [1, 1],
    [0, 0],
    [0, 0],
    [1, 1],
  ]);
  expect(() => nativeEmbedding(tensor([4], { dtype: 'int32' }), weight, null)).toThrow(
    /index 4 is out of range for a table of 4 rows/,
  );
  expect(() => nativeEmbedding(tensor([1.0]), weight, null)).toThrow(/indices must be an int32 tensor/);
});
