import { noGrad, Tensor, TorchletError } from '@torchlet/autograd';
import { formatShape, NDArray as NDArrayClass, type NDArray } from '@torchlet/tensor';
import { StateDictError } from './errors.js';
import { Parameter } from './parameter.js';

/** What `loadStateDict` accepts per key: a tensor or a bare NDArray (e.g. read from a file). */
export type StateValue = Tensor | NDArray;
export type StateDict = Record<string, StateValue>;

export interface LoadResult {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
}

/**
 * Base class of every layer. Parameters and sub-modules are found by walking the instance's own
 * fields (in declaration order), so a subclass only assigns them:
 *
 *     class Affine extends Module { weight = new Parameter(ones([3])); forward(x: Tensor) { ... } }
 *
 * Buffers (tensors that are state but not parameters, e.g. running statistics) are registered
 * with `registerBuffer`. State-dict keys are PyTorch's: `child.name`, `0.weight` in a Sequential.
 */
export abstract class Module {
  /** Training mode (true) or evaluation mode; changes Dropout and friends. */
  training = true;
  private readonly bufferNames = new Map<string, { persistent: boolean }>();

  /** The computation. Subclasses declare their own parameters (`forward(x: Tensor): Tensor`). */
  abstract forward(...inputs: never[]): unknown;

  /** The name shown by `toString()` and in errors: the class name (PyTorch's `_get_name`). */
  protected moduleName(): string {
    return this.constructor.name;
  }

  /** One line of configuration shown by `toString()` (PyTorch's `extra_repr`). */
  extraRepr(): string {
    return '';
  }

