import { pad as padArray, padBackward, type PadMode } from '@torchlet/tensor';
import type { Tensor } from '../tensor.js';
import { linearPair } from './linear-pair.js';

const NODE_NAMES: Record<PadMode, (dims: number) => string> = {
  constant: () => 'ConstantPadNdBackward0',
  reflect: (dims) => `ReflectionPad${dims}DBackward0`,
  replicate: (dims) => `ReplicationPad${dims}DBackward0`,
  circular: () => 'CircularPadBackward0',
};

/** PyTorch's `F.pad`: amounts from the last dim backwards, in constant, reflect, replicate or circular mode. */
export function pad(input: Tensor, pads: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  const original = input.array;
  const [forward] = linearPair(
    ['pad', 'padBackward'],
    [NODE_NAMES[mode](pads.length / 2), 'PadBackwardBackward0'],
    (x) => padArray(x, pads, mode, value),
    (g) => padBackward(g, original, pads, mode),
    { pads, mode, value },
  );
  return forward(input);
}
