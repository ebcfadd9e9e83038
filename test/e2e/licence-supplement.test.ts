/**
 * The supplement/correction round in a real browser: the applicant's task shows the whole
 * application with only the flagged fields editable (Form.io disabled components for the rest),
 * the corrected value is submitted and the case goes back to formal review. Also: the licence
 * application is a multi-page wizard whose steps are checked with the server's rules, ending with
 * its summary, and whose draft can be saved and resumed.
 */
import { FORM } from '../../domain/registry';
import { shot, signInPage, submitForm } from '../support/browser';
import { eventually } from '../support/harness';
import { formalAcceptance, authorityGroups, complete, licenceApplication, licensingUnit, staffClient, taskOf } from '../support/licensing';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite();

it('the wizard saves a draft and resumes it', async () => {
  const { login, password } = await licensingUnit(suite.sys, '浏览器向导测试有限公司');
  const page = await signInPage(suite.browser, suite.sys.url, login, password);
  await page.goto(`${suite.sys.url}/#/apply/production-licence`);
  await page.waitForSelector('input[name="data[unitName]"]');
  // a wizard: the first page only, with a next button
  expect(await page.locator('textarea[name="data[workHistory]"]').count()).toBe(0);
  await page.fill('input[name="data[unitName]"]', '浏览器向导测试有限公司');
  // the step is checked with the server's rule before the next: a USCC with a wrong check character stops it
  await page.fill('input[name="data[uscc]"]', '91110105M104BT528H');
  await page.click('button:has-text("下一步")');
  await page.waitForSelector('.formio-component-uscc .formio-errors:has-text("校验位")');
  expect(await page.locator('textarea[name="data[workHistory]"]').count()).toBe(0);
  // the wizard ends with the summary step
  expect(await page.locator('.wizard-steps .el-step').last().textContent()).toContain('核对提交');
  await page.fill('input[name="data[uscc]"]', '');
  await page.click('#save-draft');
  await eventually(async () => (await suite.sys.db('drafts').where({ scope: 'start:production-licence' }).whereRaw("data->>'unitName' = ?", ['浏览器向导测试有限公司']).first()) ?? undefined, 10000, 'draft');
  await page.reload();
  await page.waitForSelector('input[name="data[unitName]"]');
  await eventually(async () => (await page.inputValue('input[name="data[unitName]"]')) === '浏览器向导测试有限公司', 10000, 'draft restored');
  await shot(page, 'licence-wizard');
}, 60_000);

it('flagged fields are editable, the others read-only; the corrected application goes back to formal review', async () => {
  const { client, unit, login, password } = await licensingUnit(suite.sys, '浏览器补正测试有限公司');
  const reviewer = await staffClient(suite.sys, [authorityGroups.beijing]);
  const r = await client.call('POST', '/api/applications', { processId: 'production-licence', data: licenceApplication(unit) });
  expect(r.status).toBe(201);
  const appId = r.body.id as string;
  const flagged = await complete(reviewer, appId, FORM.licenceFormalReview, { decision: 'correct', corrections: [{ field: 'workHistory', reason: '未说明近三年产量' }, { field: 'partStaff', reason: '缺少无损检测人员' }] });
  expect(flagged.status).toBe(200);
  const task = await taskOf(client, appId, FORM.licenceSupplement);

  const page = await signInPage(suite.browser, suite.sys.url, login, password);
  await page.goto(`${suite.sys.url}/#/task/${task.id}`);
  await page.waitForSelector('textarea[name="data[workHistory]"]');
  await page.waitForSelector('#correction li:has-text("未说明近三年产量")');
  // flagged: the work history and every field of the staff part
  expect(await page.isEnabled('textarea[name="data[workHistory]"]')).toBe(true);
  expect(await page.isEnabled('input[name="data[staff][0][name]"]')).toBe(true);
  // not flagged: read-only, showing the submitted values
  for (const sel of ['input[name="data[unitName]"]', 'input[name="data[contactPhone]"]', 'input[name="data[uscc]"]', 'input[name="data[equipment][0][name]"]']) {
    expect({ sel, enabled: await page.isEnabled(sel) }).toEqual({ sel, enabled: false });
  }
  // a disabled text area is shown as text, with no editor at all
  expect(await page.locator('.formio-component-subcontracting textarea:not([disabled]), .formio-component-subcontracting [contenteditable="true"]').count()).toBe(0);
  expect(await page.locator('.formio-component-subcontracting').innerText()).toContain('无');
  expect(await page.inputValue('input[name="data[unitName]"]')).toBe(unit.name);
  await page.fill('textarea[name="data[workHistory]"]', '近三年生产紧急切断阀 2.1 万台。');
  await page.fill('input[name="data[staff][0][position]"]', '无损检测人员');
  await shot(page, 'licence-supplement');
  expect((await submitForm(page, '/complete')).status()).toBe(200);
  await eventually(async () => (await suite.sys.db('applications').where({ id: appId }).first()).status === 'in_review', 20000, 'back in formal review').catch(async (err) => {
    await shot(page, 'licence-supplement-failed');
    throw new Error(`${err.message}; page says: ${await page.locator('#form-errors, .formio-errors, .alert').allInnerTexts()}`);
  });
  const row = await suite.sys.db('applications').where({ id: appId }).first();
  expect(row.data).toMatchObject({ unitName: unit.name, workHistory: '近三年生产紧急切断阀 2.1 万台。' });
  expect(row.data.staff[0].position).toBe('无损检测人员');
  // accepted: the case page shows the acceptance number and the statutory clock, paused while at the agency
  expect((await complete(reviewer, appId, FORM.licenceFormalReview, formalAcceptance())).status).toBe(200);
  await eventually(async () => (await suite.sys.db('applications').where({ id: appId }).first()).status === 'appraisal', 20000, 'at the agency');
  const acceptance = (await suite.sys.db('licence_cases').where({ application_id: appId }).first()).acceptance_number;
  await page.goto(`${suite.sys.url}/#/case/${appId}`);
  await page.waitForSelector('#statutory-clock[data-state="paused"]');
  expect(await page.getAttribute('#statutory-clock', 'data-left')).toBe('20');
  expect(await page.locator('#licence').innerText()).toContain(acceptance);
  await shot(page, 'licence-case');
}, 90_000);

it("a person's inspector applications are listed with their status", async () => {
  const { hashPassword } = await import('../../core/passwords');
  const login = `pe${Date.now().toString(36)}`;
  await suite.sys.db('accounts').insert({ login, password_hash: await hashPassword('Person2026!x'), kind: 'person', display_name: '孙雪峰', email: `${login}@example.test`, status: 'active' });
  const [app] = await suite.sys.db('applications')
    .insert({ number: `TSR-E2E-${Date.now()}`, process_id: 'inspector-qualification', status: 'accepted', applicant_login: login, data: JSON.stringify({ itemCode: 'Y-DT', category: 'renew-exam' }) })
    .returning('*');
  const page = await signInPage(suite.browser, suite.sys.url, login, 'Person2026!x');
  await page.waitForURL(/#\/inspector$/);
  const row = await page.locator(`main tr:has-text("${app.number}")`).innerText();
  expect(row).toContain('Y-DT');
  expect(row).toContain('考试换证');
  expect(row).toContain('已受理');
  await page.waitForSelector('#apply-inspector');
}, 60_000);
