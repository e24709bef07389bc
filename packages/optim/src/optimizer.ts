import { DTypeError, enableGrad, Tensor, ValueError, type NDArray } from '@torchlet/autograd';
import {
  camelCase,
  castStateValue,
  copyStateValue,
  describe,
  isPlainObject,
  snakeCase,
  type OptimizerStateDict,
  type ParamGroupStateDict,
  type ParamStateDict,
  type StateValue,
} from './state-dict.js';
import { gradientOf } from './update-target.js';

/** Marks an option that has no default, so every param group must give it (PyTorch's `required`). */
export const required: unique symbol = Symbol('required');

/** An optimizer's defaults: every option, or `required` for one each group must set. */
export type Defaults<O extends object> = { readonly [K in keyof O]: O[K] | typeof required };

/**
 * A param group: its tensors and the options they are updated with. Change options in place
 * (`group.lr = 0.01`) between steps; `step()` reads them every time.
 */
export type ParamGroup<O extends object> = O & {
  params: Tensor[];
  /** The lr a learning-rate scheduler started from (PyTorch's `initial_lr`); set by the first scheduler. */
  initialLr?: number;
};

/** A param group as given to the constructor or `addParamGroup`: options not given come from the defaults. */
export type ParamGroupInput<O extends object> = Partial<O> & {
  params: Tensor | Iterable<Tensor>;
  initialLr?: number;
};

/** One parameter to update in a step: its group, the tensor, and its gradient ready to read. */
export interface StepItem<O extends object> {
  readonly group: ParamGroup<O>;
  readonly param: Tensor;
  /** The gradient as a contiguous array of the parameter's dtype (a copy if it had to be converted). */
  readonly grad: NDArray;
}

/** What optimizers take: tensors, or param groups with their own options. */
export type Params<O extends object> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/**
 * The base of every optimizer, as PyTorch's `torch.optim.Optimizer`: param groups with their
 * options, per-parameter state, `zeroGrad`, `addParamGroup` and state dicts. A subclass
 * implements `step()`, and validates its options in `checkOptions` and its loaded state in
 * `loadParamState` if it wants to.
 *
 * Options are camelCase in TypeScript (`weightDecay`); state dicts use PyTorch's snake_case names
 * (`weight_decay`, `exp_avg_sq`), so a dict reads like PyTorch's.
 */
