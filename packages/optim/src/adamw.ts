import type { Tensor } from '@torchlet/autograd';
import { AdamFamily, adamDefaults } from './adam.js';
import { ADAM_KEYS, type AdamOptions } from './adam-update.js';
import { checkKnownOptions } from './options.js';
import type { ParamGroupInput, Params } from './optimizer.js';

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, `p *= 1 − lr·weightDecay` before
 * the Adam update instead of adding `weightDecay·p` to the gradient. As PyTorch 1.13's
 * `torch.optim.AdamW`, including amsgrad and maximize; `weightDecay` defaults to 0.01.
 */
export class AdamW extends AdamFamily {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>, options: Partial<AdamOptions> = {}) {
    checkKnownOptions('AdamW', options, ADAM_KEYS);
    super(params as Params<AdamOptions>, adamDefaults(options, 1e-2));
  }
  protected get optimizerName(): string {
    return 'AdamW';
  }
  protected get decoupledWeightDecay(): boolean {
    return true;
  }
}
