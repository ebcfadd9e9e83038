/**
 * Self-registration for licensing in a real browser (个人注册 / 企业注册): the person asks for an SMS
 * code, reads it (here from the SMS outbox), creates the account and signs in with it; the
 * enterprise, at phone width, gives an organisation code with a wrong check character and sees the
 * refusal on that field, then the right code, and signs in as the enterprise. axe-core finds no
 * serious or critical violation on either form.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { idCheckChar, orgCodeCheckChar } from '../../domain/validators';
import { consoleErrors, expectNoSidewaysScroll, fitsPhone, newPage, PHONE, settled, shot } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { eventually } from '../support/harness';

const suite = browserSuite({ workers: false });

const freshMobile = () => `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/** Clicks "get code" and reads the code the outbox holds for the mobile. */
async function smsCode(page: Page, mobile: string): Promise<string> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/signup/code')), page.click('#su-send')]);
  expect(res.status()).toBe(202);
  await page.locator('#su-sent').waitFor();
  const row = await eventually(() => suite.sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first(), 10000, 'the SMS');
  return /验证码 (\d{6})/.exec(row.text)![1];
}

/** The sign-in page after a sign-up: the login is filled in; the password signs in. */
async function signInAfterSignUp(page: Page, login: string, password: string) {
  await page.waitForSelector('#login-notice');
  expect(await page.inputValue('#login')).toBe(login);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#logout');
}

it('a person signs up with the SMS code and signs in', async () => {
  const page = await newPage(suite.browser);
  await page.goto(`${suite.sys.url}/#/login`);
  await page.click('#signup-link');
  await page.waitForSelector('#signup-form');
  const mobile = freshMobile();
  const login = `ps${stamp()}`;
  const id17 = `11010819900101${String(100 + Math.floor(Math.random() * 899))}`;
  await page.fill('#su-name', '孙雪峰');
  await page.fill('#su-id', id17 + idCheckChar(id17));
  await page.fill('#su-mobile', mobile);
  const code = await smsCode(page, mobile);
  await page.fill('#su-sms', code);
  await page.fill('#su-login', login);
  await page.fill('#su-password', 'Person2026x');
  await page.fill('#su-confirm', 'Person2026x');
  await fitsPhone(page, 'licensing-signup-person');
  await page.click('#su-submit');
  await signInAfterSignUp(page, login, 'Person2026x');
  // a personal account: the inspector pages are in its menu
  await page.waitForSelector('#side-menu [data-menu="inspector"]');
  expect(await suite.sys.db('accounts').where({ login }).first()).toMatchObject({ kind: 'person', mobile });
  expect(consoleErrors(page)).toEqual([]);
}, 120_000);

it('an enterprise at phone width: a wrong organisation-code check character is refused on its field, the right code signs up', async () => {
  const page = await newPage(suite.browser, PHONE);
  await page.goto(`${suite.sys.url}/#/signup`);
  await page.waitForSelector('#signup-form');
  await page.click('#su-kind label:has-text("企业注册")');
  await page.waitForSelector('#su-code9');
  const mobile = freshMobile();
  const login = `en${stamp()}`;
  const first8 = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const good = first8 + orgCodeCheckChar(first8);
  const wrong = first8 + (good[8] === '1' ? '2' : '1');
  await page.fill('#su-ename', '武安市测试钢铁有限公司');
  await page.locator('.el-form-item:has(#su-etype) .el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '有限责任公司' }).click();
  await page.fill('#su-code9', wrong);
  await page.click('#signup-form .division-cascader');
  await page.keyboard.type('武安');
  await page.click('.el-cascader__suggestion-item:has-text("河北省 / 邯郸市 / 武安市")');
  await page.fill('#su-address', '武安市工业园区 8 号');
  await page.fill('#su-contact', '王建国');
  await page.fill('#su-mobile', mobile);
  const code = await smsCode(page, mobile);
  await page.fill('#su-sms', code);
  await page.fill('#su-login', login);
  await page.fill('#su-password', 'Enterprise2026');
  await page.fill('#su-confirm', 'Enterprise2026');
  const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/signup/enterprise')), page.click('#su-submit')]);
  expect(refused.status()).toBe(422);
  const fieldError = page.locator('.el-form-item:has(#su-code9) .el-form-item__error');
  await fieldError.waitFor();
  expect(await fieldError.innerText()).toContain('组织机构代码校验位错误');
  await expectNoSidewaysScroll(page, 'enterprise sign-up with a refused code');
  await settled(page);
  await shot(page, 'licensing-signup-enterprise-refused-390');
  expect(await suite.sys.db('accounts').where({ login })).toHaveLength(0);

  await page.fill('#su-code9', good);
  await page.click('#su-submit');
  await signInAfterSignUp(page, login, 'Enterprise2026');
  const unit = await suite.sys.db('units').where({ org_code: good }).first();
  expect(unit).toMatchObject({ name: '武安市测试钢铁有限公司', province: '130000', city: '130400', district: '130481' });
  expect(consoleErrors(page).filter((e) => !/status of 422/.test(e))).toEqual([]);
}, 120_000);

it('axe-core: no serious or critical violation on the personal or the enterprise form', async () => {
  const page = await newPage(suite.browser);
  await page.goto(`${suite.sys.url}/#/signup`);
  await page.waitForSelector('#signup-form');
  await settled(page);
  const serious = async () => (await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  const found = (await serious()).map((v) => `person: ${v}`);
  await page.click('#su-kind label:has-text("企业注册")');
  await page.waitForSelector('#su-code9');
  await settled(page);
  found.push(...(await serious()).map((v) => `enterprise: ${v}`));
  expect(found).toEqual([]);
}, 120_000);
