/**
 * 新增评审项目 in a real browser: a numbered project is created only on an explicit confirm
 * (cancelling creates nothing), and a draft never submitted can be deleted (after a confirm):
 * it is marked discarded and its case is cancelled; a project no longer a draft cannot be.
 */
import { createUnit, createUnitAccount } from '../support/factories';
import { consoleErrors, settled, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { eventually, signIn } from '../support/harness';

// the workers: the cancelled case's open task ends through its task listener
const suite = browserSuite();

it('creates an appraisal project only on confirm, and deletes the draft', async () => {
  const { db } = suite.sys;
  const unit = await createUnit(db);
  const account = await createUnitAccount(db, unit.id);
  const projects = () => db('applications').where({ unit_id: unit.id, process_id: 'appraisal-review' });
  const page = await signInPage(suite.browser, suite.sys.url, account.login, account.password);
  await page.goto(`${suite.sys.url}/#/appraisal`);
  await settled(page);

  // cancelled: nothing is created
  await page.click('#new-appraisal');
  const dialog = page.locator('.el-message-box');
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain('确定新增评审项目');
  await dialog.locator('button:has-text("取消")').click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await projects()).toHaveLength(0);

  // confirmed: one draft project with its number, opened at its first step
  await page.click('#new-appraisal');
  await dialog.waitFor();
  await dialog.locator('.el-button--primary').click();
  await page.waitForURL(/#\/case\//);
  const [project] = await projects();
  expect(project).toMatchObject({ status: 'draft' });
  expect(project.process_instance_key).toBeTruthy();

  // deleted from the list, after a confirm
  await page.goto(`${suite.sys.url}/#/appraisal`);
  await settled(page);
  await page.click(`.discard-draft[data-number="${project.number}"]`);
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain(project.number);
  await dialog.locator('.el-button--primary').click();
  await eventually(async () => (await db('applications').where({ id: project.id }).first()).status === 'discarded' || undefined, 10000, 'the project discarded');
  await page.locator(`.discard-draft[data-number="${project.number}"]`).waitFor({ state: 'detached' });
  expect(await db('audit').where({ application_id: project.id, action: 'discard' }).first()).toMatchObject({ from_status: 'draft', to_status: 'discarded', actor: account.login });
  await eventually(async () => (await suite.sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${project.process_instance_key}`)).body.state === 'TERMINATED' || undefined, 15000, 'the draft case cancelled');

  // no longer a draft: refused, nothing changed
  const client = await signIn(suite.sys.url, account.login, account.password);
  expect((await client.call('POST', `/api/appraisals/${project.id}/discard`, {})).status).toBe(409);
  expect(consoleErrors(page)).toEqual([]);
}, 90_000);
