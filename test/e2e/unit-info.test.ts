/**
 * The unit information page (000 §3.2.1) and the authorised contact's change (000 §3.2.4) in a real
 * browser, as the unit's main account: the manual's fields edited and saved (membership type,
 * approval number and validity, unit nature, the contact's title, an attachment), the contact's
 * name and mobile read-only there; the change page shows the current values beside the requested
 * ones, the SMS code goes to the new mobile, a wrong code is refused next to the code field with
 * nothing stored, the right one sends the request; the change history lists it with the reason as
 * a condition, and it is withdrawn. Screenshots (desktop and 390 px) in test-artifacts/.
 */
import { chooseOption, consoleErrors, fitsPhone, settled, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { createUnit, createUnitAccount, freshLogin } from '../support/factories';
import { PNG } from '../support/fixtures';

const suite = browserSuite({ workers: false });

it("main account: the unit's information edited; a new authorised contact confirmed by the code sent to the new mobile", async () => {
  const unit = await createUnit(suite.sys.db, { name: '信息页测试有限公司', legal_representative: '王党', address: '饶阳县马屯工业园区正港路 1 号', postcode: '053900' });
  await suite.sys.db('units').where({ id: unit.id }).update({ institution_type: 'type-test' });
  const account = await createUnitAccount(suite.sys.db, unit.id, { login: freshLogin('uip'), displayName: '唐建', mobile: '13683082679' });
  const page = await signInPage(suite.browser, suite.sys.url, account.login, account.password);
  await page.waitForSelector('#side-menu [data-menu="unit-profile"]');
  await page.click('#side-menu [data-menu="unit-profile"]');
  await page.waitForSelector('#unit-profile-form');
  await settled(page);

  // the institution type by its name, not its value
  expect(await page.textContent('#unit-identity dd[data-key="institutionType"]')).toBe('型式试验机构');
  // the contact's name and mobile are shown, not editable here
  expect(await page.textContent('#unit-contact dd[data-key="contactName"]')).toBe('唐建');
  expect(await page.textContent('#unit-contact dd[data-key="contactMobile"]')).toBe('13683082679');
  expect(await page.locator('#unit-profile-form input[name="contactName"], #unit-profile-form input[name="contactMobile"]').count()).toBe(0);

  await chooseOption(page, '#up-membership', '会员');
  await page.fill('#unit-profile-form input[name="approvalNumber"]', 'TS7110001-2030');
  await page.fill('#up-approval-until', '2030-06-30');
  await page.keyboard.press('Enter');
  await chooseOption(page, '#up-nature', '私有企业');
  await page.fill('#unit-profile-form input[name="contactTitle"]', '职员');
  await page.setInputFiles('#up-orgCode', { name: '组织代码证.png', mimeType: 'image/png', buffer: PNG });
  await page.waitForSelector('#unit-attachments a[data-attachment="orgCode"]:has-text("组织代码证.png")');
  await page.click('#unit-profile-form button[type=submit]');
  await page.waitForSelector('.el-message:has-text("已保存")');
  const saved = await suite.sys.db('units').where({ id: unit.id }).first();
  expect(saved).toMatchObject({ membership_type: 'member', approval_number: 'TS7110001-2030', unit_nature: 'private' });
  expect(saved.approval_valid_until).toBeTruthy();
  expect(saved.org_code_file_id).toBeTruthy();
  expect((await suite.sys.db('accounts').where({ id: account.id }).first()).title).toBe('职员');
  await fitsPhone(page, 'unit-info');

  // the change page: current values beside the requested ones
  await page.click('#change-contact');
  await page.waitForSelector('#info-change-form');
  await settled(page);
  expect(await page.textContent('#change-compare tr[data-field="contactName"] td.current')).toBe('唐建');
  expect(await page.textContent('#change-compare tr[data-field="address"] td.current')).toBe('饶阳县马屯工业园区正港路 1 号');
  expect(await page.locator('#contact-code').count()).toBe(0);
  const mobile = `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await page.fill('#ic-contactName', '李新');
  await page.fill('#ic-contactMobile', mobile);
  await page.click('#send-contact-code');
  await page.waitForSelector('#code-sent');
  const sms = await suite.sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first();
  const code = /验证码 (\d{6})/.exec(sms.text)![1];
  await page.setInputFiles('#ic-proof', { name: '授权书.png', mimeType: 'image/png', buffer: PNG });
  await page.waitForSelector('#info-change-form li:has-text("授权书.png")');

  // a wrong code: refused next to the code field, in Chinese; nothing stored
  await page.fill('#ic-contactCode', code === '000000' ? '111111' : '000000');
  await page.click('#info-change-form button[type=submit]');
  const codeError = page.locator('#contact-code .el-form-item__error');
  await codeError.waitFor();
  expect(await codeError.textContent()).toContain('验证码错误');
  expect(await suite.sys.db('applications').where({ unit_id: unit.id, process_id: 'unit-info-change' })).toHaveLength(0);
  await fitsPhone(page, 'unit-info-change-wrong-code');

  // the right code (a wrong try does not use it up)
  await page.fill('#ic-contactCode', code);
  await page.click('#info-change-form button[type=submit]');
  await page.waitForURL(/#\/case\//);
  const [app] = await suite.sys.db('applications').where({ unit_id: unit.id, process_id: 'unit-info-change' });
  expect(app.data).toMatchObject({ reason: 'information-change', contactName: '李新', contactMobile: mobile });
  expect(app.data).not.toHaveProperty('contactCode');
  expect(app.data).not.toHaveProperty('address');
  // nothing changes before the review
  expect((await suite.sys.db('accounts').where({ id: account.id }).first()).mobile).toBe('13683082679');

  // the change history: the request pending; the reason as a condition; withdrawn
  await page.click('#side-menu [data-menu="info-change"]');
  const row = page.locator(`#info-changes tr.change-${app.number}`);
  await row.waitFor();
  expect(await row.getAttribute('class')).toContain('status-pending');
  expect(await row.textContent()).toContain(mobile);
  await page.locator('label:has(#ich-reason) .el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '单位合并' }).click();
  await page.click('#info-changes form.conditions button[type=submit]');
  await row.waitFor({ state: 'detached' });
  await page.click('#info-changes form.conditions button:has-text("重置")');
  await row.waitFor();
  await row.locator('button.withdraw').click();
  await page.click('.el-message-box .el-button--primary');
  await page.waitForSelector(`#info-changes tr.change-${app.number}.status-terminated`);
  expect((await suite.sys.db('applications').where({ id: app.id }).first()).status).toBe('terminated');
  await fitsPhone(page, 'unit-info-change-history');
  expect(consoleErrors(page).filter((e) => !/status of 4(00|22)/.test(e))).toEqual([]);
}, 120_000);
