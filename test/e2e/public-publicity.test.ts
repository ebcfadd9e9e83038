/**
 * The public practitioner query in a real browser, without signing in: a person with an active
 * publicity record (seeded through db/practitioners.ts) is found by name + ID number and by unit,
 * with the ID number masked; the page switches to English. Screenshots go to test-artifacts/.
 */
import { maskIdNumber } from '../../domain/validators';
import { newPage, fitsPhone } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { seedPerson, unitWithAccount } from '../support/publicity-fixtures';

const suite = browserSuite({
  workers: false,
  beforeStop: async (sys) => {
    const keys = await sys.redis.keys('rl:public-publicity:*');
    if (keys.length) await sys.redis.del(...keys);
  },
});

it('anyone finds an approved practitioner by name + ID number and by unit; the ID number is masked', async () => {
  const { unit } = await unitWithAccount(suite.sys.db, { name: `浏览器公示检验研究院${Date.now() % 100000}` });
  const person = await seedPerson(suite.sys.db, { name: '欧阳明华', qualifications: [{ itemCode: 'Y-DT', grade: 2 }], recordItems: [{ itemCode: 'Y-DT', grade: 2 }], unitId: unit.id });
  const masked = maskIdNumber(person.idNumber);

  const page = await newPage(suite.browser);
  await page.goto(`${suite.sys.url}/#/`);
  await page.click('a[href="#/publicity-query"]');
  await page.waitForSelector('#pq-person');
  await page.fill('#pq-name', '欧阳明华');
  await page.fill('#pq-id', person.idNumber);
  await page.click('#pq-person button');
  const row = page.locator('#pq-table tr.pq-row');
  await row.first().waitFor();
  expect(await row.count()).toBe(1);
  expect(await row.locator('.pq-name').innerText()).toBe('欧阳明华');
  expect(await row.locator('.pq-id').innerText()).toBe(masked);
  expect(await row.innerText()).toContain('电梯检验');
  expect(await row.innerText()).toContain(unit.name);
  const html = await page.content();
  expect(html).not.toContain(person.idNumber);
  await fitsPhone(page, 'public-publicity-person');

  // a wrong ID number: the manual's message, no table
  await page.fill('#pq-id', `${person.idNumber.slice(0, 6)}19000101001X`);
  await page.click('#pq-person button');
  await page.waitForSelector('#pq-none, #pq-error');
  expect(await page.locator('#pq-table').count()).toBe(0);

  // by unit, in English
  await page.click('#lang');
  await page.click('.el-tabs__item:has-text("By unit")');
  await page.fill('#pq-unitname', unit.name);
  await page.click('#pq-unit button');
  await page.locator('#pq-table tr.pq-row').first().waitFor();
  expect(await page.locator('#pq-table tr.pq-row .pq-id').allInnerTexts()).toEqual([masked]);
  expect(await page.locator('#pq-table th').first().innerText()).toBe('Name');
  expect(await page.locator('main h1').innerText()).toBe('Practitioner publicity query');
  await fitsPhone(page, 'public-publicity-unit-en');
  await page.evaluate('localStorage.removeItem("pf.lang")');
}, 60_000);
