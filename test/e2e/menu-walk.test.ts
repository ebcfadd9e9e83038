/**
 * The menus of the unit's main account, a sub-account, a person and an appraisal agency, each
 * walked once (menu-support.ts): every page opens without console errors, showing names, not
 * identifiers; the unit account's pages also fit 390 px. The staff roles' menus are
 * menu-walk-staff's; the drawer menu at 390 px, the public pages there and axe-core on the
 * applicant's main pages are menu-phone-axe's.
 */
import { createAccount } from '../support/harness';
import { unitWithAccount } from '../support/publicity-fixtures';
import { hashPassword } from '../../core/passwords';
import { browserSuite } from '../support/browser-suite';
import { walk } from './menu-support';

const suite = browserSuite({ workers: false });

// ---- the roles -------------------------------------------------------------------------------
async function subAccount(unitId: string) {
  const login = `sub${Date.now().toString(36)}`;
  await suite.sys.db('accounts').insert({ login, password_hash: await hashPassword('Sub2026!pass'), kind: 'unit-sub', display_name: '菜单子帐号', email: `${login}@example.test`, unit_id: unitId, permissions: ['publicity', 'appraisal'], status: 'active' });
  return { login, password: 'Sub2026!pass' };
}
async function person() {
  const login = `pe${Date.now().toString(36)}`;
  await suite.sys.db('accounts').insert({ login, password_hash: await hashPassword('Person2026!x'), kind: 'person', display_name: '菜单个人', email: `${login}@example.test`, status: 'active' });
  return { login, password: 'Person2026!x' };
}

it('every menu entry of the unit account, a sub-account, a person and an agency opens its page without console errors, showing names, not identifiers; the unit account\'s pages fit 390 px', async () => {
  const main = await unitWithAccount(suite.sys.db);
  const sub = await subAccount(main.unit.id);
  const pe = await person();
  const agency = await createAccount(suite.sys, { groups: ['appraisal-agencies'] });
  const problems = [
    ...(await walk(suite, 'unit main account', main.login, main.password, { phone: 'all' })),
    ...(await walk(suite, 'sub-account', sub.login, sub.password)),
    ...(await walk(suite, 'person', pe.login, pe.password)),
    ...(await walk(suite, 'agency', agency.login, agency.password)),
  ];
  expect(problems).toEqual([]);
}, 600_000);
