/**
 * The process admin in a real browser: opens a process, adds a user task, sees the lint error
 * for its missing form on the diagram, picks a form and groups, adds a service task from an
 * element template ("发送邮件 / Send e-mail") and sets its typed input in the Zeebe properties
 * panel; a task connected to nothing is refused by the check (selected from the problem), deploys
 * after confirming the diff; the new version is listed (a version differing only in attribute
 * order shows no difference) and a new case runs on it (reaches the new task,
 * then sends the chosen e-mail). The admin case view shows that case's position with personal
 * data masked, and cancels another case with a reason. The form editor saves a form version
 * after its lint errors are fixed in the Form.io builder.
 */
import fs from 'node:fs';
import { consoleErrors, settled, shot, signInPage } from '../support/browser';
import type { Page } from 'playwright-core';
import { seriousViolations } from './staff-support';
import { freshUscc } from '../support/fixtures';
import { createAccount, eventually, signIn } from '../support/harness';
import { browserSuite } from '../support/browser-suite';

/**
 * Saves the Form.io builder's component dialog and waits for it to close. The builder derives a
 * component's key from its label a moment after the label is typed (later on a busy machine), and
 * may so overwrite a key filled in meanwhile; the dialog then refuses to save. The key is checked
 * and filled again before each click.
 */
async function saveComponentDialog(page: Page, key: string): Promise<void> {
  const dialog = page.locator('.formio-dialog');
  for (let attempt = 1; ; attempt++) {
    const keyInput = dialog.locator('input[name="data[key]"]');
    if ((await keyInput.inputValue()) !== key) {
      await dialog.locator('a.nav-link[href="#api"]').click();
      await keyInput.fill(key);
    }
    await dialog.locator('[ref="saveButton"]').click();
    const closed = await page.waitForSelector('.formio-dialog', { state: 'detached', timeout: 5000 }).then(() => true, () => false);
    if (closed) return;
    if (attempt === 4) throw new Error(`the component dialog stayed open after four saves: ${await dialog.innerText()}`);
  }
}

const suite = browserSuite();

