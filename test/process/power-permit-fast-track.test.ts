/**
 * The free-trade-zone fast track (自贸区) on the real engine:
 * - an administrator puts the unit in the zone; the unit chooses the fast track when applying,
 *   after a clean credit check, and confirms the commitments; without a clean credit record, out
 *   of the zone or without the commitments the choice is refused with the reason, nothing written;
 * - the reduced materials the manual allows (no business licence, constructor certificates or
 *   special electricians);
 * - a renewal with the engine clock pinned: reminded before its shorter limit (10 working days),
 *   marked overdue at it (the reviewer inbox shows both), the director signs off, no committee task.
 */
import { addWorkingDays } from '../../domain/calendar';
import { reminderWorkingDays } from '../../domain/power-permit/rules';
import { createAccount, eventually, pinEngineClock, signIn, startTestSystem, TestSystem, withEngineClock } from '../support/harness';
import { approveThrough, complete, enterprise, fullApplication, givePermit, openTask, statusOf } from '../support/power-permit';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

const written = async (unitId: string) => ({
  applications: Number((await sys.db('applications').where({ unit_id: unitId }).count())[0].count),
  audit: Number((await sys.db('audit').whereIn('application_id', sys.db('applications').where({ unit_id: unitId }).select('id')).count())[0].count),
});

