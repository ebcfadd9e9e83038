/**
 * unit-registration on the real engine: approve, reject, and the overdue timer (engine clock
 * pinned, never waited for). Asserts rows, the engine's process state and the e-mail received.
 */
import { registrationBody } from '../support/fixtures';
import { eventually, pinEngineClock, startTestSystem, TestSystem, withEngineClock } from '../support/harness';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

async function submit(body = registrationBody()) {
  const res = await fetch(`${sys.url}/api/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return { body, created: (await res.json()) as { id: string; number: string; processInstanceKey: string } };
}

type UserTask = { userTaskKey: string; elementId: string; state: string; candidateGroups: string[]; dueDate: string | null; externalFormReference: string };

async function reviewTask(processInstanceKey: string): Promise<UserTask> {
  return eventually(async () => {
    const r = await sys.engineRest<{ items: UserTask[] }>('POST', '/v2/user-tasks/search', { filter: { processInstanceKey, state: 'CREATED' } });
    return r.body.items[0];
  }, 20000, 'the review task');
}

async function processState(processInstanceKey: string, state: string) {
  return eventually(async () => {
    const r = await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${processInstanceKey}`);
    return r.body?.state === state ? r.body : undefined;
  }, 20000, `process ${processInstanceKey} ${state}`);
}

async function endEventOf(processInstanceKey: string): Promise<string[]> {
  const r = await sys.engineRest<{ items: Array<{ elementId: string; type: string; state: string }> }>('POST', '/v2/element-instances/search', {
    filter: { processInstanceKey, type: 'END_EVENT', state: 'COMPLETED' },
  });
  return r.body.items.map((i) => i.elementId);
}

