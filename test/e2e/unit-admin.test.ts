/**
 * The unit administration pages in a real browser: the main account edits the unit profile (the
 * identifying fields are read-only, a wrong phone is refused inline in Chinese), creates a
 * sub-account and sees it listed, adds a secondary unit; the sub-account has no sub-accounts page
 * and the API refuses it (403). The secondary unit's division is picked from the GB/T 2260 cascader,
 * never typed as codes. Screenshots (desktop and 390 px) go to test-artifacts/.
 */
import { consoleErrors, fitsPhone, signInPage } from '../support/browser';
import { hashPassword } from '../../core/passwords';
import { freshUscc } from '../support/fixtures';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite({ workers: false });

it('main account: profile edit, sub-account created and listed, branch added; the sub-account cannot manage sub-accounts', async () => {
  const uscc = freshUscc();
  const [unit] = await suite.sys.db('units')
    .insert({ uscc, name: '单位管理测试有限公司', legal_representative: '陈一', province: '110000', city: '110100', district: '110105', address: '北京市朝阳区测试路 1 号', postcode: '100020', phone: '010-11112222', status: 'active' })
    .returning('*');
  const mainLogin = `um${Date.now()}`;
  await suite.sys.db('accounts').insert({ login: mainLogin, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '陈主', email: `${mainLogin}@example.test`, unit_id: unit.id, status: 'active' });

  const page = await signInPage(suite.browser, suite.sys.url, mainLogin, 'Unit2026!x');
  await page.waitForSelector('#side-menu [data-menu="unit-profile"]');
  expect(await page.locator('#side-menu [data-menu="sub-accounts"]').count()).toBe(1);
  await page.click('#side-menu [data-menu="unit-profile"]');

  // profile: identifying fields shown, not editable; the change request is one click away
  await page.waitForSelector('#unit-profile-form');
  await page.waitForSelector('#unit-identity dd[data-key="division"]:has-text("朝阳区")');
  expect(await page.textContent('#unit-identity dd[data-key="name"]')).toBe('单位管理测试有限公司');
  expect(await page.textContent('#unit-identity dd[data-key="uscc"]')).toBe(uscc);
  expect(await page.locator('#unit-profile-form input[name="name"], #unit-profile-form input[name="uscc"]').count()).toBe(0);
  expect(await page.getAttribute('#start-info-change', 'href')).toBe('#/unit/info-change');

  // a wrong phone is refused next to the field, in Chinese; nothing is saved
  const phoneError = page.locator('#unit-profile-form .el-form-item:has(input[name="phone"]) .el-form-item__error');
  await page.fill('#unit-profile-form input[name="phone"]', 'abc');
  await page.click('#unit-profile-form button[type=submit]');
  await phoneError.waitFor();
  expect(await phoneError.textContent()).toContain('电话号码格式不正确');
  expect(await phoneError.textContent()).not.toMatch(/[A-Za-z]{4}/);
  expect((await suite.sys.db('units').where({ id: unit.id }).first()).phone).toBe('010-11112222');

  // 选择上级企业: looked up by a part of its name in the dialog, brought back, saved with the rest
  const [group] = await suite.sys.db('units')
    .insert({ uscc: freshUscc(), name: `上级集团${uscc.slice(-6)}有限公司`, legal_representative: '陈总', province: '110000', city: '110100', district: '110105', address: '北京市朝阳区集团路 9 号', postcode: '100020', phone: '010-11110000', status: 'active' })
    .returning('*');
  await page.click('#choose-superior');
  await page.fill('#superior-search input[name="superiorName"]', `集团${uscc.slice(-6)}`);
  await page.click('#superior-search button[type=submit]');
  await page.click(`.superior-results tr:has-text("${group.name}")`);
  await page.click('#superior-confirm');
  await page.waitForSelector(`#superior-unit [data-key="superiorUnit"]:has-text("${group.name}")`);

  await page.fill('#unit-profile-form input[name="phone"]', '010-87654321');
  await page.fill('#unit-profile-form input[name="invoice.title"]', '单位管理测试有限公司');
  await page.fill('#unit-profile-form input[name="invoice.bank"]', '中国工商银行北京朝阳支行');
  await page.click('#unit-profile-form button[type=submit]');
  await page.waitForSelector('.el-message:has-text("已保存")');
  await page.waitForSelector('#unit-profile-form .el-form-item__error', { state: 'detached' });
  const saved = await suite.sys.db('units').where({ id: unit.id }).first();
  expect(saved.phone).toBe('010-87654321');
  expect(saved.invoice).toMatchObject({ title: '单位管理测试有限公司', bank: '中国工商银行北京朝阳支行' });
  expect(saved.name).toBe('单位管理测试有限公司');
  expect(saved.superior_unit_id).toBe(group.id);
  expect(await page.inputValue('#unit-profile-form input[name="phone"]')).toBe('010-87654321');
  await fitsPhone(page, 'unit-profile');

  // sub-accounts: create one and see it listed
  const subLogin = `us${Date.now()}`;
  await page.click('#side-menu [data-menu="sub-accounts"]');
  await page.waitForSelector('#sub-account-form');
  await page.waitForSelector(`#sub-accounts tr.login-${mainLogin}`);
  await page.fill('#sub-account-form input[name="login"]', subLogin);
  await page.fill('#sub-account-form input[name="displayName"]', '陈子');
  await page.fill('#sub-account-form input[name="email"]', `${subLogin}@example.test`);
  await page.fill('#sub-account-form input[name="mobile"]', '13912345678');
  await page.fill('#sub-account-form input[name="password"]', 'short');
  await page.click('#sub-account-form .el-checkbox:has-text("资质管理")');
  await page.click('#sub-account-form button[type=submit]');
  const pwError = page.locator('#sub-account-form .el-form-item:has(input[name="password"]) .el-form-item__error');
  await pwError.waitFor();
  expect(await pwError.textContent()).toContain('密码 8–64 位');
  await page.fill('#sub-account-form input[name="password"]', 'Sub2026!pass');
  await page.click('#sub-account-form button[type=submit]');
  const subRow = page.locator(`#sub-accounts tr.login-${subLogin}`);
  await subRow.waitFor();
  expect(await subRow.textContent()).toContain('资质管理');
  expect(await subRow.getAttribute('class')).toContain('status-active');
  const sub = await suite.sys.db('accounts').where({ login: subLogin }).first();
  expect(sub).toMatchObject({ kind: 'unit-sub', unit_id: unit.id, display_name: '陈子', permissions: ['qualification'], status: 'active' });
  await fitsPhone(page, 'sub-accounts');

  // branches: add a secondary unit, its division picked in the cascader (searched by name)
  await page.click('#side-menu [data-menu="branches"]');
  await page.waitForSelector('#branch-form');
  await page.fill('#branch-form input[name="name"]', '单位管理测试有限公司上海分公司');
  await page.click('#branch-form .division-cascader');
  await page.keyboard.type('徐汇');
  await page.click('.el-cascader__suggestion-item:has-text("上海市 / 市辖区 / 徐汇区")');
  await page.fill('#branch-form input[name="address"]', '上海市徐汇区测试路 8 号');
  await page.fill('#branch-form input[name="postcode"]', '200030');
  await page.fill('#branch-form input[name="phone"]', '021-66667777');
  await page.click('#branch-form button[type=submit]');
  await page.locator('#branches tr:has-text("单位管理测试有限公司上海分公司"):has-text("徐汇区")').waitFor();
  const branches = await suite.sys.db('units').where({ parent_unit_id: unit.id });
  expect(branches.map((b) => [b.name, b.province, b.city, b.district])).toEqual([['单位管理测试有限公司上海分公司', '310000', '310100', '310104']]);
  await fitsPhone(page, 'branches');

  // the sub-account list's conditions, answered by the server: account type, account name
  await page.click('#side-menu [data-menu="sub-accounts"]');
  await page.waitForSelector(`#sub-accounts tr.login-${subLogin}`);
  await page.locator('label:has(#sa-q-kind) .el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '主帐号' }).click();
  const kindQuery = page.waitForRequest((r) => r.url().includes('/api/unit/accounts?') && r.url().includes('kind=unit-main'));
  await page.click('#sub-accounts form.conditions button[type=submit]');
  await kindQuery;
  await page.waitForSelector(`#sub-accounts tr.login-${subLogin}`, { state: 'detached' });
  expect(await page.locator(`#sub-accounts tr.login-${mainLogin}`).count()).toBe(1);
  await page.click('#sub-accounts form.conditions button:has-text("重置")');
  await page.fill('#sa-q-name', subLogin);
  await page.click('#sub-accounts form.conditions button[type=submit]');
  await page.waitForSelector(`#sub-accounts tr.login-${mainLogin}`, { state: 'detached' });
  expect(await page.locator(`#sub-accounts tr.login-${subLogin}`).count()).toBe(1);
  await fitsPhone(page, 'sub-accounts-filtered');

  // the sub-account: no sub-accounts entry or page, the API refuses it, the profile is read-only
  const subPage = await signInPage(suite.browser, suite.sys.url, subLogin, 'Sub2026!pass');
  await subPage.waitForSelector('#side-menu [data-menu="unit-profile"]');
  expect(await subPage.locator('#side-menu [data-menu="sub-accounts"]').count()).toBe(0);
  await subPage.goto(`${suite.sys.url}/#/unit/accounts`);
  await subPage.waitForURL(/#\/home$/);
  expect(await subPage.locator('#sub-accounts, #sub-account-form').count()).toBe(0);
  const statuses = await subPage.evaluate(async () => {
    const list = await fetch('/api/unit/accounts', { credentials: 'same-origin' });
    return { list: list.status, body: (await list.json()) as { error: { code: string } } };
  });
  expect(statuses.list).toBe(403);
  expect(statuses.body.error.code).toBe('NOT_MAIN_ACCOUNT');
  await subPage.goto(`${suite.sys.url}/#/unit/profile`);
  await subPage.waitForSelector('#unit-profile-form input[name="phone"][disabled]');
  expect(await subPage.locator('#unit-profile-form button[type=submit]').count()).toBe(0);
  await subPage.goto(`${suite.sys.url}/#/unit/branches`);
  await subPage.locator('#branches tr:has-text("单位管理测试有限公司上海分公司")').waitFor();
  expect(await subPage.locator('#branch-form').count()).toBe(0);

  // the main account disables the sub-account
  await page.click('#side-menu [data-menu="sub-accounts"]');
  await page.locator(`#sub-accounts tr.login-${subLogin} button.toggle`).click();
  await page.waitForSelector(`#sub-accounts tr.login-${subLogin}.status-disabled`);
  expect((await suite.sys.db('accounts').where({ login: subLogin }).first()).status).toBe('disabled');
  expect(consoleErrors(page).filter((e) => !/status of 400/.test(e))).toEqual([]);
}, 120_000);
