/**
 * Every staff role (reviewer, review lead, office, leader, admin) finds the staff pages it needs in
 * its menu; axe-core finds no serious violation on the inbox, the workbench and the forms list;
 * those pages fit 390 px without scrolling sideways (screenshots at 390 px). Every entry of every
 * role's menu is opened at desktop width by menu-walk (headings, console errors, identifiers,
 * screenshots). The staff entries of the route table are all in the menus of the roles they name.
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
  it('finds its pages in the menu: accessible, names not ids, fitting 390 px', async () => {
    const account = await staffAccount(suite.sys, role);
    const { page, errors } = await signInStaff(suite.browser, suite.sys.url, account.login, account.password);
    await page.waitForSelector('#side-menu [data-menu]');
    const entries = await page.$$eval('#side-menu [data-menu]', (els) => els.map((e) => e.getAttribute('data-menu')!));
    expect(entries).toEqual(expect.arrayContaining(EXPECTED[role]));
    for (const name of EXPECTED[role].filter((n) => ['inbox', 'workbench', 'admin-forms'].includes(n))) {
      await page.click(`#side-menu [data-menu="${name}"]`);
      await page.waitForSelector('#main h1');
      await page.waitForLoadState('networkidle');
      expect({ name, violations: await seriousViolations(page) }).toEqual({ name, violations: [] });
    }
    expect(errors).toEqual([]);

    // the same staff pages at phone width: nothing scrolls sideways
    await page.setViewportSize(PHONE);
    for (const name of EXPECTED[role]) {
      await page.goto(`${suite.sys.url}/#${pathOf(name)}`);
      await page.waitForSelector('#main h1');
      await page.waitForLoadState('networkidle');
      const text = (await page.textContent('#main')) ?? '';
      expect({ name, id: IDS.exec(text)?.[0] ?? null, scroll: await sidewaysScroll(page) }).toEqual({ name, id: null, scroll: 0 });
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
