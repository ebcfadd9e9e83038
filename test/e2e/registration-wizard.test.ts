/**
 * The 4-step registration wizard in a real browser, without signing in: the steps as an el-steps
 * bar, the division picked province → city → district (never typed as codes), inline field errors
 * in Chinese (the form's own rules, then the server's on the field and on the step that holds it),
 * then a successful submission; the same wizard in English shows English only.
 */
import path from 'node:path';
import { ARTIFACTS, consoleErrors, newPage, screenshots } from '../support/browser';
import { freshUscc, PNG } from '../support/fixtures';
import { browserSuite } from '../support/browser-suite';


const suite = browserSuite({ workers: false });

it('shows field errors inline in Chinese, then registers', async () => {
  const page = await newPage(suite.browser, { width: 1280, height: 1000 });
  await page.goto(`${suite.sys.url}/#/register`);
  await page.waitForSelector('input[name="data[unit.name]"]');
  // the wizard's pages are a step bar, not Form.io's list of buttons
  expect(await page.locator('.wizard-steps .el-step').count()).toBe(4);
  expect(await page.locator('nav[aria-label="Wizard navigation"]').isVisible()).toBe(false);

  // Step 1 with a bad USCC and a missing legal representative: the wizard will not go on.
  const uscc = freshUscc();
  // a unit already registered with this USCC: only the server knows
  const taken = freshUscc();
  await suite.sys.db('units').insert({ uscc: taken, name: '已注册检测有限公司', legal_representative: '王一', province: '110000', city: '110100', district: '110105', address: '北京', postcode: '100020', phone: '010-65001234', status: 'active' });
  await page.fill('input[name="data[unit.name]"]', '向导测试检测有限公司');
  await page.fill('input[name="data[unit.uscc]"]', 'ABC');
  // the division: picked level by level, each list depending on the one above
  // (a list refilled after the level above changed can miss the first typing: close it and type again)
  const pick = async (level: string, typed: string, name: string) => {
    const option = page.locator(`.formio-component-unit\\.${level} .choices__item--choice:has-text("${name}")`);
    for (let attempt = 1; ; attempt++) {
      await page.click(`.formio-component-unit\\.${level} .choices`);
      await page.keyboard.type(typed);
      try {
        await option.first().waitFor({ timeout: 5000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
        await page.keyboard.press('Escape');
      }
    }
    await option.first().click();
  };
  await pick('province', '北京', '北京市');
  await pick('city', '市辖', '市辖区');
  await pick('district', '朝阳', '朝阳区');
  expect(await page.locator('main').innerText()).not.toContain('110105');
  await page.fill('input[name="data[unit.address]"]', '北京市朝阳区向导路 1 号');
  await page.fill('input[name="data[unit.postcode]"]', '100022');
  await page.fill('input[name="data[unit.phone]"]', '010-65001234');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('.formio-component-unit\\.uscc .formio-errors:has-text("统一社会信用代码")');
  await page.waitForSelector('.formio-component-unit\\.legalRepresentative .formio-errors:has-text("必填")');
  await page.screenshot({ path: path.join(ARTIFACTS, 'wizard-errors.png'), fullPage: true });

  await page.fill('input[name="data[unit.uscc]"]', taken);
  await page.fill('input[name="data[unit.legalRepresentative]"]', '张向导');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('select[name="data[certification.institutionType]"]');
  await page.selectOption('select[name="data[certification.institutionType]"]', 'testing');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('.formio-component-certification\\.businessLicence a.browse')]);
  await chooser.setFiles({ name: '营业执照.png', mimeType: 'image/png', buffer: PNG });
  await page.waitForSelector('.formio-component-certification\\.businessLicence li.list-group-item:nth-child(2)');
  await page.click('button:has-text("下一步")');
  // qualifications (optional): one row, its type picked from the qualification application's list
  await page.click('.formio-component-qualifications button:has-text("添加资质")');
  await page.waitForSelector('select[name="data[qualifications][0][qualificationType]"]');
  await page.selectOption('select[name="data[qualifications][0][qualificationType]"]', 'testing-approval');
  await page.fill('input[name="data[qualifications][0][certificateNo]"]', 'TS8110001-2026');
  await page.fill('input[name="data[qualifications][0][issueDate]"]', '2024-03-01');
  await page.fill('input[name="data[qualifications][0][expiryDate]"]', '2030-02-28');
  await page.fill('input[name="data[qualifications][0][issuer]"]', '北京市市场监督管理局');
  await screenshots(page, 'wizard-qualifications');
  await page.click('button:has-text("下一步")');
  await page.fill('input[name="data[contact.name]"]', '李向导');
  await page.fill('input[name="data[contact.email]"]', `wizard-${uscc.toLowerCase()}@example.test`);
  await screenshots(page, 'wizard-contact');
  await page.fill('input[name="data[contact.mobile]"]', '13812340000');
  await page.fill('input[name="data[contact.password]"]', 'Wizard2026');
  await page.fill('input[name="data[contact.passwordConfirm]"]', 'Wizard2026');
  await page.click('button:has-text("提交")');

  // The server's rule (the USCC is registered already) comes back as a Chinese message, by the
  // field's label (never its path), on the field and on the first step, which the wizard goes back to.
  await page.waitForSelector('.form-errors li:has-text("已注册")');
  expect(await page.textContent('.form-errors')).not.toContain('unit.uscc');
  expect(await page.textContent('.form-errors')).not.toContain('already');
  await page.waitForSelector('.wizard-steps [data-step="0"] .el-step__title.is-error');
  await page.waitForSelector('.formio-component-unit\\.uscc .formio-errors:has-text("已注册")');
  await screenshots(page, 'wizard-server-error');
  expect(await suite.sys.db('applications').where({ subject_key: uscc }).first()).toBeUndefined();
  await page.fill('input[name="data[unit.uscc]"]', uscc);
  // the server's message leaves the field once it is changed (as a person sees it go before submitting again)
  await page.locator('.formio-component-unit\\.uscc .formio-errors:has-text("已注册")').waitFor({ state: 'hidden' });
  // the step bar moves between pages too
  await page.click('.wizard-steps [data-step="3"]');
  await page.waitForSelector('input[name="data[contact.name]"]');
  await page.click('button:has-text("提交")');
  await page.waitForSelector('#registered:has-text("REG")');
  const app = await suite.sys.db('applications').where({ subject_key: uscc }).first();
  expect(app).toMatchObject({ status: 'submitted', process_id: 'unit-registration' });
  expect(app.data.certification.businessLicence).toHaveLength(1);
  expect(app.data.unit).toMatchObject({ province: '110000', city: '110100', district: '110105' });
  expect(app.data.qualifications).toEqual([{ qualificationType: 'testing-approval', certificateNo: 'TS8110001-2026', issueDate: '2024-03-01', expiryDate: '2030-02-28', issuer: '北京市市场监督管理局' }]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'wizard-done.png'), fullPage: true });
  // (the server's refusals, 400 and 409, are the answers this test provokes)
  expect(consoleErrors(page).filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
}, 120_000);

it('shows the wizard in English only when English is chosen', async () => {
  const page = await newPage(suite.browser, { width: 1280, height: 1000 }, 'en');
  await page.goto(`${suite.sys.url}/#/register`);
  await page.waitForSelector('input[name="data[unit.name]"]');
  const text = await page.locator('main').innerText();
  expect(text).toContain('Unit name');
  expect(text).not.toMatch(/[\u3400-\u9fff]/);
  expect(text).not.toMatch(/addAnother|browseToAttachFileFor|allowedFileTypes|addOrRemove/);
  await page.click('button:has-text("Next")');
  await page.waitForSelector('.formio-component-unit\\.legalRepresentative .formio-errors:has-text("required")');
  expect(await page.locator('main').innerText()).not.toMatch(/[\u3400-\u9fff]/);
  await screenshots(page, 'wizard-english');
}, 60_000);
