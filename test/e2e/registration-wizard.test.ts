/**
 * The registration wizard in a real browser, without signing in: the steps as an el-steps bar
 * (four pages and the review), the division picked province → city → district (never typed as
 * codes), each step checked before the next with the server's rules (a USCC with a wrong check
 * character on step 1, a bad mobile on step 2), inline field errors in Chinese, a review page
 * listing what was entered with the one submit button, the server's own refusal on the field and
 * on the step that holds it, then a successful submission; the same wizard in English shows
 * English only.
 */
import { consoleErrors, fitsPhone, newPage, shot } from '../support/browser';
import { freshUscc, PNG } from '../support/fixtures';
import { browserSuite } from '../support/browser-suite';


const suite = browserSuite({ workers: false });

it('shows field errors inline in Chinese, then registers', async () => {
  const page = await newPage(suite.browser, { width: 1280, height: 1000 });
  await page.goto(`${suite.sys.url}/#/register`);
  await page.waitForSelector('input[name="data[unit.name]"]');
  // the wizard's pages are a step bar, not Form.io's list of buttons
  expect(await page.locator('.wizard-steps .el-step').count()).toBe(5);
  const submitButtons = page.locator('.formio-host button:visible:has-text("提交")');
  const activeStep = () => page.locator('.wizard-steps .el-step:has(.el-step__title.is-process)').getAttribute('data-step');
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
  await shot(page, 'wizard-errors');
  expect(await submitButtons.count()).toBe(0);

  // a USCC of the right shape whose check character is wrong: the server's rule, on step 1
  await page.fill('input[name="data[unit.legalRepresentative]"]', '张向导');
  await page.fill('input[name="data[unit.uscc]"]', '91110105M104BT528H');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('.formio-component-unit\\.uscc .formio-errors:has-text("校验位错误")');
  expect(await activeStep()).toBe('0');
  await fitsPhone(page, 'wizard-uscc-check');

  await page.fill('input[name="data[unit.uscc]"]', taken);
  await page.click('button:has-text("下一步")');
  // step 2: the contact; a bad mobile stops it there, on its field
  await page.waitForSelector('input[name="data[contact.name]"]');
  await page.fill('input[name="data[contact.name]"]', '李向导');
  await page.fill('input[name="data[contact.email]"]', `wizard-${uscc.toLowerCase()}@example.test`);
  await page.fill('input[name="data[contact.mobile]"]', '12812340000');
  await page.fill('input[name="data[contact.password]"]', 'Wizard2026');
  await page.fill('input[name="data[contact.passwordConfirm]"]', 'Wizard2026');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('.formio-component-contact\\.mobile .formio-errors:has-text("手机号码格式不正确")');
  expect(await activeStep()).toBe('1');
  await fitsPhone(page, 'wizard-contact');
  await page.fill('input[name="data[contact.mobile]"]', '13812340000');
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
  await fitsPhone(page, 'wizard-qualifications');
  expect(await submitButtons.count()).toBe(0);
  await page.click('button:has-text("下一步")');

  // the review page: what was entered, page by page (names, not codes; the password hidden), and the one submit button
  const review = page.locator('.form-review');
  await review.waitFor();
  const entered = async (key: string) => (await review.locator(`dd[data-key="${key}"]`).innerText()).trim();
  expect(await entered('unit.name')).toBe('向导测试检测有限公司');
  expect(await entered('unit.uscc')).toBe(taken);
  expect([await entered('unit.province'), await entered('unit.city'), await entered('unit.district')]).toEqual(['北京市', '市辖区', '朝阳区']);
  expect(await entered('contact.mobile')).toBe('13812340000');
  expect(await entered('contact.password')).not.toContain('Wizard2026');
  expect(await entered('certification.institutionType')).toBe('检测机构');
  expect(await entered('certification.businessLicence')).toMatch(/^营业执照\.png \(\d+ B\)$/);
  expect(await entered('qualifications')).toContain('TS8110001-2026');
  expect(await review.innerText()).not.toMatch(/NaN|undefined/);
  expect(await submitButtons.count()).toBe(1);
  await fitsPhone(page, 'wizard-review');
  await submitButtons.click();

  // The server's rule (the USCC is registered already) comes back as a Chinese message, by the
  // field's label (never its path), on the field and on the first step, which the wizard goes back to.
  await page.waitForSelector('.form-errors li:has-text("已注册")');
  expect(await page.textContent('.form-errors')).not.toContain('unit.uscc');
  expect(await page.textContent('.form-errors')).not.toContain('already');
  await page.waitForSelector('.wizard-steps [data-step="0"] .el-step__title.is-error');
  await page.waitForSelector('.formio-component-unit\\.uscc .formio-errors:has-text("已注册")');
  await fitsPhone(page, 'wizard-server-error');
  expect(await suite.sys.db('applications').where({ subject_key: uscc }).first()).toBeUndefined();
  await page.fill('input[name="data[unit.uscc]"]', uscc);
  // the server's message leaves the field once it is changed (as a person sees it go before submitting again)
  await page.locator('.formio-component-unit\\.uscc .formio-errors:has-text("已注册")').waitFor({ state: 'hidden' });
  // the step bar moves between pages too: on to the review and its submit button
  await page.click('.wizard-steps [data-step="4"]');
  await review.waitFor();
  expect(await entered('unit.uscc')).toBe(uscc);
  await submitButtons.click();
  await page.waitForSelector('#registered:has-text("REG")');
  const app = await suite.sys.db('applications').where({ subject_key: uscc }).first();
  expect(app).toMatchObject({ status: 'submitted', process_id: 'unit-registration' });
  expect(app.data.certification.businessLicence).toHaveLength(1);
  expect(app.data.unit).toMatchObject({ province: '110000', city: '110100', district: '110105' });
  expect(app.data.qualifications).toEqual([{ qualificationType: 'testing-approval', certificateNo: 'TS8110001-2026', issueDate: '2024-03-01', expiryDate: '2030-02-28', issuer: '北京市市场监督管理局' }]);
  await shot(page, 'wizard-done');
  // what happens next, and the way to follow it: the case lookup with the number filled in
  expect(await page.locator('#registered-next').innerText()).toContain('3 个工作日');
  await page.click('#registered-lookup');
  await page.waitForSelector('#lk-number');
  expect(await page.inputValue('#lk-number')).toBe(app.number);
  await page.fill('#lk-uscc', uscc);
  await page.click('#lk-search');
  await page.locator('#lk-timeline').waitFor();
  expect(await page.locator('#lk-timeline li').evaluateAll((els) => els.map((e) => e.className))).toEqual(['lk-step lk-submitted']);
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
  await fitsPhone(page, 'wizard-english');
}, 60_000);
