import type { Tensor } from '@torchlet/autograd';
import type { Module } from '../module.js';
import { IndexedItems, isModule } from './containers.js';

/** A module whose forward takes and returns one tensor: what a Sequential chains. */
export interface TensorModule extends Module {
  forward(input: Tensor): Tensor;
}

/** `model[0]` typed as the module at that position (the tutorial's `model[0].weight`). */
type Indexed<T extends readonly Module[]> = { readonly [K in keyof T as K extends `${number}` ? K : never]: T[K] };

class SequentialModule extends IndexedItems<Module> {
  constructor(...modules: Module[]) {
    // Every argument is checked now: a non-module would otherwise fail only at the first forward.
    super('Sequential', isModule, 'Module', modules);
  }

  /** A Sequential of modules start ..< end, sharing them (PyTorch's `model[1:3]`). */
  slice(start?: number, end?: number): Sequential {
    return new SequentialModule(...this.sliceItems(start, end)) as Sequential;
  }

  /** Feeds the input through every module in order. */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const module of this) x = (module as TensorModule).forward(x);
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
