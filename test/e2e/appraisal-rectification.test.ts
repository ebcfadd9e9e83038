/**
 * appraisal-review in a real browser: the review-team leader opens the on-site review task,
 * uploads the materials and submits the conclusion "rectification"; the applicant's open
 * "my tasks" page shows the rectification task appear without a reload, opens it and sees the
 * project's temporary files (both letters, the uploads) on the case page.
 * The steps before the on-site review are done through the API.
 */
import { settled, shot, signInPage, submitForm } from '../support/browser';
import { hashPassword } from '../../core/passwords';
import { localDate } from '../../domain/calendar';
import { freshUscc, PNG } from '../support/fixtures';
import { Client, createAccount, eventually, signIn } from '../support/harness';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const inDays = (n: number) => localDate(new Date(Date.now() + n * 86_400_000));

async function taskAt(pik: string, elementId: string): Promise<string> {
  const row = await eventually(async () => (await suite.sys.db('tasks').where({ process_instance_key: pik, element_id: elementId, state: 'CREATED' }).first()) ?? undefined, 20000, `task ${elementId}`);
  return row.user_task_key;
}

async function complete(client: Client, pik: string, elementId: string, data: Record<string, unknown>) {
  const r = await client.call('POST', `/api/tasks/${await taskAt(pik, elementId)}/complete`, { data });
  expect(r.status).toBe(200);
}

async function upload(client: Client, name: string, content: Buffer) {
  const r = await client.upload(name, content);
  return [{ storage: 'url', originalName: name, data: { id: r.body.id, name } }];
}

