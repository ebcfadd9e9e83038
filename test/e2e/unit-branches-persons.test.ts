/**
 * Secondary units modified and deleted, and 未注册人员管理, in a real browser as a unit's main
 * account: a secondary unit's name and phone changed in the dialog (a wrong phone refused next to
 * the field, in Chinese); deleting asks first, and one a sub-account belongs to is refused with the
 * server's reason naming it; a free one goes. Unregistered persons added (a wrong ID number refused
 * inline), found by name, modified, deleted after a confirmation. Screenshots in test-artifacts/.
 */
import { consoleErrors, fitsPhone, settled, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { createUnitAccount } from '../support/factories';
import { freshIdNumber, unitWithAccount } from '../support/publicity-fixtures';

const suite = browserSuite({ workers: false });

const BRANCH = { legal_representative: '韩一', province: '310000', city: '310100', district: '310115', address: '上海市浦东新区分部路 8 号', postcode: '200120', phone: '021-55556666', status: 'active' };

it('modifies a secondary unit, refuses to delete one a sub-account belongs to, deletes a free one', async () => {
  const { db, url } = suite.sys;
  const { unit, login, password } = await unitWithAccount(db, { name: '分部页面测试有限公司' });
  const [free, busy] = await db('units').insert([
    { ...BRANCH, name: '分部页面测试有限公司空闲分公司', parent_unit_id: unit.id },
    { ...BRANCH, name: '分部页面测试有限公司忙碌分公司', parent_unit_id: unit.id },
  ]).returning('id');
  const sub = await createUnitAccount(db, unit.id, { kind: 'unit-sub', permissions: ['publicity'] });
  await db('accounts').where({ id: sub.id }).update({ branch_unit_id: busy.id });

  const page = await signInPage(suite.browser, url, login, password);
  const errors = consoleErrors(page);
  await page.click('#side-menu [data-menu="branches"]');
  const freeRow = page.locator('#branches tr:has-text("空闲分公司")');
  await freeRow.waitFor();
  await settled(page);

  // modify: a wrong phone is refused next to the field; then saved
  await freeRow.locator('.branch-edit').click();
  await page.waitForSelector('#branch-edit-form');
  expect(await page.inputValue('#be-name')).toBe('分部页面测试有限公司空闲分公司');
  await page.fill('#be-name', '分部页面测试有限公司浦东分公司');
  await page.fill('#be-phone', 'abc');
  await page.click('#branch-edit-form button[type=submit]');
  const phoneError = page.locator('#branch-edit-form .el-form-item:has(#be-phone) .el-form-item__error');
  await phoneError.waitFor();
  expect(await phoneError.textContent()).toContain('电话号码格式不正确');
  expect((await db('units').where({ id: free.id }).first()).name).toBe('分部页面测试有限公司空闲分公司');
  await fitsPhone(page, 'branches-edit');
  await page.fill('#be-phone', '021-66667777');
  await page.click('#branch-edit-form button[type=submit]');
  await page.locator('#branches tr:has-text("浦东分公司")').waitFor();
  expect(await db('units').where({ id: free.id }).first()).toMatchObject({ name: '分部页面测试有限公司浦东分公司', phone: '021-66667777', district: '310115' });

  // delete: asks first; one a sub-account belongs to is refused with the reason
  await page.locator('#branches tr:has-text("忙碌分公司") .branch-delete').click();
  await page.waitForSelector('.el-message-box:has-text("忙碌分公司")');
  await page.click('.el-message-box__btns .el-button--primary');
  const refusal = page.locator('.el-message--error');
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain('1 个子帐号');
  expect(await db('units').where({ id: busy.id }).first()).toBeDefined();
  await fitsPhone(page, 'branches-delete-refused');

  // a cancelled confirmation deletes nothing; a confirmed one deletes the free one
  await page.locator('#branches tr:has-text("浦东分公司") .branch-delete').click();
  await page.click('.el-message-box__btns button:has-text("取消")');
  await page.waitForSelector('.el-message-box', { state: 'hidden' });
  expect(await db('units').where({ id: free.id }).first()).toBeDefined();
  await page.locator('#branches tr:has-text("浦东分公司") .branch-delete').click();
  await page.click('.el-message-box__btns .el-button--primary');
  await page.locator('#branches tr:has-text("浦东分公司")').waitFor({ state: 'detached' });
  expect(await db('units').where({ id: free.id }).first()).toBeUndefined();
  // (the refused phone 400 and the refused delete 409 are the answers the page shows)
  expect(errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
});

it('未注册人员管理: adds, finds, modifies and deletes the unit’s unregistered persons', async () => {
  const { db, url } = suite.sys;
  const { unit, login, password } = await unitWithAccount(db, { name: '未注册页面测试有限公司' });
  const idNumber = freshIdNumber();
  await db('unregistered_persons').insert({ unit_id: unit.id, name: '页面已录入乙', id_number: freshIdNumber(), created_by: 'e2e' });

  const page = await signInPage(suite.browser, url, login, password);
  await page.click('[data-menu="unregistered-persons"]');
  await page.waitForURL(/#\/publicity\/unregistered$/);
  await page.locator('#unregistered-persons tr:has-text("页面已录入乙")').waitFor();

  // add: a wrong ID number is refused next to the field
  await page.click('#unreg-add');
  await page.waitForSelector('#unreg-form');
  await page.fill('#up-name', '页面未注册甲');
  await page.fill('#up-id', '110105198803031234');
  await page.fill('#up-mobile', '13912345678');
  await page.click('#unreg-form button[type=submit]');
  const idError = page.locator('#unreg-form .el-form-item:has(#up-id) .el-form-item__error');
  await idError.waitFor();
  expect(await idError.textContent()).toMatch(/身份证/);
  await page.fill('#up-id', idNumber);
  await page.click('#unreg-form .el-radio:has-text("女")');
  await page.click('#unreg-form button[type=submit]');
  const row = page.locator('#unregistered-persons tr:has-text("页面未注册甲")');
  await row.waitFor();
  expect(await row.textContent()).toContain('139****5678');
  expect(await row.textContent()).not.toContain(idNumber);
  expect(await db('unregistered_persons').where({ unit_id: unit.id, id_number: idNumber }).first()).toMatchObject({ name: '页面未注册甲', gender: '女', mobile: '13912345678' });

  // found by name on the server
  const query = page.waitForRequest((r) => r.url().includes('/api/publicity/unregistered-persons?') && r.url().includes('name='));
  await page.fill('#up-q-name', '未注册甲');
  await page.click('#unregistered-persons form.conditions button[type=submit]');
  await query;
  await page.locator('#unregistered-persons tr:has-text("页面已录入乙")').waitFor({ state: 'detached' });
  await settled(page);
  await fitsPhone(page, 'unregistered-persons');

  // modify in the dialog (the ID number in full there)
  await row.locator('.unreg-edit').click();
  await page.waitForSelector('#unreg-form');
  await page.waitForFunction(`document.querySelector('#up-id')?.value === '${idNumber}'`);
  await page.fill('#up-note', '拟初始公示');
  await page.click('#unreg-form button[type=submit]');
  await page.locator('#unregistered-persons tr:has-text("拟初始公示")').waitFor();
  expect((await db('unregistered_persons').where({ unit_id: unit.id, id_number: idNumber }).first()).note).toBe('拟初始公示');

  // delete after a confirmation
  await row.locator('.unreg-delete').click();
  await page.click('.el-message-box__btns .el-button--primary');
  await row.waitFor({ state: 'detached' });
  expect(await db('unregistered_persons').where({ unit_id: unit.id, id_number: idNumber }).first()).toBeUndefined();
});
