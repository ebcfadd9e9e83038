/**
 * Decisions carry reasons, through the API on the real engine: a reviewer's return (power-permit
 * formal review, 退回补正) or rejection (unit qualification) without an opinion, or with blanks
 * only, is refused with 400 naming the opinion field, and nothing moves: the task stays open and
 * held, the case keeps its status, no audit row is written. Given, the opinion is in the task's
 * audit row, in the applicant's case history and in the e-mail the applicant receives.
 */
import { GROUP } from '../../domain/registry';
import { signedInUnit } from '../support/factories';
import { Client, createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { enterprise, fullApplication, openTask, statusOf } from '../support/power-permit';
import { PNG } from '../support/fixtures';

let sys: TestSystem;
let reviewer: Client;
let reviewerLogin = '';
beforeAll(async () => {
  sys = await startTestSystem();
  const a = await createAccount(sys, { groups: [GROUP.powerPermitReviewers, GROUP.unitReviewers] });
  reviewerLogin = a.login;
  reviewer = await signIn(sys.url, a.login, a.password);
});
afterAll(async () => {
  await sys?.stop();
});

/** Claims the task and refuses each submission without a real opinion: 400 naming the field, nothing moved. */
async function refusedWithoutOpinion(taskKey: string, applicationId: string, decision: Record<string, unknown>, field: string) {
  expect((await reviewer.call('POST', `/api/tasks/${taskKey}/claim`, {})).status).toBe(200);
  const before = await sys.db('applications').where({ id: applicationId }).first('status');
  const audits = await sys.db('audit').where({ application_id: applicationId }).count<{ count: string }[]>();
  for (const opinion of [{}, { [field]: '' }, { [field]: '   ' }]) {
    const r = await reviewer.call('POST', `/api/tasks/${taskKey}/complete`, { data: { ...decision, ...opinion } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(r.body.error.fields)).toContain(field);
    expect(r.body.error.fields[field]).toMatch(/[\u4e00-\u9fa5]/);
  }
  // the task stays open and held, in the mirror and in the engine; the case did not move
  expect(await sys.db('tasks').where({ user_task_key: taskKey }).first('state', 'assignee')).toEqual({ state: 'CREATED', assignee: reviewerLogin });
  expect((await sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${taskKey}`)).body.state).toBe('CREATED');
  expect(await sys.db('applications').where({ id: applicationId }).first('status')).toEqual(before);
  expect(await sys.db('audit').where({ application_id: applicationId }).count()).toEqual(audits);
}

it('a return (退回补正) without an opinion is refused naming it; given, it reaches the case history and the e-mail', async () => {
  const e = await enterprise(sys);
  const ok = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: await fullApplication(e.client) });
  expect(ok.status).toBe(201);
  const formal = await openTask(sys, ok.body.id, 'formal-review');
  await refusedWithoutOpinion(formal.user_task_key, ok.body.id, { decision: 'return' }, 'reason');

  const opinion = '安全生产许可证复印件不清晰，请重新上传';
  const done = await reviewer.call('POST', `/api/tasks/${formal.user_task_key}/complete`, { data: { decision: 'return', reason: opinion } });
  expect(done.status).toBe(200);
  const returned = await statusOf(sys, ok.body.id, 'returned');
  expect(returned.decision_reason).toBe(opinion);
  expect(await sys.db('audit').where({ application_id: ok.body.id, action: 'task-complete', task_key: formal.user_task_key }).first('actor', 'details')).toEqual({
    actor: reviewerLogin, details: expect.objectContaining({ decision: 'return', reason: opinion }),
  });
  // the applicant reads it in the case's history, at the step that returned it, and in the e-mail
  const mine = await e.client.call('GET', `/api/applications/${ok.body.id}`);
  expect(mine.status).toBe(200);
  expect(mine.body.history).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'task-complete', elementId: 'formal-review', decision: 'return', opinion })]));
  const mail = await sys.sink.waitFor((m) => m.to.includes(e.email) && m.subject.includes('退回补正'));
  expect(mail.text).toContain(opinion);
});

it('a rejection without an opinion is refused naming it; given, it reaches the case history and the e-mail', async () => {
  const unit = await signedInUnit(sys, { unit: { name: `意见检验有限公司${Date.now() % 1e6}` } });
  const cert = await unit.client.upload('资质证书.png', PNG);
  const created = await unit.client.call('POST', '/api/applications', {
    processId: 'unit-qualification',
    data: { qualificationType: 'testing-approval', certificateNo: `OP-${Date.now()}`, issueDate: '2026-01-05', expiryDate: '2032-01-04', certificate: [{ storage: 'url', originalName: '资质证书.png', data: { id: cert.body.id, name: '资质证书.png' } }] },
  });
  expect(created.status).toBe(201);
  const task = await openTask(sys, created.body.id);
  await refusedWithoutOpinion(task.user_task_key, created.body.id, { decision: 'reject' }, 'reason');

  const opinion = '资质证书已过有效期';
  expect((await reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'reject', reason: opinion } })).status).toBe(200);
  await statusOf(sys, created.body.id, 'rejected');
  const mine = await eventually(async () => {
    const r = await unit.client.call('GET', `/api/applications/${created.body.id}`);
    return (r.body.history as Array<{ opinion: string | null }>).some((h) => h.opinion === opinion) ? r : undefined;
  }, 10000, 'the opinion in the history');
  expect(mine.body.history).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'task-complete', decision: 'reject', opinion })]));
  const mail = await sys.sink.waitFor((m) => m.to.includes(unit.email) && m.subject.includes('未通过'));
  expect(mail.text).toContain(opinion);
});
