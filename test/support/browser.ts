/** Debian's chromium, headless, driven by playwright-core (never a downloaded browser). */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ROOT } from '../../core/config';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Screenshots of the browser tests. */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (npm test installs it when run as root)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // the closed network here refuses chromium's background connections; keep it quiet
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new page in its own context (own cookies), reporting the page's errors on stderr. */
export async function newPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();
  page.on('pageerror', (err) => process.stderr.write(`[browser] ${err.message}\n`));
  return page;
}

/** Signs in through the login page and waits for the signed-in header. */
export async function signInPage(browser: Browser, baseUrl: string, login: string, password: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await newPage(browser, viewport);
  await page.goto(baseUrl);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#logout:not([hidden])');
  return page;
}
