/**
 * inspector-qualification on the real engine: a person applies once in each category
 * (obtain, renew by exam, renew by review, change) with a photo and attachments, title, employer,
 * person type and the items already held; the authority accepts and reviews; the person's list
 * shows each application's status (待受理 before acceptance) and filters it. Before acceptance the
 * person may withdraw (the process ends as 已撤销, the acceptance task leaves the inbox); after
 * acceptance a withdrawal is refused with the reason and nothing is written. Unit accounts cannot apply.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../../core/passwords';
import { FORM, GROUP } from '../../domain/registry';
import { idCheckChar } from '../../domain/validators';
import { PNG } from '../support/fixtures';
import { Client, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { complete, completeTask, licensingUnit, staffClient, taskOf } from '../support/licensing';

let sys: TestSystem;
let person: Client;
let authority: Client;
let otherLogin: string;

beforeAll(async () => {
  sys = await startTestSystem();
  const login = `p${Date.now().toString(36)}`;
  await sys.db('accounts').insert({ login, password_hash: await hashPassword('Person2026!x'), kind: 'person', display_name: '孙雪峰', email: `${login}@example.test`, status: 'active' });
  person = await signIn(sys.url, login, 'Person2026!x');
  otherLogin = `${login}o`;
  await sys.db('accounts').insert({ login: otherLogin, password_hash: await hashPassword('Person2026!x'), kind: 'person', display_name: '李四', email: `${otherLogin}@example.test`, status: 'active' });
  authority = await staffClient(sys, [GROUP.inspectorAuthority]);
}, 60_000);
afterAll(async () => {
  await sys?.stop();
});

const idNumber = () => {
  const f = `11010819880315${String(100 + Math.floor(Math.random() * 899))}`;
  return f + idCheckChar(f);
};

async function upload(name: string) {
  const r = await person.upload(name, PNG);
  expect(r.status).toBe(201);
  return { id: r.body.id as string, name: r.body.name as string };
}

async function application(category: string, itemCode: string, extra: Record<string, unknown> = {}) {
  return {
    name: '孙雪峰', idNumber: idNumber(), mobile: '18311112222', email: 'sxf@example.test', education: 'bachelor', major: '机械工程', workYears: 6,
    professionalTitle: 'engineer', employer: '北京市特种设备检测中心', personType: itemCode.startsWith('S-') ? 'tester' : 'inspector',
    heldItems: [{ personType: 'inspector', itemCode: 'Y-RQ', firstIssued: '2020-04-01', validUntil: '2024-03-01' }],
    category, itemCode, photo: [await upload('photo.png')], attachments: [await upload('application-form.png'), await upload('diploma.png')], declaration: true, ...extra,
  };
}

it('a person applies once in each category; the authority accepts and reviews; the list shows each status', async () => {
  const cases = [
    { category: 'obtain', itemCode: 'Y-GL', accept: true, approve: true },
    { category: 'renew-exam', itemCode: 'Y-RQ', accept: true, approve: true, extra: { certificateNo: 'TSZ-Y-RQ-2022-0101' } },
    { category: 'renew-review', itemCode: 'Y-DT', accept: true, approve: false, extra: { certificateNo: 'TSZ-Y-DT-2021-0033' } },
    { category: 'change', itemCode: 'S-QZ', accept: false, approve: false, extra: { certificateNo: 'TSZ-S-QZ-2023-0007', changeDetails: '工作单位变更' } },
  ];
  // an item code outside the seeded list is refused
  const bad = await person.call('POST', '/api/applications', { processId: 'inspector-qualification', data: await application('obtain', 'X-XX') });
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields.itemCode).toBeDefined();
  // renewing needs the current certificate number
  const noCert = await person.call('POST', '/api/applications', { processId: 'inspector-qualification', data: await application('renew-exam', 'Y-RQ') });
  expect(noCert.status).toBe(400);
  expect(noCert.body.error.fields.certificateNo).toBeDefined();

  // the photo must be a picture, not a PDF
  const pdf = await person.upload('photo.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
  expect(pdf.status).toBe(201);
  const notPhoto = await person.call('POST', '/api/applications', { processId: 'inspector-qualification', data: { ...(await application('obtain', 'Y-GL')), photo: [{ id: pdf.body.id, name: 'photo.pdf' }] } });
  expect(notPhoto.status).toBe(400);
  expect(notPhoto.body.error.fields.photo).toBeDefined();

  const ids: string[] = [];
  for (const c of cases) {
    const r = await person.call('POST', '/api/applications', { processId: 'inspector-qualification', data: await application(c.category, c.itemCode, c.extra) });
    expect(r.status).toBe(201);
    ids.push(r.body.id);
  }
  const items = await person.call('GET', '/api/inspector/items');
  expect(items.body.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['Y-GL', 'Y-RQ', 'Y-DT', 'S-QZ']));

  for (const [i, c] of cases.entries()) {
    const r = await complete(authority, ids[i], FORM.inspectorAccept, c.accept ? { decision: 'accept' } : { decision: 'reject', reason: '材料不齐全' });
    expect(r.status).toBe(200);
  }
  for (const [i, c] of cases.entries()) {
    if (!c.accept) continue;
    await eventually(async () => (await sys.db('applications').where({ id: ids[i] }).first()).status === 'accepted', 20000, 'accepted');
    const r = await complete(authority, ids[i], FORM.inspectorReview, c.approve ? { decision: 'approve' } : { decision: 'reject', reason: '继续教育学时不足' });
    expect(r.status).toBe(200);
  }
  const want = ['approved', 'approved', 'rejected', 'rejected'];
  await eventually(async () => {
    const list = await person.call('GET', '/api/inspector/applications');
    const byId = new Map(list.body.items.map((x: { id: string; status: string }) => [x.id, x.status]));
    return ids.every((id, i) => byId.get(id) === want[i]);
  }, 20000, 'final statuses');
  const list = await person.call('GET', '/api/inspector/applications');
  expect(list.body.items.find((x: { id: string }) => x.id === ids[0])).toMatchObject({ personType: 'inspector', itemName: '锅炉检验员', authority: '国家市场监督管理总局', withdrawable: false });
  const rows = ids.map((id) => list.body.items.find((x: { id: string }) => x.id === id));
  expect(rows.map((r) => [r.category, r.itemCode, r.status])).toEqual(cases.map((c, i) => [c.category, c.itemCode, want[i]]));
  expect(rows[0].acceptedAt).not.toBeNull();
  expect(rows[3]).toMatchObject({ acceptedAt: null, reason: '材料不齐全' });
  expect(rows[2].reason).toBe('继续教育学时不足');
  // the person's cases, and only theirs
  const mine = await person.call('GET', '/api/applications');
  expect(mine.body.items.map((x: { id: string }) => x.id).sort()).toEqual([...ids].sort());
  expect((await person.call('GET', `/api/applications/${ids[0]}`)).body.data.photo[0].name).toBe('photo.png');
}, 120_000);

it('is for persons: a unit account cannot apply, and a person cannot apply for a unit licence', async () => {
  const { client: unit } = await licensingUnit(sys, '人员资格测试单位');
  const r = await unit.call('POST', '/api/applications', { processId: 'inspector-qualification', data: {} });
  expect(r.status).toBe(403);
  const p = await person.call('POST', '/api/applications', { processId: 'production-licence', data: {} });
  expect(p.status).toBe(403);
});

const post = (processId: string, data: Record<string, unknown>) => person.call('POST', '/api/applications', { processId, data });

it('checks the person type against the item, and the items already held', async () => {
  const r = await post('inspector-qualification', await application('obtain', 'S-DT', {
    personType: 'inspector',
    heldItems: [
      { personType: 'inspector', itemCode: 'Y-QP', firstIssued: '2021-02-30', validUntil: '2025-01-01' },
      { personType: 'tester', itemCode: 'Y-GL', firstIssued: '2020-01-01', validUntil: '2019-01-01' },
    ],
  }));
  expect(r.status).toBe(400);
  expect(r.body.error.fields.itemCode).toMatch(/不是检验人员的项目/);
  expect(r.body.error.fields['heldItems.0.firstIssued']).toMatch(/初次取证日期无效/);
  expect(r.body.error.fields['heldItems.1.itemCode']).toMatch(/不是检测人员的项目/);
  expect(r.body.error.fields['heldItems.1.validUntil']).toMatch(/应晚于初次取证日期/);
  expect(await sys.db('applications').where({ applicant_login: person.login, process_id: 'inspector-qualification' }).whereRaw("data->>'itemCode' = 'S-DT'")).toHaveLength(0);
});

it("offers the manual's full item-code list, the same in the form and the catalogue", async () => {
  const items = (await person.call('GET', '/api/inspector/items')).body.items as Array<{ code: string; type: string }>;
  expect(items.map((i) => i.code)).toEqual([
    'Y-GL', 'Y-NX', 'Y-RQ', 'Y-SZ', 'Y-GD', 'Y-QP', 'Y-DT', 'Y-QZ', 'Y-YL', 'Y-SD', 'Y-CC', 'GS-CY', 'GS-JD', 'S-GL', 'S-QZ', 'S-SD', 'S-JJ', 'S-RG', 'S-DT', 'S-YL',
  ]);
  expect(items.filter((i) => i.type === 'tester').every((i) => i.code.startsWith('S-'))).toBe(true);
  const form = JSON.parse(fs.readFileSync(path.join(__dirname, '../../forms/inspector-qualification.json'), 'utf8')) as { components: Array<{ key: string; data?: { values: Array<{ value: string }> } }> };
  expect(form.components.find((c) => c.key === 'itemCode')!.data!.values.map((v) => v.value)).toEqual(items.map((i) => i.code));
});

describe('withdrawal', () => {
  it('before acceptance: the application is withdrawn (已撤销), the process ends there and the acceptance task leaves the inbox', async () => {
    const r = await post('inspector-qualification', await application('obtain', 'Y-SD'));
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    const task = await taskOf(authority, id, FORM.inspectorAccept);
    // waiting for acceptance: 待受理 (submitted) and withdrawable
    const before = (await person.call('GET', '/api/inspector/applications?status=submitted')).body.items.find((x: { id: string }) => x.id === id);
    expect(before).toMatchObject({ status: 'submitted', withdrawable: true, acceptedAt: null });
    const w = await person.call('POST', `/api/inspector/applications/${id}/withdraw`, { reason: '资料需重新准备' });
    expect(w.status).toBe(200);
    expect(await sys.db('applications').where({ id }).first()).toMatchObject({ status: 'withdrawn', decision_reason: '资料需重新准备' });
    await eventually(async () => (await sys.db('tasks').where({ user_task_key: task.id }).first())?.state === 'CANCELED', 20000, 'the acceptance task cancelled');
    const key = (await sys.db('applications').where({ id }).first()).process_instance_key;
    await eventually(async () => {
      const pi = await sys.engineRest<{ items: Array<{ state: string }> }>('POST', '/v2/process-instances/search', { filter: { processInstanceKey: key } });
      return pi.body.items?.[0]?.state === 'COMPLETED';
    }, 20000, 'the process ended');
    const ended = await sys.engineRest<{ items: Array<{ elementId: string }> }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: key, type: 'END_EVENT' } });
    expect(ended.body.items.map((e) => e.elementId)).toEqual(['withdrawn']);
    // a second withdrawal says so and changes nothing
    const again = await person.call('POST', `/api/inspector/applications/${id}/withdraw`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_WITHDRAWN');
    const list = await person.call('GET', '/api/inspector/applications?status=withdrawn');
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(id);
    // the acceptance task is gone: the authority cannot accept it any more
    const late = await completeTask(authority, task.id, { decision: 'accept' });
    expect(late.status).toBeGreaterThanOrEqual(400);
    expect((await sys.db('applications').where({ id }).first()).status).toBe('withdrawn');
  }, 60_000);

  it('an acceptance that meets a withdrawal still on its way to the engine is refused 409, nothing written', async () => {
    const r = await post('inspector-qualification', await application('obtain', 'GS-CY'));
    const id = r.body.id as string;
    const task = await taskOf(authority, id, FORM.inspectorAccept);
    // the person's withdrawal is recorded; its message has not reached the engine yet
    await sys.db('applications').where({ id }).update({ status: 'withdrawn' });
    const audits = await sys.db('audit').where({ application_id: id }).count<{ n: string }[]>({ n: '*' });
    const accept = await completeTask(authority, task.id, { decision: 'accept' });
    expect(accept.status).toBe(409);
    expect(accept.body.error.code).toBe('WITHDRAWN');
    expect(accept.body.error.message).toMatch(/申请人已撤回/);
    expect((await sys.db('applications').where({ id }).first()).status).toBe('withdrawn');
    expect(await sys.db('audit').where({ application_id: id }).count<{ n: string }[]>({ n: '*' })).toEqual(audits);
    expect((await sys.db('tasks').where({ user_task_key: task.id }).first()).state).toBe('CREATED');
    // the message arrives: the task leaves the inbox
    await sys.engine.zeebe.publishMessage({ name: 'inspector-qualification-withdrawn', correlationKey: id, variables: {} as never, timeToLive: 60_000 });
    await eventually(async () => (await sys.db('tasks').where({ user_task_key: task.id }).first())?.state === 'CANCELED', 20000, 'the acceptance task cancelled');
  }, 60_000);

  it('after acceptance: refused 409 with the reason, nothing written, the review goes on', async () => {
    const r = await post('inspector-qualification', await application('obtain', 'Y-YL'));
    const id = r.body.id as string;
    expect((await complete(authority, id, FORM.inspectorAccept, { decision: 'accept' })).status).toBe(200);
    // accepted at once, with the acceptance date
    expect((await sys.db('applications').where({ id }).first()).status).toBe('accepted');
    const review = await taskOf(authority, id, FORM.inspectorReview);
    const audits = await sys.db('audit').where({ application_id: id }).count<{ n: string }[]>({ n: '*' });
    const w = await person.call('POST', `/api/inspector/applications/${id}/withdraw`, { reason: '不想办了' });
    expect(w.status).toBe(409);
    expect(w.body.error).toMatchObject({ code: 'ALREADY_ACCEPTED' });
    expect(w.body.error.message).toMatch(/申请已受理，受理后不能撤回/);
    const row = await sys.db('applications').where({ id }).first();
    expect(row).toMatchObject({ status: 'accepted', decision_reason: null, decided_at: null });
    expect(await sys.db('audit').where({ application_id: id }).count<{ n: string }[]>({ n: '*' })).toEqual(audits);
    expect((await sys.db('tasks').where({ user_task_key: review.id }).first()).state).toBe('CREATED');
    const item = (await person.call('GET', '/api/inspector/applications?status=accepted')).body.items.find((x: { id: string }) => x.id === id);
    expect(item).toMatchObject({ withdrawable: false });
    expect(item.acceptedAt).not.toBeNull();
    // the review still completes
    expect((await complete(authority, id, FORM.inspectorReview, { decision: 'approve' })).status).toBe(200);
    await eventually(async () => (await sys.db('applications').where({ id }).first()).status === 'approved', 20000, 'approved');
  }, 60_000);

  it("only the person's own applications: another person's is not found", async () => {
    const r = await post('inspector-qualification', await application('obtain', 'Y-CC'));
    const other = await signIn(sys.url, otherLogin, 'Person2026!x');
    expect((await other.call('POST', `/api/inspector/applications/${r.body.id}/withdraw`, {})).status).toBe(404);
    expect((await sys.db('applications').where({ id: r.body.id }).first()).status).toBe('submitted');
  });
});

it("the person's list filters by item, person type, category, status and year", async () => {
  const all = (await person.call('GET', '/api/inspector/applications?pageSize=200')).body;
  expect(all.total).toBeGreaterThan(4);
  const byItem = (await person.call('GET', `/api/inspector/applications?item=${encodeURIComponent('游乐')}`)).body.items;
  expect(byItem.length).toBeGreaterThan(0);
  expect(byItem.every((x: { itemCode: string }) => x.itemCode === 'Y-YL')).toBe(true);
  const testers = (await person.call('GET', '/api/inspector/applications?personType=tester')).body.items;
  expect(testers.map((x: { itemCode: string }) => x.itemCode).sort()).toEqual(['S-QZ']);
  const changes = (await person.call('GET', '/api/inspector/applications?category=change')).body.items;
  expect(changes.every((x: { category: string }) => x.category === 'change')).toBe(true);
  const year = new Date().getFullYear();
  expect((await person.call('GET', `/api/inspector/applications?year=${year}`)).body.total).toBe(all.total);
  expect((await person.call('GET', `/api/inspector/applications?year=${year - 1}`)).body.total).toBe(0);
  const bad = await person.call('GET', '/api/inspector/applications?status=nonsense&personType=x');
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['personType', 'status']);
});
