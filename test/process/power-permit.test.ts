/**
 * Power-facility permit on the real engine: the new permit with its completeness check,
 * the free-trade-zone fast track, acceptance with missing materials (in time, and missed → violation
 * → refused next time), termination mid-review.
 */
import { pdfText } from '../../documents/parse';
import { addWorkingDays } from '../../domain/calendar';
import { createAccount, eventually, signIn, startTestSystem, TestSystem, withEngineClock } from '../support/harness';
import { approveThrough, complete, elementsOfCase, enterprise, file, fullApplication, openTask, statusOf } from '../support/power-permit';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

// the case's elements and those of the processes it called (the review, the missing materials)
const elementsOf = (key: string) => elementsOfCase(sys, key);
const instanceState = (key: string) => sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${key}`).then((r) => r.body.state);

describe('power-permit-new', () => {
  it('the completeness check lists every missing item and submission is refused until none is left; then formal review → review → committee → permit PDF', async () => {
    const e = await enterprise(sys);
    const full = await fullApplication(e.client);
    const dupId = full.electricians[0].idNumber;
    const { safetyLead: _s, ...noSafety } = full;
    const broken = { ...noSafety, nature: 'merger', electricians: [...full.electricians, { name: '电工三', idNumber: dupId, certificateNo: 'DG-003' }], equity: [{ holder: '周一', share: 60 }] };

    const check = await e.client.call('POST', '/api/power-permits/check', { processId: 'power-permit-new', data: broken });
    expect(check.status).toBe(200);
    expect(check.body.complete).toBe(false);
    const fields = check.body.missing.map((m: { field: string }) => m.field);
    expect(fields).toEqual(expect.arrayContaining(['natureAttachments', 'safetyLead', 'electricians.2.idNumber', 'equity']));
    expect(check.body.missing.find((m: { field: string }) => m.field === 'safetyLead').message).toContain('安全负责人');
    expect(check.body.missing.find((m: { field: string }) => m.field === 'electricians.2.idNumber').message).toContain('重复');
    expect(check.body.totals).toMatchObject({ electricians: 3, skilledWorkers: 1, projects: 3, projectsByVoltage: { '110kV': 1, '10kV': 2 } });

    const before = Number((await sys.db('applications').where({ unit_id: e.unit.id }).count())[0].count);
    const refused = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: { ...full, safetyLead: undefined } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('INCOMPLETE');
    expect(refused.body.error.missing.map((m: { field: string }) => m.field)).toEqual(['safetyLead']);
    expect(refused.body.error.fields).toHaveProperty('safetyLead');
    expect(Number((await sys.db('applications').where({ unit_id: e.unit.id }).count())[0].count)).toBe(before);

    // another account's file is refused
    const stranger = await enterprise(sys);
    const theirs = await file(stranger.client);
    const foreign = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: { ...full, submitter: { ...full.submitter, legalRepresentativeStatement: theirs } } });
    expect(foreign.status).toBe(400);
    expect(Object.keys(foreign.body.error.fields)).toEqual(['submitter.legalRepresentativeStatement']);

    // basic info is taken from the registration, whatever the form sends
    const ok = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: { ...full, basicInfo: { name: '冒名公司' } } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ fastTrack: false, statutoryDays: 20, missingMaterials: false });
    const app = await sys.db('applications').where({ id: ok.body.id }).first();
    expect(app.data.basicInfo.name).toBe(e.unit.name);
    expect(app.data.totals.projectsByVoltage).toEqual({ '110kV': 1, '10kV': 2 });

    const formal = await openTask(sys, ok.body.id, 'formal-review');
    expect(formal).toMatchObject({ form_key: 'power-permit-formal-review', process_definition_id: 'power-permit-review' });
    expect(formal.candidate_groups).toEqual(['power-permit-reviewers']);
    expect(new Date(formal.due_date).toISOString()).toBe(addWorkingDays(new Date(app.created_at), 20).toISOString());
    await complete(sys, formal.user_task_key);
    await approveThrough(sys, ok.body.id, ['substantive-review', 'committee']);
    await statusOf(sys, ok.body.id, 'approved');
    await eventually(async () => (await instanceState(ok.body.processInstanceKey)) === 'COMPLETED' || undefined, 20000, 'instance completed');

    const permit = await sys.db('power_permits').where({ unit_id: e.unit.id, status: 'active' }).first();
    expect(permit.number).toMatch(/^承装许可\d{4}-\d{5}$/);
    expect(permit.categories).toEqual([{ category: 'install', level: '3' }, { category: 'test', level: '4' }]);
    const issued = new Date(permit.issued_on);
    expect(new Date(permit.valid_until).getUTCFullYear() - issued.getUTCFullYear()).toBe(6);
    expect(permit.personnel).toHaveLength(5);
    const doc = await sys.db('documents').where({ id: permit.document_id }).first();
    expect(doc).toMatchObject({ kind: 'power-permit', number: permit.number, application_id: ok.body.id });
    const pdf = await e.client.raw(`/api/documents/${doc.id}`);
    expect(pdf.status).toBe(200);
    const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain(permit.number);
    expect(text).toContain(e.unit.name);
    expect(text).toContain('承装类三级');
    expect(text).toContain(doc.code);
    const mail = await sys.sink.waitFor((m) => m.to.includes(e.email));
    expect(mail.text).toContain(ok.body.number);

    // a unit with a permit cannot apply for a new one
    const again = await e.client.call('POST', '/api/power-permits/check', { processId: 'power-permit-new', data: full });
    expect(again.body.missing.map((m: { field: string }) => m.field)).toContain('permit');
  });

  it('free-trade-zone fast track: 15 working days and the director signs off, no committee', async () => {
    const e = await enterprise(sys, { freeTradeZone: true });
    const me = await e.client.call('GET', '/api/power-permits/me');
    expect(me.body).toMatchObject({ freeTradeZone: true, fastTrack: { offered: true, statutoryDays: { 'power-permit-new': 15, 'power-permit-registration-change': 10, 'power-permit-renewal': 10, 'power-permit-reissue': 0 } }, statutoryDays: { 'power-permit-new': 20 } });
    const ok = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: await fullApplication(e.client), fastTrack: true, commitments: true });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ fastTrack: true, statutoryDays: 15 });
    const app = await sys.db('applications').where({ id: ok.body.id }).first();
    const formal = await openTask(sys, ok.body.id, 'formal-review');
    expect(new Date(formal.due_date).toISOString()).toBe(addWorkingDays(new Date(app.created_at), 15).toISOString());
    await complete(sys, formal.user_task_key);
    await approveThrough(sys, ok.body.id, ['substantive-review']);
    const signOff = await openTask(sys, ok.body.id, 'sign-off');
    expect(signOff.candidate_groups).toEqual(['power-permit-leads']);
    await complete(sys, signOff.user_task_key);
    await statusOf(sys, ok.body.id, 'approved');
    expect(await sys.db('tasks').where({ application_id: ok.body.id, element_id: 'committee' }).first()).toBeUndefined();
    const review = (await elementsOf(ok.body.processInstanceKey)).find((i) => i.elementId === 'review');
    expect(review).toBeDefined();
  });

  it('a rejection in formal review ends the case without a permit', async () => {
    const e = await enterprise(sys);
    const ok = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: await fullApplication(e.client) });
    const formal = await openTask(sys, ok.body.id, 'formal-review');
    await complete(sys, formal.user_task_key, { decision: 'reject', reason: '材料不符合要求' });
    const app = await statusOf(sys, ok.body.id, 'rejected');
    expect(app.decision_reason).toBe('材料不符合要求');
    expect(await sys.db('power_permits').where({ unit_id: e.unit.id }).first()).toBeUndefined();
  });
});

describe('acceptance with missing materials (容缺受理)', () => {
  it('is refused to an enterprise with poor credit', async () => {
    const e = await enterprise(sys, { credit: 'poor' });
    const me = await e.client.call('GET', '/api/power-permits/me');
    expect(me.body.missingMaterials).toMatchObject({ offered: false, credit: 'poor' });
    const { projects: _p, ...partial } = await fullApplication(e.client);
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: partial, missingMaterials: true });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('MISSING_MATERIALS_REFUSED');
  });

  it('materials in time: the case proceeds while they are due, and the permit is issued once both are done', async () => {
    const e = await enterprise(sys);
    expect((await e.client.call('GET', '/api/power-permits/me')).body.missingMaterials.offered).toBe(true);
    const full = await fullApplication(e.client);
    const { projects, skilledWorkers: _w, ...partial } = full;
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: partial, missingMaterials: true });
    expect(r.status).toBe(201);
    expect(r.body.missing.map((m: { field: string }) => m.field).sort()).toEqual(['projects', 'skilledWorkers']);
    // the review proceeds meanwhile
    await approveThrough(sys, r.body.id, ['formal-review', 'substantive-review', 'committee']);
    await eventually(async () => (await elementsOf(r.body.processInstanceKey)).some((i) => i.elementId === 'await-materials' && i.state === 'ACTIVE') || undefined, 15000, 'waiting for the materials');
    expect((await sys.db('applications').where({ id: r.body.id }).first()).status).toBe('submitted');
    // still incomplete: refused with the list
    const half = await e.client.call('POST', `/api/power-permits/applications/${r.body.id}/materials`, { data: { projects } });
    expect(half.status).toBe(422);
    expect(half.body.error.missing.map((m: { field: string }) => m.field)).toEqual(['skilledWorkers']);
    // after the review approved it, a delivery may not change what was reviewed (the categories)
    const upgraded = [{ category: 'install', level: '1' }, { category: 'repair', level: '1' }, { category: 'test', level: '4' }];
    const sneaky = await e.client.call('POST', `/api/power-permits/applications/${r.body.id}/materials`, { data: { projects, skilledWorkers: full.skilledWorkers, categories: upgraded } });
    expect(sneaky.status).toBe(422);
    expect(sneaky.body.error.code).toBe('REVIEWED_FIELD_CHANGED');
    expect(Object.keys(sneaky.body.error.fields)).toEqual(expect.arrayContaining(['categories.0.level', 'categories.1.category', 'categories.2.category']));
    expect((await sys.db('applications').where({ id: r.body.id }).first()).data.categories).toEqual(full.categories);
    const done = await e.client.call('POST', `/api/power-permits/applications/${r.body.id}/materials`, { data: { projects, skilledWorkers: full.skilledWorkers } });
    expect(done.status).toBe(200);
    await statusOf(sys, r.body.id, 'approved');
    const permit = await sys.db('power_permits').where({ unit_id: e.unit.id, status: 'active' }).first();
    expect(permit.categories).toEqual(full.categories);
    expect(await sys.db('missing_materials_violations').where({ unit_id: e.unit.id }).first()).toBeUndefined();
  });

  it('deadline missed: the violation is recorded, the case ends, and the option is refused next time', async () => {
    const e = await enterprise(sys);
    const { projects: _p, ...partial } = await fullApplication(e.client);
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: partial, missingMaterials: true });
    expect(r.status).toBe(201);
    const formal = await openTask(sys, r.body.id, 'formal-review');
    await eventually(async () => (await elementsOf(r.body.processInstanceKey)).some((i) => i.elementId === 'await-materials' && i.state === 'ACTIVE') || undefined, 15000, 'waiting for the materials');
    const app = await sys.db('applications').where({ id: r.body.id }).first();
    const due = addWorkingDays(new Date(app.created_at), 5).getTime();
    await withEngineClock(sys, due + 3_600_000, async () => {
      await eventually(async () => (await instanceState(r.body.processInstanceKey)) === 'COMPLETED' || undefined, 30000, 'the case ended by the deadline');
    });
    const ended = await statusOf(sys, r.body.id, 'rejected');
    expect(ended.decision_reason).toContain('未按期提交容缺材料');
    const violation = await sys.db('missing_materials_violations').where({ application_id: r.body.id }).first();
    expect(violation).toMatchObject({ unit_id: e.unit.id });
    // the terminate end event cancelled the open review task: it left the inbox
    await eventually(async () => (await sys.db('tasks').where({ user_task_key: formal.user_task_key }).first()).state === 'CANCELED' || undefined, 15000, 'review task cancelled');

    const me = await e.client.call('GET', '/api/power-permits/me');
    expect(me.status).toBe(200);
    expect(me.body.missingMaterials.offered).toBe(false);
    expect(me.body.missingMaterials.reason).toContain('两年内');
    const again = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: partial, missingMaterials: true });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('MISSING_MATERIALS_REFUSED');
  });
});

describe('termination by the applicant (业务办理终止)', () => {
  it('cancels the case mid-review: the open task leaves the inbox and the case is terminated', async () => {
    const e = await enterprise(sys);
    const ok = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: await fullApplication(e.client) });
    await approveThrough(sys, ok.body.id, ['formal-review']);
    const review = await openTask(sys, ok.body.id, 'substantive-review');
    const other = await enterprise(sys);
    expect((await other.client.call('POST', `/api/power-permits/applications/${ok.body.id}/terminate`, {})).status).toBe(404);
    const t = await e.client.call('POST', `/api/power-permits/applications/${ok.body.id}/terminate`, { reason: '企业决定暂不申请' });
    expect(t.status).toBe(200);
    expect(t.body.status).toBe('terminated');
    // the canceling listener took the task out of the inbox
    await eventually(async () => (await sys.db('tasks').where({ user_task_key: review.user_task_key }).first()).state === 'CANCELED' || undefined, 15000, 'task cancelled in the mirror');
    await eventually(async () => (await sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${review.user_task_key}`)).body.state === 'CANCELED' || undefined, 15000, 'engine task cancelled');
    await eventually(async () => (await instanceState(ok.body.processInstanceKey)) === 'TERMINATED' || undefined, 15000, 'instance terminated');
    const r = await createAccount(sys, { groups: ['power-permit-reviewers'] });
    const inbox = await (await signIn(sys.url, r.login, r.password)).call('GET', '/api/tasks?limit=200');
    expect(inbox.body.items.map((i: { id: string }) => i.id)).not.toContain(review.user_task_key);
    const app = await sys.db('applications').where({ id: ok.body.id }).first();
    expect(app).toMatchObject({ status: 'terminated', decision_reason: '企业决定暂不申请' });
    expect((await e.client.call('POST', `/api/power-permits/applications/${ok.body.id}/terminate`, {})).status).toBe(409);
  });
});
