/**
 * Debian's chromium, headless, driven by playwright-core (never a downloaded browser): its headless
 * shell (package chromium-headless-shell, the same build without the desktop browser's layers,
 * what Playwright itself runs headless), or the full browser where only that is installed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Locator, Page, Request } from 'playwright-core';
import { ROOT } from '../../core/config';

const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
// the shell took 30 % less CPU for the same walk of every menu (152 against 218 CPU s, the machine's
// whole busy time) and drew the same pages: the browser tests are most of the test command's time
export const CHROMIUM = process.env.CHROMIUM_PATH || (fs.existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');
/** Screenshots of the browser tests, and what a test leaves for people to look at. */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
/**
 * Pictures of the pages are taken with PF_SCREENSHOTS=1 (`PF_SCREENSHOTS=1 npm test`), for people
 * to look at; no test reads them. Drawing whole pages to PNG files was 29 % of the menu walk's CPU
 * (91 against 65 CPU s), so a plain run leaves them out.
 */
export const SCREENSHOTS = process.env.PF_SCREENSHOTS === '1';
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium-headless-shell (npm test installs it when run as root)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // the closed network here refuses chromium's background connections; keep it quiet
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The page's requests not answered yet (the event streams of the inbox never are: not counted). */
const IN_FLIGHT = new WeakMap<Page, Set<Request>>();

/** A finite animation or transition still running (a dialog fading in); endless spinners aside. */
const ANIMATING = "document.getAnimations().some((a) => a.playState === 'running' && a.effect && a.effect.getTiming().iterations !== Infinity)";

/**
 * The page has loaded: no request in flight (event streams aside), no skeleton, loading mask or
 * form still loading, no dialog or message still fading in (axe would measure its half-transparent
 * colours), and it stayed so for two animation frames' worth of quiet (Vue renders what the last
 * answer brought).
 */
export async function settled(page: Page, timeoutMs = 20_000): Promise<void> {
  // (polled from the test: a string predicate would be eval'd in the page, which its CSP forbids)
  const loading = page.locator('.el-skeleton, .el-loading-mask, .form-loading');
  const busy = async () =>
    [...(IN_FLIGHT.get(page) ?? [])].some((r) => !/\/stream\b/.test(r.url())) || (await loading.count()) > 0 || (await page.evaluate<boolean>(ANIMATING).catch(() => false));
  const deadline = Date.now() + timeoutMs;
  for (let quiet = 0; quiet < 2; ) {
    if (Date.now() > deadline) throw new Error(`still loading: ${page.url()}`);
    await page.waitForTimeout(60);
    quiet = (await busy()) ? 0 : quiet + 1;
  }
}

/** The page's console errors and uncaught exceptions, collected for a test to assert on. */
const ERRORS = new WeakMap<Page, string[]>();
export const consoleErrors = (page: Page): string[] => ERRORS.get(page) ?? [];

/** A new page in its own context (own cookies), reporting the page's errors on stderr and keeping them. */
export async function newPage(browser: Browser, viewport = DESKTOP, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  // less motion asked for, as a person can in their system settings: the app then shows dialogs
  // and dropdowns at once, and the headless browser paints no animation frames in between
  const context = await browser.newContext({ viewport, locale: lang === 'en' ? 'en-GB' : 'zh-CN', reducedMotion: 'reduce' });
  if (lang === 'en') await context.addInitScript("localStorage.setItem('pf.lang', 'en')");
  const page = await context.newPage();
  const errors: string[] = [];
  ERRORS.set(page, errors);
  const inFlight = new Set<Request>();
  IN_FLIGHT.set(page, inFlight);
  page.on('request', (r) => void inFlight.add(r));
  page.on('requestfinished', (r) => void inFlight.delete(r));
  page.on('requestfailed', (r) => void inFlight.delete(r));
  page.on('pageerror', (err) => {
    errors.push(err.message);
    // the page and the first frames: a test that does not assert on errors still says where one came from
    const at = (err.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim()).join(' ← ');
    process.stderr.write(`[browser] ${err.message} on ${page.url()}${at ? ` at ${at}` : ''}\n`);
  });
  page.on('console', (m) => {
    // an anonymous visitor's session check (401), the workbench's look for a version's stored XML
    // (404 for a version deployed before it was kept; the deployed file is shown instead) and a
    // form's look for a saved draft (404 when
    // there is none) are expected answers, not errors of the page
    const url = m.location().url;
    if (m.type() === 'error' && !(url.endsWith('/api/me') && /401/.test(m.text())) && !(url.includes('/api/drafts/') && /404/.test(m.text())) && !(/\/versions\/\d+\/xml$/.test(url) && /404/.test(m.text()))) errors.push(`${m.text()} (${url})`);
  });
  // any request leaving the machine (a CDN) is refused and recorded
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => {
    errors.push(`external request: ${route.request().url()}`);
    return route.abort();
  });
  return page;
}

