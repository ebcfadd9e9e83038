/**
 * The admin's operations view in a real browser: the case search by process, state, application
 * number and start date; the global incident list (a failing job becomes an incident with its
 * error message, listed by the case's application number and the process's name, the admin retries it, the case completes and the incident is gone).
 */
import type { Page } from 'playwright-core';
import { settled, shot, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { submitCases, until } from '../support/fault-cases';
import { createApplication } from '../support/factories';
import { createAccount } from '../support/harness';

const suite = browserSuite();

const shanghaiDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function searchCases(page: Page, number: string, from: string, to: string): Promise<string[]> {
  await page.fill('#ac-number', number);
  await page.fill('#ac-from', from);
  await page.fill('#ac-to', to);
  await page.press('#ac-to', 'Enter');
  await page.click('.conditions button[type=submit]');
  await settled(page);
  return page.$$eval('.list-table a.case-link', (as) => as.map((a) => a.textContent!.trim()));
}

it('finds cases by application number and start date', async () => {
  const [one, other] = await submitCases(suite.sys.url, 2);
  const a = await createAccount(suite.sys, { kind: 'admin' });
  const page = await signInPage(suite.browser, suite.sys.url, a.login, a.password, { width: 1400, height: 1000 });
  await page.goto(`${suite.sys.url}/#/admin/cases`);
  await page.click('#ac-process');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '单位帐号注册' }).click();
  // both cases run: the state condition (running) lists them, each by its number
  await until(async () => (await searchCases(page, '', shanghaiDay(), shanghaiDay())).includes(other.number) || undefined, 20_000, 'the cases listed');
  expect(await searchCases(page, one.number, shanghaiDay(), shanghaiDay())).toEqual([one.number]);
  await shot(page, 'admin-cases-search');
  // started today, so not among yesterday's
  expect(await searchCases(page, one.number, shanghaiDay(-1), shanghaiDay(-1))).toEqual([]);
  // a number no case has
  expect(await searchCases(page, 'NO-SUCH-NUMBER', shanghaiDay(), shanghaiDay())).toEqual([]);
  // a bad date in the address is refused with the field named
  const bad = (await page.evaluate(async () => (await fetch('/api/admin/processes/unit-registration/cases?from=2026-13', { credentials: 'same-origin' })).json())) as { error: { fields: Record<string, string> } };
  expect(bad.error.fields).toHaveProperty('from');
});

it('a failing job becomes an incident with its message; retried, the case completes and the incident is gone', async () => {
  const { sys } = suite;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="ops" targetNamespace="http://permitflow.test">
  <bpmn:process id="ops-probe" name="运维探针 Operations probe" isExecutable="true">
    <bpmn:startEvent id="start" name="开始"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="call-registry" name="调用外部登记系统 Call the registry">
      <bpmn:extensionElements><zeebe:taskDefinition type="ops.flaky" retries="1" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="done" name="完成"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call-registry" />
    <bpmn:sequenceFlow id="f2" sourceRef="call-registry" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>`;
  await sys.engine.zeebe.deployResource({ process: Buffer.from(xml), name: 'ops-probe.bpmn' });
  let registryUp = false;
  const worker = sys.engine.zeebe.createWorker({
    taskType: 'ops.flaky',
    pollInterval: 100,
    taskHandler: (job) => (registryUp ? job.complete() : job.fail({ errorMessage: '外部登记系统不可用 The registry is down', retries: 0 })),
  });
  try {
    const started = await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'ops-probe', variables: {} });
    const pik = String(started.processInstanceKey);
    const incident = await until(
      async () => (await sys.engineRest<{ items: Array<{ incidentKey: string }> }>('POST', '/v2/incidents/search', { filter: { processInstanceKey: pik, state: 'ACTIVE' } })).body.items?.[0],
      30_000,
      'the incident',
    );

    // the case's application, as people know it: by its number
    const app = await createApplication(sys.db, { processId: 'ops-probe', number: `OPS-${Date.now()}` });
    await sys.db('applications').where({ id: app.id }).update({ process_instance_key: pik });

    const a = await createAccount(sys, { kind: 'admin' });
    const page = await signInPage(suite.browser, sys.url, a.login, a.password, { width: 1400, height: 1000 });
    await page.goto(`${sys.url}/#/admin/incidents`);
    const row = page.locator('#incidents tr', { has: page.locator(`[data-incident="${incident.incidentKey}"]`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('外部登记系统不可用 The registry is down');
    // the application number and the process's name; the engine's key only as the secondary line and tooltip
    expect((await row.locator('.incident-case').innerText()).trim()).toBe(app.number);
    expect(await row.locator('.incident-case').getAttribute('title')).toContain(pik);
    expect((await row.locator('.instance-key').innerText()).trim()).toBe(`流程实例 ${pik}`);
    expect((await row.locator('.incident-process').innerText()).trim()).toBe('运维探针');
    await shot(page, 'admin-incidents');

    registryUp = true;
    await row.locator('button.retry').click();
    await until(async () => (await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${pik}`)).body?.state === 'COMPLETED' || undefined, 30_000, 'the case completed after the retry');
    await page.reload();
    await settled(page);
    expect(await page.locator(`[data-incident="${incident.incidentKey}"]`).count()).toBe(0);
    const audited = await sys.db('admin_audit').where({ actor: a.login, action: 'incident-retry' }).first();
    expect(audited.details).toMatchObject({ incidentKey: incident.incidentKey, processInstanceKey: pik, errorMessage: '外部登记系统不可用 The registry is down' });
  } finally {
    await worker.close();
  }
});
