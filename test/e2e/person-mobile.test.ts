/**
 * A practitioner's own mobile (001 §4) in a real browser, from their personal account: name and ID
 * number the first time, the code sent to the new mobile, a wrong code refused next to the code
 * field (nothing written), the right one registers it; the page then shows the practitioner and the
 * mobile. Screenshots (desktop and 390 px) in test-artifacts/.
 */
import { consoleErrors, fitsPhone, settled, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { idCheckChar } from '../../domain/validators';
import { createAccount } from '../support/harness';

const suite = browserSuite({ workers: false });

it('a practitioner registers their own mobile with the SMS code', async () => {
  const f = `11010219850612${String(Math.floor(Math.random() * 900) + 100)}`;
  const idNumber = f + idCheckChar(f);
  const [p] = await suite.sys.db('practitioners').insert({ name: '王洲', id_number: idNumber, mobile: null }).returning('id');
  const account = await createAccount(suite.sys, { kind: 'person' });
  const page = await signInPage(suite.browser, suite.sys.url, account.login, account.password);
  await page.waitForSelector('#side-menu [data-menu="person-mobile"]');
  await page.click('#side-menu [data-menu="person-mobile"]');
  await page.waitForSelector('#person-mobile');
  await settled(page);
  const mobile = `133${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await page.fill('#pm-name', '王洲');
  await page.fill('#pm-id', idNumber);
  await page.fill('#pm-mobile', mobile);
  await page.click('#pm-send');
  await page.waitForSelector('#pm-sent');
  const sms = await suite.sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first();
  const code = /验证码 (\d{6})/.exec(sms.text)![1];

  await page.fill('#pm-code', code === '000000' ? '111111' : '000000');
  await page.click('#pm-save');
  const codeError = page.locator('#person-mobile .el-form-item:has(#pm-code) .el-form-item__error');
  await codeError.waitFor();
  expect(await codeError.textContent()).toContain('验证码错误');
  expect((await suite.sys.db('practitioners').where({ id: p.id }).first()).mobile).toBeNull();
  await fitsPhone(page, 'person-mobile-wrong-code');

  await page.fill('#pm-code', code);
  await page.click('#pm-save');
  await page.waitForSelector(`#person-current-mobile:has-text("${mobile}")`);
  expect((await suite.sys.db('practitioners').where({ id: p.id }).first()).mobile).toBe(mobile);
  expect(await page.locator('#pm-name').count()).toBe(0);
  await fitsPhone(page, 'person-mobile');
  expect(consoleErrors(page).filter((e) => !/status of 422/.test(e))).toEqual([]);
}, 120_000);
