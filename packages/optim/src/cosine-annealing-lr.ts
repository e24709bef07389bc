import { ValueError } from '@torchlet/autograd';
import { LRScheduler, type LrOptimizer } from './lr-scheduler.js';

export interface CosineAnnealingLROptions {
  /** Epochs from the initial lr down to `etaMin` (half a period). */
  tMax: number;
  /** The lowest lr; default 0. */
  etaMin: number;
}

export type CosineAnnealingLRInit = Pick<CosineAnnealingLROptions, 'tMax'> &
  Partial<CosineAnnealingLROptions> & { lastEpoch?: number };

/**
 * Anneals each group's lr from its initial value to `etaMin` along half a cosine over `tMax`
 * epochs, and back up over the next `tMax` (PyTorch's `CosineAnnealingLR`; no warm restarts).
 * Uses PyTorch's recursive (chainable) form, so the values match PyTorch's to the last bits and
 * other changes to a group's lr carry on:
 *
 *     lr_t = etaMin + (lr_{t−1} − etaMin) · (1 + cos(π·t/tMax)) / (1 + cos(π·(t−1)/tMax))
 */
export class CosineAnnealingLR extends LRScheduler<CosineAnnealingLROptions> {
  constructor(optimizer: LrOptimizer, options: CosineAnnealingLRInit) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`CosineAnnealingLR: options must be an object such as { tMax: 100 }, got ${String(options)}`);
    }
    const { tMax, etaMin = 0, lastEpoch = -1 } = options;
    if (typeof tMax !== 'number' || !(tMax > 0) || !Number.isFinite(tMax)) {
      throw new ValueError(`CosineAnnealingLR: tMax must be a positive number, got ${String(tMax)}`);
    }
    if (typeof etaMin !== 'number' || !Number.isFinite(etaMin)) {
      throw new ValueError(`CosineAnnealingLR: etaMin must be a finite number, got ${String(etaMin)}`);
    }
    super(optimizer, { tMax, etaMin }, lastEpoch);
  }

  get tMax(): number {
    return this.options.tMax;
  }

  get etaMin(): number {
    return this.options.etaMin;
  }

  protected getLr(): number[] {
    const { tMax, etaMin } = this.options;
    const epoch = this.lastEpoch;
    const groups = this.optimizer.paramGroups;
    if (epoch === 0) return groups.map((group) => group.lr);
    if (this.stepCount === 1 && epoch > 0) {
      // Resumed with lastEpoch: the closed form, as PyTorch's first step does then.
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((epoch * Math.PI) / tMax))) / 2);
    }
    // Python's floored % and JavaScript's truncated % are zero for the same values.
    if ((epoch - 1 - tMax) % (2 * tMax) === 0) {
      // Zipped with baseLrs as PyTorch does: a group added after the scheduler keeps its lr.
      return this.baseLrs
        .slice(0, groups.length)
        .map((base, i) => groups[i]!.lr + ((base - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return groups.map(
      (group) =>
        ((1 + Math.cos((Math.PI * epoch) / tMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / tMax))) *
          (group.lr - etaMin) +
        etaMin,
    );
  }

  // PyTorch's attribute is `T_max`.
  protected override stateKeyOf(option: string): string {
    return option === 'tMax' ? 'T_max' : super.stateKeyOf(option);
  }
}
