/** The new-permit page in a real browser: the completeness check lists the missing items by section; submitting is refused with the same list. */
import { shot, signInPage } from '../support/browser';
import { enterprise } from '../support/power-permit';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite({ workers: false });

it('lists every missing item before submission, and the submission is refused with the list', async () => {
  const e = await enterprise(suite.sys, { freeTradeZone: true });
  const page = await signInPage(suite.browser, suite.sys.url, e.login, 'Unit2026!x');
  await page.goto(`${suite.sys.url}/#/power-permit/power-permit-new`);
  await page.waitForSelector('#pp-check');
  await page.waitForSelector('.formio-form');
  // basic info comes from the registration, read-only
  await page.locator('input[name="data[basicInfo.name]"]').waitFor();
  for (const deadline = Date.now() + 20_000; (await page.locator('input[name="data[basicInfo.name]"]').inputValue()) !== e.unit.name; ) {
    if (Date.now() > deadline) throw new Error('the unit name was not filled in');
    await page.waitForTimeout(100);
  }
  expect(await page.isDisabled('input[name="data[basicInfo.name]"]')).toBe(true);
  expect(await page.textContent('#pp-info')).toContain('15');
  await page.click('input[value="merger"]');
  await page.fill('input[name="data[technicalLead.name]"]', '技术负责人甲');

  await page.click('#pp-check');
  await page.waitForSelector('#missing');
  const text = await page.textContent('#missing');
  for (const expected of ['合并后申请须上传', '请至少选择一个申请类别', '安全负责人', '技术负责人：身份证号码缺失或不正确', '股权结构', '电工人员', '主要业绩']) expect(text).toContain(expected);
  const fields = await page.$$eval('#missing li[data-field]', (els) => els.map((el) => el.getAttribute('data-field')));
  expect(fields).toEqual(expect.arrayContaining(['natureAttachments', 'technicalLead.idNumber', 'submitter.type', 'projects']));
  expect(fields).not.toContain('technicalLead.name');
  // the materials: the common ones (the categories' own follow the categories chosen)
  expect(fields).toEqual(expect.arrayContaining(['materials.common.businessLicence', 'materials.common.premisesProof']));
  await shot(page, 'power-permit-completeness');

  // 自贸区: offered to the unit in the zone (clean credit); chosen, the reduced materials are checked
  await page.click('.el-checkbox:has(#pp-fast-track)');
  expect(await page.textContent('#pp-info')).toContain('15');
  await page.click('#pp-check');
  for (const deadline = Date.now() + 20_000; (await page.locator('#missing li[data-field="materials.common.businessLicence"]').count()) > 0; ) {
    if (Date.now() > deadline) throw new Error('the fast track still asks the business licence');
    await page.waitForTimeout(100);
  }
  expect(await page.locator('#missing li[data-field="materials.common.premisesProof"]').count()).toBe(1);
  // the commitments are confirmed before anything is submitted
  await page.click('.formio-form button[type=submit]');
  await page.locator('#pp-commitments-error', { hasText: '告知承诺' }).waitFor();
  await shot(page, 'power-permit-fast-track-commitments');
  expect(await suite.sys.db('applications').where({ unit_id: e.unit.id }).first()).toBeUndefined();
  await page.click('.el-checkbox:has(#pp-commitments)');

  // the submit button gets the same list from the server (422), and nothing is stored
  await page.click('.formio-form button[type=submit]');
  await page.waitForSelector('.form-errors');
  for (const deadline = Date.now() + 20_000; (await page.locator('#missing li[data-field]').count()) <= 5; ) {
    if (Date.now() > deadline) throw new Error('the missing list did not appear');
    await page.waitForTimeout(100);
  }
  expect(await suite.sys.db('applications').where({ unit_id: e.unit.id }).first()).toBeUndefined();

  // a finished case offers its rating link and QR code
  const doneNumber = `PPE2E${Date.now()}`;
  const [done] = await suite.sys.db('applications').insert({ number: doneNumber, process_id: 'power-permit-new', status: 'approved', unit_id: e.unit.id, data: '{}' }).returning('id');
  // in the unit's list of its cases: the finished case's own QR code (一事一评)
  await page.goto(`${suite.sys.url}/#/power-permit/cases`);
  await page.locator(`.row-actions[data-number="${doneNumber}"] .pp-rating`).click();
  await page.waitForSelector('#pp-rating-qr');
  const listed = await page.getAttribute('#pp-rating-link', 'href');
  expect(await page.getAttribute('#pp-rating-qr', 'src')).toMatch(/^data:image\/png;base64,/);
  await shot(page, 'power-permit-rating-qr-list');
  await page.goto(`${suite.sys.url}/#/case/${done.id}`);
  await page.waitForSelector('#rating-qr');
  expect(await page.getAttribute('#rating-link', 'href')).toMatch(/#\/rate\//);
  // one link per case: the list and the case page show the same
  expect(await page.getAttribute('#rating-link', 'href')).toBe(listed);
  // PUBLIC_URL names the public address; the test server listens on a port of its own
  await page.goto(`${suite.sys.url}/#/rate/${(await page.getAttribute('#rating-link', 'href'))!.split('#/rate/')[1]}`);
  await page.waitForSelector('#rate-form');
  await page.fill('#r-mobile', '13512340000');
  // without the SMS code the rating is refused on its field
  await page.click('#rate-form button[type=submit]');
  await page.locator('#r-code-error', { hasText: '验证码' }).waitFor();
  await page.click('#r-send-code');
  await page.locator('#r-sent', { hasText: '135****0000' }).waitFor();
  const sms = await suite.sys.db('sms_outbox').where({ recipient: '13512340000' }).orderBy('id', 'desc').first();
  await page.fill('#r-code', /验证码 (\d{6})/.exec(sms.text)![1]);
  await page.click('#rate-form button[type=submit]');
  await page.waitForSelector('#rate-done');
  expect(await suite.sys.db('ratings').where({ application_id: done.id }).first()).toMatchObject({ stars: 5, mobile: '13512340000' });
});
