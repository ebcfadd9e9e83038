/**
 * A unit's qualifications (000 §3.2.5) beyond the list: certificate details added to a record
 * afterwards (补录证书信息), a record deleted unless an open publicity application relies on it
 * (409), and a pending qualification application modified or deleted (withdrawn, its review
 * cancelled) before its review; once decided, 409.
 */
import { PNG } from '../support/fixtures';
import { Client, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { createUnit, createUnitAccount, freshLogin } from '../support/factories';

let sys: TestSystem;
let main: Client;
let noPermission: Client;
let unitId: string;

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const unit = await createUnit(sys.db, { name: '资质维护测试有限公司' });
  unitId = unit.id;
  const m = await createUnitAccount(sys.db, unit.id, { login: freshLogin('qe') });
  const s = await createUnitAccount(sys.db, unit.id, { kind: 'unit-sub', login: freshLogin('qes'), permissions: ['publicity'] });
  main = await signIn(sys.url, m.login, m.password);
  noPermission = await signIn(sys.url, s.login, s.password);
});
afterAll(async () => {
  await sys?.stop();
});

let serial = 0;
async function record(type = 'testing-approval', expiry = '2030-12-31') {
  const [app] = await sys.db('applications').insert({ number: `QUA-E-${Date.now()}-${serial++}`, process_id: 'unit-qualification', status: 'approved', unit_id: unitId, data: '{}' }).returning('id');
  const [q] = await sys.db('unit_qualifications')
    .insert({ unit_id: unitId, application_id: app.id, qualification_type: type, certificate_no: `C-${serial}`, issue_date: '2025-01-01', expiry_date: expiry, status: 'active' })
    .returning('*');
  return q as { id: string; application_id: string };
}

