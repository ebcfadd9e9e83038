/**
 * The whole portal in a real browser (Debian's chromium, headless, driven by playwright-core):
 * an applicant submits a qualification with a file, a reviewer's open inbox shows the task
 * without a reload, the reviewer claims and approves it, and the applicant's progress view shows
 * the case approved (and waiting for its certificate's expiry reminder). Screenshots go to test-artifacts/.
 */
import { consoleErrors, fitsPhone, shot, signInPage, submitForm } from '../support/browser';
import { hashPassword } from '../../core/passwords';
import { freshUscc, PNG } from '../support/fixtures';
import { createAccount, eventually } from '../support/harness';
import { browserSuite } from '../support/browser-suite';


const suite = browserSuite();

it('applicant submits with a file, reviewer sees it live, claims and approves, applicant sees it approved', async () => {
  const [unit] = await suite.sys.db('units')
    .insert({ uscc: freshUscc(), name: '浏览器测试检测有限公司', legal_representative: '钱七', province: '110000', city: '110100', district: '110108', address: '北京市海淀区测试路 9 号', postcode: '100080', phone: '010-88886666', status: 'active' })
    .returning('*');
  const applicantLogin = `unit${Date.now()}`;
  await suite.sys.db('accounts').insert({ login: applicantLogin, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '孙丽', email: `${applicantLogin}@example.test`, unit_id: unit.id, status: 'active' });
  const reviewerAccount = await createAccount(suite.sys, { groups: ['unit-reviewers'] });

  // The reviewer's inbox is open before the application exists.
  const reviewer = await signInPage(suite.browser, suite.sys.url, reviewerAccount.login, reviewerAccount.password);
  await reviewer.waitForSelector('#inbox');
  await reviewer.waitForSelector('#live:has-text("●")');

  const applicant = await signInPage(suite.browser, suite.sys.url, applicantLogin, 'Unit2026!x');
  await applicant.click('#side-menu [data-menu="qualification-new"]');
  await applicant.waitForSelector('select[name="data[qualificationType]"]');
  await applicant.selectOption('select[name="data[qualificationType]"]', 'testing-approval');
  await applicant.fill('input[name="data[certificateNo]"]', 'CNAS-L2026-001');
  await applicant.fill('input[name="data[issueDate]"]', '2026-01-05');
  await applicant.fill('input[name="data[expiryDate]"]', '2032-01-04');
  const [chooser] = await Promise.all([applicant.waitForEvent('filechooser'), applicant.click('a.browse')]);
  await chooser.setFiles({ name: '资质证书.png', mimeType: 'image/png', buffer: PNG });
  await applicant.waitForSelector('.formio-component-certificate li.list-group-item:nth-child(2)', { timeout: 15000 });
  await fitsPhone(applicant, 'form-page');
  await applicant.click('button[name="data[submit]"]');
  await applicant.waitForURL(/#\/case\//, { timeout: 15000 });
  const caseId = applicant.url().split('#/case/')[1];
  const app = await suite.sys.db('applications').where({ id: caseId }).first();
  expect(app).toMatchObject({ process_id: 'unit-qualification', unit_id: unit.id });
  expect(app.data.certificate[0].name).toBe('资质证书.png');

  // The task appears in the reviewer's inbox without a reload (SSE from the listener's change).
  const row = reviewer.locator('#inbox tr', { has: reviewer.locator(`.task-number[data-number="${app.number}"]`) });
  await row.waitFor({ timeout: 20000 });
  await shot(reviewer, 'inbox');
  await row.locator('button.claim').click();
  await row.locator('.assignee', { hasText: '我' }).waitFor();
  await row.locator('a.open-task', { hasText: '办理' }).click();
  await reviewer.waitForSelector('input[value="approve"]');
  await reviewer.check('input[value="approve"]');
  await shot(reviewer, 'task-page');
  expect((await submitForm(reviewer, '/complete')).status()).toBe(200);
  await reviewer.waitForURL(/#\/inbox$/);

  // The applicant sees the case finished in the progress view.
  await eventually(async () => (await suite.sys.db('applications').where({ id: caseId, status: 'approved' }).first()) ?? undefined, 20000, 'the approved application');
  await eventually(async () => {
    const r = await suite.sys.engineRest<{ items: Array<{ elementId: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: String(app.process_instance_key), state: 'ACTIVE' } });
    return r.body.items.some((i) => i.elementId === 'reminder-due') || undefined;
  }, 20000, 'the case waiting for the expiry reminder');
  await applicant.goto(`${suite.sys.url}/#/home`);
  await applicant.goto(`${suite.sys.url}/#/case/${caseId}`);
  await applicant.waitForSelector('#case-status[data-status="approved"]');
  // reviewed and approved; the case now waits for 30 days before the certificate expires (the
  // system's own steps, such as the approval notice, are not in the applicant's diagram)
  await applicant.waitForSelector('#diagram[data-state="ACTIVE"][data-active~="reminder-due"]');
  await applicant.waitForSelector('g[data-element-id="review"].pf-done');
  expect(await applicant.locator('g[data-element-id="notify-approved"]').count()).toBe(0);
  await applicant.waitForSelector('g[data-element-id="reminder-due"].pf-active');
  await fitsPhone(applicant, 'progress');
  expect(await applicant.textContent('#case-process')).toBe('单位资质管理');
  expect(consoleErrors(applicant)).toEqual([]);
  const q = await suite.sys.db('unit_qualifications').where({ application_id: caseId }).first();
  expect(q).toMatchObject({ certificate_no: 'CNAS-L2026-001', status: 'active' });
}, 120_000);
