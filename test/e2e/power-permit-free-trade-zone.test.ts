/**
 * 自贸区 in a real browser: an administrator puts a unit in the free-trade-zone pilot by its USCC
 * (a wrong code refused on its field); the unit's application page then offers the fast track with
 * its shorter limit and the commitments to confirm; with a poor credit record it is not offered and
 * the reason is shown.
 */
import { shot, signInPage } from '../support/browser';
import { createAccount } from '../support/harness';
import { enterprise } from '../support/power-permit';
import { browserSuite } from '../support/browser-suite';
import { signInStaff } from './staff-support';

const suite = browserSuite({ workers: false });

it('an administrator designates the unit; the unit then chooses the fast track and sees the commitments', async () => {
  const e = await enterprise(suite.sys);
  const a = await createAccount(suite.sys, { kind: 'admin' });
  const { page: admin, errors } = await signInStaff(suite.browser, suite.sys.url, a.login, a.password);
  await admin.goto(`${suite.sys.url}/#/admin/free-trade-zone`);
  await admin.waitForSelector('#ftz-form');
  await admin.fill('#ftz-uscc', '12345');
  await admin.click('#ftz-save');
  await admin.locator('#ftz-uscc-error').waitFor();
  await admin.fill('#ftz-uscc', e.unit.uscc);
  await admin.click('#ftz-save');
  await admin.locator('#ftz-list', { hasText: e.unit.uscc }).waitFor();
  expect((await suite.sys.db('units').where({ id: e.unit.id }).first()).free_trade_zone).toBe(true);
  await shot(admin, 'power-permit-free-trade-zone-admin');
  expect(errors).toEqual([]);

  const page = await signInPage(suite.browser, suite.sys.url, e.login, 'Unit2026!x');
  await page.goto(`${suite.sys.url}/#/power-permit/power-permit-renewal`);
  await page.waitForSelector('#pp-fast-track-box');
  expect(await page.textContent('#pp-info')).toContain('10');
  await page.click('.el-checkbox:has(#pp-fast-track)');
  await page.waitForSelector('.el-checkbox:has(#pp-commitments)');
  expect(await page.textContent('#pp-fast-track-box')).toContain('告知承诺');
  await shot(page, 'power-permit-fast-track-offered');

  // a poor credit record: not offered, the reason shown
  await suite.sys.db('enterprise_credit').insert({ unit_id: e.unit.id, rating: 'poor', source: 'test' });
  await page.reload();
  await page.locator('#pp-fast-track-refused', { hasText: '信用' }).waitFor();
  expect(await page.locator('#pp-fast-track').count()).toBe(0);
});
