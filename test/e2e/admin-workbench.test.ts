/**
 * The process admin in a real browser: opens a process, adds a user task, sees the lint error
 * for its missing form on the diagram, picks a form and groups, deploys; the new version is
 * listed and a new case runs on it (and reaches the new task).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchBrowser, signInPage } from '../support/browser';
import { freshUscc } from '../support/fixtures';
import { createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let browser: Browser;
beforeAll(async () => {
  sys = await startTestSystem();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

it('adds a user task, fixes its lint error, deploys, and a new case runs on the new version', async () => {
  const a = await createAccount(sys, { kind: 'admin' });
  const api = await signIn(sys.url, a.login, a.password);
  const xml = fs
    .readFileSync('bpmn/unit-qualification.bpmn', 'utf8')
    .replace(/id="unit-qualification"/g, 'id="workbench-probe"')
    .replace(/bpmnElement="unit-qualification"/g, 'bpmnElement="workbench-probe"');
  const v1 = await api.call('POST', '/api/admin/deployments', { resourceName: 'workbench-probe.bpmn', xml });
  expect(v1.status).toBe(201);

  const page = await signInPage(browser, sys.url, a.login, a.password, { width: 1400, height: 1000 });
  await page.goto(`${sys.url}/#/admin/workbench-probe`);
  await page.waitForSelector('#modeler g[data-element-id="review"]');

  // the admin's edit: a user task after "record qualification" (bpmn-js modeling, as the palette does)
  const newId = await page.evaluate(() => {
    const m = (globalThis as unknown as { pfModeler: { get(n: string): any } }).pfModeler;
    const registry = m.get('elementRegistry');
    const shape = m.get('modeling').appendShape(registry.get('activate'), { type: 'bpmn:UserTask' }, { x: 710, y: 480 });
    m.get('modeling').updateLabel(shape, '归档核对 Archive check');
    return shape.id as string;
  });
  await page.click('#lint');
  await page.waitForSelector(`#lint-issues li[data-element="${newId}"][data-rule="permitflow/user-task-form"]`);
  await page.waitForSelector(`#modeler g[data-element-id="${newId}"].pf-lint-error`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'workbench-lint.png'), fullPage: true });

  await page.click(`#modeler g[data-element-id="${newId}"]`);
  await page.selectOption('#prop-form', 'unit-qualification-review');
  await page.fill('#prop-groups', 'unit-reviewers');
  await page.press('#prop-groups', 'Tab');
  await page.click('#lint');
  await page.waitForSelector('#lint-issues li.ok');
  await page.click('#deploy');
  const v2 = (v1.body.version as number) + 1;
  await page.waitForSelector(`#versions tr[data-version="${v2}"]`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'workbench-deployed.png'), fullPage: true });
  const row = await sys.db('deployments').where({ resource_name: 'workbench-probe.bpmn', version: v2 }).first();
  expect(row.deployed_by).toBe(a.login);

  // a new case runs on the new version and, once approved, reaches the new task
  const [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: '流程管理测试公司', legal_representative: '韩一', province: '110000', city: '110100', district: '110101', address: '北京市东城区流程路 1 号', postcode: '100010', phone: '010-12345678', status: 'active' })
    .returning('*');
  await sys.db('accounts').insert({ login: `wb${Date.now()}`, password_hash: 'x', kind: 'unit-main', display_name: '韩一', email: `wb${Date.now()}@example.test`, unit_id: unit.id, status: 'active' });
  const [app] = await sys.db('applications')
    .insert({ number: `WB-${Date.now()}`, process_id: 'workbench-probe', status: 'submitted', unit_id: unit.id, data: JSON.stringify({ qualificationType: 'testing-approval', certificateNo: 'WB-1', issueDate: '2026-01-01', expiryDate: '2030-01-01' }) })
    .returning('id');
  const started = await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'workbench-probe', variables: { applicationId: app.id } });
  expect(Number(started.version)).toBe(v2);
  const pik = String(started.processInstanceKey);
  const review = await eventually(async () => (await sys.db('tasks').where({ process_instance_key: pik, element_id: 'review', state: 'CREATED' }).first()) ?? undefined, 20000, 'review');
  // the mirror row is written before the engine finishes creating the task: wait for the engine too
  await eventually(async () => (await sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${review.user_task_key}`)).body?.state === 'CREATED' || undefined, 20000, 'the task created in the engine');
  expect((await sys.engineRest('POST', `/v2/user-tasks/${review.user_task_key}/completion`, { variables: { decision: 'approve' } })).status).toBe(204);
  const added = await eventually(async () => (await sys.db('tasks').where({ process_instance_key: pik, element_id: newId }).first()) ?? undefined, 20000, 'the new user task');
  expect(added).toMatchObject({ form_key: 'unit-qualification-review', candidate_groups: ['unit-reviewers'], state: 'CREATED' });
}, 120_000);