it('the leader submits a rectification conclusion; the applicant sees the rectification task appear', async () => {
  const [unit] = await suite.sys.db('units')
    .insert({ uscc: freshUscc(), name: '浏览器评审检验有限公司', legal_representative: '刘三江', province: '110000', city: '110100', district: '110105', address: '北京市朝阳区和平街西苑2号楼', postcode: '100029', phone: '010-64000000', status: 'active' })
    .returning('*');
  const unitLogin = `arunit${Date.now()}`;
  await suite.sys.db('accounts').insert({ login: unitLogin, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '陈晨', email: `${unitLogin}@example.test`, unit_id: unit.id, status: 'active' });
  const officeAccount = await createAccount(suite.sys, { groups: ['appraisal-office'] });
  const leaderAccount = await createAccount(suite.sys, { groups: ['appraisal-leaders'] });
  const u = await signIn(suite.sys.url, unitLogin, 'Unit2026!x');
  const office = await signIn(suite.sys.url, officeAccount.login, officeAccount.password);

  const created = await u.call('POST', '/api/appraisals', { data: {} });
  expect(created.status).toBe(201);
  const { id, number, processInstanceKey: pik } = created.body as { id: string; number: string; processInstanceKey: string };
  await complete(u, pik, 'edit-project', {
    address: '北京市朝阳区和平街西苑2号楼', contactName: '陈晨', contactPhone: '010-64000000', contactMobile: '18513661392', uscc: unit.uscc, legalRepresentative: '刘三江',
    institutionType: 'inspection', acceptanceDecisionNo: 'TS-SL-2026-0901', acceptanceDate: '2026-11-02', reviewType: 'initial', acceptanceCategory: 'inspection', province: '北京市',
    qualityManual: await upload(u, '质量手册.pdf', PDF), procedureList: await upload(u, '程序文件目录.pdf', PDF), acceptanceDecision: await upload(u, '受理决定书.png', PNG),
    applicationForm: await upload(u, '申请书.pdf', PDF), otherFiles: await upload(u, '其他.pdf', PDF),
  });
  await complete(office, pik, 'pre-review', { decision: 'approve' });
  await complete(u, pik, 'propose-invitation', { proposedDate: inDays(10) });
  await complete(office, pik, 'approve-invitation', { decision: 'approve' });
  await complete(u, pik, 'upload-stamped-letter', { stampedLetter: await upload(u, '商洽函（盖章）.pdf', PDF) });
  await complete(office, pik, 'plan-review', { reviewDate: inDays(12), teamLeader: leaderAccount.login });
  await complete(u, pik, 'confirm-notice', { received: true });
  const onsiteKey = await taskAt(pik, 'onsite-review');

  // The applicant's "my tasks" is open, with nothing to do while the review team works.
  const applicant = await signInPage(suite.browser, suite.sys.url, unitLogin, 'Unit2026!x');
  await applicant.waitForSelector('#my-task-list');
  expect(await applicant.locator('#my-task-list tr.task-upload-rectification').count()).toBe(0);

  // The project list as the manual shows it (province, step, deadline), filtered on the server by the step it waits at.
  const landing = applicant.url();
  await applicant.goto(`${suite.sys.url}/#/appraisal`);
  await settled(applicant);
  await applicant.click('.ap-stage');
  await applicant.locator('.el-select-dropdown__item:visible', { hasText: '现场评审' }).click();
  await applicant.click('.conditions button[type=submit]');
  await applicant.locator(`.list-table tbody tr:has-text("${number}"):has-text("北京市"):has-text("现场评审")`).waitFor();
  expect(await applicant.locator('.list-table tbody tr').count()).toBe(1);
  await shot(applicant, 'appraisal-projects-by-stage');
  await applicant.goto(landing);
  await applicant.waitForSelector('#my-task-list');

  // The leader opens the on-site task (assigned to them for this project) and submits the conclusion.
  const leader = await signInPage(suite.browser, suite.sys.url, leaderAccount.login, leaderAccount.password);
  await leader.goto(`${suite.sys.url}/#/task/${onsiteKey}`);
  await leader.waitForSelector('.formio-component-conclusion input[value="rectification"]');
  const [chooser] = await Promise.all([leader.waitForEvent('filechooser'), leader.click('.formio-component-onsiteMaterials a.browse')]);
  await chooser.setFiles({ name: '现场评审记录.pdf', mimeType: 'application/pdf', buffer: PDF });
  await leader.waitForSelector('.formio-component-onsiteMaterials li.list-group-item:nth-child(2)', { timeout: 15000 });
  await leader.check('.formio-component-conclusion input[value="rectification"]');
  await leader.fill('textarea[name="data[findings]"]', '质量记录不完整，需整改');
  await leader.waitForSelector('input[name="data[rectificationDays]"]');
  await leader.fill('input[name="data[rectificationDays]"]', '10');
  await shot(leader, 'appraisal-leader-conclusion');
  expect((await submitForm(leader, '/complete')).status()).toBe(200);
  await leader.waitForURL(/#\/inbox/, { timeout: 15000 });

  // The rectification task appears on the applicant's open page without a reload.
  const row = applicant.locator(`#my-task-list tr.task-upload-rectification.number-${number}`);
  await row.waitFor({ timeout: 20000 });
  expect(await row.textContent()).toContain('上传整改资料');
  await shot(applicant, 'appraisal-applicant-rectification-task');

  const conclusion = await eventually(async () => (await suite.sys.db('audit').where({ application_id: id, action: 'task-complete' }).whereRaw("details->>'elementId' = 'onsite-review'").first()) ?? undefined, 10000, 'conclusion audit');
  expect(conclusion).toMatchObject({ actor: leaderAccount.login, details: expect.objectContaining({ conclusion: 'rectification', rectificationDays: 10 }) });
  const task = await suite.sys.db('tasks').where({ process_instance_key: pik, element_id: 'upload-rectification', state: 'CREATED' }).first();
  expect(task.due_date).not.toBeNull();

  // The case page lists the temporary files with their steps, and the open rectification step.
  await applicant.goto(`${suite.sys.url}/#/case/${id}`);
  await applicant.waitForSelector('#temp-file-list tr.step-onsite-review');
  expect(await applicant.locator('#temp-file-list tr.kind-letter').count()).toBe(2);
  await applicant.waitForSelector('#appraisal-steps li[data-element="upload-rectification"]');
  await shot(applicant, 'appraisal-case-temporary-files');
}, 180_000);

it('the invitation form refuses a date within 5 days of today in the suite.browser, and accepts a later one', async () => {
  const [unit] = await suite.sys.db('units')
    .insert({ uscc: freshUscc(), name: '浏览器约请检验有限公司', legal_representative: '刘三江', province: '110000', city: '110100', district: '110105', address: '北京市朝阳区 2 号', postcode: '100029', phone: '010-64000000', status: 'active' })
    .returning('*');
  const unitLogin = `arinv${Date.now()}`;
  await suite.sys.db('accounts').insert({ login: unitLogin, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '陈晨', email: `${unitLogin}@example.test`, unit_id: unit.id, status: 'active' });
  const officeAccount = await createAccount(suite.sys, { groups: ['appraisal-office'] });
  const u = await signIn(suite.sys.url, unitLogin, 'Unit2026!x');
  const office = await signIn(suite.sys.url, officeAccount.login, officeAccount.password);
  const { processInstanceKey: pik } = (await u.call('POST', '/api/appraisals', { data: {} })).body as { processInstanceKey: string };
  await complete(u, pik, 'edit-project', {
    address: '北京市朝阳区 2 号', contactName: '陈晨', contactPhone: '010-64000000', contactMobile: '18513661392', uscc: unit.uscc, legalRepresentative: '刘三江',
    institutionType: 'inspection', acceptanceDecisionNo: 'TS-SL-2026-0902', acceptanceDate: '2026-11-02', reviewType: 'initial', acceptanceCategory: 'inspection', province: '北京市',
    qualityManual: await upload(u, '质量手册.pdf', PDF), procedureList: await upload(u, '程序文件目录.pdf', PDF), acceptanceDecision: await upload(u, '受理决定书.pdf', PDF),
    applicationForm: await upload(u, '申请书.pdf', PDF), otherFiles: await upload(u, '其他.pdf', PDF),
  });
  await complete(office, pik, 'pre-review', { decision: 'approve' });
  const key = await taskAt(pik, 'propose-invitation');

  const page = await signInPage(suite.browser, suite.sys.url, unitLogin, 'Unit2026!x');
  await page.locator('#my-task-list tr.task-propose-invitation').waitFor({ timeout: 20000 });
  await page.goto(`${suite.sys.url}/#/task/${key}`);
  const input = page.locator('input[name="data[proposedDate]"]');
  await input.waitFor();
  await input.fill(inDays(3));
  await input.blur();
  await page.locator('.formio-component-proposedDate').getByText('5 日内').first().waitFor({ timeout: 10000 });
  await shot(page, 'appraisal-invitation-date-refused');
  expect((await suite.sys.db('tasks').where({ user_task_key: key }).first()).state).toBe('CREATED');
  await input.fill(inDays(8));
  await input.blur();
  await page.click('button[name="data[submit]"]');
  await page.waitForURL(/#\/my\/tasks/, { timeout: 15000 });
  await taskAt(pik, 'approve-invitation');
}, 180_000);
