import type { Tensor } from '@torchlet/autograd';
import { adamDefaults } from './adam.js';
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
import { gradientOf } from './update-target.js';

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, `p *= 1 − lr·weightDecay` before
 * the Adam update instead of adding `weightDecay·p` to the gradient. As PyTorch 1.13's
 * `torch.optim.AdamW`, including amsgrad and maximize; `weightDecay` defaults to 0.01.
 */
export class AdamW extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>, options: Partial<AdamOptions> = {}) {
    checkKnownOptions('AdamW', options, ADAM_KEYS);
    super(params as Params<AdamOptions>, adamDefaults(options, 1e-2));
  }

  override step<L>(closure?: () => L): L | undefined {
    const loss = this.evaluateClosure(closure);
    for (const group of this.paramGroups) {
      const params = group.params;
      for (let i = 0; i < params.length; i++) {
        const param = params[i]!;
        const grad = gradientOf(param, 'AdamW.step');
        if (grad !== null) adamStep(param, grad, this.state, group, true);
      }
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