describe('qualification records', () => {
  it('certificate details are added afterwards; the type and dates are not edited here', async () => {
    const q = await record();
    const img = (await main.upload('证书正本.png', PNG)).body as { id: string };
    const ok = await main.call('PATCH', `/api/unit/qualifications/${q.id}`, { certificateNo: 'TS-2025-0001', issuer: '国家市场监督管理总局', certificateFileIds: [img.id] });
    expect(ok.status).toBe(200);
    expect(await sys.db('unit_qualifications').where({ id: q.id }).first()).toMatchObject({ certificate_no: 'TS-2025-0001', issuer: '国家市场监督管理总局', file_ids: [img.id] });
    const list = await main.call('GET', '/api/unit/qualifications');
    expect(list.body.items.find((i: { id: string }) => i.id === q.id)).toMatchObject({ certificateNo: 'TS-2025-0001', issuer: '国家市场监督管理总局', certificate: [{ id: img.id, name: '证书正本.png' }], status: 'active' });
    expect(await sys.db('audit').where({ application_id: q.application_id, action: 'qualification-details' })).toHaveLength(1);

    const refused = await main.call('PATCH', `/api/unit/qualifications/${q.id}`, { expiryDate: '2040-01-01', certificateNo: '#' });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.fields).sort()).toEqual(['certificateNo', 'expiryDate']);
    const o = await createUnitAccount(sys.db, (await createUnit(sys.db)).id, { login: freshLogin('qo') });
    const other = await signIn(sys.url, o.login, o.password);
    {
      const foreign = (await other.upload('别人的.png', PNG)).body as { id: string };
      const r = await main.call('PATCH', `/api/unit/qualifications/${q.id}`, { certificateFileIds: [foreign.id] });
      expect(r.status).toBe(400);
      expect(Object.keys(r.body.error.fields)).toEqual(['certificateFileIds']);
      // another unit's record is not found
      expect((await other.call('PATCH', `/api/unit/qualifications/${q.id}`, { issuer: 'x' })).status).toBe(404);
      expect((await other.call('DELETE', `/api/unit/qualifications/${q.id}`)).status).toBe(404);
    }
    expect((await sys.db('unit_qualifications').where({ id: q.id }).first()).file_ids).toEqual([img.id]);
    expect((await noPermission.call('PATCH', `/api/unit/qualifications/${q.id}`, { issuer: 'x' })).status).toBe(403);
  });

  it('a record an open publicity application relies on is not deleted (409); once another valid record of its type exists, or no application is open, it is', async () => {
    const q = await record('inspection-approval');
    const [pub] = await sys.db('applications').insert({ number: `A-E-${Date.now()}`, process_id: 'publicity-application', status: 'awaiting_upload', unit_id: unitId, data: '{}' }).returning(['id', 'number']);
    const refused = await main.call('DELETE', `/api/unit/qualifications/${q.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'QUALIFICATION_IN_USE', applicationNumber: pub.number });
    expect(refused.body.error.message).toContain(pub.number);
    expect(await sys.db('unit_qualifications').where({ id: q.id }).first()).toBeTruthy();
    // an expired record of the same type does not stand in
    await record('inspection-approval', '2020-01-01');
    expect((await main.call('DELETE', `/api/unit/qualifications/${q.id}`)).status).toBe(409);
    const second = await record('inspection-approval');
    expect((await main.call('DELETE', `/api/unit/qualifications/${q.id}`)).status).toBe(204);
    expect(await sys.db('unit_qualifications').where({ id: q.id }).first()).toBeUndefined();
    expect(await sys.db('audit').where({ application_id: q.application_id, action: 'qualification-deleted' })).toHaveLength(1);
    await sys.db('applications').where({ id: pub.id }).update({ status: 'approved' });
    expect((await main.call('DELETE', `/api/unit/qualifications/${second.id}`)).status).toBe(204);
    expect((await main.call('DELETE', `/api/unit/qualifications/${second.id}`)).status).toBe(404);
  });
});

describe('pending qualification applications', () => {
  it('listed as pending, modified and deleted before the review (the review is cancelled); decided ones refuse both', async () => {
    const file = await main.upload('证书.png', PNG);
    const started = await main.call('POST', '/api/applications', {
      processId: 'unit-qualification',
      data: { qualificationType: 'type-test-approval', certificateNo: 'PEND-0001', issueDate: '2026-01-05', expiryDate: '2029-01-04', certificate: [{ storage: 'url', name: file.body.id, originalName: '证书.png', url: `/api/files/${file.body.id}`, size: 10, data: file.body }] },
    });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const list = await main.call('GET', '/api/unit/qualifications');
    expect(list.body.items.find((i: { applicationId: string }) => i.applicationId === id)).toMatchObject({ id: null, status: 'pending', certificateNo: 'PEND-0001', type: 'type-test-approval', applicationNumber: started.body.number });

    const bad = await main.call('PATCH', `/api/unit/qualification-applications/${id}`, { issueDate: '2026-01-05', expiryDate: '2025-01-01' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['expiryDate']);
    const changed = await main.call('PATCH', `/api/unit/qualification-applications/${id}`, { certificateNo: 'PEND-0002', expiryDate: '2029-06-30' });
    expect(changed.status).toBe(200);
    expect((await sys.db('applications').where({ id }).first()).data).toMatchObject({ certificateNo: 'PEND-0002', expiryDate: '2029-06-30', qualificationType: 'type-test-approval' });

    expect((await main.call('DELETE', `/api/unit/qualification-applications/${id}`)).status).toBe(204);
    expect(await sys.db('applications').where({ id }).first()).toMatchObject({ status: 'terminated' });
    await eventually(async () => {
      const r = await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${started.body.processInstanceKey}`);
      return r.body.state === 'TERMINATED' || undefined;
    }, 20000, 'instance cancelled');
    expect((await main.call('GET', '/api/unit/qualifications')).body.items.some((i: { applicationId: string }) => i.applicationId === id)).toBe(false);
    expect((await main.call('PATCH', `/api/unit/qualification-applications/${id}`, { certificateNo: 'PEND-0003' })).status).toBe(409);
    expect((await main.call('DELETE', `/api/unit/qualification-applications/${id}`)).status).toBe(409);

    // a rejected one is listed with its reason
    const [rejected] = await sys.db('applications').insert({ number: `QUA-R-${Date.now()}`, process_id: 'unit-qualification', status: 'rejected', decision_reason: '证书模糊', unit_id: unitId, data: JSON.stringify({ qualificationType: 'testing-approval', certificateNo: 'REJ-1' }) }).returning('id');
    const after = await main.call('GET', '/api/unit/qualifications');
    expect(after.body.items.find((i: { applicationId: string }) => i.applicationId === rejected.id)).toMatchObject({ status: 'rejected', reason: '证书模糊' });
  });
});
