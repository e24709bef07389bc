import { ValueError } from '@torchlet/autograd';
import { Optimizer } from './optimizer.js';
import { isPlainObject, snakeCase } from './state-dict.js';

/** What a scheduler needs of an optimizer: param groups with an `lr`. */
export type LrOptimizer = Optimizer<{ lr: number }, object>;

/** A scheduler's state in PyTorch's layout (`{ step_size, gamma, base_lrs, last_epoch, _step_count, _last_lr, ... }`). */
export interface SchedulerStateDict {
  [key: string]: number | boolean | string | readonly number[];
}

/**
 * The base of learning-rate schedulers, as PyTorch 1.13's `_LRScheduler`: it records each group's
 * `initialLr` (or, resuming with `lastEpoch`, requires it), keeps `baseLrs`, and on `step()`
 * advances `lastEpoch` and writes `getLr()`'s values into the optimizer's param groups.
 *
 * The constructor takes its first step, as PyTorch's does, before a subclass constructor's own
 * fields are set; so a subclass keeps what `getLr()` reads in `options`, which is set first.
 */
export abstract class LRScheduler<O extends object = object> {
  readonly optimizer: LrOptimizer;
  /** The schedule's settings (`stepSize`, `gamma`, ...); saved in the state dict. */
  readonly options: O;
  /** Each group's `initialLr`. */
  baseLrs: number[];
  /** Epochs (calls of `step()`) so far; -1 before the constructor's first step. */
  lastEpoch: number;
  /** Calls of `step()`, including the constructor's (PyTorch's `_step_count`). */
  protected stepCount = 0;
  private lastLr: number[] = [];

  constructor(optimizer: LrOptimizer, options: O, lastEpoch = -1) {
    if (!(optimizer instanceof Optimizer)) {
      throw new TypeError(
        `${(optimizer as object | null)?.constructor?.name ?? String(optimizer)} is not an Optimizer`,
      );
    }
    if (!Number.isInteger(lastEpoch) || lastEpoch < -1) {
      throw new ValueError(`${new.target.name}: lastEpoch must be an integer ≥ -1, got ${lastEpoch}`);
    }
    this.optimizer = optimizer;
    this.options = options;
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const group of groups) group.initialLr ??= group.lr;
    } else {
      groups.forEach((group, i) => {
        if (group.initialLr === undefined) {
          throw new ValueError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.baseLrs = groups.map((group) => group.initialLr!);
    this.lastEpoch = lastEpoch;
    this.step();
  }

  /** Advances one epoch and sets each param group's `lr` to the schedule's value. */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    const values = this.getLr();
    const groups = this.optimizer.paramGroups;
    const count = Math.min(groups.length, values.length);
    for (let i = 0; i < count; i++) groups[i]!.lr = values[i]!;
    this.lastLr = groups.map((group) => group.lr);
  }

  /** The learning rates the last `step()` set, one per param group. */
  getLastLr(): readonly number[] {
    return this.lastLr;
  }

  /** The schedule: each group's lr for the epoch `lastEpoch`, usually from its current lr (the chainable form). */
  protected abstract getLr(): number[];

  /** The state-dict name of an option: snake_case by default (`stepSize` → `step_size`). */
  protected stateKeyOf(option: string): string {
    return snakeCase(option);
  }

  /** Everything but the optimizer, with PyTorch's key names. */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [key, value] of Object.entries(this.options)) {
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
        out[this.stateKeyOf(key)] = value;
      } else if (Array.isArray(value) && value.every((item) => typeof item === 'number')) {
        out[this.stateKeyOf(key)] = [...(value as number[])];
      }
    }
    out['base_lrs'] = [...this.baseLrs];
    out['last_epoch'] = this.lastEpoch;
    out['verbose'] = false;
    out['_step_count'] = this.stepCount;
    out['_get_lr_called_within_step'] = false;
    out['_last_lr'] = [...this.lastLr];
    return out;
  }

  /** Restores `stateDict()`'s values (copied). Keys it does not know are ignored, as PyTorch sets them as attributes. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    if (!isPlainObject(stateDict)) throw new ValueError('loadStateDict: expected the object stateDict() returns');
    const groups = this.optimizer.paramGroups.length;
    const options: Record<string, unknown> = {};
    for (const [key, current] of Object.entries(this.options)) {
      const value = stateDict[this.stateKeyOf(key)];
      if (value === undefined) continue;
      if (typeof value !== typeof current || Array.isArray(value) !== Array.isArray(current)) {
        throw new ValueError(
          `loadStateDict: ${this.stateKeyOf(key)} must be a ${typeof current}, got ${String(value)}`,
        );
      }
      options[key] = Array.isArray(value) ? [...value] : value;
    }
    const baseLrs = numbers(stateDict['base_lrs'], 'base_lrs', groups);
    const lastLr = numbers(stateDict['_last_lr'], '_last_lr', groups);
    const lastEpoch = integer(stateDict['last_epoch'], 'last_epoch', -1);
    const stepCount = integer(stateDict['_step_count'], '_step_count', 0);
    Object.assign(this.options, options);
    if (baseLrs !== undefined) this.baseLrs = baseLrs;
    if (lastLr !== undefined) this.lastLr = lastLr;
    if (lastEpoch !== undefined) this.lastEpoch = lastEpoch;
    if (stepCount !== undefined) this.stepCount = stepCount;
  }
}

function numbers(value: unknown, key: string, length: number): number[] | undefined {
  if (value === undefined) return undefined;
  // Finite: a NaN learning rate would only surface at the next optimizer step.
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
    throw new ValueError(`loadStateDict: ${key} must be an array of finite numbers, got ${String(value)}`);
  }
  if (value.length !== length) {
    throw new ValueError(
      `loadStateDict: ${key} has ${value.length} values, but the optimizer has ${length} param groups`,
    );
  }
  return [...(value as number[])];
}

function integer(value: unknown, key: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(`loadStateDict: ${key} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}
