import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';

/**
 * Fails the bundle when anything reachable imports a Node built-in (`node:fs`, `path`, ...):
 * Vite would otherwise swap it for an empty stub with a warning, and the page would break only
 * when that code runs. Core packages must load in a browser as they are.
 */
export function noNodeBuiltins(): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: 'torchlet:no-node-builtins',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id.startsWith('node:') || builtins.has(id) || builtins.has(id.split('/')[0]!)) {
        this.error(`${importer ?? 'an entry'} imports the Node built-in "${id}", which a browser does not have`);
      }
      return null;
    },
  };
}
