import { fileURLToPath } from 'node:url';
import { test } from 'vitest';
import { expectCoreWithoutNode } from '../../../fixtures/browser-safe.js';

// exportOnnx runs in a browser (and the model it writes in onnxruntime-web): only src/node/ may touch Node.
test('the core (everything outside src/node) uses no Node modules or globals', () => {
  expectCoreWithoutNode(fileURLToPath(new URL('.', import.meta.url)));
});
