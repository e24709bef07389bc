import type { Generator, Tensor } from '@torchlet/autograd';
import { checkDropoutProbability, dropout, dropout2d } from '../functional/dropout.js';
import { Module } from '../module.js';

/** Zeroes each element with probability `p` while training and scales the rest by 1/(1-p). */
export class Dropout extends Module {
  readonly generator: Generator | undefined;

  constructor(
    readonly p = 0.5,
    options: { generator?: Generator } = {},
  ) {
    super();
    checkDropoutProbability(p);
    this.generator = options.generator;
  }

  forward(input: Tensor): Tensor {
    return dropout(input, this.p, {
      training: this.training,
      ...(this.generator ? { generator: this.generator } : {}),
    });
  }

  override extraRepr(): string {
    return `p=${this.p}, inplace=False`;
  }
}

/** Zeroes whole channels of [N, C, H, W] with probability `p` while training (PyTorch's Dropout2d). */
export class Dropout2d extends Module {
  readonly generator: Generator | undefined;

  constructor(
    readonly p = 0.5,
    options: { generator?: Generator } = {},
  ) {
    super();
    checkDropoutProbability(p);
    this.generator = options.generator;
  }

  forward(input: Tensor): Tensor {
    return dropout2d(input, this.p, {
      training: this.training,
      ...(this.generator ? { generator: this.generator } : {}),
    });
  }

  override extraRepr(): string {
    return `p=${this.p}, inplace=False`;
  }
}
