import { noGrad, type Generator, type Tensor } from '@torchlet/autograd';
import { ValueError } from '@torchlet/tensor';
import { calculateGain, fanInAndFanOut, type Nonlinearity } from './fan.js';

// nn.init: in-place initialisers, run without recording the graph (as PyTorch's).

export interface InitOptions {
  generator?: Generator;
}

export interface KaimingOptions extends InitOptions {
  /** Negative slope of the rectifier after this layer (leaky_relu); √5 gives Linear's default. */
  a?: number;
  mode?: 'fanIn' | 'fanOut';
  nonlinearity?: Nonlinearity;
}

export interface XavierOptions extends InitOptions {
  gain?: number;
}

function generatorOf(options: InitOptions): { generator?: Generator } {
  return options.generator === undefined ? {} : { generator: options.generator };
}

export function uniform_(tensor: Tensor, low = 0, high = 1, options: InitOptions = {}): Tensor {
  return noGrad(() => tensor.uniform_(low, high, generatorOf(options)));
}

export function normal_(tensor: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  return noGrad(() => tensor.normal_(mean, std, generatorOf(options)));
}

export function constant_(tensor: Tensor, value: number): Tensor {
  return noGrad(() => tensor.fill_(value));
}

export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0);
}

export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1);
}

function kaimingStd(tensor: Tensor, options: KaimingOptions): number {
  const { fanIn, fanOut } = fanInAndFanOut(tensor.shape);
  const mode = options.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut')
    throw new ValueError(`kaiming: mode ${String(mode)} not supported, please use one of fanIn, fanOut`);
  const fan = mode === 'fanIn' ? fanIn : fanOut;
  const gain = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0);
  return gain / Math.sqrt(fan);
}

/** He initialisation, uniform: U(-b, b) with b = gain · √(3 / fan). */
export function kaimingUniform_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(tensor, options);
  return uniform_(tensor, -bound, bound, options);
}

/** He initialisation, normal: N(0, (gain / √fan)²). */
export function kaimingNormal_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  return normal_(tensor, 0, kaimingStd(tensor, options), options);
}

function xavierStd(tensor: Tensor, options: XavierOptions): number {
  const { fanIn, fanOut } = fanInAndFanOut(tensor.shape);
  return (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
}

/** Glorot initialisation, uniform: U(-a, a) with a = gain · √(6 / (fanIn + fanOut)). */
export function xavierUniform_(tensor: Tensor, options: XavierOptions = {}): Tensor {
  const bound = Math.sqrt(3) * xavierStd(tensor, options);
  return uniform_(tensor, -bound, bound, options);
}

/** Glorot initialisation, normal: N(0, gain² · 2 / (fanIn + fanOut)). */
export function xavierNormal_(tensor: Tensor, options: XavierOptions = {}): Tensor {
  return normal_(tensor, 0, xavierStd(tensor, options), options);
}

export { calculateGain, fanInAndFanOut, type Nonlinearity };
