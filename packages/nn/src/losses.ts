import type { Tensor } from '@torchlet/autograd';
import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  l1Loss,
  mseLoss,
  nllLoss,
  type BCEWithLogitsOptions,
  type CrossEntropyOptions,
  type LossOptions,
  type NLLLossOptions,
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

/** The class weights of a loss, registered as PyTorch's `weight` buffer (so they are in its state dict). */
abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;
  constructor(options: LossOptions & { weight?: Tensor }) {
    super(options);
    this.registerBuffer('weight', options.weight ?? null);
  }
  protected weightOption(): { weight?: Tensor } {
    return this.weight === null ? {} : { weight: this.weight };
  }
}

/** Softmax cross entropy of logits against class indices (int32) or probabilities. */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(options: CrossEntropyOptions = {}) {
    super(options);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      ...this.weightOption(),
      ignoreIndex: this.ignoreIndex,
      labelSmoothing: this.labelSmoothing,
      reduction: this.reduction,
    });
  }
}

/** Negative log likelihood of log-probabilities (a LogSoftmax output) at class indices. */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  constructor(options: NLLLossOptions = {}) {
    super(options);
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { ...this.weightOption(), ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** Binary cross entropy on logits; `weight` and `posWeight` are PyTorch's `weight` and `pos_weight` buffers. */
export class BCEWithLogitsLoss extends WeightedLoss {
  declare pos_weight: Tensor | null;
  constructor(options: BCEWithLogitsOptions = {}) {
    super(options);
    this.registerBuffer('pos_weight', options.posWeight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      ...this.weightOption(),
      ...(this.pos_weight === null ? {} : { posWeight: this.pos_weight }),
      reduction: this.reduction,
    });
  }
}
