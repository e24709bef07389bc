import { IndexError } from '@torchlet/tensor';
import { StateDictError } from '../errors.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** What a container expects of each item, for its error messages. */
export type ItemCheck<T> = (value: unknown) => value is T;
export const isModule: ItemCheck<Module> = (value): value is Module => value instanceof Module;
const isParameter: ItemCheck<Parameter> = (value): value is Parameter => value instanceof Parameter;

function checkItem<T>(container: string, check: ItemCheck<T>, what: string, value: unknown, at: string): T {
  if (!check(value)) {
    const got =
      value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
    throw new StateDictError(`${container}: item ${at} must be a ${what}, got ${got}`);
  }
  return value;
}

/**
 * Items at keys 0, 1, ... as own properties (so they are walked as children or parameters with
 * PyTorch's keys `0.weight`), with list operations that keep the keys dense.
 */
export abstract class IndexedItems<T> extends Module implements Iterable<T> {
  [index: number]: T;
  #length = 0;

  protected constructor(
    private readonly container: string,
    private readonly check: ItemCheck<T>,
    private readonly what: string,
    items: readonly unknown[],
  ) {
    super();
    for (const item of items) this.append(item as T);
  }

  protected override moduleName(): string {
    return this.container;
  }

  get length(): number {
    return this.#length;
  }

  private position(index: number, allowEnd = false): number {
    const i = index < 0 ? index + this.#length : index;
    const limit = allowEnd ? this.#length : this.#length - 1;
    if (!Number.isInteger(i) || i < 0 || i > limit) {
      throw new IndexError(
        `${this.container}: index ${index} is out of range for ${this.#length} ${this.what.toLowerCase()}s`,
      );
    }
    return i;
  }

  /** The item at `index`; negative indices count from the end. */
  at(index: number): T {
    return this[this.position(index)]!;
  }

  /** Adds an item at the end. */
  append(item: T): this {
    this[this.#length] = checkItem(this.container, this.check, this.what, item, String(this.#length));
    this.#length++;
    return this;
  }

  /** Appends every item of `items`. */
  extend(items: Iterable<T>): this {
    const list = [...items];
    list.forEach((item, i) => checkItem(this.container, this.check, this.what, item, String(this.#length + i)));
    for (const item of list) this.append(item);
    return this;
  }

  /** Inserts `item` before `index` (PyTorch's insert): later items move up one key. */
  insert(index: number, item: T): this {
    const at = this.position(index, true);
    checkItem(this.container, this.check, this.what, item, String(at));
    for (let i = this.#length; i > at; i--) this[i] = this[i - 1]!;
    this[at] = item;
    this.#length++;
    return this;
  }

  /** Removes and returns the item at `index`; later items move down one key. */
  pop(index = -1): T {
    const at = this.position(index);
    const item = this[at]!;
    for (let i = at; i < this.#length - 1; i++) this[i] = this[i + 1]!;
    this.#length--;
    delete this[this.#length];
    return item;
  }

  /** Items start ..< end (PyTorch's slicing; negative bounds count from the end). */
  protected sliceItems(start = 0, end = this.#length): T[] {
    const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + this.#length : i, 0), this.#length);
    const out: T[] = [];
    for (let i = clamp(start); i < clamp(end); i++) out.push(this[i]!);
    return out;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.#length; i++) yield this[i]!;
  }
}

/**
 * Sub-modules in a list (PyTorch's ModuleList): keys `0`, `1`, ... so a field `layers` gives
 * state-dict keys `layers.0.weight`. It has no forward of its own: iterate it.
 */
export class ModuleList<T extends Module = Module> extends IndexedItems<T> {
  constructor(modules: Iterable<T> = []) {
    super('ModuleList', isModule as ItemCheck<T>, 'Module', [...modules]);
  }

  /** A ModuleList of items start ..< end (sharing the modules). */
  slice(start?: number, end?: number): ModuleList<T> {
    return new ModuleList(this.sliceItems(start, end));
  }

  forward(): never {
    throw new StateDictError('ModuleList has no forward: iterate over its modules and call theirs');
  }
}

/** Parameters in a list (PyTorch's ParameterList): keys `0`, `1`, ... */
export class ParameterList extends IndexedItems<Parameter> {
  constructor(parameters: Iterable<Parameter> = []) {
    super('ParameterList', isParameter, 'Parameter', [...parameters]);
  }

  forward(): never {
    throw new StateDictError(
      'ParameterList has no forward: use its parameters in the forward of the module that holds it',
    );
  }
}

/**
 * Named items kept in a Map (keys can be anything a state-dict key can, "query" or "0"),
 * walked in insertion order like PyTorch's ModuleDict and ParameterDict.
 */
abstract class NamedItems<T> extends Module {
  readonly #items = new Map<string, T>();

  protected constructor(
    private readonly container: string,
    private readonly check: ItemCheck<T>,
    private readonly what: string,
    items: Iterable<[string, T]> | Record<string, T>,
  ) {
    super();
    this.update(items);
  }

  protected override moduleName(): string {
    return this.container;
  }

  protected override *ownMembers(): Generator<[string, unknown]> {
    yield* this.#items;
  }

  get size(): number {
    return this.#items.size;
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  has(key: string): boolean {
    return this.#items.has(key);
  }

  set(key: string, item: T): this {
    if (typeof key !== 'string' || key === '' || key.includes('.')) {
      throw new StateDictError(
        `${this.container}: invalid key ${JSON.stringify(key)}; keys must be non-empty and contain no "."`,
      );
    }
    this.#items.set(key, checkItem(this.container, this.check, this.what, item, JSON.stringify(key)));
    return this;
  }

  /** Removes `key` and returns its item (PyTorch's pop). */
  delete(key: string): T | undefined {
    const item = this.#items.get(key);
    this.#items.delete(key);
    return item;
  }

  /** Adds or replaces every entry of `items`. */
  update(items: Iterable<[string, T]> | Record<string, T>): this {
    const entries = Symbol.iterator in items ? [...(items as Iterable<[string, T]>)] : Object.entries(items);
    for (const [key, item] of entries) checkItem(this.container, this.check, this.what, item, JSON.stringify(key));
    for (const [key, item] of entries) this.set(key, item);
    return this;
  }

  keys(): IterableIterator<string> {
    return this.#items.keys();
  }

  values(): IterableIterator<T> {
    return this.#items.values();
  }

  entries(): IterableIterator<[string, T]> {
    return this.#items.entries();
  }
}

/** Sub-modules by name (PyTorch's ModuleDict): state-dict keys `heads.query.weight`. */
export class ModuleDict<T extends Module = Module> extends NamedItems<T> {
  constructor(modules: Iterable<[string, T]> | Record<string, T> = {}) {
    super('ModuleDict', isModule as ItemCheck<T>, 'Module', modules);
  }

  forward(): never {
    throw new StateDictError('ModuleDict has no forward: pick its modules by name and call theirs');
  }
}

/** Parameters by name (PyTorch's ParameterDict). */
export class ParameterDict extends NamedItems<Parameter> {
  constructor(parameters: Iterable<[string, Parameter]> | Record<string, Parameter> = {}) {
    super('ParameterDict', isParameter, 'Parameter', parameters);
  }

  forward(): never {
    throw new StateDictError(
      'ParameterDict has no forward: use its parameters in the forward of the module that holds it',
    );
  }
}
