/**
 * Every staff role (reviewer, review lead, office, leader, admin) signs in and opens every entry
 * of its menu: each page renders its heading without a console error, shows no process, group or
 * form id, fits 390 px without scrolling sideways; screenshots at desktop and 390 px. The staff
 * entries of the route table are all in the menus of the roles they name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../core/config';
import { DESKTOP, PHONE, screenshot, seriousViolations, sidewaysScroll, signInStaff, staffAccount, StaffRole } from './staff-support';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite();

/** the staff pages each role must find in its menu */
const EXPECTED: Record<StaffRole, string[]> = {
  reviewer: ['inbox', 'case-search'],
  'review lead': ['inbox', 'case-search'],
  office: ['inbox', 'case-search', 'appraisal-publish'],
  leader: ['inbox', 'case-search'],
  admin: ['inbox', 'case-search', 'appraisal-publish', 'workbench', 'admin-forms', 'admin-cases', 'incidents', 'ratings', 'campaigns', 'free-trade-zone'],
};
/** identifiers that must never stand where a name belongs */
const IDS = /\b(unit-qualification|unit-registration|power-permit-new|appraisal-review|publicity-application|unit-reviewers|review-leads|appraisal-office|registration-reviewers|task-complete)\b/;

describe.each(Object.keys(EXPECTED) as StaffRole[])('%s', (role) => {
  it('opens every menu entry: rendered, no console error, names not ids, fits 390 px', async () => {
    const account = await staffAccount(suite.sys, role);
    const { page, errors } = await signInStaff(suite.browser, suite.sys.url, account.login, account.password);
    await page.waitForSelector('#side-menu [data-menu]');
    const entries = await page.$$eval('#side-menu [data-menu]', (els) => els.map((e) => e.getAttribute('data-menu')!));
    expect(entries).toEqual(expect.arrayContaining(EXPECTED[role]));
    for (const name of entries) {
      await page.click(`#side-menu [data-menu="${name}"]`);
      await page.waitForSelector('#main h1');
      await page.waitForLoadState('networkidle');
      const text = (await page.textContent('#main')) ?? '';
      expect({ name, id: IDS.exec(text)?.[0] ?? null }).toEqual({ name, id: null });
      if (EXPECTED.admin.includes(name)) {
        await screenshot(page, `menu-${role.replace(' ', '-')}-${name}`);
        if (['inbox', 'workbench', 'admin-forms'].includes(name)) expect({ name, violations: await seriousViolations(page) }).toEqual({ name, violations: [] });
      }
    }
    expect(errors).toEqual([]);

    // the same staff pages at phone width: nothing scrolls sideways
    await page.setViewportSize(PHONE);
    for (const name of EXPECTED[role]) {
      await page.goto(`${suite.sys.url}/#${pathOf(name)}`);
      await page.waitForSelector('#main h1');
      await page.waitForLoadState('networkidle');
      expect({ name, scroll: await sidewaysScroll(page) }).toEqual({ name, scroll: 0 });
      await screenshot(page, `menu-${role.replace(' ', '-')}-${name}-390`);
    }
    await page.setViewportSize(DESKTOP);
    expect(errors).toEqual([]);
  }, 180_000);
});

/** The path of a staff entry in the route table (read from its source; an optional parameter left out). */
function pathOf(name: string): string {
  const table = fs.readFileSync(path.join(ROOT, 'web/src/router/staff-routes.ts'), 'utf8');
  const m = new RegExp(`path: '([^']+)', name: '${name}'`).exec(table);
  if (!m) throw new Error(`no route ${name}`);
  return m[1].replace(/\/:[A-Za-z]+\?$/, '');
}
