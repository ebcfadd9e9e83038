/** Admin API: lint-gated deployment and versions; an incident from a worker failing three times, retried after the fix. */
import fs from 'node:fs';
import { createLogger } from '../../core/logger';
import { startWorkers } from '../../workers/runtime';
import { Client, createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { createUnit, createApplication } from '../support/factories';

let sys: TestSystem;
let admin: Client;
let reviewer: Client;

beforeAll(async () => {
  sys = await startTestSystem();
  const a = await createAccount(sys, { kind: 'admin' });
  const r = await createAccount(sys, { groups: ['unit-reviewers'] });
  admin = await signIn(sys.url, a.login, a.password);
  reviewer = await signIn(sys.url, r.login, r.password);
});
afterAll(async () => {
  await sys?.stop();
});

const probe = (form: string) =>
  fs
    .readFileSync('bpmn/unit-qualification.bpmn', 'utf8')
    .replace(/id="unit-qualification"/g, 'id="admin-probe"')
    .replace(/bpmnElement="unit-qualification"/g, 'bpmnElement="admin-probe"')
    .replace('externalReference="unit-qualification-review"', `externalReference="${form}"`);

it('refuses everyone but admins', async () => {
  for (const [method, path] of [['GET', '/api/admin/processes'], ['GET', '/api/admin/incidents'], ['POST', '/api/admin/deployments'], ['POST', '/api/admin/incidents/1/retry']] as const) {
    expect((await reviewer.call(method, path, method === 'POST' ? {} : undefined)).status).toBe(403);
  }
});

it('refuses a model with lint errors, naming the element; deploys the fixed one as a new version that runs', async () => {
  const bad = await admin.call('POST', '/api/admin/deployments', { resourceName: 'admin-probe.bpmn', xml: probe('no-such-form') });
  expect(bad.status).toBe(422);
  expect(bad.body.error.issues).toEqual([expect.objectContaining({ rule: 'permitflow/user-task-form', elementId: 'review' })]);
  const good = await admin.call('POST', '/api/admin/deployments', { resourceName: 'admin-probe.bpmn', xml: probe('unit-qualification-review') });
  expect(good.status).toBe(201);
  expect(good.body.processId).toBe('admin-probe');
  const again = await admin.call('POST', '/api/admin/deployments', { resourceName: 'admin-probe.bpmn', xml: probe('unit-qualification-review').replace('name="单位资质管理 Unit qualification"', 'name="probe v2"') });
  expect(again.body.version).toBe(good.body.version + 1);
  const started = await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'admin-probe', variables: {} });
  expect(String(started.version)).toBe(String(again.body.version));
  const list = await eventually(async () => {
    const r = await admin.call('GET', '/api/admin/processes');
    const v = r.body.items.find((i: { processId: string; version: number }) => i.processId === 'admin-probe' && i.version === again.body.version);
    return v?.instances.active === 1 ? v : undefined;
  }, 15000, 'the new version with its running case');
  expect(list.deployedBy).toBe(admin.login);
  // compare the two versions, download one
  const diff = await admin.call('GET', `/api/admin/processes/admin-probe/diff/${good.body.version}/${again.body.version}`);
  expect(diff.body).toEqual({ added: [], removed: [], changed: [] }); // only the process name changed
  const xml = await admin.call('GET', `/api/admin/processes/admin-probe/versions/${again.body.version}/xml`);
  expect(xml.body).toContain('name="probe v2"');
  const v3 = await admin.call('POST', '/api/admin/deployments', {
    resourceName: 'admin-probe.bpmn',
    xml: probe('unit-qualification-review').replace('name="单位资质管理 Unit qualification"', 'name="probe v2"').replace('name="审核资质 Review qualification"', 'name="审核资质 v3"'),
  });
  const diff3 = await admin.call('GET', `/api/admin/processes/admin-probe/diff/${again.body.version}/${v3.body.version}`);
  expect(diff3.body).toEqual({ added: [], removed: [], changed: ['review'] });
  expect(await sys.db('admin_audit').where({ actor: admin.login, action: 'deploy' })).toHaveLength(3);
});

