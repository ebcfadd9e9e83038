/**
 * The task completion pipeline with a fake engine and the test database: the behaviour's phases run
 * in the contract's order, the writes share the engine completion's transaction, and nothing is
 * written (business row, audit row) when the engine refuses.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../core/config';
import { createDb, Db } from '../../core/db';
import type { SessionUser } from '../../api/auth';
import { ApiError } from '../../api/errors';
import type { TaskBehaviours } from '../../api/tasks/contract';
import type { TaskEngine } from '../../api/tasks/engine';
import { completeTask } from '../../api/tasks/pipeline';
import type { TaskRow } from '../../db/tasks';

const FORM_KEY = 'pipeline-test';
const form = {
  display: 'form',
  components: [
    { type: 'radio', key: 'decision', label: '决定 Decision', input: true, validate: { required: true }, values: [{ value: 'approve', label: 'a' }, { value: 'reject', label: 'r' }] },
    { type: 'textfield', key: 'note', label: '说明 Note', input: true },
  ],
};
const user = { accountId: randomUUID(), login: 'pipeline-reviewer', kind: 'reviewer', displayName: 'R', groups: ['g'], unitId: null, permissions: [], csrf: '' } as SessionUser;

let db: Db;
beforeAll(async () => {
  db = createDb(loadConfig().databaseUrl);
  await db('forms').insert({ key: FORM_KEY, version: 1, sha256: 'x'.repeat(64), schema: JSON.stringify(form) }).onConflict('key').merge();
});
afterAll(async () => {
  await db('forms').where({ key: FORM_KEY }).delete();
  await db.destroy();
});

async function newCase(): Promise<{ task: TaskRow; appId: string }> {
  const [app] = await db('applications').insert({ number: `PIPE-${randomUUID().slice(0, 8)}`, process_id: 'pipeline-test', status: 'submitted', data: '{}' }).returning('id');
  const task = { user_task_key: String(Date.now()), element_id: 'review', form_key: FORM_KEY, application_id: app.id, assignee: null, process_definition_id: 'pipeline-test' } as unknown as TaskRow;
  return { task, appId: app.id };
}

/** Records the calls; refuses the completion when told to (as the engine does for a task no longer open). */
function fakeEngine(refuse: boolean, calls: string[]): TaskEngine {
  return {
    async assignUserTask() {
      calls.push('engine:assign');
    },
    async unassignUserTask() {
      calls.push('engine:unassign');
    },
    async completeUserTask(req) {
      calls.push(`engine:complete ${JSON.stringify(req.variables)}`);
      if (refuse) throw Object.assign(new Error('not found'), { statusCode: 404 });
    },
  };
}

function recordingBehaviours(calls: string[]): TaskBehaviours {
  return {
    [FORM_KEY]: {
      detail: async () => ({}),
      async check(_ctx, values) {
        calls.push('check');
        if (values.note === 'refuse') throw new ApiError(422, 'REFUSED', 'refused');
        return { seen: values.decision };
      },
      variables(_ctx, values, plan) {
        calls.push(`variables ${JSON.stringify(plan)}`);
        return { decision: values.decision };
      },
      async write(trx, ctx, values) {
        calls.push('write');
        await trx('applications').where({ id: ctx.task.application_id! }).update({ status: values.decision === 'approve' ? 'approved' : 'rejected' });
      },
      async afterComplete() {
        calls.push('afterComplete');
      },
    },
  };
}

const statusOf = async (id: string) => (await db('applications').where({ id }).first('status')).status;
const auditOf = (id: string) => db('audit').where({ application_id: id, action: 'task-complete' });

it('runs check, variables, write, the engine completion and afterComplete in that order; the plan reaches the later phases', async () => {
  const calls: string[] = [];
  const { task, appId } = await newCase();
  await completeTask({ db, engine: fakeEngine(false, calls), behaviours: recordingBehaviours(calls) }, task, user, { decision: 'approve', note: 'ok' });
  expect(calls).toEqual(['check', 'variables {"seen":"approve"}', 'engine:assign', 'write', 'engine:complete {"decision":"approve"}', 'afterComplete']);
  expect(await statusOf(appId)).toBe('approved');
  const [row] = await auditOf(appId);
  expect(row.details).toEqual({ elementId: 'review', decision: 'approve', note: 'ok' });
});

it('writes nothing when the engine refuses: the business row and the audit row are rolled back, afterComplete never runs', async () => {
  const calls: string[] = [];
  const { task, appId } = await newCase();
  const done = completeTask({ db, engine: fakeEngine(true, calls), behaviours: recordingBehaviours(calls) }, task, user, { decision: 'approve' });
  await expect(done).rejects.toMatchObject({ status: 409, code: 'TASK_NOT_OPEN' });
  expect(calls).toEqual(['check', 'variables {"seen":"approve"}', 'engine:assign', 'write', 'engine:complete {"decision":"approve"}']);
  expect(await statusOf(appId)).toBe('submitted');
  expect(await auditOf(appId)).toEqual([]);
});

it('stops at the form validation or the check, before the engine is called', async () => {
  const calls: string[] = [];
  const { task, appId } = await newCase();
  const deps = { db, engine: fakeEngine(false, calls), behaviours: recordingBehaviours(calls) };
  await expect(completeTask(deps, task, user, { note: 'no decision' })).rejects.toMatchObject({ status: 400, fields: { decision: expect.any(String) } });
  expect(calls).toEqual([]);
  await expect(completeTask(deps, task, user, { decision: 'reject', note: 'refuse' })).rejects.toMatchObject({ status: 422, code: 'REFUSED' });
  expect(calls).toEqual(['check']);
  expect(await statusOf(appId)).toBe('submitted');
  expect(await auditOf(appId)).toEqual([]);
});

it('completes a task without a behaviour with its checked values, and claims it only when nobody holds it', async () => {
  const calls: string[] = [];
  const { task, appId } = await newCase();
  await completeTask({ db, engine: fakeEngine(false, calls), behaviours: {} }, { ...task, assignee: user.login }, user, { decision: 'reject', note: 'n', extra: 'dropped' });
  expect(calls).toEqual(['engine:complete {"decision":"reject","note":"n"}']);
  expect(await statusOf(appId)).toBe('submitted');
  expect((await auditOf(appId)).length).toBe(1);
});

it('refuses a task completed through its own endpoint before anything else (409 with its code)', async () => {
  const calls: string[] = [];
  const { task } = await newCase();
  const behaviours: TaskBehaviours = { [FORM_KEY]: { elsewhere: { code: 'USE_OWN_PAGE', message: 'elsewhere' }, check: async () => void calls.push('check') } };
  await expect(completeTask({ db, engine: fakeEngine(false, calls), behaviours }, task, user, {})).rejects.toMatchObject({ status: 409, code: 'USE_OWN_PAGE' });
  expect(calls).toEqual([]);
});
