/**
 * The acceptance and the appraisal-date negotiation in a real browser, as the manual has it: the
 * authority accepting with the fee and the day the materials came (a day after today refused on its
 * field), the applicant's letter
 * (proposed dates with its contact block, prefilled from the application), a date inside the
 * refused window shown as a field error, the agency reading the letter and returning it with its
 * opinion, the applicant proposing again with the opinion in view, and the agency setting the final
 * dates, which the case page then shows.
 */
import { localDate } from '../../domain/calendar';
import { FORM } from '../../domain/registry';
import { shot, signInPage, submitForm } from '../support/browser';
import { createAccount, eventually, signIn } from '../support/harness';
import { authorityGroups, licenceApplication, licensingUnit, staffClient, taskOf } from '../support/licensing';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite();
const ahead = (days: number) => localDate(new Date(Date.now() + days * 86400_000));

it('the applicant proposes dates in a letter; the agency returns it once, then sets the final dates', async () => {
  const { client, unit, login, password } = await licensingUnit(suite.sys, '浏览器协商测试阀门有限公司');
  const authorityOfficer = await createAccount(suite.sys, { kind: 'reviewer', groups: [authorityGroups.beijing] });
  const reviewer = await signIn(suite.sys.url, authorityOfficer.login, authorityOfficer.password);
  const officer = await createAccount(suite.sys, { kind: 'reviewer', groups: [authorityGroups.agency] });
  const agencyApi = await staffClient(suite.sys, [authorityGroups.agency]);
  const r = await client.call('POST', '/api/applications', { processId: 'production-licence', data: licenceApplication(unit) });
  expect(r.status).toBe(201);
  const appId = r.body.id as string;
  // the authority accepts in the browser: whether it is charged for and when the materials came
  const review = await taskOf(reviewer, appId, FORM.licenceFormalReview);
  const authority = await signInPage(suite.browser, suite.sys.url, authorityOfficer.login, authorityOfficer.password);
  await authority.goto(`${suite.sys.url}/#/task/${review.id}`);
  await authority.click('#claim');
  await authority.waitForSelector('.formio-component-decision input[value="accept"]');
  await authority.check('.formio-component-decision input[value="accept"]');
  await authority.waitForSelector('.formio-component-feeCharged input[value="no"]');
  await authority.check('.formio-component-feeCharged input[value="no"]');
  await authority.fill('input[name="data[materialsReceivedOn]"]', ahead(1));
  await authority.click('button[name="data[submit]"]');
  // a day after today is refused on its field, nothing written
  await authority.locator('.formio-component-materialsReceivedOn').getByText('不能晚于今天').first().waitFor({ timeout: 10000 });
  expect((await suite.sys.db('licence_cases').where({ application_id: appId }).first()).materials_received_on).toBeNull();
  await authority.fill('input[name="data[materialsReceivedOn]"]', ahead(0));
  await shot(authority, 'licence-acceptance-receipt');
  expect((await submitForm(authority, '/complete')).status()).toBe(200);
  await eventually(async () => (await suite.sys.db('licence_cases').where({ application_id: appId }).first()).materials_received_on === ahead(0) || undefined, 20000, 'the acceptance');
  await authority.close();
  expect(await suite.sys.db('licence_cases').where({ application_id: appId }).first('fee_charged')).toEqual({ fee_charged: false });
  const letter = await taskOf(client, appId, FORM.licenceDatesPropose);

  // the applicant's letter: the contact block from the application
  const page = await signInPage(suite.browser, suite.sys.url, login, password);
  await page.goto(`${suite.sys.url}/#/task/${letter.id}`);
  await page.waitForSelector('input[name="data[appraisalFrom]"]');
  await eventually(async () => (await page.inputValue('input[name="data[contactName]"]')) === '李四', 10000, 'the contact block prefilled');
  expect(await page.inputValue('input[name="data[contactAddress]"]')).toBe('北京市西城区许可路 1 号');
  expect(await page.locator('.formio-component-letterText').innerText()).toContain('现特与你单位协商安排鉴定评审工作');
  // a date within 5 days of today: the field says why
  const from = page.locator('input[name="data[appraisalFrom]"]');
  await from.fill(ahead(2));
  await from.blur();
  await page.locator('.formio-component-appraisalFrom').getByText('5 日内').first().waitFor({ timeout: 10000 }).catch(async (err) => {
    await shot(page, 'licence-negotiation-failed');
    throw err;
  });
  await shot(page, 'licence-negotiation-too-soon');
  await page.fill('input[name="data[appraisalFrom]"]', ahead(10));
  await page.fill('input[name="data[appraisalTo]"]', ahead(11));
  await page.fill('input[name="data[contactPhone]"]', '010-68001234');
  await page.fill('input[name="data[postcode]"]', '100093');
  expect((await submitForm(page, '/complete')).status()).toBe(200);
  await eventually(async () => (await suite.sys.db('licence_date_proposals').where({ application_id: appId }).first()) ?? undefined, 20000, 'the letter');

  // the agency reads the letter and returns it with its opinion
  const answer = await taskOf(agencyApi, appId, FORM.licenceDatesOpinion);
  const agency = await signInPage(suite.browser, suite.sys.url, officer.login, officer.password);
  await agency.goto(`${suite.sys.url}/#/task/${answer.id}`);
  await agency.waitForSelector('#negotiation');
  await agency.click('#claim');
  const letterRow = await agency.locator('#negotiation tbody tr').first().innerText();
  expect(letterRow).toContain(ahead(10));
  expect(letterRow).toContain('010-68001234');
  expect(letterRow).toContain('北京市西城区许可路 1 号');
  await agency.check('.formio-component-decision input[value="return"]');
  await agency.fill('textarea[name="data[opinion]"]', '该时段评审组已满，请改约下旬');
  await shot(agency, 'licence-negotiation-agency-return');
  expect((await submitForm(agency, '/complete')).status()).toBe(200);
  await eventually(async () => (await suite.sys.db('licence_date_proposals').where({ application_id: appId, decision: 'return' }).first()) ?? undefined, 20000, 'returned');

  // the applicant sees why and proposes again
  const again = await eventually(async () => {
    const t = await taskOf(client, appId, FORM.licenceDatesPropose);
    return t.id !== letter.id ? t : undefined;
  }, 20000, 'the second letter');
  await page.goto(`${suite.sys.url}/#/task/${again.id}`);
  await page.waitForSelector('#negotiation');
  expect(await page.locator('#negotiation').innerText()).toContain('该时段评审组已满，请改约下旬');
  await eventually(async () => (await page.inputValue('input[name="data[contactPhone]"]')) === '010-68001234', 10000, 'the last letter\'s contact block');
  await page.fill('input[name="data[appraisalFrom]"]', ahead(20));
  await page.fill('input[name="data[appraisalTo]"]', ahead(21));
  expect((await submitForm(page, '/complete')).status()).toBe(200);
  await eventually(async () => (await suite.sys.db('licence_date_proposals').where({ application_id: appId, round: 2 }).first()) ?? undefined, 20000, 'the second letter');

  // the agency accepts with the final dates (prefilled from the letter, changed by a day)
  const answer2 = await eventually(async () => {
    const t = await taskOf(agencyApi, appId, FORM.licenceDatesOpinion);
    return t.id !== answer.id ? t : undefined;
  }, 20000, 'the second answer');
  await agency.goto(`${suite.sys.url}/#/task/${answer2.id}`);
  await agency.click('#claim');
  await agency.waitForSelector('.formio-component-decision input[value="accept"]');
  await agency.check('.formio-component-decision input[value="accept"]');
  await agency.waitForSelector('input[name="data[finalFrom]"]');
  await eventually(async () => (await agency.inputValue('input[name="data[finalFrom]"]')) === ahead(20), 10000, 'the final dates prefilled');
  await agency.fill('input[name="data[finalTo]"]', ahead(22));
  await agency.fill('textarea[name="data[opinion]"]', '同意');
  expect((await submitForm(agency, '/complete')).status()).toBe(200);
  await eventually(async () => (await suite.sys.db('licence_cases').where({ application_id: appId }).first()).appraisal_to === ahead(22), 20000, 'the final dates');

  // the case page: the final dates and the negotiation
  await page.goto(`${suite.sys.url}/#/case/${appId}`);
  await page.waitForSelector('#negotiation');
  expect(await page.locator('#licence').innerText()).toContain(`${ahead(20)} — ${ahead(22)}`);
  const rows = await page.locator('#negotiation tbody tr').allInnerTexts();
  expect(rows).toHaveLength(2);
  expect(rows[0]).toContain('该时段评审组已满，请改约下旬');
  expect(rows[1]).toContain(ahead(22));
  await shot(page, 'licence-negotiation-case');
}, 120_000);
