import { Tensor, ValueError, type NDArray } from '@torchlet/autograd';
import { checkBooleanOption, checkNonNegative } from './options.js';
import { required, type Defaults } from './optimizer.js';
import { commit, stateTensor, updateTarget, zerosLike } from './update-target.js';

/** Adam's and AdamW's options. */
export interface AdamOptions {
  lr: number;
  /** Decay rates of the first and second moment estimates. */
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

export interface AdamState {
  /** Steps taken for this parameter (PyTorch 1.13 keeps it in a float32 tensor; a number is exact). */
  step: number;
  expAvg: Tensor;
  expAvgSq: Tensor;
  /** Only with amsgrad. */
  maxExpAvgSq?: Tensor;
}

export const ADAM_KEYS: readonly (keyof AdamOptions)[] = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'];

export function checkAdamOptions(options: Defaults<AdamOptions>): void {
  if (options.lr !== required) checkNonNegative(options.lr, 'Invalid learning rate');
  checkNonNegative(options.eps, 'Invalid epsilon value');
  const betas = options.betas as unknown;
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new ValueError(`Invalid betas: expected two numbers, got ${String(betas)}`);
  }
  betas.forEach((beta: unknown, i) => {
    if (typeof beta !== 'number' || !(beta >= 0 && beta < 1)) {
      throw new ValueError(`Invalid beta parameter at index ${i}: ${String(beta)}`);
    }
  });
  checkNonNegative(options.weightDecay, 'Invalid weight_decay value');
  checkBooleanOption(options.amsgrad, 'amsgrad');
  checkBooleanOption(options.maximize, 'maximize');
}

/** One parameter's Adam or AdamW step: creates its state on the first one, then updates in place. */
export function adamStep(
  param: Tensor,
  grad: NDArray,
  states: Map<Tensor, AdamState>,
  group: AdamOptions,
  decoupled: boolean,
): void {
  let state = states.get(param);
  if (state === undefined) {
    state = { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
    if (group.amsgrad) state.maxExpAvgSq = zerosLike(param);
    states.set(param, state);
  }
  // PyTorch raises a KeyError when amsgrad is switched on after the first step; a zero maximum is what it means.
  if (group.amsgrad && state.maxExpAvgSq === undefined) state.maxExpAvgSq = zerosLike(param);
  state.step += 1;
  const target = updateTarget(param);
  adamUpdate(target, grad, state, group, decoupled);
  commit(param, target);
}

/**
 * PyTorch 1.13's single-tensor Adam (`decoupled` false) or AdamW (true), fused into one loop:
 *
 *     AdamW: p *= 1 − lr·weightDecay          Adam: g = ±grad + weightDecay·p
 *     m = β1·m + (1 − β1)·g
 *     v = β2·v + (1 − β2)·g·g                 (amsgrad: v̂ = max(v̂, v), used below instead of v)
 *     p += −(lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + eps)
 *
 * Values are stored in the parameter's dtype where PyTorch stores a tensor; see `sgdUpdate`.
 */
function adamUpdate(param: NDArray, grad: NDArray, state: AdamState, group: AdamOptions, decoupled: boolean): void {
  const round = param.dtype === 'float32' ? Math.fround : identity;
  const { lr, weightDecay, maximize } = group;
  const [beta1, beta2] = group.betas;
  const step = state.step;
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2 = 1 - beta2 ** step;
  const stepSize = round(-(lr / biasCorrection1));
  const biasCorrection2Sqrt = round(Math.sqrt(biasCorrection2));
  const coupledDecay = !decoupled && weightDecay !== 0;
  const decay = round(weightDecay);
  const shrink = round(1 - lr * weightDecay);
  const b1 = round(beta1);
  const b2 = round(beta2);
  const keep1 = round(1 - beta1);
  const keep2 = round(1 - beta2);
  const eps = round(group.eps);

  const p = param.storage.data;
  const g = grad.storage.data;
  const m = state.expAvg.array.storage.data;
  const v = state.expAvgSq.array.storage.data;
  const maxV = state.maxExpAvgSq === undefined || !group.amsgrad ? null : state.maxExpAvgSq.array.storage.data;
  const po = param.offset;
  const go = grad.offset;
  const mo = state.expAvg.array.offset;
  const vo = state.expAvgSq.array.offset;
  const xo = state.maxExpAvgSq?.array.offset ?? 0;
  const n = param.size;
  for (let i = 0; i < n; i++) {
    const pi = po + i;
    const mi = mo + i;
    const vi = vo + i;
    let d = maximize ? -g[go + i]! : g[go + i]!;
    if (decoupled) p[pi] = p[pi]! * shrink;
    else if (coupledDecay) d = round(d + decay * p[pi]!);
    m[mi] = m[mi]! * b1;
    m[mi] = m[mi]! + keep1 * d;
    v[vi] = v[vi]! * b2;
    v[vi] = v[vi]! + keep2 * d * d;
    let second = v[vi]!;
    if (maxV !== null) {
      const xi = xo + i;
      maxV[xi] = Math.max(maxV[xi]!, second);
      second = maxV[xi]!;
    }
    const denom = round(round(round(Math.sqrt(second)) / biasCorrection2Sqrt) + eps);
    p[pi] = p[pi]! + (stepSize * m[mi]!) / denom;
  }
  state.expAvg.array.storage.version++;
  state.expAvgSq.array.storage.version++;
  if (maxV !== null) state.maxExpAvgSq!.array.storage.version++;
}

/** Checks and converts one parameter's loaded Adam state (`step` may be PyTorch's tensor). */
export function loadAdamState(param: Tensor, entry: Record<string, unknown>, index: number): AdamState {
  const raw = entry['step'];
  const step = raw instanceof Tensor && raw.numel() === 1 ? raw.item() : raw;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    throw new ValueError(`loadStateDict: state[${index}].step must be a whole number of steps, got ${String(step)}`);
  }
  const state: AdamState = {
    step,
    expAvg: stateTensor(entry, 'expAvg', param, index),
    expAvgSq: stateTensor(entry, 'expAvgSq', param, index),
  };
  if (entry['maxExpAvgSq'] !== undefined) state.maxExpAvgSq = stateTensor(entry, 'maxExpAvgSq', param, index);
  return state;
}

function identity(x: number): number {
  return x;
}
