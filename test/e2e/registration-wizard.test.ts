/**
 * The 4-step registration wizard in a real browser, without signing in: inline field errors in
 * Chinese (the form's own rules, then the server's), then a successful submission.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchBrowser, newPage } from '../support/browser';
import { freshUscc, PNG } from '../support/fixtures';
import { startTestSystem, TestSystem } from '../support/harness';


let sys: TestSystem;
let browser: Browser;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

it('shows field errors inline in Chinese, then registers', async () => {
  const page = await newPage(browser, { width: 1280, height: 1000 });
  await page.goto(`${sys.url}/#/register`);
  await page.waitForSelector('input[name="data[unit.name]"]');

  // Step 1 with a bad USCC and a missing legal representative: the wizard will not go on.
  const uscc = freshUscc();
  await page.fill('input[name="data[unit.name]"]', '向导测试检测有限公司');
  await page.fill('input[name="data[unit.uscc]"]', 'ABC');
  await page.fill('input[name="data[unit.province]"]', '110000');
  await page.fill('input[name="data[unit.city]"]', '110100');
  await page.fill('input[name="data[unit.district]"]', '310104'); // not in Beijing: only the server knows
  await page.fill('input[name="data[unit.address]"]', '北京市朝阳区向导路 1 号');
  await page.fill('input[name="data[unit.postcode]"]', '100022');
  await page.fill('input[name="data[unit.phone]"]', '010-65001234');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('.formio-component-unit\\.uscc .formio-errors:has-text("统一社会信用代码")');
  await page.waitForSelector('.formio-component-unit\\.legalRepresentative .formio-errors:has-text("必填")');
  await page.screenshot({ path: path.join(ARTIFACTS, 'wizard-errors.png'), fullPage: true });

  await page.fill('input[name="data[unit.uscc]"]', uscc);
  await page.fill('input[name="data[unit.legalRepresentative]"]', '张向导');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('select[name="data[certification.institutionType]"]');
  await page.selectOption('select[name="data[certification.institutionType]"]', 'testing');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('.formio-component-certification\\.businessLicence a.browse')]);
  await chooser.setFiles({ name: '营业执照.png', mimeType: 'image/png', buffer: PNG });
  await page.waitForSelector('.formio-component-certification\\.businessLicence li.list-group-item:nth-child(2)');
  await page.click('button:has-text("下一步")'); // qualifications: optional
  await page.click('button:has-text("下一步")');
  await page.fill('input[name="data[contact.name]"]', '李向导');
  await page.fill('input[name="data[contact.email]"]', `wizard-${uscc.toLowerCase()}@example.test`);
  await page.fill('input[name="data[contact.mobile]"]', '13812340000');
  await page.fill('input[name="data[contact.password]"]', 'Wizard2026');
  await page.fill('input[name="data[contact.passwordConfirm]"]', 'Wizard2026');
  await page.click('button:has-text("提交")');

  // The server's rule (district must lie in the city) comes back as a Chinese message.
  await page.waitForSelector('#form-errors li[data-field="unit.district"]:has-text("行政区划")');
  expect(await sys.db('applications').where({ subject_key: uscc }).first()).toBeUndefined();
  await page.click('button:has-text("上一步")');
  await page.click('button:has-text("上一步")');
  await page.click('button:has-text("上一步")');
  await page.fill('input[name="data[unit.district]"]', '110105');
  for (let i = 0; i < 3; i++) await page.click('button:has-text("下一步")');
  await page.click('button:has-text("提交")');
  await page.waitForSelector('h2:has-text("REG")');
  const app = await sys.db('applications').where({ subject_key: uscc }).first();
  expect(app).toMatchObject({ status: 'submitted', process_id: 'unit-registration' });
  expect(app.data.certification.businessLicence).toHaveLength(1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'wizard-done.png'), fullPage: true });
}, 120_000);
