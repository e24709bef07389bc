import { ValueError } from '@torchlet/autograd';
import { LRScheduler, type LrOptimizer } from './lr-scheduler.js';

export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  /** Factor applied to the lr every `stepSize` epochs; default 0.1. */
  gamma: number;
}

export type StepLRInit = Pick<StepLROptions, 'stepSize'> & Partial<StepLROptions> & { lastEpoch?: number };

/**
 * Multiplies each group's lr by `gamma` every `stepSize` epochs (PyTorch's `StepLR`, chainable
 * form: from the group's current lr, so other changes to it carry on).
 */
export class StepLR extends LRScheduler<StepLROptions> {
  constructor(optimizer: LrOptimizer, options: StepLRInit) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`StepLR: options must be an object such as { stepSize: 30 }, got ${String(options)}`);
    }
    const { stepSize, gamma = 0.1, lastEpoch = -1 } = options;
    if (!Number.isInteger(stepSize) || stepSize < 1) {
      throw new ValueError(`StepLR: stepSize must be a positive integer, got ${String(stepSize)}`);
    }
    if (typeof gamma !== 'number' || !Number.isFinite(gamma)) {
      throw new ValueError(`StepLR: gamma must be a finite number, got ${String(gamma)}`);
    }
    super(optimizer, { stepSize, gamma }, lastEpoch);
  }

  get stepSize(): number {
    return this.options.stepSize;
  }

  get gamma(): number {
    return this.options.gamma;
  }

  protected getLr(): number[] {
    const { stepSize, gamma } = this.options;
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % stepSize !== 0) return groups.map((group) => group.lr);
    return groups.map((group) => group.lr * gamma);
  }
}
