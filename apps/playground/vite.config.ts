import { defaultClientConditions, defineConfig } from 'vite';
import { CROSS_ORIGIN_ISOLATION } from './build/headers.js';
import { noNodeBuiltins } from './build/no-node-builtins.js';

export default defineConfig({
  // The workspace packages resolve to their TypeScript sources: no package build needed first.
  resolve: { conditions: ['@torchlet/source', ...defaultClientConditions] },
  plugins: [noNodeBuiltins()],
  worker: { format: 'es', plugins: () => [noNodeBuiltins()] },
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
  build: { target: 'es2022' },
});
