import type { Module } from '@torchlet/nn';
import type { ModuleScope } from '../errors.js';

/** The modules whose forward is running, innermost last. */
export class ScopeStack {
  private readonly stack: ModuleScope[];

  constructor(root: ModuleScope) {
    this.stack = [root];
  }

  get current(): ModuleScope {
    return this.stack[this.stack.length - 1]!;
  }

  enter(scope: ModuleScope): void {
    this.stack.push(scope);
  }

  exit(): void {
    this.stack.pop();
  }
}

type Forward = (...args: unknown[]) => unknown;

/**
 * Runs `fn` with every sub-module's `forward` entering its scope on `scopes`, so that each traced
 * op knows the module it ran in. torchlet has no `__call__` that every forward goes through
 * (`forward()` is the call), so for the length of `fn` each module gets an own, non-enumerable
 * `forward` wrapping the one it had; classes and prototypes are left alone, and the modules get
 * back exactly what they had when `fn` returns or throws. Nothing changes outside an export.
 */
export function withModuleScopes<T>(model: Module, scopes: ScopeStack, fn: () => T): T {
  const restores: (() => void)[] = [];
  const seen = new Set<Module>([model]);
  try {
    for (const [path, module] of model.namedModules()) {
      if (path === '' || seen.has(module)) continue; // a module under two paths keeps its first
      seen.add(module);
      const own = Object.getOwnPropertyDescriptor(module, 'forward');
      const forward = module.forward as Forward;
      const scope: ModuleScope = { path, type: module.constructor.name };
      Object.defineProperty(module, 'forward', {
        configurable: true,
        enumerable: false,
        writable: true,
        value: function scoped(this: Module, ...args: unknown[]): unknown {
          scopes.enter(scope);
          try {
            return forward.apply(this, args);
          } finally {
            scopes.exit();
          }
        },
      });
      restores.push(() => {
        if (own === undefined) delete (module as unknown as { forward?: unknown }).forward;
        else Object.defineProperty(module, 'forward', own);
      });
    }
    return fn();
  } finally {
    for (const restore of restores) restore();
  }
}
