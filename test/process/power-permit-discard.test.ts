/**
 * Discarding a power-permit application (申请废弃), on the real engine: a draft (保存, no case) and
 * an application returned by the formal review (退回补正, its case waiting for the resubmission) can
 * be discarded; one under review cannot (409, Chinese message, nothing written). A returned
 * application submitted again goes on in the same case.
 */
import { eventually, startTestSystem, TestSystem } from '../support/harness';
import { approveThrough, complete, enterprise, fullApplication, openTask, statusOf } from '../support/power-permit';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

const instanceState = (key: string) => sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${key}`).then((r) => r.body.state);
const auditOf = (id: string, action: string) => sys.db('audit').where({ application_id: id, action });

describe('申请废弃 discard', () => {
  it('a draft is saved (number, no case), changed, submitted or discarded; a discarded one stays discarded', async () => {
    const e = await enterprise(sys);
    const full = await fullApplication(e.client);
    const { projects: _p, ...partial } = full;
    const saved = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: partial, draft: true });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ status: 'draft' });
    expect(saved.body.number).toMatch(/^PPN\d{8}-\d{5}$/);
    const row = await sys.db('applications').where({ id: saved.body.id }).first();
    expect(row).toMatchObject({ status: 'draft', process_instance_key: null, unit_id: e.unit.id });
    // changed, still a draft
    const changed = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', id: saved.body.id, data: { ...partial, equity: [{ holder: '周一', share: 100 }] }, draft: true });
    expect(changed.status).toBe(200);
    expect((await sys.db('applications').where({ id: saved.body.id }).first()).data.equity).toEqual([{ holder: '周一', share: 100 }]);

    // another unit neither sees nor discards it
    const other = await enterprise(sys);
    expect((await other.client.call('POST', `/api/power-permits/applications/${saved.body.id}/discard`, {})).status).toBe(404);

    const d = await e.client.call('POST', `/api/power-permits/applications/${saved.body.id}/discard`, {});
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ discarded: true, from: 'draft', status: 'discarded' });
    expect((await sys.db('applications').where({ id: saved.body.id }).first()).status).toBe('discarded');
    expect(await auditOf(saved.body.id, 'discard')).toEqual([expect.objectContaining({ actor: e.login, from_status: 'draft', to_status: 'discarded' })]);
    const list = await e.client.call('GET', `/api/applications?processId=power-permit-new`);
    expect(list.body.items.find((i: { id: string }) => i.id === saved.body.id)).toMatchObject({ status: 'discarded' });

    // discarded: neither discarded again, nor changed, nor submitted
    const again = await e.client.call('POST', `/api/power-permits/applications/${saved.body.id}/discard`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已废弃');
    const resubmit = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', id: saved.body.id, data: full });
    expect(resubmit.status).toBe(409);
    expect(resubmit.body.error.message).toContain('已废弃');

    // a second draft is submitted as it is: the number stays, the case starts
    const second = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: partial, draft: true });
    const incomplete = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', id: second.body.id, data: partial });
    expect(incomplete.status).toBe(422);
    expect((await sys.db('applications').where({ id: second.body.id }).first()).status).toBe('draft');
    const submitted = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', id: second.body.id, data: full });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ id: second.body.id, number: second.body.number, status: 'submitted' });
    await openTask(sys, second.body.id, 'formal-review');
  });

  it('an application under review is not discarded: 409 with the reason, nothing written', async () => {
    const e = await enterprise(sys);
    const ok = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: await fullApplication(e.client) });
    const formal = await openTask(sys, ok.body.id, 'formal-review');
    const before = await sys.db('audit').where({ application_id: ok.body.id }).count();
    const r = await e.client.call('POST', `/api/power-permits/applications/${ok.body.id}/discard`, {});
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('UNDER_REVIEW');
    expect(r.body.error.message).toMatch(/审查中.*不能废弃/);
    expect((await sys.db('applications').where({ id: ok.body.id }).first()).status).toBe('submitted');
    expect(await sys.db('audit').where({ application_id: ok.body.id }).count()).toEqual(before);
    expect(await instanceState(ok.body.processInstanceKey)).toBe('ACTIVE');
    expect((await sys.db('tasks').where({ user_task_key: formal.user_task_key }).first()).state).toBe('CREATED');
  });

  it('returned by the formal review (退回补正): submitted again, the same case goes on to the permit', async () => {
    const e = await enterprise(sys);
    const full = await fullApplication(e.client);
    const ok = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: full });
    const formal = await openTask(sys, ok.body.id, 'formal-review');
    await complete(sys, formal.user_task_key, { decision: 'return', reason: '法人声明不清晰，请重新上传' });
    const returned = await statusOf(sys, ok.body.id, 'returned');
    expect(returned.decision_reason).toBe('法人声明不清晰，请重新上传');
    // the unit is told, with the opinion
    const mail = await sys.sink.waitFor((m) => m.to.includes(e.email) && m.subject.includes('退回补正'));
    expect(mail.text).toContain('法人声明不清晰，请重新上传');
    expect(mail.text).toContain(ok.body.number);
    // not the process of another service, not incomplete
    expect((await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', id: ok.body.id, data: full })).status).toBe(404);
    const { safetyLead: _s, ...noSafety } = full;
    expect((await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', id: ok.body.id, data: noSafety })).status).toBe(422);
    expect((await sys.db('applications').where({ id: ok.body.id }).first()).status).toBe('returned');

    const again = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', id: ok.body.id, data: { ...full, equity: [{ holder: '周一', share: 100 }] } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: ok.body.id, status: 'submitted', resubmitted: true, processInstanceKey: ok.body.processInstanceKey });
    const next = await openTask(sys, ok.body.id, 'formal-review');
    expect(next.user_task_key).not.toBe(formal.user_task_key);
    await complete(sys, next.user_task_key);
    await approveThrough(sys, ok.body.id, ['substantive-review', 'committee']);
    await statusOf(sys, ok.body.id, 'approved');
    expect((await sys.db('power_permits').where({ unit_id: e.unit.id }).first()).application_id).toBe(ok.body.id);
    expect((await auditOf(ok.body.id, 'resubmit')).length).toBe(1);
    const late = await e.client.call('POST', `/api/power-permits/applications/${ok.body.id}/discard`, {});
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('已通过');
  });

  it('returned and not submitted again: discarding it cancels its waiting case', async () => {
    const e = await enterprise(sys);
    const ok = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: await fullApplication(e.client) });
    const formal = await openTask(sys, ok.body.id, 'formal-review');
    await complete(sys, formal.user_task_key, { decision: 'return', reason: '请补充股权结构说明' });
    await statusOf(sys, ok.body.id, 'returned');
    const d = await e.client.call('POST', `/api/power-permits/applications/${ok.body.id}/discard`, { reason: '企业不再申请' });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ from: 'returned', status: 'discarded' });
    await eventually(async () => (await instanceState(ok.body.processInstanceKey)) === 'TERMINATED' || undefined, 15000, 'the waiting case cancelled');
    const app = await sys.db('applications').where({ id: ok.body.id }).first();
    expect(app).toMatchObject({ status: 'discarded', decision_reason: '企业不再申请' });
    expect(await auditOf(ok.body.id, 'discard')).toEqual([expect.objectContaining({ from_status: 'returned', to_status: 'discarded' })]);
    expect(await sys.db('tasks').where({ application_id: ok.body.id, state: 'CREATED' }).first()).toBeUndefined();
    // too late to submit it again
    const resubmit = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', id: ok.body.id, data: await fullApplication(e.client) });
    expect(resubmit.status).toBe(409);
  });
});
