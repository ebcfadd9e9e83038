/**
 * Notices in a real browser: an admin tries an empty notice (the fields say what is missing, in
 * Chinese), publishes a 公示通知, finds it with the list's conditions; the unit's home page shows
 * the persons in publicity, the items waiting and the notice, which opens on a click; withdrawn,
 * it leaves the home page. Screenshots at desktop width and 390 px in test-artifacts/.
 */
import { PROCESS } from '../../domain/registry';
import { fitsPhone, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { createApplication } from '../support/factories';
import { createAccount } from '../support/harness';
import { seedPerson, unitWithAccount } from '../support/publicity-fixtures';

const suite = browserSuite({ workers: false });

it('an admin publishes a notice; the unit home page shows it with the persons in publicity and the items waiting', async () => {
  const { db, url } = suite.sys;
  const tag = Date.now().toString(36);
  const title = `关于做好2027年度执业公示续期工作的通知 ${tag}`;
  const a = await createAccount(suite.sys, { kind: 'admin' });
  const admin = await signInPage(suite.browser, url, a.login, a.password);
  await admin.goto(`${url}/#/admin/notices`);
  await admin.waitForSelector('.list-page .list-table');
  await admin.click('#notice-new');
  await admin.waitForSelector('#notice-form');
  await admin.click('#notice-save');
  // the server's field messages, under their fields
  await admin.waitForSelector('#notice-form .el-form-item__error');
  const errors = await admin.locator('#notice-form .el-form-item__error').allInnerTexts();
  expect(errors.join(' ')).toContain('请填写标题');
  expect(errors.join(' ')).toContain('请填写通知内容');
  await admin.fill('#n-title', title);
  await admin.fill('#n-body', '各单位：\n请于 2027 年 1 月 31 日前完成到期人员的续期申报。');
  await admin.click('#notice-save');
  await admin.waitForSelector('#notice-form', { state: 'detached' });
  await admin.fill('#nq-title', tag);
  await admin.click('.conditions button[type=submit]');
  await admin.waitForSelector(`.list-table tr.notice-published :text("${title}")`);
  expect(await admin.locator('.list-table tbody tr').count()).toBe(1);
  await fitsPhone(admin, 'notices-admin');
  const notice = await db('notices').where({ title }).first();
  expect(notice).toMatchObject({ kind: 'publicity', status: 'published', created_by: a.login });

  // the unit: two persons in publicity, a cancellation not handed in and a publicity form to upload
  const { unit, login, password } = await unitWithAccount(db, { name: `首页页面检验有限公司${tag}` });
  for (const name of ['首页甲', '首页乙']) {
    await seedPerson(db, { name, qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id });
  }
  await createApplication(db, { processId: PROCESS.publicityCancel, status: 'pending', unitId: unit.id });
  await createApplication(db, { processId: PROCESS.publicityApplication, status: 'awaiting_upload', unitId: unit.id });
  const page = await signInPage(suite.browser, url, login, password);
  await page.goto(`${url}/#/home`);
  await page.waitForSelector('#home-figures');
  expect(await page.locator('#figure-publicity .figure-value').innerText()).toBe('2');
  expect(await page.locator('#figure-waiting .figure-value').innerText()).toBe('2');
  expect(await page.locator('#figure-publicity').innerText()).toContain('公示人员数量');
  const link = page.locator('#notices-publicity .notice-link', { hasText: title });
  await link.waitFor();
  await fitsPhone(page, 'home-unit-notices');
  await link.click();
  const dialog = page.locator('.notice-view');
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain('请于 2027 年 1 月 31 日前完成到期人员的续期申报');
  expect(await dialog.innerText()).toContain('公示通知');
  await fitsPhone(page, 'home-unit-notice-open');

  // withdrawn: the home page no longer lists it
  await admin.click('.list-table .notice-unpublish');
  await admin.waitForSelector('.list-table tr.notice-unpublished');
  await page.reload();
  await page.waitForSelector('#home-figures');
  await page.waitForSelector('#notices-publicity');
  expect(await page.locator('#notices-publicity').innerText()).not.toContain(title);
}, 120_000);
