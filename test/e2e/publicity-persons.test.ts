/**
 * 注册人员管理 / 注册证书管理 in a real browser, as a unit account: the combined query opened from
 * the menu lists the unit's registered persons with masked ID numbers, and its conditions (name,
 * item, status) filter on the server; the statistics page counts them by status, item and
 * certificate validity; the certificate query finds a certificate by its number with its validity.
 * Screenshots at desktop width and 390 px.
 */
import { endRecord } from '../../db/publicity/practitioners';
import { addDays, localDate } from '../../domain/publicity/rules';
import { consoleErrors, fitsPhone, settled, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { seedPerson, unitWithAccount } from '../support/publicity-fixtures';

const suite = browserSuite({ workers: false });

it('queries the unit’s registered persons, counts them, and finds a certificate by its number', async () => {
  const { db, url } = suite.sys;
  const today = localDate(new Date());
  const { unit, login, password } = await unitWithAccount(db);
  const tag = Date.now().toString().slice(-6);
  const jia = await seedPerson(db, { name: '页面人员甲', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], recordItems: [{ itemCode: 'Y-GL', grade: 2 }], unitId: unit.id });
  const yi = await seedPerson(db, { name: '页面人员乙', qualifications: [{ itemCode: 'S-UT', grade: 1 }], recordItems: [{ itemCode: 'S-UT', grade: 1 }], unitId: unit.id, validUntil: addDays(today, -5) });
  const bing = await seedPerson(db, { name: '页面人员丙', qualifications: [{ itemCode: 'S-UT', grade: 2 }], recordItems: [{ itemCode: 'S-UT', grade: 2 }], unitId: unit.id, validUntil: addDays(today, 20) });
  await db.transaction((trx) => endRecord(trx, { recordId: bing.recordId!, reason: 'cancelled' }));
  for (const [p, no] of [[jia, `YM${tag}A`], [yi, `YM${tag}B`], [bing, `YM${tag}C`]] as const) await db('publicity_records').where({ id: p.recordId }).update({ certificate_no: no });

  const page = await signInPage(suite.browser, url, login, password);
  // 注册人员综合查询
  await page.click('[data-menu="publicity-persons"]');
  await page.waitForURL(/#\/publicity\/persons$/);
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr').length === 3");
  const text = await page.locator('.list-table').innerText();
  expect(text).toContain('页面人员甲');
  expect(text).toContain(`${jia.idNumber.slice(0, 6)}***********${jia.idNumber.slice(-1)}`);
  expect(text).not.toContain(jia.idNumber);
  expect(await page.locator('.list-table tr.person-valid').innerText()).toContain('有效');
  expect(await page.locator('.list-table tr.person-expired').innerText()).toContain('页面人员乙');
  expect(await page.locator('.list-table tr.person-ended').innerText()).toContain('已注销');
  await fitsPhone(page, 'publicity-persons');

  // conditions: the item, then the status, then a name
  await page.locator('label:has(#rp-item) .el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'S-UT 超声检测' }).click();
  await page.click('.conditions button[type=submit]');
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr').length === 2");
  await page.locator('label:has(#rp-status) .el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '已到期' }).click();
  await page.click('.conditions button[type=submit]');
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr').length === 1");
  expect(await page.locator('.list-table tbody tr').innerText()).toContain('页面人员乙');
  await page.click('.conditions button:has-text("重置")');
  await page.fill('#rp-name', '人员甲');
  await page.click('.conditions button[type=submit]');
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr').length === 1");
  expect(await page.locator('.list-table tbody tr').innerText()).toContain('页面人员甲');
  await fitsPhone(page, 'publicity-persons-filtered');

  // 单位注册人员统计
  await page.click('[data-menu="publicity-person-statistics"]');
  await page.waitForSelector('#stats-items');
  await settled(page);
  const status = await page.locator('#stats-status').innerText();
  expect(status.replace(/\s+/g, ' ')).toMatch(/有效 1 已到期 1 已终止 1 合计 3/);
  const items = await page.locator('#stats-items').innerText();
  expect(items).toContain('Y-GL 锅炉检验');
  expect(items).toContain('S-UT 超声检测');
  expect(items).toContain('检验师'); // the grade named for the item's kind
  expect(items).toContain('检测员');
  await fitsPhone(page, 'publicity-person-statistics');

  // 注册人员证书查询
  await page.click('[data-menu="publicity-certificates"]');
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr').length === 3");
  await page.fill('#cert-no', `YM${tag}A`);
  await page.click('.conditions button[type=submit]');
  await page.waitForFunction("document.querySelectorAll('.list-table tbody tr').length === 1");
  const row = await page.locator('.list-table tbody tr').innerText();
  expect(row).toContain('页面人员甲');
  expect(row).toContain('有效');
  expect(row).toMatch(/剩余 \d+ 天/);
  await fitsPhone(page, 'publicity-certificates');

  expect(consoleErrors(page)).toEqual([]);
  await page.context().close();
}, 180_000);
