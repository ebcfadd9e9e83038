/**
 * At 390 px the unit account's menu opens as a drawer over a one-line header, and an entry chosen
 * there opens its page and closes the drawer; the public pages fit the width. (Every page of the
 * unit account is checked at 390 px on menu-walk's walk.) axe-core (whole page, shell included)
 * finds no serious or critical violation on the applicant's main pages.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expectNoSidewaysScroll, newPage, PHONE, settled, shot, signInPage } from '../support/browser';
import { unitWithAccount } from '../support/publicity-fixtures';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite({ workers: false });

it('at 390 px the menu opens as a drawer, its entries open their pages, and the public pages fit the width', async () => {
  const main = await unitWithAccount(suite.sys.db);
  const page = await signInPage(suite.browser, suite.sys.url, main.login, main.password, PHONE);
  await settled(page);
  expect(await page.locator('.side').count()).toBe(0);
  await page.click('.menu-button');
  const entries = await page.locator('.el-drawer [data-menu]').evaluateAll((els) => els.map((e) => e.getAttribute('data-menu')!));
  expect(entries.length).toBeGreaterThan(10);
  // the last entry and one from the middle, each from a freshly opened drawer
  for (const name of [entries[entries.length - 1], entries[Math.floor(entries.length / 2)]]) {
    if (!(await page.locator('.el-drawer [data-menu]').first().isVisible())) await page.click('.menu-button');
    await page.click(`.el-drawer [data-menu="${name}"]`);
    await page.locator('.el-drawer').waitFor({ state: 'hidden' });
    await settled(page);
    expect(await page.locator('main h1, main h2').count()).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page, name);
    await shot(page, `menu-390-drawer-${name}`);
  }
  // the public pages too
  const anon = await newPage(suite.browser, PHONE);
  for (const p of ['login', 'register', 'publicity-query', 'verify', 'password-reset', 'appeal']) {
    await anon.goto(`${suite.sys.url}/#/${p}`);
    await settled(anon);
    await expectNoSidewaysScroll(anon, p);
    await shot(anon, `public-390-${p}`);
  }
}, 300_000);

/** axe-core on the whole page: the serious and critical violations. */
async function serious(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

it('axe-core: no serious or critical violation on login, register, public query, home, publicity apply, appraisal project, power-permit new', async () => {
  const found: string[] = [];
  const anon = await newPage(suite.browser);
  for (const p of ['login', 'register', 'publicity-query']) {
    await anon.goto(`${suite.sys.url}/#/${p}`);
    await settled(anon);
    found.push(...(await serious(anon)).map((v) => `${p}: ${v}`));
  }
  const main = await unitWithAccount(suite.sys.db);
  const page = await signInPage(suite.browser, suite.sys.url, main.login, main.password);
  for (const p of ['home', 'publicity/new', 'appraisal', 'power-permit/power-permit-new', 'unit/branches']) {
    await page.goto(`${suite.sys.url}/#/${p}`);
    await settled(page);
    found.push(...(await serious(page)).map((v) => `${p}: ${v}`));
  }
  // an appraisal project's page
  await page.goto(`${suite.sys.url}/#/appraisal`);
  await page.click('#new-appraisal');
  // created on an explicit confirm (and the confirmation itself checked too)
  await page.locator('.el-message-box').waitFor();
  await settled(page);
  found.push(...(await serious(page)).map((v) => `appraisal confirm: ${v}`));
  await page.click('.el-message-box .el-button--primary');
  await page.waitForURL(/#\/case\//);
  await settled(page);
  found.push(...(await serious(page)).map((v) => `appraisal project: ${v}`));
  expect(found).toEqual([]);
}, 300_000);
