/** account-appeal and unit-info-change on the real engine: approve and reject paths, rows, e-mails, links. */
import { anonymousVisitor, type AnonymousVisitor } from '../support/anonymous';
import { freshUscc, PNG } from '../support/fixtures';
import { Client, createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { idCheckChar } from '../../domain/validators';
import { createUnit, freshLogin, createUnitAccount } from '../support/factories';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem();
  visitor = anonymousVisitor(sys.url);
});
afterAll(async () => {
  await sys?.stop();
});

async function unitWithMain() {
  const uscc = freshUscc();
  const unit = await createUnit(sys.db, { uscc, name: `申诉测试单位${uscc.slice(-6)}`, legal_representative: '冯一', district: '110102', address: '北京市西城区旧址 1 号', postcode: '100032', phone: '010-2' });
  const login = freshLogin('ap');
  await createUnitAccount(sys.db, unit.id, { login, password: 'OldPass2026', displayName: '前任联系人', email: `old-${login}@example.test`, mobile: '13600000000' });
  return { unit, login };
}

/** The appellant's browser before sign-in (its uploads carry its cookie). */
let visitor: AnonymousVisitor;
async function anonymousUpload(): Promise<{ id: string; name: string }> {
  const b = await visitor.upload('授权书.png');
  return { id: b.id, name: b.name };
}

const validId = () => {
  const f = `11010219850612${String(100 + Math.floor(Math.random() * 899))}`;
  return f + idCheckChar(f);
};

