import type { Tensor } from '@torchlet/autograd';
import { pythonTuple } from './python-repr.js';
import { Module } from '../module.js';

export class ReLU extends Module {
  forward(input: Tensor): Tensor {
    return input.relu();
  }
}

export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return input.sigmoid();
  }
}

export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return input.tanh();
  }
}

/** Softmax along `dim` (required, unlike PyTorch's deprecated implicit choice). */
export class Softmax extends Module {
  constructor(readonly dim: number) {
    super();
  }
  forward(input: Tensor): Tensor {
    return input.softmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

export class LogSoftmax extends Module {
  constructor(readonly dim: number) {
    super();
  }
  forward(input: Tensor): Tensor {
    return input.logSoftmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** Flattens dims `startDim..endDim` (by default everything but the batch dim). */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }
  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return input;
  }
}

/** Splits dim `dim` into `unflattenedSize` (PyTorch's Unflatten): [N, 400] → [N, 16, 5, 5]. */
export class Unflatten extends Module {
  constructor(
    readonly dim: number,
    readonly unflattenedSize: readonly number[],
  ) {
    super();
  }
  forward(input: Tensor): Tensor {
    const d = this.dim < 0 ? this.dim + input.ndim : this.dim;
    const shape = [...input.shape.slice(0, d), ...this.unflattenedSize, ...input.shape.slice(d + 1)];
    return input.reshape(shape);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pythonTuple(this.unflattenedSize)}`;
  }
}