/**
 * Signs `page` in and opens the app at the user's home page (or at `url`'s own page), waiting until
 * that page has loaded. The sign-in is the login page's own request (POST /api/auth/login; the
 * page's context keeps the cookie): drawing the login page and typing into it cost each test's
 * browser about a second of CPU, and the login page itself is auth-pages' to test.
 */
export async function signIn(page: Page, url: string, login: string, password: string): Promise<void> {
  const answer = await page.context().request.post(new URL('/api/auth/login', url).href, { data: { login, password } });
  if (!answer.ok()) throw new Error(`sign-in of ${login}: ${answer.status()} ${await answer.text()}`);
  await page.goto(url);
  await page.waitForSelector('#logout');
  // the router's first navigation has ended (the address then shows the page it went to) and the
  // page has loaded: until then the app does not follow a change of address (a test's next goto)
  await page.waitForURL((u) => u.hash.length > 2);
  await settled(page);
}

/** A new page (newPage), signed in (signIn). */
export async function signInPage(browser: Browser, baseUrl: string, login: string, password: string, viewport?: { width: number; height: number }, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const page = await newPage(browser, viewport, lang);
  await signIn(page, baseUrl, login, password);
  return page;
}

/** test-artifacts/<name>.png of the page (whole, unless said) or of one element, when PF_SCREENSHOTS=1. */
export async function shot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!SCREENSHOTS) return;
  const file = path.join(ARTIFACTS, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path: file, fullPage: options.fullPage ?? true });
  else await target.screenshot({ path: file });
}

/** The page at 390 px (the phone) scrolls nothing sideways and keeps a one-line header; pictures at both widths (shot). */
export async function fitsPhone(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? DESKTOP;
  await shot(page, name);
  await page.setViewportSize(PHONE);
  await nextFrames(page);
  await expectNoSidewaysScroll(page, name);
  await shot(page, `${name}-390`);
  await page.setViewportSize(size);
}

/** After two animation frames: the resize handled, the app redrawn and laid out. */
async function nextFrames(page: Page): Promise<void> {
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
}

/** At phone width no page scrolls sideways and the header stays one line. */
export async function expectNoSidewaysScroll(page: Page, what = page.url()): Promise<void> {
  // (a string: the test code is type-checked without the DOM library)
  const m = await page.evaluate<{ scroll: number; width: number; header: number }>(
    "({ scroll: document.documentElement.scrollWidth, width: window.innerWidth, header: document.querySelector('header.top')?.getBoundingClientRect().height ?? 0 })",
  );
  if (m.scroll > m.width + 1) throw new Error(`${what}: the page scrolls sideways at ${m.width} px (content ${m.scroll} px wide)`);
  if (m.header > 60) throw new Error(`${what}: the header wraps (${m.header} px high)`);
}

/**
 * Checks the radio or checkbox `selector` and waits until it stays checked. A Form.io form redraws
 * a component when a field before it changes; a click that lands during the redraw checks the
 * input being replaced, so it is tried again on the new one.
 */
export async function checkInput(page: Page, selector: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const clicked = await page.check(selector, { timeout: 5000 }).then(() => undefined, (err: Error) => err);
    if (await page.isChecked(selector)) return;
    if (attempt === 3) throw clicked ?? new Error(`${selector} does not stay checked`);
    await page.waitForTimeout(100);
  }
}

/**
 * Clicks the Form.io form's submit button until the form has sent its submission (a request whose
 * address ends with `endsWith`), and returns that request's answer. The form takes in what was
 * typed after a short debounce, so the page is let settle first (a click before that submits, or
 * refuses, the value from before). A Form.io form redraws a component when a field changes; a click
 * that lands on a button being replaced sends nothing, so it is tried again. Form.io disables the
 * button while a submission is under way: never twice.
 */
export async function submitForm(page: Page, endsWith: string) {
  for (let attempt = 1; ; attempt++) {
    await settled(page);
    const sent = page.waitForRequest((r) => r.method() !== 'GET' && r.url().endsWith(endsWith), { timeout: 5000 });
    await page.click('.formio-form button[type=submit]');
    const request = await sent.catch(() => undefined);
    if (request) {
      const answer = await request.response();
      if (!answer) throw new Error(`the submission to ${endsWith} got no answer`);
      return answer;
    }
    if (attempt === 3) throw new Error(`three clicks on the form's submit button sent nothing to ${endsWith}`);
  }
}

/**
 * Chooses `label` in the Element Plus select of the form item holding `field` (a selector inside
 * it) and waits until the select shows it; a click that a closing popper swallowed is tried again.
 */
export async function chooseOption(page: Page, field: string, label: string): Promise<void> {
  const item = page.locator(`.el-form-item:has(${field})`);
  for (let attempt = 1; ; attempt++) {
    await item.locator('.el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^${label}$`) }).click();
    const shown = await item.locator('.el-select__placeholder:not(.is-transparent)').textContent({ timeout: 2000 }).catch(() => '');
    if (shown?.trim() === label) return;
    if (attempt === 3) throw new Error(`the select of ${field} shows "${shown}", not "${label}"`);
  }
}
