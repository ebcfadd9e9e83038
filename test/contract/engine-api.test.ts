/**
 * The engine's REST API held to Camunda's published 8.8 contract. The product runs as in production,
 * its engine client (@camunda8/orchestration-cluster-api 8.8.x, generated from the 8.8 OpenAPI
 * document) in strict validation: every request the product sends and every answer the local facade
 * gives is checked against the published schema, a field the schema does not know fails the call,
 * and every error answer must be an RFC 9457 problem detail with the schema's fields.
 */
import { loadConfig } from '../../core/config';
import { createEngineClient, EngineApiError, EngineClient, engineContract } from '../../core/engine-client';
import { reconcileInbox } from '../../db/reconcile';
import { startWorkers } from '../../workers';
import { createLogger } from '../../core/logger';
import { registrationBody } from '../support/fixtures';
import { Client, createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { localEngineAuthorization } from '../../core/local-engine-auth';
import { deployAll } from '../../api/deploy';
import { bpmnFiles } from '../../domain/models';
/* eslint-disable @typescript-eslint/no-explicit-any */

const STRICT = 'req:strict,res:strict';

/** Every engine path the product calls (api/, db/, the start), with the operation that calls it. */
const PRODUCT_PATHS = [
  'GET /v2/topology',
  'GET /v2/process-definitions/{key}',
  'POST /v2/user-tasks/search',
  'GET /v2/user-tasks/{key}',
  'POST /v2/user-tasks/{key}/assignment',
  'DELETE /v2/user-tasks/{key}/assignee',
  'POST /v2/user-tasks/{key}/completion',
  'POST /v2/process-instances/search',
  'POST /v2/element-instances/search',
  'POST /v2/incidents/search',
  'POST /v2/incidents/{key}/resolution',
  'POST /v2/variables/search',
];
/** And the ones the tests and benchmarks call (the clock, one instance, a task update). */
const TEST_PATHS = ['PUT /v2/clock', 'POST /v2/clock/reset', 'GET /v2/process-instances/{key}', 'PATCH /v2/user-tasks/{key}'];

interface Seen { path: string; status: number }
const seen: Seen[] = [];
const problemIssues: string[] = [];

/** The problem detail of the 8.8 document (ProblemDetail, RFC 9457): each field optional, typed. */
function checkProblem(path: string, status: number, contentType: string | null, text: string): string[] {
  const at = `${path} ${status}`;
  if (!/^application\/problem\+json/.test(contentType ?? '')) return [`${at}: content-type ${contentType} is not application/problem+json`];
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return [`${at}: the body is not JSON`];
  }
  const out: string[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [`${at}: (root): expected object`];
  for (const f of ['type', 'title', 'detail', 'instance']) if (body[f] !== undefined && typeof body[f] !== 'string') out.push(`${at}: ${f}: expected string got ${typeof body[f]}`);
  if (body.status !== undefined && !(Number.isInteger(body.status) && body.status >= 400 && body.status <= 600)) out.push(`${at}: status: expected integer 400–600`);
  if (body.status !== undefined && body.status !== status) out.push(`${at}: status: ${body.status} differs from the HTTP status`);
  if (typeof body.title !== 'string' || !body.title) out.push(`${at}: title: missing`);
  return out;
}

let sys: TestSystem;
let strict: EngineClient;
let reviewer: Client;
let other: Client;
let admin: Client;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  process.env.CAMUNDA_SDK_VALIDATION = STRICT;
  // the engine's origin before the system starts: its start-up topology read is counted too
  const engineOrigin = new URL(loadConfig().engine.restAddress).origin;
  globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const res = await realFetch(input, init);
    if (url.origin === engineOrigin) {
      const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
      const path = `${method.toUpperCase()} ${url.pathname.replace(/\/\d+(?=\/|$)/g, '/{key}')}`;
      seen.push({ path, status: res.status });
      if (res.status >= 400) problemIssues.push(...checkProblem(path, res.status, res.headers.get('content-type'), await res.clone().text()));
    }
    return res;
  };
  sys = await startTestSystem();
  strict = createEngineClient(sys.config.engine, { validation: STRICT });
  const r = await createAccount(sys, { groups: ['registration-reviewers'] });
  const o = await createAccount(sys, { groups: ['registration-reviewers'] });
  const a = await createAccount(sys, { kind: 'admin', groups: [] });
  reviewer = await signIn(sys.url, r.login, r.password);
  other = await signIn(sys.url, o.login, o.password);
  admin = await signIn(sys.url, a.login, a.password);
}, 180_000); // the whole system with its workers, on a loaded machine

