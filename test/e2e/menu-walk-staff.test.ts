/**
 * Every staff role's menu (reviewer, review lead, office, leader, admin), walked once
 * (menu-support.ts): every page opens without console errors, showing names, not identifiers; each
 * role finds the staff pages it needs in its menu, those pages fit 390 px, and axe-core finds no
 * serious or critical violation on the inbox, the workbench and the forms list.
 */
import { browserSuite } from '../support/browser-suite';
import { walk } from './menu-support';
import { staffAccount, StaffRole } from './staff-support';

const suite = browserSuite({ workers: false });

/** The staff pages each staff role must find in its menu, all fitting 390 px. */
const STAFF_NEEDS: Record<StaffRole, string[]> = {
  reviewer: ['inbox', 'case-search'],
  'review lead': ['inbox', 'case-search'],
  office: ['inbox', 'case-search', 'appraisal-publish'],
  leader: ['inbox', 'case-search'],
  admin: ['inbox', 'case-search', 'appraisal-publish', 'workbench', 'admin-forms', 'admin-cases', 'incidents', 'ratings', 'campaigns', 'free-trade-zone'],
};
const AXE_PAGES = ['inbox', 'workbench', 'admin-forms'];

it('every staff role finds the pages it needs; every entry opens its page without console errors, showing names; the needed pages fit 390 px and pass axe', async () => {
  const problems: string[] = [];
  for (const [role, needs] of Object.entries(STAFF_NEEDS) as Array<[StaffRole, string[]]>) {
    const a = await staffAccount(suite.sys, role);
    problems.push(...(await walk(suite, role, a.login, a.password, { needs, phone: needs, axe: AXE_PAGES })));
  }
  expect(problems).toEqual([]);
}, 600_000);
