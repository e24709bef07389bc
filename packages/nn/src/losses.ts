import type { Tensor } from '@torchlet/autograd';
import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  l1Loss,
  mseLoss,
  type BCEWithLogitsOptions,
  type CrossEntropyOptions,
  type LossOptions,
} from './functional/losses.js';
import { checkReduction, type Reduction } from './functional/reduction.js';
import { Module } from './module.js';

/** Base of the loss modules: a reduction, checked once, and `forward(input, target)`. */
abstract class Loss extends Module {
  readonly reduction: Reduction;
  constructor(options: LossOptions) {
    super();
    this.reduction = checkReduction(options.reduction ?? 'mean');
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** Mean squared error (the tutorial's loss): mean((input - target)²) by default. */
export class MSELoss extends Loss {
  constructor(options: LossOptions = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

export class L1Loss extends Loss {
  constructor(options: LossOptions = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends Loss {
  constructor(private readonly options: CrossEntropyOptions = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, { ...this.options, reduction: this.reduction });
  }
}

export class BCEWithLogitsLoss extends Loss {
  constructor(private readonly options: BCEWithLogitsOptions = {}) {
    super(options);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { ...this.options, reduction: this.reduction });
  }
}
