/**
 * The unit's qualifications page (000 §3.2.5) in a real browser, as the main account: records and
 * a pending application listed together; certificate details added to a record afterwards
 * (补录证书信息); a record an open publicity application relies on is not deleted (the refusal
 * names the application); a pending application modified and then deleted. Screenshots (desktop
 * and 390 px) in test-artifacts/.
 */
import { consoleErrors, fitsPhone, settled, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { createUnit, createUnitAccount, freshLogin } from '../support/factories';
import { PNG } from '../support/fixtures';

const suite = browserSuite({ workers: false });

it('records and pending applications: details added, an in-use record kept, a pending one modified and deleted', async () => {
  const db = suite.sys.db;
  const unit = await createUnit(db, { name: '资质页测试有限公司' });
  const account = await createUnitAccount(db, unit.id, { login: freshLogin('uq') });
  const stamp = Date.now();
  const record = async (type: string, certificateNo: string) => {
    const [app] = await db('applications').insert({ number: `QUA-B-${stamp}-${certificateNo}`, process_id: 'unit-qualification', status: 'approved', unit_id: unit.id, data: '{}' }).returning('id');
    const [q] = await db('unit_qualifications').insert({ unit_id: unit.id, application_id: app.id, qualification_type: type, certificate_no: certificateNo, issue_date: '2025-01-01', expiry_date: '2030-12-31', status: 'active' }).returning('id');
    return q.id as string;
  };
  const inUse = await record('inspection-approval', 'INUSE-1');
  const plain = await record('testing-approval', 'PLAIN-1');
  const [pub] = await db('applications').insert({ number: `A-B-${stamp}`, process_id: 'publicity-application', status: 'awaiting_upload', unit_id: unit.id, data: '{}' }).returning(['id', 'number']);
  const [pending] = await db('applications')
    .insert({ number: `QUA-P-${stamp}`, process_id: 'unit-qualification', status: 'submitted', unit_id: unit.id, data: JSON.stringify({ qualificationType: 'type-test-approval', certificateNo: 'PEND-1', issueDate: '2026-01-05', expiryDate: '2029-01-04' }) })
    .returning('id');

  const page = await signInPage(suite.browser, suite.sys.url, account.login, account.password);
  await page.waitForSelector('#side-menu [data-menu="qualifications"]');
  await page.click('#side-menu [data-menu="qualifications"]');
  await page.waitForSelector('tr.cert-PEND-1.status-pending');
  await settled(page);
  expect(await page.textContent('tr.cert-PEND-1')).toContain('待审核');
  expect(await page.locator('tr.cert-INUSE-1.status-active, tr.cert-PLAIN-1.status-active').count()).toBe(2);
  await fitsPhone(page, 'unit-qualifications');

  // 补录证书信息
  await page.click('tr.cert-PLAIN-1 button.details');
  await page.waitForSelector('#qualification-edit');
  await page.fill('#qe-certificateNo', 'PLAIN-2');
  await page.fill('#qe-issuer', '国家市场监督管理总局');
  await page.setInputFiles('#qe-files', { name: '证书正本.png', mimeType: 'image/png', buffer: PNG });
  await page.waitForSelector('#qualification-edit li:has-text("证书正本.png")');
  await page.click('#qualification-edit button[type=submit]');
  await page.waitForSelector('tr.cert-PLAIN-2');
  const saved = await db('unit_qualifications').where({ id: plain }).first();
  expect(saved).toMatchObject({ certificate_no: 'PLAIN-2', issuer: '国家市场监督管理总局' });
  expect(saved.file_ids).toHaveLength(1);

  // a record the open publicity application relies on stays, and the refusal names it
  await page.click('tr.cert-INUSE-1 button.delete');
  await page.click('.el-message-box .el-button--primary');
  await page.waitForSelector(`.el-message--error:has-text("${pub.number}")`);
  expect(await db('unit_qualifications').where({ id: inUse }).first()).toBeTruthy();
  expect(await page.locator('tr.cert-INUSE-1').count()).toBe(1);

  // the pending application: modified, then deleted
  await page.click('tr.cert-PEND-1 button.modify');
  await page.waitForSelector('#qe-expiryDate');
  await page.fill('#qe-certificateNo', 'PEND-2');
  await page.fill('#qe-expiryDate', '2020-01-01');
  await page.click('#qualification-edit button[type=submit]');
  const expiryError = page.locator('#qualification-edit .el-form-item:has(#qe-expiryDate) .el-form-item__error');
  await expiryError.waitFor();
  expect(await expiryError.textContent()).toContain('有效期止不能早于发证日期');
  await page.fill('#qe-expiryDate', '2029-06-30');
  await page.click('#qualification-edit button[type=submit]');
  await page.waitForSelector('tr.cert-PEND-2.status-pending');
  expect((await db('applications').where({ id: pending.id }).first()).data).toMatchObject({ certificateNo: 'PEND-2', expiryDate: '2029-06-30' });
  await page.click('tr.cert-PEND-2 button.delete');
  await page.click('.el-message-box .el-button--primary');
  await page.waitForSelector('tr.cert-PEND-2', { state: 'detached' });
  expect((await db('applications').where({ id: pending.id }).first()).status).toBe('terminated');
  await fitsPhone(page, 'unit-qualifications-after');
  expect(consoleErrors(page).filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
}, 120_000);
