import { fileURLToPath } from 'node:url';
import { test } from 'vitest';
import { expectCoreWithoutNode } from '../../../fixtures/browser-safe.js';

// The package root must load in a browser or worker: only src/node/ may touch Node APIs.
test('the core (everything outside src/node) uses no Node modules or globals', () => {
  expectCoreWithoutNode(fileURLToPath(new URL('.', import.meta.url)));
});
