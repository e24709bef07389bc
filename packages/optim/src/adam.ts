import type { Tensor } from '@torchlet/autograd';
import {
  ADAM_KEYS,
  adamStep,
  checkAdamOptions,
  loadAdamState,
  type AdamOptions,
  type AdamState,
} from './adam-update.js';
import { checkKnownOptions } from './options.js';
import { Optimizer, type ParamGroupInput, type Params } from './optimizer.js';

/** Adam and AdamW: the same update and state, differing only in how weight decay is applied. */
export abstract class AdamFamily extends Optimizer<AdamOptions, AdamState> {
  /** The name used in error messages (`Adam.step`). */
  protected abstract get optimizerName(): string;
  /** AdamW's decoupled decay (`p *= 1 − lr·weightDecay`) instead of Adam's L2 term in the gradient. */
  protected abstract get decoupledWeightDecay(): boolean;

  override step<L>(closure?: () => L): L | undefined {
    const loss = this.evaluateClosure(closure);
    // Everything is checked first, so a bad gradient or option changes no parameter and no state.
    for (const { group, param, grad } of this.gradients(`${this.optimizerName}.step`)) {
      adamStep(param, grad, this.state, group, this.decoupledWeightDecay);
    }
    return loss;
  }

  protected override checkOptions(options: AdamOptions): void {
    checkAdamOptions(options);
  }

  protected override loadParamState(param: Tensor, entry: Record<string, unknown>, index: number): AdamState {
    return loadAdamState(param, entry, index);
  }
}

/**
 * Adam (Kingma & Ba), with PyTorch 1.13's L2 weight decay (added to the gradient), amsgrad and
 * maximize. Defaults: `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0.
 */
export class Adam extends AdamFamily {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>, options: Partial<AdamOptions> = {}) {
    checkKnownOptions('Adam', options, ADAM_KEYS);
    super(params as Params<AdamOptions>, adamDefaults(options, 0));
  }
  protected get optimizerName(): string {
    return 'Adam';
  }
  protected get decoupledWeightDecay(): boolean {
    return false;
  }
}

/** The options with PyTorch's defaults filled in, validated (`weightDecay` defaults differ: Adam 0, AdamW 0.01). */
export function adamDefaults(options: Partial<AdamOptions>, weightDecay: number): AdamOptions {
  const defaults: AdamOptions = {
    lr: options.lr ?? 1e-3,
    // A copy (the caller keeps theirs); anything but an array is left for the check to name.
    betas:
      options.betas === undefined
        ? [0.9, 0.999]
        : Array.isArray(options.betas)
          ? ([...options.betas] as unknown as AdamOptions['betas'])
          : options.betas,
    eps: options.eps ?? 1e-8,
    weightDecay: options.weightDecay ?? weightDecay,
    amsgrad: options.amsgrad ?? false,
    maximize: options.maximize ?? false,
  };
  checkAdamOptions(defaults);
  return defaults;
}