it('shows an incident after a worker fails three times, and a retry after the fix completes the case', async () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="flaky-probe" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="flaky" name="flaky"><bpmn:extensionElements><zeebe:taskDefinition type="test.flaky" retries="3" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="flaky" /><bpmn:sequenceFlow id="f2" sourceRef="flaky" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;
  await sys.engine.zeebe.deployResource({ process: Buffer.from(xml), name: 'flaky-probe.bpmn' });
  let fixed = false;
  let calls = 0;
  const workers = startWorkers(
    sys.engine.zeebe,
    [{ types: ['test.flaky'], run: async () => { calls++; if (!fixed) throw new Error('the SMS gateway is down'); return {}; } }],
    { db: sys.db, mailer: sys.mailer, sms: sys.sms, log: createLogger('error'), now: () => new Date(), publicUrl: sys.url, fileStoreDir: sys.config.fileStoreDir },
    // no back-off: the retries come at once (the back-off formula is unit-tested in runtime.test.ts)
    { pollIntervalMs: 50, maxJobsToActivate: 5, backoffBaseMs: 0 },
  );
  try {
    const pi = await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'flaky-probe', variables: {} });
    const incident = await eventually(async () => {
      const r = await admin.call('GET', '/api/admin/incidents');
      return r.body.items.find((i: { processInstanceKey: string }) => i.processInstanceKey === String(pi.processInstanceKey));
    }, 20000, 'the incident');
    expect(calls).toBe(3);
    expect(incident).toMatchObject({ elementId: 'flaky', errorType: 'JOB_NO_RETRIES', errorMessage: 'the SMS gateway is down' });
    fixed = true;
    expect((await admin.call('POST', `/api/admin/incidents/${incident.incidentKey}/retry`)).status).toBe(200);
    await eventually(async () => ((await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${pi.processInstanceKey}`)).body.state === 'COMPLETED') || undefined, 15000, 'the completed case');
    expect(calls).toBe(4);
    expect((await admin.call('POST', `/api/admin/incidents/${incident.incidentKey}/retry`)).status).toBe(409);
    expect((await sys.db('admin_audit').where({ action: 'incident-retry' })).filter((r) => r.details.incidentKey === incident.incidentKey)).toHaveLength(1);
  } finally {
    await workers.stop();
  }
});

it('shows a case with personal data masked, and cancels it with a reason', async () => {
  const unit = await createUnit(sys.db, { name: '案件查看公司', legal_representative: '沈一', district: '110101', address: '北京市东城区案件路 1 号', postcode: '100010', phone: '010-8' });
  const app = await createApplication(sys.db, { number: `ADM-${Date.now()}`, processId: 'admin-probe', unitId: unit.id, data: { contact: { idNumber: '11010519491231002X', mobile: '13812345678', name: '沈一' } } });
  const started = await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'admin-probe', variables: { applicationId: app.id, callbackMobile: '13912345678' } });
  const key = String(started.processInstanceKey);
  await sys.db('applications').where({ id: app.id }).update({ process_instance_key: key });
  const view = await eventually(async () => {
    const r = await admin.call('GET', `/api/admin/cases/${key}`);
    return r.status === 200 && r.body.active.includes('review') ? r : undefined;
  }, 15000, 'the case at its review');
  expect(view.body.application.data.contact).toEqual({ idNumber: '110105***********X', mobile: '138****5678', name: '沈一' });
  // the process variables from the engine, personal data masked too
  expect(view.body.variables).toEqual(
    expect.arrayContaining([
      { name: 'applicationId', scope: 'process', value: app.id },
      { name: 'callbackMobile', scope: 'process', value: '139****5678' },
    ]),
  );
  // the case list of the process: the running case with its application number, not among the completed ones
  const listed = await admin.call('GET', `/api/admin/processes/admin-probe/cases?state=ACTIVE&version=${started.version}`);
  expect(listed.body.items).toContainEqual(expect.objectContaining({ processInstanceKey: key, state: 'ACTIVE', version: Number(started.version), applicationNumber: expect.stringMatching(/^ADM-/) }));
  expect((await admin.call('GET', '/api/admin/processes/admin-probe/cases?state=COMPLETED')).body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).not.toContain(key);
  expect((await reviewer.call('GET', `/api/admin/cases/${key}`)).status).toBe(403);
  expect((await admin.call('POST', `/api/admin/cases/${key}/cancel`, { reason: '' })).status).toBe(400);
  expect((await admin.call('POST', `/api/admin/cases/${key}/cancel`, { reason: '重复提交 / duplicate' })).status).toBe(200);
  await eventually(async () => ((await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${key}`)).body.state === 'TERMINATED') || undefined, 15000, 'terminated');
  expect((await sys.db('audit').where({ application_id: app.id, action: 'cancel' }).first()).details).toEqual({ reason: '重复提交 / duplicate' });
  expect((await admin.call('POST', `/api/admin/cases/${key}/cancel`, { reason: 'again' })).status).toBe(409);
});
