/** appraisal-review API edges: who may create projects, the published documents list (public) and publishing (office only). */
import { PNG } from '../support/fixtures';
import { createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { signedInUnit } from '../support/factories';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

async function unitAccount(kind: 'unit-main' | 'unit-sub', permissions: string[] = []) {
  const { unit, client } = await signedInUnit(sys, { unit: { name: '接口测试单位', address: '北京市朝阳区 1 号', phone: '010-1' }, account: { kind, permissions, displayName: '单位' } });
  return { unit, client };
}

it('only unit accounts (sub-accounts with the appraisal permission) create projects; the draft starts from the unit profile', async () => {
  const reviewer = await createAccount(sys, { groups: ['appraisal-office'] });
  const staff = await signIn(sys.url, reviewer.login, reviewer.password);
  expect((await staff.call('POST', '/api/appraisals', { data: {} })).status).toBe(403);
  const sub = await unitAccount('unit-sub', ['qualification']);
  expect((await sub.client.call('POST', '/api/appraisals', { data: {} })).status).toBe(403);
  const main = await unitAccount('unit-main');
  expect((await main.client.call('POST', '/api/appraisals', { data: [] })).status).toBe(400);
  const ok = await main.client.call('POST', '/api/appraisals', { data: { contactName: '陈晨' } });
  expect(ok.status).toBe(201);
  const app = await sys.db('applications').where({ id: ok.body.id }).first();
  expect(app).toMatchObject({ status: 'draft', process_id: 'appraisal-review', unit_id: main.unit.id, number: ok.body.number });
  expect(app.data).toMatchObject({ contactName: '陈晨', uscc: main.unit.uscc, legalRepresentative: '王一' });
  // other units and anonymous callers do not see its files
  const other = await unitAccount('unit-main');
  expect((await other.client.call('GET', `/api/appraisals/${ok.body.id}/files`)).status).toBe(404);
  expect((await fetch(`${sys.url}/api/appraisals/${ok.body.id}/files`)).status).toBe(401);
  expect((await staff.call('GET', `/api/appraisals/${ok.body.id}/files`)).body).toEqual({ number: ok.body.number, items: [] });
});

it('published appraisal documents: the office publishes, anyone reads the list and the file; units cannot publish', async () => {
  const officeAccount = await createAccount(sys, { groups: ['appraisal-office'] });
  const office = await signIn(sys.url, officeAccount.login, officeAccount.password);
  const file = (await office.upload('评审细则.png', PNG)).body;
  const unit = await unitAccount('unit-main');
  expect((await unit.client.call('POST', '/api/appraisal-documents', { title: '不应发布' })).status).toBe(403);
  const bad = await office.call('POST', '/api/appraisal-documents', { title: '' });
  expect([bad.status, Object.keys(bad.body.error.fields)]).toEqual([400, ['title']]);
  const pub = await office.call('POST', '/api/appraisal-documents', { title: '鉴定评审工作通知', docNumber: '中特协〔2026〕20号', summary: '现场评审安排', fileId: file.id });
  expect(pub.status).toBe(201);
  const list = (await (await fetch(`${sys.url}/api/public/appraisal-documents`)).json()) as { items: Array<{ id: string; url: string }> };
  const item = list.items.find((i) => i.id === pub.body.id)!;
  expect(item).toMatchObject({ title: '鉴定评审工作通知', docNumber: '中特协〔2026〕20号', summary: '现场评审安排' });
  const got = await fetch(`${sys.url}${item.url}`);
  expect([got.status, got.headers.get('content-type')]).toEqual([200, 'image/png']);
});

it("lists the unit's projects as the manual does: province, unit, contact, status, the step each waits at and its deadline, filtered on the server", async () => {
  const main = await unitAccount('unit-main');
  const create = async (province: string) => (await main.client.call('POST', '/api/appraisals', { data: { province, contactName: '陈晨', contactPhone: '010-64288888' } })).body as { id: string; number: string };
  const beijing = await create('北京市');
  const national = await create('市场总局');
  // each project waits at its first step (the unit fills it in) once the engine has created it
  const tasks = await eventually(async () => {
    const rows = await sys.db('tasks').whereIn('application_id', [beijing.id, national.id]).where({ state: 'CREATED' });
    return rows.length === 2 && rows;
  }, 15000, 'both projects at their first step');
  await sys.db('tasks').where({ user_task_key: tasks.find((t) => t.application_id === beijing.id)!.user_task_key }).update({ due_date: new Date('2026-12-10T09:00:00Z') });
  const list = async (q = '') => {
    const r = await main.client.call('GET', `/api/appraisals${q}`);
    expect(r.status).toBe(200);
    return r.body as { items: Array<Record<string, unknown>>; total: number; stages: Array<{ id: string; name: string }> };
  };
  const all = await list();
  expect(all.total).toBe(2);
  expect(all.items.find((i) => i.id === beijing.id)).toMatchObject({
    number: beijing.number, province: '北京市', unitName: '接口测试单位', uscc: main.unit.uscc, contactName: '陈晨', contactPhone: '010-64288888',
    status: 'draft', stage: 'edit-project', stageName: expect.stringContaining('填写并提交评审项目'), dueDate: '2026-12-10T09:00:00.000Z',
  });
  expect(all.stages.map((s) => s.id)).toEqual(expect.arrayContaining(['edit-project', 'pre-review', 'onsite-review']));
  expect((await list(`?province=${encodeURIComponent('市场总局')}`)).items.map((i) => i.id)).toEqual([national.id]);
  expect((await list('?stage=edit-project&dueBefore=2026-12-10')).items.map((i) => i.id)).toEqual([beijing.id]);
  expect((await list('?dueBefore=2026-12-09')).total).toBe(0);
  expect((await list('?stage=pre-review')).total).toBe(0);
  // a part of the number: its sequence with the dash before it (the last digits alone may also be in the other's date)
  expect((await list(`?number=${beijing.number.slice(-6)}&status=draft&pageSize=1`)).items.map((i) => i.id)).toEqual([beijing.id]);
  // another unit sees none of them
  const other = await unitAccount('unit-main');
  expect((await other.client.call('GET', '/api/appraisals')).body.total).toBe(0);
  // bad conditions: every field named, in Chinese
  const bad = await main.client.call('GET', '/api/appraisals?stage=nowhere&dueBefore=2026-13-01&status=lost&page=0');
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['dueBefore', 'page', 'stage', 'status']);
  expect(bad.body.error.fields.stage).toMatch(/阶段/);
});
