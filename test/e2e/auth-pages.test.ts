/**
 * Sign-in and the signed-in account's password in a real browser: the user type (单位用户 / 个人用户 /
 * 工作人员) must be the account's. After three failed tries the
 * sign-in page shows the picture code (an image from the server, a refresh link, a labelled
 * input); a wrong code is said on its field and the right one signs in. "Remember me" keeps a
 * unit account's cookie 10 days, never a staff account's (8 idle hours). The change-password
 * page is in every account's menu: its refusals stand on their fields, and after a change the
 * user is signed out with a notice, the old password no longer works and the new one does.
 */
import type { Page } from 'playwright-core';
import { consoleErrors, newPage, shot, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { createAccount } from '../support/harness';
import { unitWithAccount } from '../support/publicity-fixtures';

const suite = browserSuite({ workers: false });

/** The page's errors, the refused sign-ins' "failed to load resource" lines set aside. */
const pageErrors = (page: Page) => consoleErrors(page).filter((e) => !/status of (400|401|429)/.test(e));

/** One try on the sign-in page; the answer's status. */
async function tryLogin(page: Page, password: string, captcha?: string): Promise<number> {
  await page.fill('#password', password);
  if (captcha !== undefined) await page.fill('#captcha', captcha);
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/login')), page.click('#login-form button[type=submit]')]);
  return res.status();
}

/** The "try again in a second" of the third failure has passed (as the API test does). */
async function waitOver(login: string): Promise<void> {
  const keys = await suite.sys.redis.keys(`wait:login:${login.toLowerCase()}:*`);
  if (keys.length) await suite.sys.redis.del(...keys);
}

/** The session cookie's remaining life in seconds. */
async function cookieLife(page: Page): Promise<number> {
  const c = (await page.context().cookies()).find((x) => x.name === 'pf_sid');
  expect(c).toBeDefined();
  return c!.expires - Date.now() / 1000;
}

it('after three failed tries the picture code appears; a wrong code is said on its field, the right one signs in', async () => {
  const unit = await unitWithAccount(suite.sys.db);
  const page = await newPage(suite.browser);
  await page.goto(`${suite.sys.url}/#/login`);
  await page.fill('#login', unit.login);
  for (let i = 0; i < 2; i++) {
    expect(await tryLogin(page, 'wrong-password1')).toBe(401);
    await page.locator('#login-error:not(:empty)').waitFor();
    expect(await page.locator('#captcha').count()).toBe(0);
  }
  const [picture] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/captcha')), tryLogin(page, 'wrong-password1')]);
  let captchaId = ((await picture.json()) as { id: string }).id;
  await page.locator('#captcha-image').waitFor();
  expect(await page.getAttribute('#captcha-image', 'src')).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(await page.getAttribute('#captcha-image', 'alt')).toBeTruthy();
  // the input has its label, and takes the focus when the picture appears
  expect(await page.locator('label[for="captcha"]').textContent()).toBeTruthy();
  expect(await page.evaluate<string>('document.activeElement && document.activeElement.id')).toBe('captcha');
  await shot(page, 'login-captcha');

  // a wrong code: said on the code's field, and a new picture
  await waitOver(unit.login);
  const [again, refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/captcha')), tryLogin(page, unit.password, 'zzzz')]);
  expect(refused).toBe(400);
  expect(((await again.json()) as { id: string }).id).not.toBe(captchaId);
  await page.locator('#captcha-error:not(:empty)').waitFor();
  expect(await page.getAttribute('#captcha', 'aria-describedby')).toBe('captcha-error');

  // the refresh link brings another picture; its code signs in
  const [refreshed] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/captcha')), page.click('#captcha-refresh')]);
  captchaId = ((await refreshed.json()) as { id: string }).id;
  const code = (await suite.sys.redis.get(`captcha:${captchaId}`))!;
  expect(code).toBeTruthy();
  expect(await tryLogin(page, unit.password, code.toUpperCase())).toBe(200);
  await page.waitForSelector('#logout');
  // not remembered: the cookie lasts the 8-hour idle limit
  expect(await cookieLife(page)).toBeLessThanOrEqual(8 * 3600 + 5);
  expect(pageErrors(page)).toEqual([]);
}, 120_000);

it('the user type is chosen (a unit account as 工作人员 is refused like a wrong password); "remember me" keeps a unit account signed in for 10 days, a staff account the 8-hour idle limit', async () => {
  const unit = await unitWithAccount(suite.sys.db);
  const staff = await createAccount(suite.sys, { groups: ['unit-reviewers'] });
  for (const [who, login, password, life] of [['unit', unit.login, unit.password, 10 * 86400], ['staff', staff.login, staff.password, 8 * 3600]] as const) {
    const page = await newPage(suite.browser);
    await page.goto(`${suite.sys.url}/#/login`);
    await page.fill('#login', login);
    await page.click('.el-checkbox:has(#remember)');
    expect(await page.isChecked('#remember')).toBe(true);
    if (who === 'unit') {
      await page.click('#user-type [data-type="staff"]');
      expect(await tryLogin(page, password)).toBe(401);
      // (the answer arrives before Vue draws the message: wait for it to be drawn, then compare)
      await page.locator('#login-error:not(:empty)').waitFor();
      expect(await page.locator('#login-error').textContent()).toBe('帐号、密码或用户类型不正确');
      await shot(page, 'login-user-type');
    }
    await page.click(`#user-type [data-type="${who}"]`);
    expect(await tryLogin(page, password)).toBe(200);
    await page.waitForSelector('#logout');
    const seconds = await cookieLife(page);
    expect({ who, close: Math.abs(seconds - life) < 120 }).toEqual({ who, close: true });
    // the site's address opened again (a bookmark) while signed in: the home page, not the login page
    await page.waitForURL((u) => !u.hash.startsWith('#/login'));
    const home = page.url();
    await page.goto(suite.sys.url);
    await page.waitForURL(home);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  }
}, 120_000);

it('every account changes its password from its menu; errors on the fields; then signed out and only the new password works', async () => {
  const unit = await unitWithAccount(suite.sys.db);
  const login = (password: string) =>
    fetch(`${suite.sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.23' }, body: JSON.stringify({ login: unit.login, password }) });
  // another session of the same account, ended by the change
  const other = await login(unit.password);
  const otherCookie = (other.headers.get('set-cookie') ?? '').split(';')[0];

  const page = await signInPage(suite.browser, suite.sys.url, unit.login, unit.password);
  await page.click('#side-menu [data-menu="password-change"]');
  await page.waitForSelector('#password-change');
  const fieldError = (id: string) => page.locator(`.el-form-item:has(#${id}) .el-form-item__error`);

  // the current password wrong: said on its field
  await page.fill('#pc-old', 'not-the-password1');
  await page.fill('#pc-new', 'Fresh2026pass');
  await page.fill('#pc-confirm', 'Fresh2026pass');
  await page.click('#password-change-save');
  await fieldError('pc-old').waitFor();
  // the new one outside the policy, then the two not matching
  await page.fill('#pc-old', unit.password);
  await page.fill('#pc-new', 'short');
  await page.click('#password-change-save');
  await fieldError('pc-new').waitFor();
  // (the earlier error leaves with its transition)
  await fieldError('pc-old').waitFor({ state: 'detached' });
  await page.fill('#pc-new', 'Fresh2026pass');
  await page.fill('#pc-confirm', 'Fresh2026pasz');
  await page.click('#password-change-save');
  await fieldError('pc-confirm').waitFor();
  await shot(page, 'password-change-errors');

  await page.fill('#pc-confirm', 'Fresh2026pass');
  await page.click('#password-change-save');
  await page.waitForURL(/#\/login\?notice=password-changed/);
  await page.locator('#login-notice').waitFor();
  await shot(page, 'password-changed-login');
  // this session and the other one are over
  expect((await fetch(`${suite.sys.url}/api/me`, { headers: { cookie: otherCookie } })).status).toBe(401);
  expect(await page.evaluate<number>("fetch('/api/me').then((r) => r.status)")).toBe(401);
  // the old password no longer works, the new one does
  expect((await login(unit.password)).status).toBe(401);
  expect((await login('Fresh2026pass')).status).toBe(200);
  expect(pageErrors(page)).toEqual([]);
  await page.context().close();

  // staff find it in their menu too
  const staff = await createAccount(suite.sys, { groups: ['unit-reviewers'] });
  const staffPage = await signInPage(suite.browser, suite.sys.url, staff.login, staff.password);
  await staffPage.click('#side-menu [data-menu="password-change"]');
  await staffPage.waitForSelector('#password-change');
  expect(pageErrors(staffPage)).toEqual([]);
  await staffPage.context().close();
}, 120_000);
