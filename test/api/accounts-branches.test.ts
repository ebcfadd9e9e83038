/**
 * Secondary units 二级单位 (000 §3.2.3) modified and deleted by the unit's main account: fields
 * checked one by one (Chinese messages, nothing written), another unit's secondary unit not found,
 * a USCC another unit holds refused, and a secondary unit that sub-accounts belong to or
 * applications were made for kept (409 naming what blocks it) until they are gone.
 */
import { PROCESS } from '../../domain/registry';
import { createApplication, createUnitAccount, signedInUnit } from '../support/factories';
import { freshUscc } from '../support/fixtures';
import { Client, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let main: Client;
let sub: Client;
let other: Client;
let unitId: string;

const BRANCH = { name: '分部测试有限公司上海分公司', province: '310000', city: '310100', district: '310115', address: '上海市浦东新区分部路 8 号', postcode: '200120', phone: '021-55556666' };

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await signedInUnit(sys, { unit: { name: '分部测试有限公司' } });
  unitId = a.unit.id;
  main = a.client;
  const s = await createUnitAccount(sys.db, unitId, { kind: 'unit-sub', permissions: ['publicity'] });
  sub = await signIn(sys.url, s.login, s.password);
  other = (await signedInUnit(sys)).client;
});
afterAll(async () => {
  await sys?.stop();
});

async function addBranch(over: Record<string, unknown> = {}): Promise<string> {
  const r = await main.call('POST', '/api/unit/branches', { ...BRANCH, ...over });
  expect(r.status).toBe(201);
  return r.body.id;
}

it('modifies its own secondary unit; bad fields are refused one by one in Chinese and nothing is written', async () => {
  const id = await addBranch();
  const uscc = freshUscc();
  const ok = await main.call('PUT', `/api/unit/branches/${id}`, { ...BRANCH, name: '分部测试有限公司徐汇分公司', uscc, district: '310104', address: '上海市徐汇区分部路 9 号' });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ id, name: '分部测试有限公司徐汇分公司', uscc, district: '310104', parentUnitId: unitId });
  const row = await sys.db('units').where({ id }).first();
  expect([row.name, row.uscc, row.district, row.address, row.parent_unit_id]).toEqual(['分部测试有限公司徐汇分公司', uscc, '310104', '上海市徐汇区分部路 9 号', unitId]);

  const bad = await main.call('PUT', `/api/unit/branches/${id}`, { name: ' ', uscc: '123', province: '310000', city: '310100', district: '110105', address: '短', postcode: '1', phone: 'a' });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['address', 'district', 'name', 'phone', 'postcode', 'uscc']);
  for (const message of Object.values(bad.body.error.fields)) expect(message).toMatch(/[\u4e00-\u9fa5]/);
  const missing = await main.call('PUT', `/api/unit/branches/${id}`, {});
  expect(missing.status).toBe(400);
  expect(missing.body.error.fields).toHaveProperty('name');
  expect(await sys.db('units').where({ id }).first()).toEqual(row);

  // a USCC another unit holds
  const taken = (await sys.db('units').where({ id: unitId }).first()).uscc;
  const dup = await main.call('PUT', `/api/unit/branches/${id}`, { ...BRANCH, uscc: taken });
  expect(dup.status).toBe(409);
  expect(dup.body.error.fields.uscc).toMatch(/已注册/);
  // keeping its own USCC is no conflict
  expect((await main.call('PUT', `/api/unit/branches/${id}`, { ...BRANCH, uscc })).status).toBe(200);
});

it("another unit's secondary unit, the unit itself and an unknown id are not found; the sub-account may not modify or delete", async () => {
  const id = await addBranch({ name: '分部测试有限公司他人分公司' });
  for (const target of [id, '00000000-0000-4000-8000-000000000000']) {
    const put = await other.call('PUT', `/api/unit/branches/${target}`, BRANCH);
    expect(put.status).toBe(404);
    expect(put.body.error.message).toMatch(/没有这个二级单位/);
    expect((await other.call('DELETE', `/api/unit/branches/${target}`)).status).toBe(404);
  }
  expect((await main.call('PUT', `/api/unit/branches/${unitId}`, BRANCH)).status).toBe(404);
  expect((await main.call('DELETE', `/api/unit/branches/${unitId}`)).status).toBe(404);
  expect((await main.call('DELETE', '/api/unit/branches/not-a-uuid')).status).toBe(404);
  expect((await sub.call('PUT', `/api/unit/branches/${id}`, BRANCH)).body.error.code).toBe('NOT_MAIN_ACCOUNT');
  expect((await sub.call('DELETE', `/api/unit/branches/${id}`)).status).toBe(403);
  expect((await sys.db('units').where({ id }).first()).name).toBe('分部测试有限公司他人分公司');
});

it('deletes a secondary unit nothing refers to; with sub-accounts or applications 409 naming them, until they are gone', async () => {
  const free = await addBranch({ name: '分部测试有限公司空分公司' });
  const del = await main.call('DELETE', `/api/unit/branches/${free}`);
  expect(del.status).toBe(204);
  expect(await sys.db('units').where({ id: free }).first()).toBeUndefined();
  expect((await main.call('DELETE', `/api/unit/branches/${free}`)).status).toBe(404);

  const used = await addBranch({ name: '分部测试有限公司忙分公司' });
  const account = await createUnitAccount(sys.db, unitId, { kind: 'unit-sub', permissions: ['publicity'] });
  await sys.db('accounts').where({ id: account.id }).update({ branch_unit_id: used });
  const app = await createApplication(sys.db, { processId: PROCESS.publicityApplication, unitId });
  await sys.db('applications').where({ id: app.id }).update({ branch_unit_id: used });

  const both = await main.call('DELETE', `/api/unit/branches/${used}`);
  expect(both.status).toBe(409);
  expect(both.body.error).toMatchObject({ code: 'BRANCH_IN_USE', use: { subAccounts: 1, applications: 1 } });
  expect(both.body.error.message).toMatch(/分部测试有限公司忙分公司.*1 个子帐号、1 个申报单，不能删除/);

  // the sub-account moved to the unit itself: the application still blocks it
  expect((await main.call('PATCH', `/api/unit/accounts/${account.id}`, { unitId: '' })).status).toBe(200);
  const apps = await main.call('DELETE', `/api/unit/branches/${used}`);
  expect(apps.status).toBe(409);
  expect(apps.body.error.message).toMatch(/1 个申报单/);
  expect(apps.body.error.message).not.toMatch(/子帐号/);
  expect(await sys.db('units').where({ id: used }).first()).toBeDefined();

  await sys.db('applications').where({ id: app.id }).update({ branch_unit_id: null });
  expect((await main.call('DELETE', `/api/unit/branches/${used}`)).status).toBe(204);
  expect((await main.call('GET', '/api/unit/branches?name=忙分公司')).body.total).toBe(0);
});
