/** Self-inspection campaign over 50+ licensed enterprises: one task each (multi-instance), blocked submissions, progress counts. */
import { createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { enterprise, file, givePermit } from '../support/power-permit';
import { freshUscc } from '../support/fixtures';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

it('launches one task per licensed enterprise; a submission is blocked until complete; progress counts submitted and pending', async () => {
  // 47 licensed enterprises without accounts, 3 with accounts that will submit, 1 without a permit
  const rows = Array.from({ length: 47 }, (_, i) => {
    const uscc = freshUscc();
    return { uscc, name: `自查测试企业${i}-${uscc.slice(-6)}`, legal_representative: '郑一', province: '110000', city: '110100', district: '110105', address: '北京市', postcode: '100020', phone: '010-4', status: 'active' };
  });
  const units = await sys.db('units').insert(rows).returning('id');
  for (const u of units) await givePermit(sys, u.id);
  const submitters = [await enterprise(sys), await enterprise(sys), await enterprise(sys)];
  for (const s of submitters) await givePermit(sys, s.unit.id);
  const unlicensed = await enterprise(sys);
  const licensed = Number((await sys.db('power_permits').where({ status: 'active' }).count())[0].count);
  expect(licensed).toBeGreaterThanOrEqual(50);

  const a = await createAccount(sys, { kind: 'admin' });
  const admin = await signIn(sys.url, a.login, a.password);
  expect((await submitters[0].client.call('POST', '/api/admin/self-inspections', { year: 2026 })).status).toBe(403);
  const launched = await admin.call('POST', '/api/admin/self-inspections', { year: 2026 });
  expect(launched.status).toBe(201);
  const id = launched.body.id;

  // every licensed enterprise gets its task, in its own group only
  await eventually(async () => {
    const n = Number((await sys.db('tasks as t').join('applications as a', 'a.id', 't.application_id').where({ 'a.campaign_id': id, 't.state': 'CREATED' }).count())[0].count);
    return n === licensed || undefined;
  }, 60000, `${licensed} self-inspection tasks`);
  const progress0 = await admin.call('GET', `/api/admin/self-inspections/${id}`);
  expect(progress0.body).toMatchObject({ year: 2026, enterprises: licensed, submitted: 0, pending: licensed });
  expect((await sys.db('applications').where({ campaign_id: id, unit_id: unlicensed.unit.id })).length).toBe(0);

  const mine = await submitters[0].client.call('GET', '/api/self-inspections');
  expect(mine.body.items).toHaveLength(1);
  expect(mine.body.items[0]).toMatchObject({ year: 2026, status: 'pending' });
  const inbox = await submitters[0].client.call('GET', '/api/tasks');
  expect(inbox.body.items.map((t: { id: string }) => t.id)).toEqual([mine.body.items[0].taskId]);
  expect((await unlicensed.client.call('GET', '/api/tasks')).body.items).toHaveLength(0);

  // only through the self-inspection endpoint (which records it for the progress)
  expect((await submitters[0].client.call('POST', `/api/tasks/${mine.body.items[0].taskId}/complete`, { data: {} })).status).toBe(409);
  // blocked while a required item is missing
  const blocked = await submitters[0].client.call('POST', `/api/self-inspections/${mine.body.items[0].id}/submit`, { data: { qualificationsKept: true, electricianCount: 12 } });
  expect(blocked.status).toBe(422);
  expect(blocked.body.error.missing.map((m: { field: string }) => m.field).sort()).toEqual(['report', 'safetyRecord']);
  // another unit cannot submit it
  expect((await submitters[1].client.call('POST', `/api/self-inspections/${mine.body.items[0].id}/submit`, { data: {} })).status).toBe(404);

  for (const s of submitters) {
    const item = (await s.client.call('GET', '/api/self-inspections')).body.items[0];
    const r = await s.client.call('POST', `/api/self-inspections/${item.id}/submit`, { data: { qualificationsKept: true, electricianCount: 12, safetyRecord: '全年无安全事故', report: await file(s.client, '自查报告.png') } });
    expect(r.status).toBe(200);
  }
  await eventually(async () => Number((await sys.db('tasks as t').join('applications as a', 'a.id', 't.application_id').where({ 'a.campaign_id': id, 't.state': 'COMPLETED' }).count())[0].count) === 3 || undefined, 20000, 'three tasks completed');
  const progress = await admin.call('GET', `/api/admin/self-inspections/${id}`);
  expect(progress.body).toMatchObject({ enterprises: licensed, submitted: 3, pending: licensed - 3 });
  const again = (await submitters[0].client.call('GET', '/api/self-inspections')).body.items[0];
  expect(again).toMatchObject({ status: 'submitted', taskId: null });
  expect((await submitters[0].client.call('POST', `/api/self-inspections/${again.id}/submit`, { data: {} })).status).toBe(409);
}, 180000);
