/**
 * Practitioner publicity in a real browser: the unit searches a person (rule table, type 初始),
 * creates the application, opens it, uploads the signed form's photo, asks for the SMS code
 * (three-element check passes against the registry) and submits it: the case goes to review.
 */
import { hashPassword } from '../../core/passwords';
import { makeIdNumber } from '../../db/publicity/seed-practitioners';
import { addQualification, upsertPractitioner } from '../../db/publicity/practitioners';
import { addYears, localDate } from '../../domain/publicity/rules';
import { shot, signInPage } from '../support/browser';
import { freshUscc, PNG } from '../support/fixtures';
import { eventually } from '../support/harness';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite();

it('initial application through the upload and the SMS code', async () => {
  const [unit] = await suite.sys.db('units')
    .insert({ uscc: freshUscc(), name: '浏览器公示检验有限公司', legal_representative: '钱七', province: '110000', city: '110100', district: '110108', address: '北京市海淀区测试路 9 号', postcode: '100080', phone: '010-88886666', institution_type: 'inspection', status: 'active' })
    .returning('*');
  const login = `pub${Date.now()}`;
  await suite.sys.db('accounts').insert({ login, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '孙丽', email: `${login}@example.test`, unit_id: unit.id, status: 'active' });
  const seq = 500 + Math.floor(Math.random() * 400);
  const idNumber = makeIdNumber('110108', '19850506', seq);
  const mobile = `1370${String(seq).padStart(7, '0')}`;
  const name = '浏览器测试员';
  const { row } = await upsertPractitioner(suite.sys.db, { name, idNumber, mobile });
  await addQualification(suite.sys.db, { practitionerId: row.id, itemCode: 'Y-DT', grade: 2, certificateNo: `E2E-${seq}`, issueDate: '2022-01-01', expiryDate: addYears(localDate(new Date()), 2) });

  const page = await signInPage(suite.browser, suite.sys.url, login, 'Unit2026!x');
  await page.click('#side-menu [data-menu="publicity"]');
  await page.click('#side-menu [data-menu="publicity-new"]');
  await page.fill('#pub-search input[name=name]', name);
  await page.fill('#pub-search input[name=idNumber]', idNumber);
  await page.click('#pub-search button[type=submit]');
  await page.waitForSelector('#pub-rules');
  expect(await page.textContent('#pub-type')).toBe('初始');
  expect(await page.locator('#pub-rules tr.error').count()).toBe(0);
  await page.fill('#pub-apply input[name=mobile]', mobile);
  for (const box of await page.locator('#pub-apply .el-checkbox').all()) await box.click();
  await shot(page, 'publicity-search');
  await page.click('#pub-apply button[type=submit]');
  await page.waitForURL(/#\/publicity\/[0-9a-f-]{36}$/, { timeout: 20000 });
  const id = page.url().split('#/publicity/')[1];
  await page.waitForSelector('#pub-upload');
  const number = (await page.textContent('#pub-number'))!.trim();
  expect(number).toMatch(/^A\d{4}D1\d{4}$/);
  await page.waitForSelector('#pub-print');

  await page.setInputFiles('#pub-upload input[name=scan]', { name: '申报单.png', mimeType: 'image/png', buffer: PNG });
  await page.click('#pub-send');
  await page.waitForSelector('#pub-msg:has-text("24 小时")', { timeout: 20000 });
  const sms = await eventually(async () => suite.sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first(), 10000, 'the SMS');
  const code = /确认码 (\d{6})/.exec(sms.text)![1];
  await page.fill('#pub-upload input[name=code]', code);
  await page.click('#pub-upload button[type=submit]');
  await eventually(async () => (await suite.sys.db('applications').where({ id }).first()).status === 'in_review', 20000, 'the review to start');
  await page.waitForSelector('.status-tag[data-status="in_review"]', { timeout: 10000 });
  await shot(page, 'publicity-submitted');
  const app = await suite.sys.db('applications').where({ id }).first();
  expect(app.data.formFileId).toBeTruthy();
  expect(await suite.sys.db('files').where({ id: app.data.formFileId }).first()).toMatchObject({ original_name: '申报单.png', attached_application_id: id });
});
