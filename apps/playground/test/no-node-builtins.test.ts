import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';
import { afterAll, describe, expect, test } from 'vitest';
import { EXTERNAL_PROCESS_TIMEOUT } from '../../../fixtures/external-tools.js';
import { noNodeBuiltins } from '../build/no-node-builtins.js';

// Inside the app, so that '@torchlet/...' resolves as it does for the playground.
const folder = fileURLToPath(new URL('.bundle-check/', import.meta.url));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Bundles one entry for the browser with the plugin; resolves to the build's error, if any. */
async function bundle(name: string, code: string): Promise<string | null> {
  mkdirSync(folder, { recursive: true });
  const entry = join(folder, `${name}.ts`);
  writeFileSync(entry, code);
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      resolve: { conditions: ['@torchlet/source', ...defaultClientConditions] },
      plugins: [noNodeBuiltins()],
      build: { write: false, lib: { entry, formats: ['es'], fileName: name } },
    });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

// The packages' browser test trusts this plugin to notice a Node import: it must.
describe('the browser bundles refuse Node built-ins', { timeout: EXTERNAL_PROCESS_TIMEOUT }, () => {
  test.each([
    ['node-fs', "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync);\n"],
    ['bare-path', "import { join } from 'path';\nconsole.log(join);\n"],
    [
      'checkpoint-node',
      "import { saveSafetensors } from '@torchlet/checkpoint/node';\nconsole.log(saveSafetensors);\n",
    ],
  ])('%s is refused', async (name, code) => {
    expect(await bundle(name, code)).toMatch(/imports the Node built-in "(node:)?\w+"/);
  });

  test('the checkpoint core bundles', async () => {
    expect(
      await bundle(
        'checkpoint-core',
        "import { encodeSafetensors } from '@torchlet/checkpoint';\nconsole.log(encodeSafetensors);\n",
      ),
    ).toBeNull();
  });
});