describe('free-trade-zone fast track (自贸区)', () => {
  it('is chosen only in the zone, after a clean credit check, with the commitments confirmed; refused with the reason otherwise, nothing written', async () => {
    const e = await enterprise(sys, { credit: 'good' });
    const data = await fullApplication(e.client);
    const out = await e.client.call('GET', '/api/power-permits/me');
    expect(out.body).toMatchObject({ freeTradeZone: false, fastTrack: { offered: false } });
    const before = await written(e.unit.id);
    const notInZone = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data, fastTrack: true, commitments: true });
    expect(notInZone.status).toBe(422);
    expect(notInZone.body.error).toMatchObject({ code: 'FAST_TRACK_REFUSED' });
    expect(notInZone.body.error.fields.fastTrack).toContain('不在自贸区');

    // the designation is an administrator's: the unit's own account cannot set it
    expect((await e.client.call('PUT', '/api/admin/free-trade-zone', { uscc: e.unit.uscc, freeTradeZone: true })).status).toBe(403);
    const a = await createAccount(sys, { kind: 'admin' });
    const admin = await signIn(sys.url, a.login, a.password);
    const bad = await admin.call('PUT', '/api/admin/free-trade-zone', { uscc: '123', freeTradeZone: 'yes' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['freeTradeZone', 'uscc']);
    const set = await admin.call('PUT', '/api/admin/free-trade-zone', { uscc: e.unit.uscc, freeTradeZone: true });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ uscc: e.unit.uscc, freeTradeZone: true });
    expect((await admin.call('GET', '/api/admin/free-trade-zone')).body.items.map((u: { uscc: string }) => u.uscc)).toContain(e.unit.uscc);
    expect(await sys.db('audit').where({ action: 'free-trade-zone', actor: a.login }).first()).toMatchObject({ to_status: 'true' });

    const inZone = await e.client.call('GET', '/api/power-permits/me');
    expect(inZone.body).toMatchObject({ freeTradeZone: true, fastTrack: { offered: true, reason: null }, statutoryDays: { 'power-permit-new': 20 } });
    // the commitments must be confirmed
    const unconfirmed = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data, fastTrack: true });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.fields.commitments).toContain('告知承诺');
    // not a service with a fast track
    const cancel = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-cancel', data: { cancelItems: 'x' }, fastTrack: true, commitments: true });
    expect(cancel.status).toBe(400);
    expect(cancel.body.error.fields).toHaveProperty('fastTrack');
    expect(await written(e.unit.id)).toEqual(before);

    // the credit record turns poor: refused with the reason, nothing written
    await sys.db('enterprise_credit').where({ unit_id: e.unit.id }).update({ rating: 'poor' });
    expect((await e.client.call('GET', '/api/power-permits/me')).body.fastTrack).toMatchObject({ offered: false });
    const poor = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data, fastTrack: true, commitments: true });
    expect(poor.status).toBe(422);
    expect(poor.body.error.code).toBe('FAST_TRACK_REFUSED');
    expect(poor.body.error.message).toContain('信用');
    expect(poor.body.error.fields.fastTrack).toContain('信用');
    expect(await written(e.unit.id)).toEqual(before);

    // clean again: the reduced materials apply (no business licence, constructor certificates, special electricians)
    await sys.db('enterprise_credit').where({ unit_id: e.unit.id }).update({ rating: 'good' });
    const materials = data.materials as Record<string, Record<string, unknown>>;
    const reduced = {
      ...data,
      materials: {
        common: { premisesProof: materials.common.premisesProof },
        install: { equipmentList: materials.install.equipmentList, safetyLicence: materials.install.safetyLicence },
        test: { instrumentList: materials.test.instrumentList, calibrationCertificates: materials.test.calibrationCertificates },
      },
    };
    const normalCheck = await e.client.call('POST', '/api/power-permits/check', { processId: 'power-permit-new', data: reduced });
    expect(Object.keys(normalCheck.body.materialsByCategory).sort()).toEqual(['common', 'install', 'test']);
    expect((await e.client.call('POST', '/api/power-permits/check', { processId: 'power-permit-new', data: reduced, fastTrack: true })).body).toMatchObject({ complete: true, missing: [] });
    const ok = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: reduced, fastTrack: true, commitments: true });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ fastTrack: true, statutoryDays: 15 });
    const app = await sys.db('applications').where({ id: ok.body.id }).first();
    expect(app.data).toMatchObject({ fastTrack: true });
    expect(app.data.commitmentsConfirmedAt).toBeDefined();
  });

  it('a renewal in the zone is reminded and marked overdue at its shorter limit, and signed off without the committee', async () => {
    const e = await enterprise(sys, { freeTradeZone: true });
    await givePermit(sys, e.unit.id);
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-renewal', data: await fullApplication(e.client, { categories: [{ category: 'install', level: '3' }] }), fastTrack: true, commitments: true });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ fastTrack: true, statutoryDays: 10 });
    const formal = await openTask(sys, r.body.id, 'formal-review');
    const app = await sys.db('applications').where({ id: r.body.id }).first();
    const due = addWorkingDays(new Date(app.created_at), 10);
    const reminder = addWorkingDays(new Date(app.created_at), reminderWorkingDays(10));
    // the task's due date is the shorter limit
    expect(new Date(formal.due_date).toISOString()).toBe(due.toISOString());
    expect(app.statutory_alert).toBeNull();
    const reviewer = await createAccount(sys, { groups: ['power-permit-reviewers'] });
    const inbox = await signIn(sys.url, reviewer.login, reviewer.password);
    const alertOf = async () => (await inbox.call('GET', '/api/tasks?limit=200&processId=power-permit-review')).body.items.find((t: { id: string }) => t.id === formal.user_task_key)?.statutoryAlert;

    await withEngineClock(sys, reminder.getTime() + 3_600_000, async () => {
      await eventually(async () => (await sys.db('applications').where({ id: r.body.id, statutory_alert: 'reminded' }).first()) ?? undefined, 30000, 'reminded before the limit');
      expect(await alertOf()).toBe('reminded');
      // not overdue yet; the review goes on (the timer does not interrupt it)
      expect(await sys.db('audit').where({ application_id: r.body.id, action: 'statutory-overdue' }).first()).toBeUndefined();
      expect((await sys.db('tasks').where({ user_task_key: formal.user_task_key }).first()).state).toBe('CREATED');

      await pinEngineClock(sys, due.getTime() + 3_600_000);
      await eventually(async () => (await sys.db('applications').where({ id: r.body.id, statutory_alert: 'overdue' }).first()) ?? undefined, 30000, 'marked overdue at the limit');
      expect(await alertOf()).toBe('overdue');
      expect((await sys.db('tasks').where({ user_task_key: formal.user_task_key }).first()).state).toBe('CREATED');
    });
    const alerts = await sys.db('audit').where({ application_id: r.body.id }).whereIn('action', ['statutory-reminded', 'statutory-overdue']).orderBy('id').select('action', 'details');
    expect(alerts).toEqual([
      { action: 'statutory-reminded', details: { dueDate: due.toISOString() } },
      { action: 'statutory-overdue', details: { dueDate: due.toISOString() } },
    ]);

    // the director signs off: no committee step on the fast track
    await complete(sys, formal.user_task_key);
    await approveThrough(sys, r.body.id, ['substantive-review', 'sign-off']);
    await statusOf(sys, r.body.id, 'approved');
    expect(await sys.db('tasks').where({ application_id: r.body.id, element_id: 'committee' }).first()).toBeUndefined();
  });
});
