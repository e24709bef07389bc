import { noGrad, ShapeError, Tensor } from '@torchlet/autograd';
import { formatShape, type NDArray } from '@torchlet/tensor';
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
    if (name.includes('.') || name === '') throw new StateDictError(`registerBuffer: invalid buffer name "${name}"`);
    this.bufferNames.set(name, { persistent: options.persistent ?? true });
    (this as unknown as Record<string, unknown>)[name] = tensor;
  }

  // ---- walking the tree ----

  /** Direct sub-modules with their field names. */
  *namedChildren(): Generator<[string, Module]> {
    for (const [name, value] of Object.entries(this)) {
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
      for (const [name, value] of Object.entries(module)) {
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
    for (const [key, target] of targets) {
      const value = stateDict[key];
      if (value === undefined) continue;
      const shape = value instanceof Tensor ? value.shape : value.shape;
      if (formatShape(shape) !== formatShape(target.shape)) {
        problems.push(
          `size mismatch for ${key}: copying a param with shape ${formatShape(shape)} from checkpoint, the shape in current model is ${formatShape(target.shape)}.`,
        );
      }
    }
    if (problems.length > 0) {
      throw new StateDictError(`Error(s) in loading state_dict for ${this.moduleName()}:\n\t${problems.join('\n\t')}`);
    }
    noGrad(() => {
      for (const [key, target] of targets) {
        const value = stateDict[key];
        if (value === undefined) continue;
        try {
          target.array.copy_(value instanceof Tensor ? value.array : value);
        } catch (error) {
          if (error instanceof ShapeError) throw new StateDictError(`loadStateDict: ${key}: ${error.message}`);
          throw error;
        }
      }
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

function quote(key: string): string {
  return `"${key}"`;
}

function indent(text: string): string {
  return text.split('\n').join('\n  ');
}
