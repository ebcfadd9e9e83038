/**
 * A secondary unit's publicity application in a real browser, as the unit's main account: an
 * unregistered person entered beforehand is applied for from 未注册人员管理 (the new application
 * opens with the person filled in and looked up), the application is made for one of the unit's
 * secondary units picked in the form, and the 申报单 list shows that secondary unit; the person is
 * then marked as used. Screenshots in test-artifacts/.
 */
import { addQualification, upsertPractitioner } from '../../db/publicity/practitioners';
import { makeIdNumber } from '../../db/publicity/seed-practitioners';
import { addYears, localDate } from '../../domain/publicity/rules';
import { fitsPhone, settled, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { unitWithAccount } from '../support/publicity-fixtures';

const suite = browserSuite();

it('applies for a secondary unit, starting from an unregistered person; the list shows the secondary unit', async () => {
  const { db, url } = suite.sys;
  const { unit, login, password } = await unitWithAccount(db, { name: '分部申报页面检验有限公司' });
  await db('units').insert({ name: '分部申报页面检验有限公司上海分公司', legal_representative: '韩一', province: '310000', city: '310100', district: '310115', address: '上海市浦东新区分部路 8 号', postcode: '200120', phone: '021-55556666', status: 'active', parent_unit_id: unit.id });
  const seq = 100 + Math.floor(Math.random() * 800);
  const idNumber = makeIdNumber('110108', '19860607', seq);
  const mobile = `1371${String(seq).padStart(7, '0')}`;
  const name = '分部申报员';
  const { row } = await upsertPractitioner(db, { name, idNumber, mobile });
  await addQualification(db, { practitionerId: row.id, itemCode: 'Y-DT', grade: 2, certificateNo: `BR-${seq}`, issueDate: '2022-01-01', expiryDate: addYears(localDate(new Date()), 2) });
  const [person] = await db('unregistered_persons').insert({ unit_id: unit.id, name, id_number: idNumber, mobile, created_by: 'e2e' }).returning('id');

  const page = await signInPage(suite.browser, url, login, password);
  await page.click('[data-menu="unregistered-persons"]');
  await page.locator(`#unregistered-persons tr:has-text("${name}") .unreg-apply`).click();
  await page.waitForURL(new RegExp(`#/publicity/new\\?person=${person.id}$`));
  // the person filled in and looked up
  await page.waitForSelector('#pub-rules');
  expect(await page.inputValue('#pub-search input[name=idNumber]')).toBe(idNumber);
  expect(await page.locator('#pub-rules tr.error').count()).toBe(0);
  expect(await page.inputValue('#pub-apply input[name=mobile]')).toBe(mobile);
  // made for the secondary unit
  await page.locator('.el-select:has(#pub-branch) .el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '上海分公司' }).click();
  for (const box of await page.locator('#pub-apply .el-checkbox').all()) await box.click();
  await settled(page);
  await fitsPhone(page, 'publicity-branch-new');
  await page.click('#pub-apply button[type=submit]');
  await page.waitForURL(/#\/publicity\/[0-9a-f-]{36}$/, { timeout: 20000 });
  const id = page.url().split('#/publicity/')[1];
  const app = await db('applications').where({ id }).first();
  expect(app.unit_id).toBe(unit.id);
  expect((await db('units').where({ id: app.branch_unit_id }).first()).name).toBe('分部申报页面检验有限公司上海分公司');

  // the 申报单 list shows the secondary unit
  await page.click('#side-menu [data-menu="publicity"]');
  const listed = page.locator(`.list-table tr:has-text("${name}")`);
  await listed.waitFor();
  expect(await listed.textContent()).toContain('分部申报页面检验有限公司上海分公司');
  await settled(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await fitsPhone(page, 'publicity-branch-list');

  // the person is used now: no more modify or delete
  await page.click('[data-menu="unregistered-persons"]');
  await page.locator(`#unregistered-persons tr.unreg-used:has-text("${name}")`).waitFor();
  expect(await page.locator(`#unregistered-persons tr:has-text("${name}") .unreg-edit`).count()).toBe(0);
});