afterAll(async () => {
  globalThis.fetch = realFetch;
  delete process.env.CAMUNDA_SDK_VALIDATION;
  await sys?.stop();
});

/** Where this test's mismatches begin (each test reports its own; the last one all of them). */
let mark = { violations: 0, problems: 0 };
beforeEach(() => {
  mark = { violations: engineContract.violations.length, problems: problemIssues.length };
});

/** Fails with the request, the operation, the side and the fields named, for every mismatch seen. */
function expectNoViolations(since = mark) {
  const lines = [
    ...engineContract.violations.slice(since.violations).map((v) => `${v.request ?? '?'} (${v.operation}) ${v.side}: ${v.issues.join('; ')}`),
    ...problemIssues.slice(since.problems),
  ];
  expect(lines).toEqual([]);
}

async function newRegistration() {
  const res = await realFetch(`${sys.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(registrationBody()) });
  const created = (await res.json()) as { id: string; processInstanceKey: string };
  const task = await eventually(async () => (await strict.searchUserTasks({ filter: { processInstanceKey: created.processInstanceKey, state: 'CREATED' } })).items[0], 20000, 'the review task');
  await eventually(async () => (await sys.db('tasks').where({ user_task_key: task.userTaskKey }).first()) ?? undefined, 10000, 'the mirror row');
  return { created, key: task.userTaskKey };
}

describe('the product against the 8.8 schema (strict)', () => {
  it('start: the topology answer is read and accepted', async () => {
    const topology = await strict.getTopology();
    expect(topology.gatewayVersion).toMatch(/^8\.8\./);
    expect(topology.brokers[0].partitions[0]).toMatchObject({ partitionId: 1, role: 'leader', health: 'healthy' });
    // a restart's deployment: each model the engine holds unchanged is read (its definition), not sent again
    const again = await eventually(async () => {
      const before = seen.filter((x) => x.path === 'GET /v2/process-definitions/{key}' && x.status === 200).length;
      const reports = await deployAll(sys.db, sys.engine);
      const read = seen.filter((x) => x.path === 'GET /v2/process-definitions/{key}' && x.status === 200).length - before;
      return read === bpmnFiles().length ? reports : undefined;
    }, 20000, 'every model read back from the engine');
    expect(again.filter((r) => r.changed)).toEqual([]);
    expectNoViolations();
  });

  it('inbox: claim, unclaim, assign by an admin and complete, through the API', async () => {
    const { key, created } = await newRegistration();
    expect((await reviewer.call('POST', `/api/tasks/${key}/claim`)).status).toBe(200);
    expect((await strict.getUserTask(key)).assignee).toBe(reviewer.login);
    expect((await reviewer.call('POST', `/api/tasks/${key}/unclaim`)).status).toBe(200);
    expect((await strict.getUserTask(key)).assignee).toBeUndefined();
    expect((await admin.call('POST', `/api/tasks/${key}/assign`, { assignee: other.login })).status).toBe(200);
    expect((await strict.getUserTask(key)).assignee).toBe(other.login);
    expect((await other.call('POST', `/api/tasks/${key}/complete`, { data: { decision: 'approve' } })).status).toBe(200);
    const done = await eventually(async () => {
      const t = await strict.getUserTask(key);
      return t.state === 'COMPLETED' ? t : undefined;
    }, 15000, 'the completed task');
    expect(done).toMatchObject({ userTaskKey: key, processInstanceKey: created.processInstanceKey, elementId: expect.any(String), name: expect.any(String) });
    expect(Date.parse(done.completionDate!)).toBeGreaterThan(Date.parse(done.creationDate!));
    expectNoViolations();
  });

  it('admin: process list, a case (instance, elements, incidents, variables), the cases of a process', async () => {
    const { created } = await newRegistration();
    const pik = created.processInstanceKey;
    expect((await admin.call('GET', '/api/admin/processes')).status).toBe(200);
    const view = await admin.call('GET', `/api/admin/cases/${pik}`);
    expectNoViolations();
    expect(view.status).toBe(200);
    expect(view.body.active.length).toBeGreaterThan(0);
    const listed = await admin.call('GET', '/api/admin/processes/unit-registration/cases?state=ACTIVE');
    expect(listed.body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toContain(pik);
    // the same answers, read with the typed client: the fields the 8.8 schema requires are there
    const instance = (await strict.searchProcessInstances({ filter: { processInstanceKey: pik } })).items[0];
    expect(instance).toMatchObject({ processInstanceKey: pik, processDefinitionId: 'unit-registration', processDefinitionName: expect.any(String), state: 'ACTIVE', hasIncident: false });
    expect(instance.endDate).toBeUndefined();
    const elements = await strict.searchElementInstances({ filter: { processInstanceKey: pik }, page: { from: 0, limit: 500 } });
    expect(elements.items!.every((e) => typeof e.elementName === 'string' && e.elementName.length > 0)).toBe(true);
    expect(Number(elements.page.totalItems)).toBe(elements.items!.length);
    // the operations view's conditions: the advanced filters ($in on keys, a date range), and where cases wait
    const number = (await sys.db('applications').where({ process_instance_key: pik }).first()).number as string;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const byNumber = await admin.call('GET', `/api/admin/processes/unit-registration/cases?number=${encodeURIComponent(number)}&from=${today}&to=${today}`);
    expect(byNumber.body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toEqual([pik]);
    expect((await admin.call('GET', `/api/admin/processes/unit-registration/cases?number=${encodeURIComponent(number)}&to=2000-01-01`)).body.items).toEqual([]);
    const inRange = await strict.searchProcessInstances({ filter: { processInstanceKey: { $in: [pik, '2251799813699999'] }, startDate: { $gte: '2000-01-01T00:00:00.000Z', $lt: new Date(Date.now() + 60_000).toISOString() } } } as never);
    expect(inRange.items.map((i) => i.processInstanceKey)).toEqual([pik]);
    const version = instance.processDefinitionVersion;
    const counts = await admin.call('GET', `/api/admin/processes/unit-registration/element-counts?version=${version}`);
    expect(counts.body.counts.review).toBeGreaterThanOrEqual(1);
    expectNoViolations();
  });

  it('incidents: the admin list and a retry that resolves one', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="contract-probe" name="契约探针 Contract probe" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="flaky" name="不稳定 Flaky"><bpmn:extensionElements><zeebe:taskDefinition type="test.contract-flaky" retries="1" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="flaky" /><bpmn:sequenceFlow id="f2" sourceRef="flaky" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;
    await sys.engine.zeebe.deployResource({ process: Buffer.from(xml), name: 'contract-probe.bpmn' });
    let fixed = false;
    const workers = startWorkers(
      sys.engine.zeebe,
      [{ types: ['test.contract-flaky'], run: async () => { if (!fixed) throw new Error('down'); return {}; } }],
      { db: sys.db, mailer: sys.mailer, sms: sys.sms, log: createLogger('error'), now: () => new Date(), publicUrl: sys.url, fileStoreDir: sys.config.fileStoreDir },
      { pollIntervalMs: 50, maxJobsToActivate: 5, backoffBaseMs: 0 },
    );
    try {
      const pi = await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'contract-probe', variables: {} });
      const pik = String(pi.processInstanceKey);
      const incident = await eventually(async () => {
        const r = await admin.call('GET', '/api/admin/incidents');
        expectNoViolations();
        return r.body.items.find((i: { processInstanceKey: string }) => i.processInstanceKey === pik);
      }, 20000, 'the incident');
      const inst = (await strict.searchProcessInstances({ filter: { processInstanceKey: pik } })).items[0];
      expect(inst).toMatchObject({ hasIncident: true, processDefinitionName: '契约探针 Contract probe' });
      const flaky = (await strict.searchElementInstances({ filter: { processInstanceKey: pik, elementId: 'flaky' } })).items![0];
      expect(flaky.elementName).toBe('不稳定 Flaky');
      fixed = true;
      expect((await admin.call('POST', `/api/admin/incidents/${incident.incidentKey}/retry`)).status).toBe(200);
      await eventually(async () => (await strict.getProcessInstance(pik)).state === 'COMPLETED' || undefined, 15000, 'the completed case');
      const ended = await strict.getProcessInstance(pik);
      expect(Date.parse(ended.endDate!)).toBeGreaterThanOrEqual(Date.parse(ended.startDate));
    } finally {
      await workers.stop();
    }
    expectNoViolations();
  });

  it('reconciliation: the user task search in pages, and a task read by key (open, closed, unknown)', async () => {
    const { key } = await newRegistration();
    // a mirror row whose task the engine does not know: read by key, answered 404, closed
    const row = await sys.db('tasks').where({ user_task_key: key }).first();
    await sys.db('tasks').insert({ ...row, user_task_key: '2251799999999999' });
    const report = await reconcileInbox(sys.db, sys.engine.rest);
    expect(report.closed).toContain('2251799999999999');
    expect(report.inserted).not.toContain(key);
    expectNoViolations();
  });

  it('the clock, a task update and one instance read, as the tests and benchmarks use them', async () => {
    const { key, created } = await newRegistration();
    await strict.updateUserTask({ userTaskKey: key, changeset: { priority: 80, dueDate: '2030-01-02T03:04:05.000Z', candidateGroups: ['registration-reviewers'] } });
    expect(await strict.getUserTask(key)).toMatchObject({ priority: 80, dueDate: '2030-01-02T03:04:05.000Z' });
    expect((await strict.getProcessInstance(created.processInstanceKey)).state).toBe('ACTIVE');
    await strict.pinClock(Date.now());
    await strict.resetClock();
    expectNoViolations();
  });
});

describe('error answers are problem details with the 8.8 status codes', () => {
  const statusOf = (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e instanceof EngineApiError ? e.statusCode : String(e)));

  it('unknown keys 404, a completed task 404/409, a claim of another reviewer\'s task 409, bad bodies 400', async () => {
    expect(await statusOf(strict.getUserTask('2251799813699999'))).toBe(404);
    expect(await statusOf(strict.getProcessInstance('2251799813699999'))).toBe(404);
    expect(await statusOf(strict.completeUserTask({ userTaskKey: '2251799813699999', variables: {} }))).toBe(404);
    expect(await statusOf(strict.resolveIncident('2251799813699999'))).toBe(404);
    expect(await statusOf(strict.getProcessDefinition('2251799813699999'))).toBe(404);
    const { key } = await newRegistration();
    expect((await reviewer.call('POST', `/api/tasks/${key}/claim`)).status).toBe(200);
    expect(await statusOf(strict.assignUserTask({ userTaskKey: key, assignee: other.login, allowOverride: false }))).toBe(409);
    await strict.completeUserTask({ userTaskKey: key, variables: { decision: 'approve' } });
    expect(await statusOf(strict.completeUserTask({ userTaskKey: key, variables: {} }))).toBe(404);
    const auth = { authorization: localEngineAuthorization(sys.config.engine.dataDir) };
    const raw = (path: string, init: RequestInit) => fetch(`${sys.config.engine.restAddress}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
    expect((await raw('/v2/user-tasks/search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status).toBe(400);
    expect((await raw(`/v2/user-tasks/${key}/assignment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
    expect((await raw('/v2/no-such-endpoint', { method: 'GET' })).status).toBe(404);
    expect(seen.filter((s) => s.status >= 400).length).toBeGreaterThanOrEqual(9);
    expectNoViolations();
  });
});

describe('coverage', () => {
  it('every engine path the product uses was called and checked', () => {
    const count = (p: string) => seen.filter((s) => s.path === p);
    const table = [...PRODUCT_PATHS, ...TEST_PATHS].map((p) => {
      const calls = count(p);
      const ok = calls.filter((c) => c.status < 400).length;
      return `${p.padEnd(42)} ${String(calls.length).padStart(4)} requests, ${String(ok).padStart(4)} answers, ${String(calls.length - ok).padStart(3)} problem details`;
    });
    const ops = Object.entries(engineContract.calls).map(([op, c]) => `${op.padEnd(24)} sent ${c.sent}, answered ${c.answered}, problems ${c.problems}`);
    process.stdout.write(`\nengine contract (8.8, strict):\n  ${table.join('\n  ')}\nby operation:\n  ${ops.join('\n  ')}\n`);
    expectNoViolations({ violations: 0, problems: 0 });
    for (const p of [...PRODUCT_PATHS, ...TEST_PATHS]) expect([p, count(p).filter((c) => c.status < 400).length > 0]).toEqual([p, true]);
    expect(seen.filter((s) => ![...PRODUCT_PATHS, ...TEST_PATHS].includes(s.path) && s.status < 400)).toEqual([]);
  });
});
