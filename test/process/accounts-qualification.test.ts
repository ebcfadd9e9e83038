/**
 * unit-qualification on the real engine: add a certificate, review, active; then the expiry timers
 * with the engine clock pinned: a reminder e-mail and SMS to the unit 30 days before the last
 * valid day (sent once), and on expiry the qualification is marked expired and the unit e-mailed.
 */
import { hashPassword } from '../../core/passwords';
import { freshUscc, PNG } from '../support/fixtures';
import { Client, eventually, pinEngineClock, signIn, startTestSystem, TestSystem, withEngineClock } from '../support/harness';
import { expireQualificationJob } from '../../workers/accounts/qualification';

let sys: TestSystem;
let unit: { id: string };
let main: { login: string; email: string; mobile: string };
let client: Client;

beforeAll(async () => {
  sys = await startTestSystem();
  [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: '资质到期测试有限公司', legal_representative: '赵一', province: '110000', city: '110100', district: '110101', address: '北京市东城区测试街 9 号', postcode: '100010', phone: '010-1234567', status: 'active' })
    .returning('id');
  const login = `qa${Date.now()}`;
  main = { login, email: `${login}@example.test`, mobile: `139${String(Date.now()).slice(-8)}` };
  await sys.db('accounts').insert({ login, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '钱二', email: main.email, mobile: main.mobile, unit_id: unit.id, status: 'active' });
  client = await signIn(sys.url, login, 'Unit2026!x');
});
afterAll(async () => {
  await sys?.stop();
});

type UserTask = { userTaskKey: string; elementId: string };

async function activeElements(processInstanceKey: string): Promise<string[]> {
  const r = await sys.engineRest<{ items: Array<{ elementId: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey, state: 'ACTIVE' } });
  return r.body.items.map((i) => i.elementId);
}
const waitAt = (processInstanceKey: string, elementId: string) =>
  eventually(async () => (await activeElements(processInstanceKey)).includes(elementId) || undefined, 20000, `the process at ${elementId}`);
const settle = () => new Promise((r) => setTimeout(r, 3000)); // three of the engine's 1 s due-date checks