// Timers are tested by pinning the engine clock (withEngineClock resets it afterwards). The clock
// may go backwards and forwards: the engine's due-date checkers read the pinned time.
describe('unit-registration', () => {
  it('approve: the unit and its account are activated and the contact is e-mailed', async () => {
    const { body, created } = await submit();
    const task = await reviewTask(created.processInstanceKey);
    expect(task.elementId).toBe('review');
    expect(task.candidateGroups).toEqual(['registration-reviewers']);
    expect(task.externalFormReference).toBe('unit-registration-review');
    expect(task.dueDate).not.toBeNull();

    // validated by the worker: in review, with the mirror row written by the listener
    const inReview = await sys.db('applications').where({ id: created.id }).first();
    expect(inReview.status).toBe('in_review');
    const mirrored = await sys.db('tasks').where({ user_task_key: task.userTaskKey }).first();
    expect(mirrored).toMatchObject({ application_id: created.id, form_key: 'unit-registration-review', state: 'CREATED', element_id: 'review' });
    expect(mirrored.candidate_groups).toEqual(['registration-reviewers']);

    const done = await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'approve' } });
    expect(done.status).toBe(204);

    await processState(created.processInstanceKey, 'COMPLETED');
    expect(await endEventOf(created.processInstanceKey)).toEqual(['activated']);

    const app = await sys.db('applications').where({ id: created.id }).first();
    expect(app).toMatchObject({ status: 'approved', decision: 'approve', secret_hash: null });
    const unit = await sys.db('units').where({ uscc: body.unit.uscc }).first();
    expect(unit).toMatchObject({ name: body.unit.name, status: 'active', registration_application_id: created.id, district: '110105' });
    const account = await sys.db('accounts').where({ unit_id: unit.id }).first();
    expect(account).toMatchObject({ login: body.unit.uscc, kind: 'unit-main', email: body.contact.email, status: 'active' });
    expect(account.password_hash).toMatch(/^scrypt\$/);
    expect((await sys.db('tasks').where({ user_task_key: task.userTaskKey }).first()).state).toBe('COMPLETED');
    const trail = await sys.db('audit').where({ application_id: created.id }).orderBy('id').pluck('action');
    expect(trail).toEqual(['submit', 'validated', 'approve']);

    const mail = await sys.sink.waitFor((m) => m.to.includes(body.contact.email));
    expect(mail.subject).toContain('注册已通过');
    expect(mail.subject).toContain(created.number);
    expect(mail.text).toContain(body.unit.uscc);
    const notes = await sys.db('notifications').where({ application_id: created.id }).orderBy('channel');
    expect(notes.map((n) => [n.channel, n.template, n.recipient])).toEqual([
      ['email', 'registration-approved', body.contact.email],
      ['sms', 'registration-approved', body.contact.mobile],
    ]);
    expect(notes.every((n) => n.sent_at)).toBe(true);
    const sms = await sys.db('sms_outbox').where({ recipient: body.contact.mobile }).whereLike('text', `%${created.number}%`);
    expect(sms).toHaveLength(1);
    expect(sms[0].text).toContain(`登录帐号：${body.unit.uscc}`);
  });

  it('overdue: when the engine clock passes the due date, review leads are reminded and the task stays open', async () => {
    const lead = await sys.db('accounts')
      .insert({ login: `lead-${Date.now()}`, password_hash: 'x', kind: 'reviewer', display_name: '王组长', email: `lead-${Date.now()}@example.test`, groups: ['registration-reviewers', 'review-leads'], status: 'active' })
      .returning('*');
    try {
      const { created } = await submit();
      const task = await reviewTask(created.processInstanceKey);
      const due = new Date(task.dueDate!).getTime();
      expect(due).toBeGreaterThan(Date.now());
      await withEngineClock(sys, due + 60_000, async () => {
        // other registrations still open from earlier tests fall due too: wait for this one's
        const mail = await sys.sink.waitFor((m) => m.to.includes(lead[0].email) && m.text.includes(created.number), 20000);
        expect(mail.subject).toContain('超期');
        await eventually(async () => (await sys.db('audit').where({ application_id: created.id, action: 'escalate' }).first()) ?? undefined, 10000, 'the escalation audit row');
        // non-interrupting: the review task is still open and can be completed
        const still = await sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${task.userTaskKey}`);
        expect(still.body.state).toBe('CREATED');
        expect((await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'approve' } })).status).toBe(204);
        await processState(created.processInstanceKey, 'COMPLETED');
      });
    } finally {
      await sys.db('accounts').where({ id: lead[0].id }).delete();
    }
  });

  it('escalation across a holiday: 3 working days from Tue 29 Sep 2026 skip National Day (1-7 Oct)', async () => {
    const lead = await sys.db('accounts')
      .insert({ login: `lead-h-${Date.now()}`, password_hash: 'x', kind: 'reviewer', display_name: '李组长', email: `lead-h-${Date.now()}@example.test`, groups: ['registration-reviewers', 'review-leads'], status: 'active' })
      .returning('*');
    const leadMail = (number: string) => sys.sink.messages.filter((m) => m.to.includes(lead[0].email) && m.text.includes(number));
    const escalations = (id: string) => sys.db('audit').where({ application_id: id, action: 'escalate' });
    const settle = () => new Promise((r) => setTimeout(r, 3000)); // three of the engine's 1 s due-date checks
    try {
      // the clock goes back from today (Nov 2026) to 10:00 Beijing time on Tue 29 Sep 2026
      await withEngineClock(sys, Date.parse('2026-09-29T02:00:00Z'), async () => {
        const { created } = await submit();
        const task = await reviewTask(created.processInstanceKey);
        // Wed 30 Sep (1), holidays 1-7 Oct, Thu 8 Oct (2), Fri 9 Oct (3): due at the end of 9 Oct, Beijing time
        expect(new Date(task.dueDate!).toISOString()).toBe('2026-10-09T15:59:59.999Z');
        const app = await sys.db('applications').where({ id: created.id }).first();
        expect(app.status).toBe('in_review');

        // Sat 3 Oct: three calendar (and, without the holiday, working) days have passed: no escalation
        await pinEngineClock(sys, Date.parse('2026-10-03T04:00:00Z'));
        await settle();
        expect(await escalations(created.id)).toHaveLength(0);
        expect(leadMail(created.number)).toHaveLength(0);

        // Fri 9 Oct 23:00 Beijing: the last working day, one hour before the due date: still nothing
        await pinEngineClock(sys, Date.parse('2026-10-09T15:00:00Z'));
        await settle();
        expect(await escalations(created.id)).toHaveLength(0);
        expect(leadMail(created.number)).toHaveLength(0);

        // Sat 10 Oct 00:00:30 Beijing: overdue, the review leads are reminded once
        await pinEngineClock(sys, Date.parse('2026-10-09T16:00:30Z'));
        const mail = await sys.sink.waitFor((m) => m.to.includes(lead[0].email) && m.text.includes(created.number), 20000);
        expect(mail.subject).toContain('超期');
        const [row] = await eventually(async () => {
          const rows = await escalations(created.id);
          return rows.length ? rows : undefined;
        }, 10000, 'the escalation audit row');
        expect(row.actor).toBe('system');
        expect(row.details.dueDate).toBe('2026-10-09T15:59:59.999Z');
        await settle();
        expect(await escalations(created.id)).toHaveLength(1);
        expect(leadMail(created.number)).toHaveLength(1);

        // the task stays open (non-interrupting) and is decided as usual
        const still = await sys.engineRest<{ state: string }>('GET', `/v2/user-tasks/${task.userTaskKey}`);
        expect(still.body.state).toBe('CREATED');
        expect((await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'approve' } })).status).toBe(204);
        await processState(created.processInstanceKey, 'COMPLETED');
        expect((await endEventOf(created.processInstanceKey)).sort()).toEqual(['activated', 'escalated']);
      });
    } finally {
      await sys.db('accounts').where({ id: lead[0].id }).delete();
    }
  });

  it('a second completion of the same task is refused by the engine', async () => {
    const { created } = await submit();
    const task = await reviewTask(created.processInstanceKey);
    expect((await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'approve' } })).status).toBe(204);
    const again = await sys.engineRest<{ title: string }>('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'reject' } });
    expect(again.status).toBe(404);
    await processState(created.processInstanceKey, 'COMPLETED');
    expect(await endEventOf(created.processInstanceKey)).toEqual(['activated']);
  });

  it('reject: nothing is activated, the contact gets the reason, and after 30 days without resubmission the case ends', async () => {
    const { body, created } = await submit();
    const task = await reviewTask(created.processInstanceKey);
    const reason = '营业执照图片不清晰 / The business licence image is unreadable';
    const done = await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables: { decision: 'reject', reason } });
    expect(done.status).toBe(204);

    await eventually(async () => {
      const r = await sys.engineRest<{ items: Array<{ elementId: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: created.processInstanceKey, state: 'ACTIVE' } });
      return r.body.items.some((i) => i.elementId === 'await-resubmission') || undefined;
    }, 15000, 'waiting for a resubmission');
    await withEngineClock(sys, Date.now() + 31 * 86_400_000, () => processState(created.processInstanceKey, 'COMPLETED'));
    expect(await endEventOf(created.processInstanceKey)).toEqual(['rejected']);
    const app = await sys.db('applications').where({ id: created.id }).first();
    expect(app).toMatchObject({ status: 'rejected', decision: 'reject', decision_reason: reason, unit_id: null });
    expect(await sys.db('units').where({ uscc: body.unit.uscc }).first()).toBeUndefined();
    expect(await sys.db('accounts').where({ login: body.unit.uscc }).first()).toBeUndefined();

    const mail = await sys.sink.waitFor((m) => m.to.includes(body.contact.email));
    expect(mail.subject).toContain('未通过');
    expect(mail.text).toContain(reason);
  });
});

describe('unit-registration: reject, correct, resubmit, approve', () => {
  it('keeps the data, loops back through validation and review, and the link works once', async () => {
    const { body, created } = await submit();
    const first = await reviewTask(created.processInstanceKey);
    await sys.engineRest('POST', `/v2/user-tasks/${first.userTaskKey}/completion`, { variables: { decision: 'reject', reason: '法定代表人姓名有误 / wrong legal representative' } });
    const mail = await sys.sink.waitFor((m) => m.to.includes(body.contact.email) && m.subject.includes('未通过'));
    const link = /#\/register\/resubmit\?id=([0-9a-f-]+)&token=([A-Za-z0-9_-]+)/.exec(mail.text);
    expect(link).not.toBeNull();
    const [, id, token] = link!;
    expect(id).toBe(created.id);
    // the SMS went to the contact's mobile through the outbox provider, once
    const sms = await eventually(async () => (await sys.db('sms_outbox').where({ recipient: body.contact.mobile }).whereLike('text', `%${created.number}%`)).length > 0 || undefined, 15000, 'the rejection SMS');
    expect(sms).toBe(true);
    await eventually(async () => {
      const r = await sys.engineRest<{ items: Array<{ elementId: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: created.processInstanceKey, state: 'ACTIVE' } });
      return r.body.items.some((i) => i.elementId === 'await-resubmission') || undefined;
    }, 15000, 'waiting for the resubmission');

    const kept = await fetch(`${sys.url}/api/registrations/${id}/resubmission?token=${token}`).then((r) => r.json() as Promise<{ data: { unit: { uscc: string }; contact: Record<string, unknown> } }>);
    expect(kept.data.unit.uscc).toBe(body.unit.uscc);
    expect(kept.data.contact).not.toHaveProperty('password');

    const corrected = { ...body, unit: { ...body.unit, legalRepresentative: '张三丰' } };
    const post = (b: unknown) => fetch(`${sys.url}/api/registrations/${id}/resubmission`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    const bad = await post({ token, registration: { ...corrected, contact: { ...corrected.contact, mobile: '123' } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: object } }).error.fields).toHaveProperty(['contact.mobile']);
    const ok = await post({ token, registration: corrected });
    expect(ok.status).toBe(202);
    expect((await post({ token, registration: corrected })).status).toBe(404); // used

    const second = await eventually(async () => {
      const r = await sys.engineRest<{ items: UserTask[] }>('POST', '/v2/user-tasks/search', { filter: { processInstanceKey: created.processInstanceKey, state: 'CREATED' } });
      return r.body.items.find((t) => t.userTaskKey !== first.userTaskKey);
    }, 20000, 'the second review task');
    expect((await sys.db('applications').where({ id }).first()).status).toBe('in_review');
    await sys.engineRest('POST', `/v2/user-tasks/${second.userTaskKey}/completion`, { variables: { decision: 'approve' } });
    await processState(created.processInstanceKey, 'COMPLETED');
    expect(await endEventOf(created.processInstanceKey)).toEqual(['activated']);
    const unit = await sys.db('units').where({ uscc: body.unit.uscc }).first();
    expect(unit.legal_representative).toBe('张三丰');
    const trail = await sys.db('audit').where({ application_id: id }).orderBy('id').pluck('action');
    expect(trail).toEqual(['submit', 'validated', 'reject', 'resubmit', 'validated', 'approve']);
    const texts = (await sys.db('sms_outbox').where({ recipient: body.contact.mobile }).pluck('text')).filter((t: string) => t.includes(created.number));
    expect(texts).toHaveLength(2);
    expect(texts.some((t: string) => t.includes('已审核通过'))).toBe(true);
  });
});
