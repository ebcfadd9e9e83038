/**
 * The start and stop of a browser test file: one test system (API, workers unless told otherwise)
 * and Debian's chromium, started before the file's tests and stopped after them.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startTestSystem, TestSystem } from './harness';

export interface BrowserSuite {
  sys: TestSystem;
  browser: Browser;
}

export function browserSuite(opts: { workers?: boolean; beforeStop?: (sys: TestSystem) => Promise<void> } = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.sys = await startTestSystem({ workers: opts.workers });
    suite.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await suite.browser?.close();
    if (suite.sys && opts.beforeStop) await opts.beforeStop(suite.sys);
    await suite.sys?.stop();
  });
  return suite;
}
