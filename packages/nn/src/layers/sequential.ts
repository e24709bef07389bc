import type { Tensor } from '@torchlet/autograd';
import { IndexError } from '@torchlet/tensor';
import { Module } from '../module.js';

/** A module whose forward takes and returns one tensor: what a Sequential chains. */
export interface TensorModule extends Module {
  forward(input: Tensor): Tensor;
}

/** `model[0]` typed as the module at that position (the tutorial's `model[0].weight`). */
type Indexed<T extends readonly Module[]> = { readonly [K in keyof T as K extends `${number}` ? K : never]: T[K] };

class SequentialModule extends Module implements Iterable<Module> {
  [index: number]: Module;
  #length: number;

  constructor(...modules: Module[]) {
    super();
    modules.forEach((module, i) => {
      this[i] = module;
    });
    this.#length = modules.length;
  }

  protected override moduleName(): string {
    return 'Sequential';
  }

  /** Number of modules. */
  get length(): number {
    return this.#length;
  }

  /** The module at `index`; negative indices count from the end. */
  at(index: number): Module {
    const i = index < 0 ? index + this.#length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#length) {
      throw new IndexError(`Sequential: index ${index} is out of range for ${this.#length} modules`);
    }
    return this[i]!;
  }

  /** Adds a module at the end (its key is the next index). */
  append(module: Module): this {
    this[this.#length++] = module;
    return this;
  }

  *[Symbol.iterator](): Iterator<Module> {
    for (let i = 0; i < this.#length; i++) yield this[i]!;
  }

  /** Feeds the input through every module in order. */
  forward(input: Tensor): Tensor {
    let x = input;
    for (let i = 0; i < this.#length; i++) x = (this[i] as TensorModule).forward(x);
    return x;
  }
}

/** A Sequential of the modules `T`, indexable by position with each module's own type. */
export type Sequential<T extends readonly Module[] = Module[]> = SequentialModule & Indexed<T>;

/**
 * Chains modules: `new Sequential(new Linear(2, 1))`. Children are keyed `0`, `1`, ... so
 * state-dict keys are PyTorch's (`0.weight`), and `model[0]` is typed as the `Linear`.
 */
export const Sequential = SequentialModule as unknown as {
  new <T extends Module[]>(...modules: T): Sequential<T>;
  readonly prototype: SequentialModule;
};