  /** Registers a tensor that is state but not a parameter; `persistent` ones go in `stateDict()`. */
  registerBuffer(name: string, tensor: Tensor | null, options: { persistent?: boolean } = {}): void {
    checkName('registerBuffer', name);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new StateDictError(`registerBuffer: buffer "${name}" must be a Tensor or null, got ${describe(tensor)}`);
    }
    this.bufferNames.set(name, { persistent: options.persistent ?? true });
    (this as unknown as Record<string, unknown>)[name] = tensor;
  }

  /** Adds a parameter under `name` (for names built at run time, like `weight_ih_l0`); null registers none. */
  registerParameter(name: string, parameter: Parameter | null): void {
    checkName('registerParameter', name);
    if (parameter !== null && !(parameter instanceof Parameter)) {
      throw new StateDictError(
        `registerParameter: "${name}" must be a Parameter or null, got ${describe(parameter)} (wrap a tensor in new Parameter(...))`,
      );
    }
    (this as unknown as Record<string, unknown>)[name] = parameter;
  }

  /** Adds a sub-module under `name` (PyTorch's `add_module`); null registers none. */
  registerModule(name: string, module: Module | null): void {
    checkName('registerModule', name);
    if (module !== null && !(module instanceof Module)) {
      throw new StateDictError(`registerModule: "${name}" must be a Module or null, got ${describe(module)}`);
    }
    (this as unknown as Record<string, unknown>)[name] = module;
  }

  /** PyTorch's name for `registerModule`. */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  // ---- walking the tree ----

  /**
   * This module's own fields with what they hold, walked into: a Module or Parameter as itself,
   * and the Modules and Parameters inside plain arrays and objects under PyTorch-style keys
   * (`layers.0`, `heads.query`), as ModuleList/ModuleDict would give them. Containers override it.
   */
  protected *ownMembers(): Generator<[string, unknown]> {
    for (const [name, value] of Object.entries(this)) {
      if (name === 'training' || name === 'bufferNames') continue;
      yield* walkValue(name, value);
    }
  }

  /** Direct sub-modules with their keys (a module in an array field `layers` is `layers.0`). */
  *namedChildren(): Generator<[string, Module]> {
    for (const [name, value] of this.ownMembers()) {
      if (value instanceof Module) yield [name, value];
    }
  }

  *children(): Generator<Module> {
    for (const [, child] of this.namedChildren()) yield child;
  }

  /** This module and every module below it, with dotted names ('' for this one). */
  *namedModules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [name, child] of this.namedChildren())
      yield* child.namedModules(prefix === '' ? name : `${prefix}.${name}`);
  }

  *modules(): Generator<Module> {
    for (const [, module] of this.namedModules()) yield module;
  }

  /** Parameters with PyTorch's dotted keys (`0.weight`); each parameter is listed once. */
  namedParameters(options: { prefix?: string; recurse?: boolean } = {}): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    const modules =
      options.recurse === false
        ? [[options.prefix ?? '', this] as [string, Module]]
        : this.namedModules(options.prefix ?? '');
    for (const [path, module] of modules) {
      for (const [name, value] of module.ownMembers()) {
        if (value instanceof Parameter && !seen.has(value)) {
          seen.add(value);
          out.push([path === '' ? name : `${path}.${name}`, value]);
        }
      }
    }
    return out;
  }

  /** Every parameter, in the order of `namedParameters()` (what an optimizer takes). */
  parameters(options: { recurse?: boolean } = {}): Parameter[] {
    return this.namedParameters(options).map(([, p]) => p);
  }

  /** Registered buffers with dotted keys (null buffers are skipped, as in PyTorch). */
  namedBuffers(options: { persistentOnly?: boolean } = {}): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [path, module] of this.namedModules()) {
      for (const [name, { persistent }] of module.bufferNames) {
        const value = (module as unknown as Record<string, unknown>)[name];
        if (value instanceof Tensor && (persistent || options.persistentOnly !== true)) {
          out.push([path === '' ? name : `${path}.${name}`, value]);
        }
      }
    }
    return out;
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /**
   * Tensor fields that would be state but are neither a Parameter nor a registered buffer: the
   * state dict would silently leave them out, so stateDict/loadStateDict refuse them instead.
   * Results of ops (tensors with a grad_fn, e.g. a cached output) are not state and are allowed.
   */
  private checkUnregisteredTensors(): void {
    for (const [path, module] of this.namedModules()) {
      for (const [name, value] of module.ownMembers()) {
        if (!(value instanceof Tensor) || value instanceof Parameter || value.gradFn !== null) continue;
        if (module.bufferNames.has(name)) continue;
        const key = path === '' ? name : `${path}.${name}`;
        throw new StateDictError(
          `${module.moduleName()}: field "${key}" holds a Tensor that is neither a Parameter nor a registered buffer, ` +
            `so it would be left out of the state dict. Make it a Parameter, or register it with ` +
            `this.registerBuffer('${name.split('.')[0]}', tensor) (add { persistent: false } to keep it out of the state dict on purpose).`,
        );
      }
    }
  }

  // ---- modes and helpers ----

  /** Sets training mode on this module and every sub-module. */
  train(mode = true): this {
    for (const module of this.modules()) module.training = mode;
    return this;
  }

  /** Evaluation mode (`train(false)`). */
  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient: to null (default, as PyTorch 2) or to zeros. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (options.setToNone ?? true) p.grad = null;
      else p.grad.array.zero_();
    }
  }

  /** Calls `fn` on every sub-module, then on this one (PyTorch's `apply`, e.g. for custom init). */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  // ---- state dict ----

  /** Parameters and persistent buffers by dotted key, detached but sharing storage (as PyTorch). */
  stateDict(): Record<string, Tensor> {
    this.checkUnregisteredTensors();
    const out: Record<string, Tensor> = {};
    for (const [key, p] of this.namedParameters()) out[key] = p.detach();
    for (const [key, b] of this.namedBuffers({ persistentOnly: true })) out[key] = b.detach();
    return out;
  }

  /**
   * Copies values from `stateDict` into the parameters and buffers. Missing and unexpected keys
   * are errors when `strict` (default), otherwise returned; a shape mismatch is always an error.
   * All problems are reported at once, in PyTorch's words, before anything is copied.
   */
  loadStateDict(stateDict: StateDict, options: { strict?: boolean } = {}): LoadResult {
    this.checkUnregisteredTensors();
    if (typeof stateDict !== 'object' || stateDict === null || Array.isArray(stateDict)) {
      throw new StateDictError(`loadStateDict: expected an object of tensors by key, got ${describe(stateDict)}`);
    }
    const strict = options.strict ?? true;
    const targets = new Map<string, Tensor>([
      ...this.namedParameters(),
      ...this.namedBuffers({ persistentOnly: true }),
    ]);
    const missingKeys = [...targets.keys()].filter((key) => !Object.hasOwn(stateDict, key));
    const unexpectedKeys = Object.keys(stateDict).filter((key) => !targets.has(key));
    const problems: string[] = [];
    if (strict && missingKeys.length > 0)
      problems.push(`Missing key(s) in state_dict: ${missingKeys.map(quote).join(', ')}. `);
    if (strict && unexpectedKeys.length > 0)
      problems.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map(quote).join(', ')}. `);
    // Every value converted to its target's dtype before anything is written: a call that fails
    // (a wrong shape, a value that is no tensor, a NaN for an integer buffer) changes nothing.
    const converted = new Map<Tensor, NDArray>();
    for (const [key, target] of targets) {
      const value: unknown = stateDict[key];
      if (value === undefined) continue;
      if (!(value instanceof Tensor) && !(value instanceof NDArrayClass)) {
        problems.push(`value for ${key} must be a Tensor or an NDArray, got ${describe(value)}.`);
        continue;
      }
      const array = value instanceof Tensor ? value.array : value;
      if (formatShape(array.shape) !== formatShape(target.shape)) {
        problems.push(
          `size mismatch for ${key}: copying a param with shape ${formatShape(array.shape)} from checkpoint, the shape in current model is ${formatShape(target.shape)}.`,
        );
        continue;
      }
      try {
        converted.set(target, array.to(target.dtype));
      } catch (error) {
        if (!(error instanceof TorchletError)) throw error;
        problems.push(`${key}: ${error.message}`);
      }
    }
    if (problems.length > 0) {
      throw new StateDictError(`Error(s) in loading state_dict for ${this.moduleName()}:\n\t${problems.join('\n\t')}`);
    }
    noGrad(() => {
      for (const [target, array] of converted) target.array.copy_(array);
    });
    return { missingKeys, unexpectedKeys };
  }

  // ---- printing ----

  /** PyTorch's module repr: the class name, its extra repr, and each child indented. */
  toString(): string {
    const lines: string[] = [];
    const extra = this.extraRepr();
    if (extra !== '') lines.push(...extra.split('\n'));
    for (const [name, child] of this.namedChildren()) lines.push(`(${name}): ${indent(child.toString())}`);
    const name = this.moduleName();
    if (lines.length === 0) return `${name}()`;
    if (lines.length === 1 && extra !== '' && !extra.includes('\n')) return `${name}(${extra})`;
    return `${name}(\n  ${lines.join('\n  ')}\n)`;
  }
}

/** A value for an error message: its type, or its constructor's name. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value} (${String(value)})`;
  return `a ${value.constructor?.name ?? 'object'}`;
}

function checkName(op: string, name: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new StateDictError(`${op}: invalid name ${JSON.stringify(name)}; names must be non-empty and contain no "."`);
  }
}

/** A plain array or object literal (not a class instance): what a field may group modules in. */
function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A field's value, walked into plain arrays and objects: [key, value] of every Module, Parameter and Tensor. */
function* walkValue(key: string, value: unknown, inside: Set<unknown> = new Set()): Generator<[string, unknown]> {
  if (value instanceof Module || value instanceof Tensor) {
    yield [key, value];
    return;
  }
  if (!isPlainContainer(value) || inside.has(value)) return; // a cycle of plain objects ends here
  inside.add(value);
  for (const [inner, item] of Object.entries(value)) yield* walkValue(`${key}.${inner}`, item, inside);
  inside.delete(value);
}

function quote(key: string): string {
  return `"${key}"`;
}

function indent(text: string): string {
  return text.split('\n').join('\n  ');
}