it('adds a user task, fixes its lint error, deploys, and a new case runs on the new version', async () => {
  const a = await createAccount(suite.sys, { kind: 'admin' });
  const api = await signIn(suite.sys.url, a.login, a.password);
  const xml = fs
    .readFileSync('bpmn/unit-qualification.bpmn', 'utf8')
    .replace(/id="unit-qualification"/g, 'id="workbench-probe"')
    .replace(/bpmnElement="unit-qualification"/g, 'bpmnElement="workbench-probe"');
  const v1 = await api.call('POST', '/api/admin/deployments', { resourceName: 'workbench-probe.bpmn', xml });
  expect(v1.status).toBe(201);

  // a unit with a qualification application; one case of it already runs on v1 (it stays there)
  const email = `wb${Date.now()}@example.test`;
  const [unit] = await suite.sys.db('units')
    .insert({ uscc: freshUscc(), name: '流程管理测试公司', legal_representative: '韩一', province: '110000', city: '110100', district: '110101', address: '北京市东城区流程路 1 号', postcode: '100010', phone: '010-12345678', status: 'active' })
    .returning('*');
  await suite.sys.db('accounts').insert({ login: `wb${Date.now()}`, password_hash: 'x', kind: 'unit-main', display_name: '韩一', email, unit_id: unit.id, status: 'active' });
  const data = { qualificationType: 'testing-approval', certificateNo: 'WB-1', issueDate: '2026-01-01', expiryDate: '2030-01-01', contactMobile: '13812345678', contactIdNumber: '110101199003071234' };
  const [app] = await suite.sys.db('applications')
    .insert({ number: `WB-${Date.now()}`, process_id: 'workbench-probe', status: 'submitted', unit_id: unit.id, data: JSON.stringify(data) })
    .returning(['id', 'number']);
  const onV1 = String((await suite.sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'workbench-probe', variables: { applicationId: app.id } })).processInstanceKey);
  await eventually(async () => (await suite.sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${onV1}`)).body?.state === 'ACTIVE' || undefined, 20000, 'a case on v1');

  const page = await signInPage(suite.browser, suite.sys.url, a.login, a.password, { width: 1400, height: 1000 });
  await page.goto(`${suite.sys.url}/#/admin/workbench-probe`);
  await page.waitForSelector('#modeler g[data-element-id="review"]');
  // the palette keeps its own column: no shape of the diagram lies under it
  const paletteRight = await page.$eval('#modeler .djs-palette', (p) => p.getBoundingClientRect().right);
  const leftmost = await page.$$eval('#modeler g.djs-shape', (gs) => Math.min(...gs.map((g) => g.getBoundingClientRect().left)));
  expect(leftmost).toBeGreaterThan(paletteRight);
  // the modeler speaks Chinese (the palette's tools) and keeps bpmn.io's watermark
  expect(await page.getAttribute('#modeler .djs-palette [data-action="create.task"]', 'aria-label')).toBe('创建任务');
  await page.waitForSelector('#modeler .bjs-powered-by', { state: 'attached' });
  // where v1's running case waits: a count on the review task
  expect(await (await page.waitForSelector('#modeler .pf-count[data-element="review"]')).textContent()).toBe('1');
  expect(await seriousViolations(page)).toEqual([]);

  // the admin's edit: after "record qualification" a parallel branch with a user task (bpmn-js
  // modeling, as the palette does)
  const newId = await page.evaluate(() => {
    const m = (globalThis as unknown as { pfModeler: { get(n: string): any } }).pfModeler; // eslint-disable-line @typescript-eslint/no-explicit-any
    const registry = m.get('elementRegistry');
    const modeling = m.get('modeling');
    modeling.removeConnection(registry.get('flow-activate-notify'));
    const fork = modeling.appendShape(registry.get('activate'), { type: 'bpmn:ParallelGateway' }, { x: 790, y: 330 });
    modeling.connect(fork, registry.get('notify-approved'));
    const shape = modeling.appendShape(fork, { type: 'bpmn:UserTask' }, { x: 710, y: 480 });
    m.get('modeling').updateLabel(shape, '归档核对 Archive check');
    // as the context pad's append does: the new task selected (and so scrolled into view)
    m.get('selection').select(shape);
    return shape.id as string;
  });
  await page.click('#lint');
  await page.waitForSelector(`#lint-issues li[data-element="${newId}"][data-rule="permitflow/user-task-form"]`);
  await page.waitForSelector(`#modeler g[data-element-id="${newId}"].pf-lint-error`);
  await shot(page, 'workbench-lint');

  // the Zeebe properties panel shows the selected task
  await page.waitForSelector('#properties-panel .bio-properties-panel-header-label:has-text("归档核对")');
  // the PermitFlow user task template: the properties panel then offers the form registry
  await page.selectOption('#prop-template', 'permitflow.user-task');
  await page.locator('#properties-panel .bio-properties-panel-group-header', { hasText: /^任务$/ }).click();
  const formPick = page.locator('#properties-panel').getByLabel('表单', { exact: true });
  await formPick.waitFor();
  await formPick.selectOption('unit-qualification-review');
  await page.waitForSelector('#prop-form option[value="unit-qualification-review"]:checked', { state: 'attached' });
  // and our own panel still edits the same task: a second candidate group
  await page.fill('#prop-groups', 'unit-reviewers,review-leads');
  await page.press('#prop-groups', 'Tab');

  // a service task after it, picked from the element templates, its mail template set in the properties panel
  const mailId = await page.evaluate((after) => {
    const m = (globalThis as unknown as { pfModeler: { get(n: string): any } }).pfModeler; // eslint-disable-line @typescript-eslint/no-explicit-any
    const shape = m.get('modeling').appendShape(m.get('elementRegistry').get(after), { type: 'bpmn:Task' }, { x: 980, y: 480 });
    // selected as a click does (the previous task's context pad lies over the new one)
    m.get('selection').select(shape);
    return shape.id as string;
  }, newId);
  await page.waitForSelector(`#element-props:has-text("${mailId}")`);
  const options = await page.$$eval('#prop-template option', (os) => os.map((o) => o.textContent));
  // the templates by their names in the current language only
  expect(options).toEqual(expect.arrayContaining(['发送邮件', '发送短信', '计算期限（工作日）']));
  await page.selectOption('#prop-template', 'permitflow.notify.email');
  await shot(page, 'workbench-template-applied');
  await page.locator('#properties-panel .bio-properties-panel-group-header', { hasText: /^输入$/ }).first().click();
  const mailTemplate = page.locator('#properties-panel').getByLabel('邮件模板', { exact: true });
  await mailTemplate.waitFor();
  await mailTemplate.selectOption('="application-approved"');
  await shot(page, 'workbench-template');

  // bpmnlint's recommended rules: the branch must end in an end event
  await page.click('#lint');
  await page.waitForSelector(`#lint-issues li[data-element="${mailId}"][data-rule="no-implicit-end"]`);
  // clicking the problem selects the element on the canvas
  await page.click(`#lint-issues li[data-element="${mailId}"] a`);
  await page.waitForSelector(`#modeler g[data-element-id="${mailId}"].selected`);
  const endId = await page.evaluate((after) => {
    const m = (globalThis as unknown as { pfModeler: { get(n: string): any } }).pfModeler; // eslint-disable-line @typescript-eslint/no-explicit-any
    const end = m.get('modeling').appendShape(m.get('elementRegistry').get(after), { type: 'bpmn:EndEvent' }, { x: 1150, y: 480 });
    m.get('modeling').updateLabel(end, '已归档 Archived');
    return end.id as string;
  }, mailId);
  await page.click('#lint');
  await page.waitForSelector('#lint-issues li.ok');

  // a task connected to nothing: deploy is refused by the check, which names it and selects it on click
  const looseId = await page.evaluate(() => {
    const m = (globalThis as unknown as { pfModeler: { get(n: string): any } }).pfModeler; // eslint-disable-line @typescript-eslint/no-explicit-any
    const loose = m.get('modeling').createShape({ type: 'bpmn:Task' }, { x: 1150, y: 650 }, m.get('canvas').getRootElement());
    m.get('modeling').updateLabel(loose, '游离任务 Loose task');
    return loose.id as string;
  });
  await page.click('#deploy');
  await page.waitForSelector(`#lint-issues li[data-element="${looseId}"][data-rule="no-disconnected"]`);
  expect(await page.locator('#deploy-confirm').isVisible()).toBe(false);
  await page.click(`#lint-issues li[data-element="${looseId}"] a`);
  await page.waitForSelector(`#modeler g[data-element-id="${looseId}"].selected`);
  // the server refuses the same model whoever sends it
  const { xml: looseXml } = await page.evaluate(() => (globalThis as unknown as { pfModeler: { saveXML(o: unknown): Promise<{ xml: string }> } }).pfModeler.saveXML({ format: true }));
  const refused = await api.call('POST', '/api/admin/deployments', { resourceName: 'workbench-probe.bpmn', xml: looseXml });
  expect(refused.status).toBe(422);
  expect(refused.body.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'no-disconnected', elementId: looseId })]));
  await page.evaluate((id) => {
    const m = (globalThis as unknown as { pfModeler: { get(n: string): any } }).pfModeler; // eslint-disable-line @typescript-eslint/no-explicit-any
    m.get('modeling').removeElements([m.get('elementRegistry').get(id)]);
  }, looseId);
  await page.click('#lint');
  await page.waitForSelector('#lint-issues li.ok');

  // deploy asks first: what the deployment adds and changes, coloured on the canvas, and the case that stays on v1
  const deployedBefore = await suite.sys.db('deployments').where({ resource_name: 'workbench-probe.bpmn' }).count({ n: '*' }).first();
  await page.click('#deploy');
  await page.waitForSelector('#deploy-confirm');
  for (const id of [newId, mailId, endId]) await page.waitForSelector(`#draft-diff li[data-kind="added"][data-element="${id}"]`);
  await page.waitForSelector('#draft-diff li[data-kind="changed"][data-element="activate"]');
  await page.waitForSelector('#draft-diff li[data-kind="removed"][data-element="flow-activate-notify"]');
  // named as people read them: the removed flow by what it connected, the new gateway by its kind, no generated ids
  const listed = (await page.textContent('#draft-diff'))!;
  expect(listed).toContain('删除 连线 登记资质 → 通知通过');
  expect(listed).toContain('新增 并行网关');
  expect(listed).not.toMatch(/Flow_|Gateway_|Activity_|Event_|flow-activate-notify/);
  await page.waitForSelector(`#modeler g[data-element-id="${newId}"].pf-diff-added`, { state: 'attached' });
  await page.waitForSelector('#modeler g[data-element-id="activate"].pf-diff-changed', { state: 'attached' });
  expect(await page.textContent(`.running-stay[data-version="${v1.body.version}"]`)).toContain(`1 个进行中的案件仍按 v${v1.body.version} 运行`);
  await shot(page, 'workbench-deploy-confirm');
  // cancelled: nothing deployed, the marks gone
  await page.click('#deploy-cancel');
  await page.waitForSelector(`#modeler g[data-element-id="${newId}"].pf-diff-added`, { state: 'detached' });
  expect(await suite.sys.db('deployments').where({ resource_name: 'workbench-probe.bpmn' }).count({ n: '*' }).first()).toEqual(deployedBefore);
  // confirmed: deployed
  await page.click('#deploy');
  await page.click('#deploy-confirm-ok');
  const v2 = (v1.body.version as number) + 1;
  await page.waitForSelector(`#versions .version[data-version="${v2}"]`);
  await shot(page, 'workbench-deployed');
  const row = await suite.sys.db('deployments').where({ resource_name: 'workbench-probe.bpmn', version: v2 }).first();
  expect(row.deployed_by).toBe(a.login);
  expect(row.content).toContain('zeebe:modelerTemplate="permitflow.notify.email"');
  expect(row.content).toMatch(new RegExp(`id="${mailId}"[^>]*>[\\s\\S]*?<zeebe:taskDefinition type="notify.email"`));
  expect(row.content).toMatch(/<zeebe:input source="=(&#34;|")application-approved(&#34;|")" target="template" \/>/);
  // the two versions compared in the page: the added elements listed
  await page.click(`#versions tr:has(.version[data-version="${v2}"]) .diff-link`);
  await page.waitForSelector(`#diff-list li[data-kind="added"]:has-text("${newId}")`);

  // a new case runs on the new version and, once approved, reaches the new task; the one on v1 stays there
  expect((await suite.sys.engineRest<{ processDefinitionVersion: number }>('GET', `/v2/process-instances/${onV1}`)).body.processDefinitionVersion).toBe(v1.body.version);
  const started = await suite.sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'workbench-probe', variables: { applicationId: app.id, callbackMobile: '13912345678' } });
  expect(Number(started.version)).toBe(v2);
  const pik = String(started.processInstanceKey);
  await suite.sys.db('applications').where({ id: app.id }).update({ process_instance_key: pik });
  const review = await eventually(async () => (await suite.sys.db('tasks').where({ process_instance_key: pik, element_id: 'review', state: 'CREATED' }).first()) ?? undefined, 20000, 'review');
  // the mirror row is written before the engine finishes creating the task: wait for the engine too
  await eventually(async () => (await suite.sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${review.user_task_key}`)).body?.state === 'CREATED' || undefined, 20000, 'the task created in the engine');
  expect((await suite.sys.engineRest('POST', `/v2/user-tasks/${review.user_task_key}/completion`, { variables: { decision: 'approve' } })).status).toBe(204);
  const added = await eventually(async () => (await suite.sys.db('tasks').where({ process_instance_key: pik, element_id: newId }).first()) ?? undefined, 20000, 'the new user task');
  expect(added).toMatchObject({ form_key: 'unit-qualification-review', candidate_groups: ['unit-reviewers', 'review-leads'], state: 'CREATED' });

  // the admin case view: the case sits at the new task; personal data masked; history listed
  await page.reload();
  await page.waitForSelector(`#cases-table a.case-link[data-key="${pik}"]`);
  await page.click(`#cases-table a.case-link[data-key="${pik}"]`);
  await page.waitForSelector(`#case-diagram g[data-element-id="${newId}"].pf-active`);
  await page.waitForSelector('#case-diagram g[data-element-id="review"].pf-done');
  const vars = await page.textContent('#case-vars');
  expect(vars).toContain('138****5678');
  expect(vars).toContain('110101***********4');
  expect(vars).not.toContain('13812345678');
  expect(vars).not.toContain('110101199003071234');
  const processVars = await page.textContent('#case-process-vars');
  expect(processVars).toContain('"139****5678"');
  expect(processVars).not.toContain('13912345678');
  expect(processVars).toContain('decision'); // set by the completed review
  await shot(page, 'workbench-case');

  // completing the new task runs the templated service task: the chosen e-mail goes out
  await eventually(async () => (await suite.sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${added.user_task_key}`)).body?.state === 'CREATED' || undefined, 20000, 'the new task in the engine');
  expect((await suite.sys.engineRest('POST', `/v2/user-tasks/${added.user_task_key}/completion`, { variables: { decision: 'approve' } })).status).toBe(204);
  const mail = await suite.sys.sink.waitFor((m) => m.to.includes(email));
  expect(mail.subject).toContain('申请已通过 Application approved');
  expect(mail.subject).toContain(app.number);
  // (the model's own path goes on to the qualification's expiry timers; the added branch is done)
  await eventually(
    async () =>
      (await suite.sys.engineRest<{ items: Array<{ state: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: pik, elementId: mailId } })).body.items?.[0]?.state === 'COMPLETED' || undefined,
    20000,
    'the templated e-mail task completed',
  );

  // another case, cancelled from its case page with a reason
  const second = await suite.sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'workbench-probe', variables: { applicationId: app.id } });
  const pik2 = String(second.processInstanceKey);
  await eventually(async () => (await suite.sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${pik2}`)).body?.state === 'ACTIVE' || undefined, 20000, 'the second case');
  await page.goto(`${suite.sys.url}/#/admin/case/${pik2}`);
  await page.waitForSelector('#case-state[data-state="ACTIVE"]');
  await page.fill('#cancel-reason', '测试取消 Test cancel');
  await page.click('#cancel-case button[type=submit]');
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForSelector('#case-state[data-state="TERMINATED"]');
  // the diagram drawn again and again (another case, the state changed) threw nothing in the page
  expect(consoleErrors(page).filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
  const audited = await suite.sys.db('admin_audit').where({ actor: a.login, action: 'case-cancel' }).first();
  expect(audited.details).toMatchObject({ processInstanceKey: pik2, reason: '测试取消 Test cancel' });

  // a version that only writes the attributes in another order: deployed as v3, and no difference to v2
  const reordered = row.content.replace(/<([\w:]+)((?:\s+[\w:]+="[^"]*")+)(\s*\/?)>/g, (_m: string, tag: string, attrs: string, end: string) => `<${tag}${attrs.match(/\s+[\w:]+="[^"]*"/g)!.reverse().join('')}${end}>`);
  expect(reordered).not.toBe(row.content);
  const v3 = await api.call('POST', '/api/admin/deployments', { resourceName: 'workbench-probe.bpmn', xml: reordered });
  expect(v3.body.version).toBe(v2 + 1);
  await page.goto(`${suite.sys.url}/#/admin/workbench-probe`);
  await page.click(`#versions tr:has(.version[data-version="${v2 + 1}"]) .diff-link`);
  await page.waitForSelector(`#diff h3:has-text("v${v2} → v${v2 + 1}")`);
  expect(await page.locator('#diff-list li').allInnerTexts()).toEqual(['元素没有变化']);
}, 180_000);

it('leaving the workbench before its counts of waiting cases arrive draws nothing into the modeler that is gone', async () => {
  const a = await createAccount(suite.sys, { kind: 'admin' });
  const page = await signInPage(suite.browser, suite.sys.url, a.login, a.password, { width: 1400, height: 1000 });
  // the counts are held until the admin has gone to another page, then answered with one waiting case
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/element-counts\?/, async (route) => {
    await held;
    await route.fulfill({ json: { counts: { review: 1 } } });
  });
  const asked = page.waitForRequest(/\/element-counts\?/);
  await page.goto(`${suite.sys.url}/#/admin/unit-qualification`);
  await asked;
  await page.goto(`${suite.sys.url}/#/admin/forms`);
  await page.waitForSelector('#new-form');
  const answered = page.waitForResponse(/\/element-counts\?/);
  release();
  await answered;
  await settled(page);
  expect(consoleErrors(page)).toEqual([]);
});

