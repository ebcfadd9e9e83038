/**
 * Acceptance with missing materials (容缺受理) for the item change (许可事项变更), on the real engine:
 * the same mechanism as the new permit (power-permit-missing-materials, called by both).
 * - delivered in time: the review runs meanwhile, the permit changes once both are done;
 * - not delivered by the deadline (engine clock pinned): the violation is recorded, the case ends,
 *   and the option is refused to the unit for two years (the reason given, nothing written).
 */
import { addWorkingDays } from '../../domain/calendar';
import { eventually, startTestSystem, TestSystem, withEngineClock } from '../support/harness';
import { approveThrough, complete, elementsOfCase, enterprise, fullApplication, givePermit, openTask, statusOf } from '../support/power-permit';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

const REVIEW = ['formal-review', 'substantive-review', 'committee'];
const CHANGED = [{ category: 'install', level: '2' }, { category: 'repair', level: '3' }];
const instanceState = (key: string) => sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${key}`).then((r) => r.body.state);
const awaitingMaterials = (key: string) =>
  eventually(async () => (await elementsOfCase(sys, key)).some((i) => i.processDefinitionId === 'power-permit-missing-materials' && i.elementId === 'await-materials' && i.state === 'ACTIVE') || undefined, 15000, 'waiting for the materials');

describe('item change accepted with missing materials (许可事项变更 · 容缺受理)', () => {
  it('is offered for the item change; the materials come in time and the permit is changed', async () => {
    const e = await enterprise(sys);
    const permit = await givePermit(sys, e.unit.id);
    const me = await e.client.call('GET', '/api/power-permits/me');
    expect(me.body.missingMaterials).toMatchObject({ offered: true, processes: ['power-permit-new', 'power-permit-item-change'] });
    const { projects, ...partial } = await fullApplication(e.client, { categories: CHANGED });

    // the other variations do not offer it
    const renewal = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-renewal', data: partial, missingMaterials: true });
    expect(renewal.status).toBe(400);
    expect(renewal.body.error.fields.missingMaterials).toContain('许可事项变更');
    // the categories (what the change is about) cannot follow later
    const { categories: _c, ...noCategories } = partial;
    const blocked = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: noCategories, missingMaterials: true });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.missing.map((m: { field: string }) => m.field)).toContain('categories');

    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: partial, missingMaterials: true });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ missingMaterials: true, statutoryDays: 20 });
    expect(r.body.missing.map((m: { field: string }) => m.field)).toEqual(['projects']);
    await awaitingMaterials(r.body.processInstanceKey);
    // the review proceeds meanwhile; the permit waits for the materials
    await approveThrough(sys, r.body.id, REVIEW);
    await eventually(async () => (await elementsOfCase(sys, r.body.processInstanceKey)).some((i) => i.elementId === 'review' && i.state === 'COMPLETED') || undefined, 15000, 'review done');
    expect((await sys.db('applications').where({ id: r.body.id }).first()).status).toBe('submitted');
    expect((await sys.db('power_permits').where({ id: permit.id }).first()).categories).toEqual(permit.categories);

    // only the listed item may be delivered: the reviewed categories stay as reviewed
    const sneaky = await e.client.call('POST', `/api/power-permits/applications/${r.body.id}/materials`, { data: { projects, categories: [{ category: 'install', level: '1' }] } });
    expect(sneaky.status).toBe(422);
    expect(sneaky.body.error.code).toBe('REVIEWED_FIELD_CHANGED');
    const done = await e.client.call('POST', `/api/power-permits/applications/${r.body.id}/materials`, { data: { projects } });
    expect(done.status).toBe(200);
    await statusOf(sys, r.body.id, 'approved');
    await eventually(async () => (await instanceState(r.body.processInstanceKey)) === 'COMPLETED' || undefined, 20000, 'instance completed');
    const after = await sys.db('power_permits').where({ id: permit.id }).first();
    expect(after).toMatchObject({ number: permit.number, categories: CHANGED, status: 'active' });
    expect(after.valid_until).toEqual(permit.valid_until);
    expect(await sys.db('missing_materials_violations').where({ unit_id: e.unit.id }).first()).toBeUndefined();
    expect(await sys.db('audit').where({ application_id: r.body.id, action: 'materials-delivered' }).first()).toBeDefined();
  });

  it('returned by the formal review meanwhile: submitted again complete, the materials count as delivered', async () => {
    const e = await enterprise(sys);
    const permit = await givePermit(sys, e.unit.id);
    const full = await fullApplication(e.client, { categories: CHANGED });
    const { projects: _p, ...partial } = full;
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: partial, missingMaterials: true });
    expect(r.status).toBe(201);
    await awaitingMaterials(r.body.processInstanceKey);
    const formal = await openTask(sys, r.body.id, 'formal-review');
    await complete(sys, formal.user_task_key, { decision: 'return', reason: '请补充业绩并核对电工名单' });
    await statusOf(sys, r.body.id, 'returned');
    // not under review: neither terminated nor delivered separately
    expect((await e.client.call('POST', `/api/power-permits/applications/${r.body.id}/terminate`, {})).body.error.message).toContain('废弃');
    const again = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', id: r.body.id, data: full });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ resubmitted: true, missingMaterials: false });
    await eventually(async () => (await elementsOfCase(sys, r.body.processInstanceKey)).some((i) => i.elementId === 'materials' && i.state === 'COMPLETED') || undefined, 15000, 'the materials branch done');
    await approveThrough(sys, r.body.id, REVIEW);
    await statusOf(sys, r.body.id, 'approved');
    expect((await sys.db('power_permits').where({ id: permit.id }).first()).categories).toEqual(CHANGED);
    const app = await sys.db('applications').where({ id: r.body.id }).first();
    expect(app.data.missingItems).toBeUndefined();
    expect(app.data.materialsDeliveredAt).toBeDefined();
    expect(await sys.db('missing_materials_violations').where({ unit_id: e.unit.id }).first()).toBeUndefined();
  });

  it('not delivered by the deadline: the violation is recorded, the case ends, and the option is refused for two years', async () => {
    const e = await enterprise(sys);
    const permit = await givePermit(sys, e.unit.id);
    const { projects: _p, ...partial } = await fullApplication(e.client, { categories: CHANGED });
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: partial, missingMaterials: true });
    expect(r.status).toBe(201);
    const formal = await openTask(sys, r.body.id, 'formal-review');
    await awaitingMaterials(r.body.processInstanceKey);
    const app = await sys.db('applications').where({ id: r.body.id }).first();
    const due = addWorkingDays(new Date(app.created_at), 5).getTime();
    await withEngineClock(sys, due + 3_600_000, async () => {
      await eventually(async () => (await instanceState(r.body.processInstanceKey)) === 'COMPLETED' || undefined, 30000, 'the case ended by the deadline');
    });
    const ended = await statusOf(sys, r.body.id, 'rejected');
    expect(ended.decision_reason).toContain('未按期提交容缺材料');
    const violation = await sys.db('missing_materials_violations').where({ application_id: r.body.id }).first();
    expect(violation).toMatchObject({ unit_id: e.unit.id });
    // the open review task was cancelled with the case, and the permit is as it was
    await eventually(async () => (await sys.db('tasks').where({ user_task_key: formal.user_task_key }).first()).state === 'CANCELED' || undefined, 15000, 'review task cancelled');
    expect((await sys.db('power_permits').where({ id: permit.id }).first()).categories).toEqual(permit.categories);
    // too late to deliver now
    const late = await e.client.call('POST', `/api/power-permits/applications/${r.body.id}/materials`, { data: { projects: (await fullApplication(e.client)).projects } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('MATERIALS_DEADLINE_PASSED');

    const me = await e.client.call('GET', '/api/power-permits/me');
    expect(me.body.missingMaterials.offered).toBe(false);
    expect(me.body.missingMaterials.reason).toContain('两年内');
    const written = async () => ({
      applications: Number((await sys.db('applications').where({ unit_id: e.unit.id }).count())[0].count),
      audit: Number((await sys.db('audit').whereIn('application_id', sys.db('applications').where({ unit_id: e.unit.id }).select('id')).count())[0].count),
    });
    const before = await written();
    const again = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: partial, missingMaterials: true });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('MISSING_MATERIALS_REFUSED');
    expect(again.body.error.message).toContain('两年内');
    expect(again.body.error.fields.missingMaterials).toContain('两年内');
    expect(await written()).toEqual(before);
    // a complete item change is still accepted the ordinary way
    const full = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: await fullApplication(e.client, { categories: CHANGED }) });
    expect(full.status).toBe(201);
    expect(full.body.missingMaterials).toBe(false);
  });
});
