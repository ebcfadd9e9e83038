/** The message centre: each e-mail and SMS sent about a case appears once for the unit's accounts, with read and unread. */
import { allCompleted, approve, reviewTasks, submitCases } from '../support/fault-cases';
import { createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

describe('message centre', () => {
  it('shows the approval e-mail and SMS of a registration once each, as sent, to the unit and to nobody else', async () => {
    const [c] = await submitCases(sys.url, 1);
    const tasks = await reviewTasks(sys, [c], 30_000);
    await approve(sys, tasks.get(c.processInstanceKey)!);
    await allCompleted(sys, [c], 30_000);
    const sent = await eventually(async () => {
      const rows = await sys.db('notifications').where({ application_id: c.id }).whereNotNull('sent_at');
      return rows.length >= 2 ? rows : undefined;
    }, 30_000, 'the e-mail and the SMS');
    const app = await sys.db('applications').where({ id: c.id }).first();
    const main = await sys.db('accounts').where({ unit_id: app.unit_id, kind: 'unit-main' }).first();
    const unit = await signIn(sys.url, main.login, 'Secret2026');
    const mine = await unit.call('GET', '/api/messages');
    expect(mine.status).toBe(200);
    const ofCase = mine.body.items.filter((m: { application: { id: string } }) => m.application.id === c.id);
    expect(ofCase.map((m: { channel: string }) => m.channel).sort()).toEqual(['email', 'sms']);
    expect(ofCase).toHaveLength(sent.length);
    const mail = sys.sink.messages.find((m) => m.to.includes(c.email))!;
    const email = ofCase.find((m: { channel: string }) => m.channel === 'email');
    expect(email).toMatchObject({ title: mail.subject, read: false, application: { number: c.number, processId: 'unit-registration' } });
    expect(email.body.trim()).toBe(mail.text.trim());
    const sms = await sys.db('sms_outbox').where({ recipient: c.mobile }).first();
    expect(ofCase.find((m: { channel: string }) => m.channel === 'sms').body).toBe(sms.text);
    expect(mine.body.unread).toBe(mine.body.total);

    // read and unread
    expect((await unit.call('POST', '/api/messages/read', { ids: [email.id] })).body).toEqual({ marked: 1 });
    const after = await unit.call('GET', '/api/messages?unread=true');
    expect(after.body.unread).toBe(mine.body.unread - 1);
    expect(after.body.items.map((m: { id: string }) => m.id)).not.toContain(email.id);
    expect((await unit.call('POST', '/api/messages/read', { ids: ['x'] })).status).toBe(400);

    // another account sees none of them
    const other = await createAccount(sys, { groups: ['registration-reviewers'] });
    const theirs = await (await signIn(sys.url, other.login, other.password)).call('GET', '/api/messages');
    expect(theirs.body.items.filter((m: { application: { id: string } }) => m.application.id === c.id)).toEqual([]);
    expect((await unit.call('POST', '/api/messages/read', { all: true })).status).toBe(200);
  });
});