it('edits a form in the Form.io builder: lint errors shown, fixed in the builder, saved as a version that is served', async () => {
  const a = await createAccount(suite.sys, { kind: 'admin' });
  const key = `wb-form-${Date.now()}`;
  const page = await signInPage(suite.browser, suite.sys.url, a.login, a.password, { width: 1400, height: 1000 });
  await page.goto(`${suite.sys.url}/#/admin/forms`);
  await page.fill('#new-form input[name="key"]', key);
  await page.click('#new-form button');
  await page.waitForSelector('#builder .formbuilder');
  // a required text field labelled in Chinese only, dragged in from the builder's side bar
  const from = (await page.locator('#builder .formcomponent[data-type="textfield"]').first().boundingBox())!;
  const to = (await page.locator('#builder .formarea [ref="-container"], #builder .formarea .drag-container').first().boundingBox())!;
  await page.mouse.move(from.x + 20, from.y + from.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + 20 + ((to.x + 40 - from.x - 20) * i) / 10, from.y + ((to.y + 20 - from.y) * i) / 10);
  await page.mouse.up();
  const dialog = page.locator('.formio-dialog');
  await dialog.locator('input[name="data[label]"]').fill('单位名称');
  await dialog.locator('a.nav-link[href="#api"]').click();
  await dialog.locator('input[name="data[key]"]').fill('unitName');
  await dialog.locator('a.nav-link[href="#validation"]').click();
  await dialog.locator('input[name="data[validate.required]"]').check();
  await saveComponentDialog(page, 'unitName');
  await page.fill('#form-title', '流程测试表单 Workbench test form');
  await page.click('#save-form');
  await page.waitForSelector('#form-lint li[data-field="unitName"]');
  expect(await page.textContent('#form-lint')).toContain('英文标签');
  expect(await suite.sys.db('forms').where({ key }).first()).toBeUndefined();

  // fix it in the builder's own edit dialog
  await page.hover('#builder .builder-component:has([ref="component"] input[name="data[unitName]"])');
  await page.click('#builder .builder-component:has(input[name="data[unitName]"]) .component-settings-button-edit');
  const label = page.locator('.formio-dialog input[name="data[label]"]');
  await label.fill('单位名称 Unit name');
  await saveComponentDialog(page, 'unitName');
  await page.click('#save-form');
  await page.waitForSelector('#form-versions [data-version="1"]');
  expect(await page.textContent('#form-lint')).toBe('');
  await shot(page, 'form-editor');
  // (the Form.io builder's own side bar markup is Form.io's: outside the check)
  expect(await seriousViolations(page, ['#builder .formcomponents'])).toEqual([]);

  // preview renders the saved form; the API serves it; the version records who saved it
  await page.click('#tab-preview');
  await page.waitForSelector('#preview label:has-text("单位名称")');
  const api = await signIn(suite.sys.url, a.login, a.password);
  const served = await api.call('GET', `/api/forms/${key}`);
  expect(JSON.stringify(served.body)).toContain('单位名称 Unit name');
  expect(await suite.sys.db('form_versions').where({ key, version: 1 }).first()).toMatchObject({ source: 'editor', saved_by: a.login });
}, 120_000);
