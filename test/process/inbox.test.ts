/** The inbox mirror follows the engine through the task listeners; the inbox API guards changes. */
import { reconcileInbox } from '../../db/reconcile';
import { registrationBody } from '../support/fixtures';
import { Client, createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let reviewer: Client;
let other: Client;
let outsider: Client;

beforeAll(async () => {
  sys = await startTestSystem();
  const r = await createAccount(sys, { groups: ['registration-reviewers'] });
  const o = await createAccount(sys, { groups: ['registration-reviewers'] });
  const x = await createAccount(sys, { groups: ['appraisal-reviewers'] });
  reviewer = await signIn(sys.url, r.login, r.password);
  other = await signIn(sys.url, o.login, o.password);
  outsider = await signIn(sys.url, x.login, x.password);
});
afterAll(async () => {
  await sys?.stop();
});

async function newCase() {
  const body = registrationBody();
  const res = await fetch(`${sys.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const created = (await res.json()) as { id: string; number: string; processInstanceKey: string };
  // The moment the engine shows the task CREATED, the mirror row must already exist: the
  // creating listener job had to complete (writing the row) before the task could be created.
  const task = await eventually(async () => {
    const r = await sys.engineRest<{ items: Array<{ userTaskKey: string; state: string }> }>('POST', '/v2/user-tasks/search', { filter: { processInstanceKey: created.processInstanceKey } });
    return r.body.items.find((t) => t.state === 'CREATED');
  }, 20000, 'review task');
  const row = await sys.db('tasks').where({ user_task_key: task.userTaskKey }).first();
  expect(row).toMatchObject({ state: 'CREATED', application_id: created.id, last_event: 'creating' });
  return { body, created, key: task.userTaskKey };
}

const mirror = (key: string) => sys.db('tasks').where({ user_task_key: key }).first();

describe('inbox mirror and API', () => {
  it('claim through the API and assignment in the engine both reach the mirror', async () => {
    const { key, created } = await newCase();
    const list = await reviewer.call('GET', `/api/tasks?processId=unit-registration&text=${encodeURIComponent(created.number)}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([key]);

    const claimed = await reviewer.call('POST', `/api/tasks/${key}/claim`);
    expect(claimed.status).toBe(200);
    expect((await mirror(key)).assignee).toBe(reviewer.login);
    expect((await other.call('POST', `/api/tasks/${key}/claim`)).status).toBe(409);

    const direct = await sys.engineRest('POST', `/v2/user-tasks/${key}/assignment`, { assignee: other.login });
    expect(direct.status).toBe(204);
    expect(await mirror(key)).toMatchObject({ assignee: other.login, last_event: 'assigning' });

    const mine = await other.call('GET', '/api/tasks?assignee=me');
    expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(key);
  });

  it('an outsider does not see the task; a bad submission gets 400 and the task stays open; a second completion gets 409', async () => {
    const { key, created, body } = await newCase();
    expect((await outsider.call('POST', `/api/tasks/${key}/claim`)).status).toBe(404); // not even visible
    const admin = await createAccount(sys, { kind: 'admin', groups: [] });
    const adminClient = await signIn(sys.url, admin.login, admin.password);
    expect((await adminClient.call('GET', `/api/tasks/${key}`)).status).toBe(200);

    const bad = await reviewer.call('POST', `/api/tasks/${key}/complete`, { data: { decision: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['decision']);
    const missing = await reviewer.call('POST', `/api/tasks/${key}/complete`, { data: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.decision).toMatch(/必填/);
    expect((await mirror(key)).state).toBe('CREATED');
    expect((await sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${key}`)).body.state).toBe('CREATED');

    const detail = await reviewer.call('GET', `/api/tasks/${key}`);
    expect(detail.body.form.key).toBe('unit-registration-review');
    expect(detail.body.case.number).toBe(created.number);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'validated']);

    const done = await reviewer.call('POST', `/api/tasks/${key}/complete`, { data: { decision: 'reject', reason: '资料不全 / incomplete' } });
    expect(done.status).toBe(200);
    expect(await mirror(key)).toMatchObject({ state: 'COMPLETED', assignee: reviewer.login });
    expect((await reviewer.call('POST', `/api/tasks/${key}/complete`, { data: { decision: 'approve' } })).status).toBe(409);
    await eventually(async () => (await sys.db('applications').where({ id: created.id, status: 'rejected' }).first()) ?? undefined, 15000, 'rejected application');
    await sys.sink.waitFor((m) => m.to.includes(body.contact.email) && m.text.includes('资料不全'));
  });

  it('a user who sees a task but is no candidate gets 403 on completion', async () => {
    const { key } = await newCase();
    await sys.db('tasks').where({ user_task_key: key }).update({ candidate_users: [outsider.login] });
    expect((await outsider.call('GET', `/api/tasks/${key}`)).status).toBe(200);
    await sys.db('tasks').where({ user_task_key: key }).update({ candidate_users: [] });
    const lurker = await createAccount(sys, { groups: ['appraisal-reviewers'] });
    await sys.db('tasks').where({ user_task_key: key }).update({ assignee: lurker.login });
    const lurkerClient = await signIn(sys.url, lurker.login, lurker.password);
    // sees it (assigned in the mirror) but is no candidate: refused
    expect((await lurkerClient.call('POST', `/api/tasks/${key}/complete`, { data: { decision: 'approve' } })).status).toBe(403);
    await sys.db('tasks').where({ user_task_key: key }).update({ assignee: null });
  });

  it('completion in the engine directly and cancellation of the instance reach the mirror', async () => {
    const a = await newCase();
    expect((await sys.engineRest('POST', `/v2/user-tasks/${a.key}/completion`, { variables: { decision: 'approve' } })).status).toBe(204);
    expect(await mirror(a.key)).toMatchObject({ state: 'COMPLETED', last_event: 'completing' });

    const b = await newCase();
    await sys.engine.zeebe.cancelProcessInstance(b.created.processInstanceKey);
    await eventually(async () => ((await mirror(b.key)).state === 'CANCELED' ? true : undefined), 15000, 'canceled mirror row');
    const open = await reviewer.call('GET', '/api/tasks?processId=unit-registration&limit=200');
    expect(open.body.items.map((t: { id: string }) => t.id)).not.toContain(b.key);
  });

  it('reconciliation repairs a missing row, a wrong assignee and a row left open', async () => {
    const a = await newCase();
    const b = await newCase();
    const c = await newCase();
    await sys.db('tasks').where({ user_task_key: a.key }).delete();
    await sys.db('tasks').where({ user_task_key: b.key }).update({ assignee: 'nobody' });
    expect((await sys.engineRest('POST', `/v2/user-tasks/${c.key}/completion`, { variables: { decision: 'approve' } })).status).toBe(204);
    await sys.db('tasks').where({ user_task_key: c.key }).update({ state: 'CREATED', completed_at: null });

    const report = await reconcileInbox(sys.db, sys.engine.rest);
    expect(report.inserted).toContain(a.key);
    expect(report.updated).toContain(b.key);
    expect(report.closed).toContain(c.key);
    expect(await mirror(a.key)).toMatchObject({ state: 'CREATED', application_id: a.created.id, form_key: 'unit-registration-review' });
    expect((await mirror(b.key)).assignee).toBeNull();
    expect((await mirror(c.key)).state).toBe('COMPLETED');
    const again = await reconcileInbox(sys.db, sys.engine.rest);
    expect([again.inserted, again.updated, again.closed]).toEqual([[], [], []]);
  });
});
