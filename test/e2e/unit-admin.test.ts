/**
 * The unit administration pages in a real browser: the main account edits the unit profile (the
 * identifying fields are read-only, a wrong phone is refused inline in Chinese), creates a
 * sub-account and sees it listed, adds a secondary unit; the sub-account has no sub-accounts page
 * and the API refuses it (403). Screenshots go to test-artifacts/.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchBrowser, signInPage } from '../support/browser';
import { hashPassword } from '../../core/passwords';
import { freshUscc } from '../support/fixtures';
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

it('main account: profile edit, sub-account created and listed, branch added; the sub-account cannot manage sub-accounts', async () => {
  const uscc = freshUscc();
  const [unit] = await sys.db('units')
    .insert({ uscc, name: '单位管理测试有限公司', legal_representative: '陈一', province: '110000', city: '110100', district: '110105', address: '北京市朝阳区测试路 1 号', postcode: '100020', phone: '010-11112222', status: 'active' })
    .returning('*');
  const mainLogin = `um${Date.now()}`;
  await sys.db('accounts').insert({ login: mainLogin, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '陈主', email: `${mainLogin}@example.test`, unit_id: unit.id, status: 'active' });

  const page = await signInPage(browser, sys.url, mainLogin, 'Unit2026!x');
  await page.waitForSelector('#nav-unit-profile');
  expect(await page.locator('#nav-sub-accounts').count()).toBe(1);
  await page.click('#nav-unit-profile');

  // profile: identifying fields shown, not editable; the change request is one click away
  await page.waitForSelector('#unit-profile-form');
  expect(await page.textContent('#unit-identity dd[data-key="name"]')).toBe('单位管理测试有限公司');
  expect(await page.textContent('#unit-identity dd[data-key="uscc"]')).toBe(uscc);
  expect(await page.locator('#unit-profile-form input[name="name"], #unit-profile-form input[name="uscc"]').count()).toBe(0);
  expect(await page.getAttribute('#start-info-change', 'href')).toBe('#/apply/unit-info-change');

  // a wrong phone is refused next to the field, in Chinese; nothing is saved
  await page.fill('#unit-profile-form input[name="phone"]', 'abc');
  await page.click('#unit-profile-form button[type=submit]');
  const phoneError = page.locator('#unit-profile-form .field-error[data-field="phone"]');
  await phoneError.waitFor();
  expect(await phoneError.textContent()).toContain('电话号码格式不正确');
  expect((await sys.db('units').where({ id: unit.id }).first()).phone).toBe('010-11112222');

  await page.fill('#unit-profile-form input[name="phone"]', '010-87654321');
  await page.fill('#unit-profile-form input[name="invoice.title"]', '单位管理测试有限公司');
  await page.fill('#unit-profile-form input[name="invoice.bank"]', '中国工商银行北京朝阳支行');
  await page.click('#unit-profile-form button[type=submit]');
  await page.waitForSelector('#toast:has-text("已保存")');
  expect(await page.locator('#unit-profile-form .field-error').count()).toBe(0);
  const saved = await sys.db('units').where({ id: unit.id }).first();
  expect(saved.phone).toBe('010-87654321');
  expect(saved.invoice).toMatchObject({ title: '单位管理测试有限公司', bank: '中国工商银行北京朝阳支行' });
  expect(saved.name).toBe('单位管理测试有限公司');
  await page.waitForSelector('#unit-profile-form input[name="phone"][value="010-87654321"]');
  await page.screenshot({ path: path.join(ARTIFACTS, 'unit-profile.png'), fullPage: true });

  // sub-accounts: create one and see it listed
  const subLogin = `us${Date.now()}`;
  await page.click('#nav-sub-accounts');
  await page.waitForSelector('#sub-account-form');
  await page.waitForSelector(`#sub-accounts tr[data-login="${mainLogin}"]`);
  await page.fill('#sub-account-form input[name="login"]', subLogin);
  await page.fill('#sub-account-form input[name="displayName"]', '陈子');
  await page.fill('#sub-account-form input[name="email"]', `${subLogin}@example.test`);
  await page.fill('#sub-account-form input[name="mobile"]', '13912345678');
  await page.fill('#sub-account-form input[name="password"]', 'short');
  await page.check('#sub-account-form input[name="area"][value="qualification"]');
  await page.click('#sub-account-form button[type=submit]');
  const pwError = page.locator('#sub-account-form .field-error[data-field="password"]');
  await pwError.waitFor();
  expect(await pwError.textContent()).toContain('密码 8–64 位');
  await page.fill('#sub-account-form input[name="password"]', 'Sub2026!pass');
  await page.click('#sub-account-form button[type=submit]');
  const subRow = page.locator(`#sub-accounts tr[data-login="${subLogin}"]`);
  await subRow.waitFor();
  expect(await subRow.textContent()).toContain('资质管理');
  expect(await subRow.getAttribute('data-status')).toBe('active');
  const sub = await sys.db('accounts').where({ login: subLogin }).first();
  expect(sub).toMatchObject({ kind: 'unit-sub', unit_id: unit.id, display_name: '陈子', permissions: ['qualification'], status: 'active' });
  await page.screenshot({ path: path.join(ARTIFACTS, 'sub-accounts.png'), fullPage: true });

  // branches: add a secondary unit, listed under the unit
  await page.click('#nav-branches');
  await page.waitForSelector('#branch-form');
  await page.fill('#branch-form input[name="name"]', '单位管理测试有限公司上海分公司');
  await page.fill('#branch-form input[name="province"]', '310000');
  await page.fill('#branch-form input[name="city"]', '310100');
  await page.fill('#branch-form input[name="district"]', '310104');
  await page.fill('#branch-form input[name="address"]', '上海市徐汇区测试路 8 号');
  await page.fill('#branch-form input[name="postcode"]', '200030');
  await page.fill('#branch-form input[name="phone"]', '021-66667777');
  await page.click('#branch-form button[type=submit]');
  await page.locator('#branches tr[data-name="单位管理测试有限公司上海分公司"]').waitFor();
  expect(await sys.db('units').where({ parent_unit_id: unit.id }).pluck('name')).toEqual(['单位管理测试有限公司上海分公司']);

  // the sub-account: no sub-accounts link or page, the API refuses it, the profile is read-only
  const subPage = await signInPage(browser, sys.url, subLogin, 'Sub2026!pass');
  await subPage.waitForSelector('#nav-unit-profile');
  expect(await subPage.locator('#nav-sub-accounts').count()).toBe(0);
  await subPage.goto(`${sys.url}/#/unit/accounts`);
  await subPage.waitForSelector('#not-main-account');
  expect(await subPage.locator('#sub-accounts, #sub-account-form').count()).toBe(0);
  const statuses = await subPage.evaluate(async () => {
    const list = await fetch('/api/unit/accounts', { credentials: 'same-origin' });
    return { list: list.status, body: (await list.json()) as { error: { code: string } } };
  });
  expect(statuses.list).toBe(403);
  expect(statuses.body.error.code).toBe('NOT_MAIN_ACCOUNT');
  await subPage.goto(`${sys.url}/#/unit/profile`);
  await subPage.waitForSelector('#unit-profile-form input[name="phone"][readonly]');
  expect(await subPage.locator('#unit-profile-form button[type=submit]').count()).toBe(0);
  await subPage.goto(`${sys.url}/#/unit/branches`);
  await subPage.locator('#branches tr[data-name="单位管理测试有限公司上海分公司"]').waitFor();
  expect(await subPage.locator('#branch-form').count()).toBe(0);

  // the main account disables the sub-account
  await page.click('#nav-sub-accounts');
  await page.locator(`#sub-accounts tr[data-login="${subLogin}"] button.toggle`).click();
  await page.waitForSelector(`#sub-accounts tr[data-login="${subLogin}"][data-status="disabled"]`);
  expect((await sys.db('accounts').where({ login: subLogin }).first()).status).toBe('disabled');
}, 120_000);
