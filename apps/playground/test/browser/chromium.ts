// Debian's Chromium, driven by playwright-core (which never downloads a browser of its own).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describeIfAvailable, EXTERNAL_PROCESS_TIMEOUT } from '../../../../fixtures/external-tools.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * How long one step in a page (a training run, a prediction) may take before the test fails
 * naming that step: seconds alone, far more on a loaded 2-core machine, and well inside the
 * test's own timeout (EXTERNAL_PROCESS_TIMEOUT) so the failure says what was being waited for.
 */
export const PAGE_STEP_TIMEOUT = 120_000;

/**
 * `describe` for tests that need the browser. Outside CI a machine without Chromium skips them
 * with a line saying so; in CI (CI=true, set by .ci/run, which installs it) they always run, so a
 * missing browser fails instead of passing unseen.
 */
export function describeWithChromium(): ReturnType<typeof describeIfAvailable> {
  return describeIfAvailable(
    existsSync(CHROMIUM_PATH) || process.env['CI'] === 'true',
    `Chromium at ${CHROMIUM_PATH}`,
    'apt-get install -y chromium, or set CHROMIUM_PATH',
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: EXTERNAL_PROCESS_TIMEOUT,
    // The sandbox needs user namespaces, which containers (and root) often lack.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/**
 * Everything the page and its workers report as an error: console.error lines (the playground
 * logs every failed call there), uncaught exceptions, failed requests. A test asserts that none
 * came, and stops waiting for a page as soon as one does.
 */
export class PageErrors {
  readonly messages: string[] = [];
  private fail: (error: Error) => void = () => {};
  private readonly failed = new Promise<never>((_, reject) => {
    this.fail = reject;
  });

  constructor(page: Page) {
    this.failed.catch(() => {}); // only `during` reports it
    const add = (message: string) => {
      this.messages.push(message);
      this.fail(new Error(`the page reported an error: ${message}`));
    };
    page.on('console', (message) => {
      if (message.type() === 'error') add(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => add(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) => add(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  }

  /** `step`, or the page's first error if one comes before it is done. */
  during<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.failed]);
  }
}