async function reviewAndDecide(processInstanceKey: string, variables: Record<string, unknown>) {
  const task = await eventually(async () => {
    const r = await sys.engineRest<{ items: Array<{ userTaskKey: string; state: string }> }>('POST', '/v2/user-tasks/search', { filter: { processInstanceKey, state: 'CREATED' } });
    return r.body.items[0];
  }, 20000, 'review task');
  expect((await sys.engineRest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables })).status).toBe(204);
  await eventually(async () => ((await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${processInstanceKey}`)).body.state === 'COMPLETED') || undefined, 20000, 'completed');
}

/** As Form.io submits it: dotted keys become nested objects. */
const appeal = (unit: { name: string; uscc: string }, letter: { id: string; name: string }, contact: Record<string, string> = {}) => ({
  unit: { name: unit.name, uscc: unit.uscc },
  contact: { name: '新联系人', idNumber: validId(), mobile: '13911112222', email: `new-${unit.uscc.toLowerCase()}@example.test`, ...contact },
  reason: 'manager-left',
  authorisationLetter: [{ storage: 'url', originalName: letter.name, data: letter }],
  commitment: true,
});
const postAppeal = (body: unknown) => visitor.send('POST', '/api/appeals', body);

describe('account-appeal', () => {
  it('approve: the contact is replaced and gets a one-time link to set the password', async () => {
    const { unit, login } = await unitWithMain();
    const body = appeal(unit, await anonymousUpload());
    const res = await postAppeal(body);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; number: string; processInstanceKey: string };
    expect((await sys.db('audit').where({ application_id: created.id }).first()).details.contactIdNumber).toMatch(/^\d{6}\*{11}[\dX]$/);
    await reviewAndDecide(created.processInstanceKey, { decision: 'approve' });
    const account = await sys.db('accounts').where({ login }).first();
    expect(account).toMatchObject({ display_name: '新联系人', mobile: '13911112222', email: body.contact.email });
    const mail = await sys.sink.waitFor((m) => m.to.includes(body.contact.email));
    expect(mail.subject).toContain('申诉已通过');
    const token = /#\/password-set\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const set = (t: string) => fetch(`${sys.url}/api/password-set`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: t, password: 'Fresh2026x', passwordConfirm: 'Fresh2026x' }) });
    const first = await set(token);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ login });
    expect((await set(token)).status).toBe(404); // used
    await expect(signIn(sys.url, login, 'Fresh2026x')).resolves.toBeDefined();
  });

  it('reject: nothing changes and the appellant gets the reason', async () => {
    const { unit, login } = await unitWithMain();
    const body = appeal(unit, await anonymousUpload());
    const created = (await (await postAppeal(body)).json()) as { id: string; processInstanceKey: string };
    await reviewAndDecide(created.processInstanceKey, { decision: 'reject', reason: '授权书未盖章 / the letter is not stamped' });
    expect((await sys.db('accounts').where({ login }).first()).display_name).toBe('前任联系人');
    expect((await sys.db('applications').where({ id: created.id }).first()).status).toBe('rejected');
    const mail = await sys.sink.waitFor((m) => m.to.includes(body.contact.email));
    expect(mail.text).toContain('授权书未盖章');
  });

  it('refuses a bad ID number, a used letter and an unknown unit, storing nothing', async () => {
    const { unit } = await unitWithMain();
    const before = Number((await sys.db('applications').where({ process_id: 'account-appeal' }).count())[0].count);
    const letter = await anonymousUpload();
    const good = validId();
    const badId = await postAppeal(appeal(unit, letter, { idNumber: good.slice(0, 17) + (good[17] === '0' ? '1' : '0') }));
    expect(badId.status).toBe(400);
    expect(Object.keys(((await badId.json()) as { error: { fields: object } }).error.fields)).toEqual(['contact.idNumber']);
    const unknown = await postAppeal(appeal({ name: '不存在的单位', uscc: unit.uscc }, letter));
    expect(unknown.status).toBe(422);
    const ok = await postAppeal(appeal(unit, letter));
    expect(ok.status).toBe(201);
    const reused = await postAppeal(appeal(unit, letter));
    expect(reused.status).toBe(400);
    expect(Object.keys(((await reused.json()) as { error: { fields: object } }).error.fields)).toEqual(['authorisationLetter']);
    expect(Number((await sys.db('applications').where({ process_id: 'account-appeal' }).count())[0].count)).toBe(before + 1);
  });
});

describe('unit-info-change', () => {
  let main: Client;
  let unitId: string;
  beforeEach(async () => {
    const { unit, login } = await unitWithMain();
    unitId = unit.id;
    main = await signIn(sys.url, login, 'OldPass2026');
  });

  it('approve: the requested values replace the current ones; the review sees both side by side; the audit keeps the old values', async () => {
    const own = (await main.upload('变更证明.png', PNG)).body as { id: string };
    const res = await main.call('POST', '/api/applications', {
      processId: 'unit-info-change',
      data: { reason: 'information-change', address: '北京市西城区新址 99 号', postcode: '100033', proof: [{ data: { id: own.id, name: '变更证明.png' } }] },
    });
    expect(res.status).toBe(201);
    const task = await eventually(async () => (await sys.db('tasks').where({ process_instance_key: res.body.processInstanceKey, state: 'CREATED' }).first()) ?? undefined, 20000, 'mirror row');
    const reviewer = await createAccount(sys, { groups: ['unit-reviewers'] });
    const admin = await signIn(sys.url, reviewer.login, reviewer.password);
    const detail = await admin.call('GET', `/api/tasks/${task.user_task_key}`);
    expect(detail.body.current).toMatchObject({ address: '北京市西城区旧址 1 号', postcode: '100032' });
    expect(detail.body.case.data).toMatchObject({ address: '北京市西城区新址 99 号', postcode: '100033' });
    expect((await admin.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'approve' } })).status).toBe(200);
    await eventually(async () => (await sys.db('applications').where({ id: res.body.id, status: 'approved' }).first()) ?? undefined, 20000, 'approved');
    expect(await sys.db('units').where({ id: unitId }).first()).toMatchObject({ address: '北京市西城区新址 99 号', postcode: '100033', legal_representative: '冯一' });
    const changed = await sys.db('audit').where({ application_id: res.body.id, action: 'unit-changed' }).first();
    expect(changed.details).toEqual({ before: { address: '北京市西城区旧址 1 号', postcode: '100032' }, after: { address: '北京市西城区新址 99 号', postcode: '100033' } });
  });

  it('a new authorised contact, confirmed by the SMS code to the new mobile: approved, the main account has the new name and mobile; the code is not kept with the request', async () => {
    const mobile = `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    expect((await main.call('POST', '/api/unit/info-change/contact-code', { mobile })).status).toBe(202);
    const code = /验证码 (\d{6})/.exec((await sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first()).text)![1];
    const own = (await main.upload('授权书.png', PNG)).body as { id: string };
    const res = await main.call('POST', '/api/applications', {
      processId: 'unit-info-change',
      data: { reason: 'information-change', contactName: '新联系人', contactMobile: mobile, contactCode: code, proof: [{ data: { id: own.id, name: '授权书.png' } }] },
    });
    expect(res.status).toBe(201);
    const app = await sys.db('applications').where({ id: res.body.id }).first();
    expect(app.data).toMatchObject({ contactName: '新联系人', contactMobile: mobile });
    expect(app.data).not.toHaveProperty('contactCode');
    // the code is used up
    const again = await main.call('POST', '/api/applications', { processId: 'unit-info-change', data: { reason: 'information-change', contactName: '新联系人', contactMobile: mobile, contactCode: code, proof: [{ data: { id: own.id, name: '授权书.png' } }] } });
    expect(again.status).toBe(422);
    const task = await eventually(async () => (await sys.db('tasks').where({ process_instance_key: res.body.processInstanceKey, state: 'CREATED' }).first()) ?? undefined, 20000, 'mirror row');
    const reviewer = await createAccount(sys, { groups: ['unit-reviewers'] });
    const admin = await signIn(sys.url, reviewer.login, reviewer.password);
    const detail = await admin.call('GET', `/api/tasks/${task.user_task_key}`);
    expect(detail.body.current).toMatchObject({ contactName: '前任联系人', contactMobile: '13600000000' });
    expect((await admin.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'approve' } })).status).toBe(200);
    await eventually(async () => (await sys.db('applications').where({ id: res.body.id, status: 'approved' }).first()) ?? undefined, 20000, 'approved');
    expect(await sys.db('accounts').where({ unit_id: unitId, kind: 'unit-main' }).first()).toMatchObject({ display_name: '新联系人', mobile });
    expect((await sys.db('units').where({ id: unitId }).first()).address).toBe('北京市西城区旧址 1 号');
    const changed = await sys.db('audit').where({ application_id: res.body.id, action: 'unit-changed' }).first();
    expect(changed.details).toEqual({ before: { 'contact.display_name': '前任联系人', 'contact.mobile': '13600000000' }, after: { 'contact.display_name': '新联系人', 'contact.mobile': mobile } });
  });

  it('the history lists the requests with reason and review status as conditions; a pending one is withdrawn (its review cancelled), a decided one is not', async () => {
    const own = (await main.upload('证明.png', PNG)).body as { id: string };
    const proof = [{ data: { id: own.id, name: '证明.png' } }];
    const a = await main.call('POST', '/api/applications', { processId: 'unit-info-change', data: { reason: 'merge', postcode: '100034', proof } });
    const b = await main.call('POST', '/api/applications', { processId: 'unit-info-change', data: { reason: 'information-change', postcode: '100035', proof } });
    expect([a.status, b.status]).toEqual([201, 201]);
    const list = async (q: string) => (await main.call('GET', `/api/unit/info-changes?${q}`)).body as { items: Array<{ id: string; status: string; reason: string; requested: Record<string, string>; withdrawable: boolean }>; total: number };
    expect((await list('reason=merge')).items.map((i) => i.id)).toEqual([a.body.id]);
    expect((await list('status=pending')).items.map((i) => i.id)).toEqual([b.body.id, a.body.id]);
    expect((await list('reason=information-change')).items[0]).toMatchObject({ id: b.body.id, status: 'pending', requested: { postcode: '100035' }, withdrawable: true });
    await eventually(async () => (await sys.db('tasks').where({ process_instance_key: a.body.processInstanceKey, state: 'CREATED' }).first()) ?? undefined, 20000, 'review task');
    expect((await main.call('DELETE', `/api/unit/info-changes/${a.body.id}`)).status).toBe(204);
    expect((await sys.db('applications').where({ id: a.body.id }).first()).status).toBe('terminated');
    await eventually(async () => ((await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${a.body.processInstanceKey}`)).body.state === 'TERMINATED') || undefined, 20000, 'cancelled');
    await eventually(async () => (await sys.db('tasks').where({ process_instance_key: a.body.processInstanceKey, state: 'CREATED' }).first()) ? undefined : true, 20000, 'task gone from the inbox');
    expect((await list('status=terminated')).items.map((i) => i.id)).toEqual([a.body.id]);
    expect((await main.call('DELETE', `/api/unit/info-changes/${a.body.id}`)).status).toBe(409);
    expect((await main.call('GET', '/api/unit/info-changes?status=done')).status).toBe(400);
    expect((await sys.db('units').where({ id: unitId }).first()).postcode).toBe('100032');
  });

  it('refuses a change that changes nothing, and a USCC another unit has', async () => {
    const other = await unitWithMain();
    const r = await main.call('POST', '/api/applications', { processId: 'unit-info-change', data: { reason: 'merge', address: '北京市西城区旧址 1 号', uscc: other.unit.uscc, proof: [] } });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['proof', 'uscc']);
    const none = await main.call('POST', '/api/applications', { processId: 'unit-info-change', data: { reason: 'merge', address: '北京市西城区旧址 1 号' } });
    expect(Object.keys(none.body.error.fields).sort()).toEqual(['name', 'proof']);
  });
});