export abstract class Optimizer<O extends object, S extends object = Record<string, unknown>> {
  readonly defaults: Defaults<O>;
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, moment estimates, ...), created on a parameter's first step. */
  readonly state = new Map<Tensor, S>();

  constructor(params: Params<O>, defaults: Defaults<O>) {
    if ((params as unknown) instanceof Tensor) {
      throw new TypeError(
        'params argument given to the optimizer should be an iterable of Tensors or param groups, but got a Tensor',
      );
    }
    if (!isIterable(params)) {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or param groups, but got ${describe(params)}`,
      );
    }
    this.defaults = defaults;
    const list: unknown[] = Array.from(params as Iterable<unknown>);
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list');
    const groups = (list[0] instanceof Tensor ? [{ params: list }] : list) as ParamGroupInput<O>[];
    for (const group of groups) this.addParamGroup(group);
  }

  /**
   * Updates the parameters from their gradients. With a closure, runs it first with grad mode on
   * (it should zero the grads, compute the loss and call `backward()`) and returns its loss.
   */
  abstract step<L>(closure?: () => L): L | undefined;

  /** Sets the gradients of every parameter to null (the default) or, with `setToNone: false`, to zeros. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`zeroGrad: options must be an object such as { setToNone: false }, got ${describe(options)}`);
    }
    const setToNone = options.setToNone ?? true;
    if (typeof setToNone !== 'boolean') {
      throw new ValueError(`zeroGrad: setToNone must be a boolean, got ${String(setToNone)}`);
    }
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        let grad = param.grad;
        if (grad === null) continue;
        if (setToNone) {
          param.grad = null;
          continue;
        }
        // PyTorch detaches the gradient (it has a graph after backward with createGraph) before zeroing it.
        if (grad.gradFn !== null) {
          grad = grad.detach();
          param.grad = grad;
        } else if (grad.requiresGrad) {
          grad.requiresGrad = false;
        }
        grad.array.zero_();
      }
    }
  }

  /**
   * Adds a param group (e.g. layers unfrozen while fine-tuning). Options it does not give come
   * from the optimizer's defaults.
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    if (!isPlainObject(group)) throw new TypeError(`param group must be an object, got ${describe(group)}`);
    const given = group.params as unknown;
    if (given === undefined) throw new ValueError("param group must have a 'params' entry");
    if (!(given instanceof Tensor) && !isIterable(given)) {
      throw new TypeError(`param group 'params' must be a Tensor or an iterable of Tensors, got ${describe(given)}`);
    }
    const params: unknown[] = given instanceof Tensor ? [given] : Array.from(given as Iterable<unknown>);
    for (const param of params) {
      if (!(param instanceof Tensor)) {
        throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${describe(param)}`);
      }
      if (!(param.isLeaf || param.gradFn?.retainedBy === param)) {
        throw new ValueError("can't optimize a non-leaf Tensor");
      }
      if (param.dtype !== 'float32' && param.dtype !== 'float64') {
        throw new DTypeError(
          `optimizer can only optimize floating point Tensors, but one of the params is ${param.dtype}`,
        );
      }
    }
    const tensors = params as Tensor[];

    const options: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(this.defaults)) {
      const own = (group as Record<string, unknown>)[name];
      if (own !== undefined) options[name] = own;
      else if (value === required) {
        throw new ValueError(`parameter group didn't specify a value of required optimization parameter ${name}`);
      } else options[name] = value;
    }
    for (const [name, value] of Object.entries(group)) {
      if (name === 'params' || name in options || value === undefined) continue;
      const known = camelCase(name);
      if (known !== name && known in options) {
        throw new ValueError(`param group option '${name}' is spelled '${known}' in torchlet`);
      }
      options[name] = value;
    }
    this.checkOptions(options as O);

    if (new Set(tensors).size !== tensors.length) {
      // PyTorch only warns ("in future, this will cause an error"): a repeated tensor is updated twice per step.
      throw new ValueError('optimizer contains a parameter group with duplicate parameters');
    }
    for (const other of this.paramGroups) {
      if (other.params.some((param) => tensors.includes(param))) {
        throw new ValueError('some parameters appear in more than one parameter group');
      }
    }
    this.paramGroups.push({ ...options, params: tensors } as ParamGroup<O>);
  }

  /**
   * The optimizer's state in PyTorch's layout: `{ state: { [paramIndex]: { exp_avg, ... } },
   * param_groups: [{ lr, ..., params: [paramIndex, ...] }] }`. Tensors are copies.
   */
  stateDict(): OptimizerStateDict {
    const indexOf = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group, g): ParamGroupStateDict => {
      const packed: Record<string, StateValue> = {};
      for (const [key, value] of Object.entries(group)) {
        if (key !== 'params' && value !== undefined) {
          packed[snakeCase(key)] = copyStateValue(value, `stateDict: param_groups[${g}].${key}`);
        }
      }
      const indices = group.params.map((param) => {
        let index = indexOf.get(param);
        if (index === undefined) {
          index = indexOf.size;
          indexOf.set(param, index);
        }
        return index;
      });
      return { ...packed, params: indices };
    });
    const state: { [paramIndex: number]: ParamStateDict } = {};
    for (const [param, entry] of this.state) {
      const index = indexOf.get(param);
      if (index === undefined) continue;
      const packed: ParamStateDict = {};
      for (const [key, value] of Object.entries(entry)) {
        if (value !== undefined) packed[snakeCase(key)] = copyStateValue(value, `stateDict: state[${index}].${key}`);
      }
      state[index] = packed;
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Loads a state dict from `stateDict()` (of an optimizer over other tensors with the same group
   * sizes). Values are copied in, so the dict can be changed or reused afterwards; nothing is
   * changed if the dict is rejected.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    if (!isPlainObject(stateDict) || !Array.isArray(stateDict.param_groups) || !isPlainObject(stateDict.state)) {
      throw new ValueError('loadStateDict: expected an object with `state` and `param_groups`, as stateDict() returns');
    }
    const groups = this.paramGroups;
    const savedGroups = stateDict.param_groups;
    if (groups.length !== savedGroups.length) {
      throw new ValueError('loaded state dict has a different number of parameter groups');
    }
    savedGroups.forEach((saved, g) => {
      if (!isPlainObject(saved) || !Array.isArray(saved.params)) {
        throw new ValueError(`loadStateDict: param_groups[${g}] must be an object with a \`params\` array of indices`);
      }
      if (saved.params.length !== groups[g]!.params.length) {
        throw new ValueError(
          "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
        );
      }
    });

    const paramOf = new Map<number, Tensor>();
    savedGroups.forEach((saved, g) =>
      saved.params.forEach((index: unknown, i) => {
        // Each index names one parameter: a repeat would silently give one parameter's state to two.
        if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
          throw new ValueError(
            `loadStateDict: param_groups[${g}].params[${i}] must be a non-negative integer index, got ${String(index)}`,
          );
        }
        if (paramOf.has(index)) {
          throw new ValueError(`loadStateDict: parameter index ${index} appears more than once in param_groups`);
        }
        paramOf.set(index, groups[g]!.params[i]!);
      }),
    );

    const options = savedGroups.map((saved, g) => {
      const loaded: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(saved)) {
        if (key !== 'params')
          loaded[camelCase(key)] = copyStateValue(value, `loadStateDict: param_groups[${g}].${key}`);
      }
      this.checkOptions({ ...groups[g]!, ...loaded } as O);
      return loaded;
    });

    const state = new Map<Tensor, S>();
    for (const [key, entry] of Object.entries(stateDict.state)) {
      const index = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : Number.NaN;
      const param = paramOf.get(index);
      if (param === undefined) {
        throw new ValueError(`loaded state dict has state for parameter ${key}, which is in none of its param_groups`);
      }
      if (!isPlainObject(entry)) throw new ValueError(`loadStateDict: state[${key}] must be an object`);
      const loaded: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(entry)) {
        loaded[camelCase(name)] = castStateValue(value, param.dtype, name, `loadStateDict: state[${key}].${name}`);
      }
      state.set(param, this.loadParamState(param, loaded, index));
    }

    // The saved group replaces the group's options, as PyTorch's does: a key the dict lacks (an
    // `initialLr` set after it was saved) is dropped, except the optimizer's own options, which
    // keep their values (PyTorch's `__setstate__` fills those in for dicts of older versions).
    groups.forEach((group, g) => {
      const loaded = options[g]!;
      for (const key of Object.keys(group)) {
        if (key !== 'params' && !Object.hasOwn(this.defaults, key) && !Object.hasOwn(loaded, key)) {
          delete (group as Record<string, unknown>)[key];
        }
      }
      Object.assign(group, loaded);
    });
    this.state.clear();
    for (const [param, entry] of state) this.state.set(param, entry);
  }

  /** PyTorch's `repr`: each group's options, sorted by name. */
  toString(): string {
    const lines = [`${this.constructor.name} (`];
    this.paramGroups.forEach((group, g) => {
      lines.push(`Parameter Group ${g}`);
      for (const key of Object.keys(group).sort()) {
        if (key !== 'params') lines.push(`    ${key}: ${formatOption((group as Record<string, unknown>)[key])}`);
      }
    });
    lines.push(')');
    return lines.join('\n');
  }

  /**
   * Everything a step will update, checked before anything is written: each group's options
   * (which may have been changed in place since the last step: `group.lr = NaN` is an error
   * here), and each parameter's gradient — a tensor, floating point, of the parameter's shape.
   * Parameters without a gradient are left out. Call it first in `step()` and update only what it
   * returns: a step that fails then changes no parameter and creates no state.
   */
  protected gradients(op: string): StepItem<O>[] {
    const items: StepItem<O>[] = [];
    this.paramGroups.forEach((group, g) => {
      this.checkOptions(group);
      group.params.forEach((param, i) => {
        const grad = gradientOf(param, op, `parameter ${i} of param group ${g}`);
        if (grad !== null) items.push({ group, param, grad });
      });
    });
    return items;
  }

  /** Runs a `step()` closure with grad mode on, as PyTorch's optimizers do. */
  protected evaluateClosure<L>(closure: (() => L) | undefined): L | undefined {
    if (closure !== undefined && typeof closure !== 'function') {
      throw new TypeError(`${this.constructor.name}.step: the closure must be a function, got ${describe(closure)}`);
    }
    return closure === undefined ? undefined : enableGrad(closure);
  }

  /**
   * Throws if a param group's options are invalid. Called when a group is added or loaded, and
   * for every group at the start of each step (by `gradients`), before anything is written.
   */
  protected checkOptions(_options: O): void {}

  /**
   * Turns one parameter's loaded state (keys already camelCase, tensors already copies in the
   * parameter's dtype) into this optimizer's state, validating it.
   */
  protected loadParamState(_param: Tensor, entry: Record<string, unknown>, _index: number): S {
    return entry as S;
  }
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function'
  );
}

function formatOption(value: unknown): string {
  if (Array.isArray(value)) return `(${value.map(formatOption).join(', ')})`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}
