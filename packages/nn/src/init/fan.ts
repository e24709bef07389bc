import { ValueError, type Shape } from '@torchlet/tensor';

/** PyTorch's `_calculate_fan_in_and_fan_out`: [out, in, ...receptive field] weights. */
export function fanInAndFanOut(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new ValueError(
      `init: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape [${shape.join(', ')}])`,
    );
  }
  let receptiveField = 1;
  for (let i = 2; i < shape.length; i++) receptiveField *= shape[i]!;
  return { fanIn: shape[1]! * receptiveField, fanOut: shape[0]! * receptiveField };
}

export type Nonlinearity =
  'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** PyTorch's `calculate_gain`: the recommended scale for an activation. */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError(`calculateGain: unsupported nonlinearity ${String(nonlinearity)}`);
  }
}