describe('unit-qualification', () => {
  it('approve, a reminder 30 days before expiry (e-mail + SMS, once), then marked expired on expiry', async () => {
    const certificateNo = `QX-${Date.now()}`;
    const file = await client.upload('证书.png', PNG);
    expect(file.status).toBe(201);
    const started = await client.call('POST', '/api/applications', {
      processId: 'unit-qualification',
      data: { qualificationType: 'testing-approval', certificateNo, issueDate: '2026-01-05', expiryDate: '2027-03-31', certificate: [{ storage: 'url', name: file.body.id, originalName: '证书.png', url: `/api/files/${file.body.id}`, size: 10, data: file.body }] },
    });
    expect(started.status).toBe(201);
    const { id: applicationId, processInstanceKey } = started.body as { id: string; processInstanceKey: string };
    const pik = String(processInstanceKey ?? (await sys.db('applications').where({ id: applicationId }).first()).process_instance_key);

    const task = await eventually(async () => {
      const r = await sys.engineRest<{ items: UserTask[] }>('POST', '/v2/user-tasks/search', { filter: { processInstanceKey: pik, state: 'CREATED' } });
      return r.body.items[0];
    }, 20000, 'the review task');
    expect(task.elementId).toBe('review');
    expect((await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'approve' } })).status).toBe(204);

    const approvedMail = await sys.sink.waitFor((m) => m.to.includes(main.email) && m.subject.includes('申请已通过'), 20000);
    expect(approvedMail.text).toContain('资质到期测试有限公司');
    await waitAt(pik, 'reminder-due');
    const q = await sys.db('unit_qualifications').where({ application_id: applicationId }).first();
    expect(q).toMatchObject({ unit_id: unit.id, certificate_no: certificateNo, status: 'active' });

    const expiring = () => sys.sink.messages.filter((m) => m.to.includes(main.email) && m.subject.includes('即将到期') && m.subject.includes(certificateNo));
    const sms = () => sys.db('sms_outbox').where({ recipient: main.mobile }).whereLike('text', `%${certificateNo}%`);

    // 28 Feb 2027, 20:00 Beijing: 31 days before the last valid day (31 Mar): nothing yet
    await withEngineClock(sys, Date.parse('2027-02-28T12:00:00Z'), async () => {
      await settle();
      expect(expiring()).toHaveLength(0);
      expect(await sms()).toHaveLength(0);

      // 1 Mar 2027, 09:00:30 Beijing: 30 days before: one e-mail and one SMS to the unit's main account
      await pinEngineClock(sys, Date.parse('2027-03-01T01:00:30Z'));
      const mail = await sys.sink.waitFor((m) => m.to.includes(main.email) && m.subject.includes('即将到期') && m.subject.includes(certificateNo), 20000);
      expect(mail.text).toContain('2027-03-31');
      expect(mail.text).toContain('检测机构核准'); // the type's label, not its code
      const texts = await eventually(async () => ((await sms()).length ? await sms() : undefined), 15000, 'the reminder SMS');
      expect(texts[0].text).toContain('2027-03-31');
      await waitAt(pik, 'expiry-due');
      await settle();
      expect(expiring()).toHaveLength(1);
      expect(await sms()).toHaveLength(1);
      const notes = await sys.db('notifications').where({ application_id: applicationId, template: 'qualification-expiring' }).orderBy('channel');
      expect(notes.map((n) => [n.channel, n.recipient, Boolean(n.sent_at)])).toEqual([
        ['email', main.email, true],
        ['sms', main.mobile, true],
      ]);
      expect((await sys.db('unit_qualifications').where({ id: q.id }).first()).status).toBe('active');

      // 31 Mar 2027, 23:59 Beijing: the last valid day: still active
      await pinEngineClock(sys, Date.parse('2027-03-31T15:59:00Z'));
      await settle();
      expect((await sys.db('unit_qualifications').where({ id: q.id }).first()).status).toBe('active');

      // 1 Apr 2027, 00:00:30 Beijing: expired
      await pinEngineClock(sys, Date.parse('2027-03-31T16:00:30Z'));
      await eventually(async () => (await sys.db('unit_qualifications').where({ id: q.id }).first()).status === 'expired' || undefined, 20000, 'the qualification marked expired');
      const expiredMail = await sys.sink.waitFor((m) => m.to.includes(main.email) && m.subject.includes('已过期') && m.subject.includes(certificateNo), 20000);
      expect(expiredMail.text).toContain('2027-03-31');
      await eventually(async () => {
        const r = await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${pik}`);
        return r.body?.state === 'COMPLETED' || undefined;
      }, 20000, 'the process completed');
    });

    const ends = await sys.engineRest<{ items: Array<{ elementId: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: pik, type: 'END_EVENT', state: 'COMPLETED' } });
    expect(ends.body.items.map((i) => i.elementId)).toEqual(['expired']);
    const trail = await sys.db('audit').where({ application_id: applicationId }).orderBy('id').pluck('action');
    expect(trail).toEqual(['submit', 'approve', 'expire']);
    const listed = await client.call('GET', '/api/unit/qualifications');
    expect(listed.body.items.find((i: { certificateNo: string }) => i.certificateNo === certificateNo)).toMatchObject({ expiryDate: '2027-03-31', status: 'expired' });

    // the expire step is idempotent: a redelivered job changes and records nothing more
    const deps = { db: sys.db } as never;
    await expect(expireQualificationJob({ qualificationId: q.id, applicationId }, { elementInstanceKey: '1' } as never, deps)).resolves.toEqual({ qualificationExpired: true });
    expect(await sys.db('audit').where({ application_id: applicationId, action: 'expire' })).toHaveLength(1);
  });

  it('reject: no qualification is recorded, the unit is e-mailed the reason, and the case ends', async () => {
    const certificateNo = `QR-${Date.now()}`;
    const file = await client.upload('证书.png', PNG);
    const started = await client.call('POST', '/api/applications', {
      processId: 'unit-qualification',
      data: { qualificationType: 'inspection-approval', certificateNo, issueDate: '2026-01-05', expiryDate: '2029-01-04', certificate: [{ storage: 'url', name: file.body.id, originalName: '证书.png', url: `/api/files/${file.body.id}`, size: 10, data: file.body }] },
    });
    expect(started.status).toBe(201);
    const { id: applicationId, processInstanceKey: pik } = started.body as { id: string; processInstanceKey: string };
    const task = await eventually(async () => {
      const r = await sys.engineRest<{ items: UserTask[] }>('POST', '/v2/user-tasks/search', { filter: { processInstanceKey: String(pik), state: 'CREATED' } });
      return r.body.items[0];
    }, 20000, 'the review task');
    const reason = '证书已被注销 / The certificate was revoked';
    expect((await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'reject', reason } })).status).toBe(204);
    const mail = await sys.sink.waitFor((m) => m.to.includes(main.email) && m.subject.includes('申请未通过') && m.text.includes(reason), 20000);
    expect(mail.subject).toContain((await sys.db('applications').where({ id: applicationId }).first()).number);
    await eventually(async () => {
      const r = await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${pik}`);
      return r.body?.state === 'COMPLETED' || undefined;
    }, 20000, 'the process completed');
    const ends = await sys.engineRest<{ items: Array<{ elementId: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: String(pik), type: 'END_EVENT', state: 'COMPLETED' } });
    expect(ends.body.items.map((i) => i.elementId)).toEqual(['rejected']);
    expect(await sys.db('applications').where({ id: applicationId }).first()).toMatchObject({ status: 'rejected', decision: 'reject', decision_reason: reason });
    expect(await sys.db('unit_qualifications').where({ application_id: applicationId }).first()).toBeUndefined();
  });
});
