// Builds a Vite app and serves the build with `vite preview`, with the response headers a test
// asks for (cross-origin isolation, a Content-Security-Policy).
import { join } from 'node:path';
import { build, preview } from 'vite';
import { noNodeBuiltins } from '../../build/no-node-builtins.js';

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/** `vite build` of the app in `root` (its own vite.config.ts) into `outDir`. */
export async function buildApp(root: string, outDir: string): Promise<void> {
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

/**
 * `vite build` of a page with no config file of its own: the packages' browser test. The same
 * rules as the playground: sources through the `@torchlet/source` condition, no Node built-ins.
 */
export async function buildPage(root: string, outDir: string, conditions: string[]): Promise<void> {
  await build({
    root,
    configFile: false,
    mode: 'production',
    logLevel: 'warn',
    resolve: { conditions },
    plugins: [noNodeBuiltins()],
    worker: { format: 'es', plugins: () => [noNodeBuiltins()] },
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
}

/**
 * `vite preview` of `outDir` on a free port. `configFile` serves with that config's preview
 * headers (what `pnpm --filter @torchlet/playground preview` sends) plus `headers`; without one,
 * only `headers` are sent. `root` is the app's folder.
 */
export async function servePreview(
  root: string,
  outDir: string,
  headers: Record<string, string>,
  configFile?: string,
): Promise<Served> {
  const server = await preview({
    configFile: configFile ?? false,
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 4300, strictPort: false, headers },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview: no local address');
  return { url, close: () => server.close() };
}
