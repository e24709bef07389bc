// The packages alone in Chromium (no playground): see packages-page/main.ts for what the page does.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { defaultClientConditions } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXTERNAL_PROCESS_TIMEOUT } from '../../../fixtures/external-tools.js';
import { CROSS_ORIGIN_ISOLATION, STRICT_CSP } from '../build/headers.js';
import { describeWithChromium, launchChromium, PAGE_STEP_TIMEOUT, PageErrors } from './browser/chromium.js';
import { buildPage, servePreview } from './browser/serve.js';
import type { PackagesReport } from './packages-page/report.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const page = fileURLToPath(new URL('packages-page/', import.meta.url));
const examples = join(page, '.readme-examples');
const packages = readdirSync(join(repository, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

let outDir: string;
let browser: Browser;

describeWithChromium()('the packages in Chromium', { timeout: EXTERNAL_PROCESS_TIMEOUT }, () => {
  beforeAll(async () => {
    // The root README's TypeScript examples, each a module the page imports.
    const readme = readFileSync(join(repository, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    mkdirSync(examples, { recursive: true });
    blocks.forEach((code, i) => writeFileSync(join(examples, `example-${i + 1}.ts`), `${code}\nexport {};\n`));
    outDir = mkdtempSync(join(tmpdir(), 'torchlet-packages-page-'));
    await buildPage(page, outDir, ['@torchlet/source', ...defaultClientConditions]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(outDir, { recursive: true, force: true });
    rmSync(examples, { recursive: true, force: true });
  });

  test.each([
    { name: 'cross-origin isolated', headers: CROSS_ORIGIN_ISOLATION, csp: false },
    { name: 'strict CSP', headers: { 'Content-Security-Policy': STRICT_CSP }, csp: true },
  ])(
    '$name: the README example trains, a 512² product runs on wasm, safetensors round-trip',
    async ({ headers, csp }) => {
      const served = await servePreview(page, outDir, headers);
      const tab = await browser.newPage();
      const errors = new PageErrors(tab);
      try {
        await tab.goto(served.url);
        // The body of this empty page has no size: wait for the attribute, not for visibility.
        const finished = tab.locator('body:is([data-state=done], [data-state=error])');
        await errors.during(finished.waitFor({ state: 'attached', timeout: PAGE_STEP_TIMEOUT }));
        expect(await tab.locator('body').getAttribute('data-error')).toBeNull();
        const report = JSON.parse((await tab.locator('body').getAttribute('data-report'))!) as PackagesReport;
        expect(report.crossOriginIsolated).toBe(!csp);

        expect(Object.keys(report.entries).sort()).toEqual(packages);
        for (const count of Object.values(report.entries)) expect(count).toBeGreaterThan(0);

        expect(report.readme.length).toBeGreaterThanOrEqual(2);
        for (const example of report.readme) expect(example.error, example.file).toBeNull();
        const epochs = report.readme[0]!.logs.map((line) => /^epoch (\d), loss (\d+\.\d{6})$/.exec(line));
        expect(epochs.map((m) => m?.[1])).toEqual(['1', '2', '3']);
        expect(Number(epochs[2]![2])).toBeLessThan(2e-4);

        expect(report.matmul.kernels).toMatch(/^(relaxed-)?simd$/);
        expect(report.matmul.withinBound).toBe(true);

        expect(report.safetensors.map((f) => f.file).sort()).toEqual([
          'empty.safetensors',
          'linear.safetensors',
          'metadata.safetensors',
          'mixed.safetensors',
        ]);
        for (const file of report.safetensors) expect(file.identical, file.file).toBe(true);
        expect(report.roundTrip).toBe(true);

        // Where eval is refused the plain loops serve for good; elsewhere ndarray-ops arrives.
        expect(report.strided).toEqual(
          csp
            ? { first: 'plain', settled: 'plain', correct: true }
            : { first: 'loading', settled: 'ndarray-ops', correct: true },
        );
        console.log(
          `packages page (${csp ? 'strict CSP' : 'isolated'}): 512² float32 matmul ${report.matmul.gflops.toFixed(1)} GFLOP/s on ${report.matmul.kernels}`,
        );
        expect(errors.messages).toEqual([]);
      } finally {
        await tab.close();
        await served.close();
      }
    },
  );
});
