/**
 * 未注册人员管理 (注册人员管理 menu): the unit's persons entered for publicity who are not
 * registered yet — added (ID number checked, one per unit, a registered person refused), listed with
 * the conditions name and ID number filtered and paged on the server (ID numbers and mobiles
 * masked), modified and deleted until an application of the unit uses the person (then 409);
 * another unit's: 404; field-level Chinese messages and nothing written on bad input.
 */
import { makeIdNumber } from '../../db/publicity/seed-practitioners';
import { activateRecord, addPublicityApplicationRow, upsertPractitioner } from '../../db/publicity/practitioners';
import { addYears, localDate } from '../../domain/publicity/rules';
import { PROCESS } from '../../domain/registry';
import { createApplication, createUnitAccount, signedInUnit } from '../support/factories';
import { Client, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let main: Client;
let sub: Client;
let noPermission: Client;
let other: Client;
let unitId: string;
let seq = 100 + Math.floor(Math.random() * 700);
const freshId = () => makeIdNumber('110105', '19880303', seq++);

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await signedInUnit(sys, { unit: { name: '未注册人员测试有限公司' } });
  unitId = a.unit.id;
  main = a.client;
  const s = await createUnitAccount(sys.db, unitId, { kind: 'unit-sub', permissions: ['publicity'] });
  sub = await signIn(sys.url, s.login, s.password);
  const n = await createUnitAccount(sys.db, unitId, { kind: 'unit-sub', permissions: ['qualification'] });
  noPermission = await signIn(sys.url, n.login, n.password);
  other = (await signedInUnit(sys)).client;
});
afterAll(async () => {
  await sys?.stop();
});

it('adds persons, checks the fields in Chinese, one per ID number and unit; a registered person is refused', async () => {
  const id = freshId();
  const r = await main.call('POST', '/api/publicity/unregistered-persons', { name: ' 未注册甲 ', idNumber: id.toLowerCase(), gender: '女', mobile: '13912340001', note: '拟初始公示' });
  expect(r.status).toBe(201);
  expect(r.body).toMatchObject({ name: '未注册甲', idNumber: id, gender: '女', mobile: '13912340001', note: '拟初始公示', registered: false, application: null, editable: true });
  const row = await sys.db('unregistered_persons').where({ id: r.body.id }).first();
  expect(row).toMatchObject({ unit_id: unitId, id_number: id, name: '未注册甲' });

  const bad = await main.call('POST', '/api/publicity/unregistered-persons', { name: ' ', idNumber: '110105198803031234', gender: '未知', mobile: '123', note: 'x'.repeat(201) });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['gender', 'idNumber', 'mobile', 'name', 'note']);
  for (const message of Object.values(bad.body.error.fields)) expect(message).toMatch(/[\u4e00-\u9fa5]/);

  const dup = await sub.call('POST', '/api/publicity/unregistered-persons', { name: '未注册乙', idNumber: id });
  expect(dup.status).toBe(409);
  expect(dup.body.error.fields.idNumber).toMatch(/已录入/);
  // another unit may enter the same person
  expect((await other.call('POST', '/api/publicity/unregistered-persons', { name: '未注册甲', idNumber: id })).status).toBe(201);

  const registered = freshId();
  const { row: p } = await upsertPractitioner(sys.db, { name: '已注册丙', idNumber: registered });
  const today = localDate(new Date());
  await sys.db.transaction((trx) => activateRecord(trx, { practitionerId: p.id, unitId, type: 'initial', items: [{ itemCode: 'Y-GL', grade: 2 }], startDate: today, validUntil: addYears(today, 4), action: 'imported' }));
  const reg = await main.call('POST', '/api/publicity/unregistered-persons', { name: '已注册丙', idNumber: registered });
  expect(reg.status).toBe(409);
  expect(reg.body.error.fields.idNumber).toMatch(/已注册/);
  expect(await sys.db('unregistered_persons').where({ unit_id: unitId }).count({ n: '*' })).toEqual([{ n: '1' }]);
});

it('lists with the conditions name and ID number, paged on the server, masked; only the unit\'s own; publicity accounts only', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const id = freshId();
    ids.push(id);
    expect((await main.call('POST', '/api/publicity/unregistered-persons', { name: `列表人员${i}`, idNumber: id, mobile: '13812345678' })).status).toBe(201);
  }
  const page = await main.call('GET', '/api/publicity/unregistered-persons?name=列表人员&pageSize=2&page=2');
  expect(page.status).toBe(200);
  expect(page.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
  expect(page.body.items.map((p: { name: string }) => p.name)).toEqual(['列表人员2', '列表人员1']);
  expect(page.body.items[0]).toMatchObject({ mobile: '138****5678', idNumber: expect.stringMatching(/\*/) });
  const byId = await main.call('GET', `/api/publicity/unregistered-persons?idNumber=${ids[3].slice(-8)}`);
  expect(byId.body.items.map((p: { name: string }) => p.name)).toEqual(['列表人员3']);
  expect((await main.call('GET', '/api/publicity/unregistered-persons?idNumber=12a')).status).toBe(400);
  expect((await other.call('GET', '/api/publicity/unregistered-persons?name=列表人员')).body.total).toBe(0);
  expect((await sub.call('GET', '/api/publicity/unregistered-persons?name=列表人员')).body.total).toBe(5);
  expect((await noPermission.call('GET', '/api/publicity/unregistered-persons')).status).toBe(403);
  // one person in full, for the edit form
  const one = await main.call('GET', `/api/publicity/unregistered-persons/${page.body.items[0].id}`);
  expect(one.body).toMatchObject({ idNumber: ids[2], mobile: '13812345678' });
  expect((await other.call('GET', `/api/publicity/unregistered-persons/${page.body.items[0].id}`)).status).toBe(404);
});

it('modifies and deletes until an application of the unit uses the person; another unit\'s: 404', async () => {
  const created = await main.call('POST', '/api/publicity/unregistered-persons', { name: '修改人员', idNumber: freshId() });
  const path = `/api/publicity/unregistered-persons/${created.body.id}`;
  const newId = freshId();
  const changed = await main.call('PATCH', path, { name: '修改人员乙', idNumber: newId, gender: '男', note: '' });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ name: '修改人员乙', idNumber: newId, gender: '男', note: null });
  const bad = await main.call('PATCH', path, { name: '', mobile: '1' });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['mobile', 'name']);
  expect((await main.call('PATCH', path, {})).body.error.code).toBe('NOTHING_TO_CHANGE');
  expect((await other.call('PATCH', path, { name: '他人' })).status).toBe(404);
  expect((await other.call('DELETE', path)).status).toBe(404);
  expect((await sys.db('unregistered_persons').where({ id: created.body.id }).first()).name).toBe('修改人员乙');

  // the unit applies for the person: no longer modified or deleted
  const { row: p } = await upsertPractitioner(sys.db, { name: '修改人员乙', idNumber: newId });
  const app = await createApplication(sys.db, { processId: PROCESS.publicityApplication, unitId, status: 'awaiting_upload', number: `P${Date.now()}` });
  await addPublicityApplicationRow(sys.db, { applicationId: app.id, practitionerId: p.id, unitId, type: 'initial' });
  const listed = await main.call('GET', '/api/publicity/unregistered-persons?name=修改人员乙');
  expect(listed.body.items[0]).toMatchObject({ editable: false, application: { number: app.number, status: 'awaiting_upload' } });
  const edit = await main.call('PATCH', path, { note: '再改' });
  expect(edit.status).toBe(409);
  expect(edit.body.error.message).toMatch(/已用于申报单.*不能修改/);
  expect((await main.call('DELETE', path)).status).toBe(409);

  // a person no application used is deleted
  const spare = await main.call('POST', '/api/publicity/unregistered-persons', { name: '删除人员', idNumber: freshId() });
  expect((await sub.call('DELETE', `/api/publicity/unregistered-persons/${spare.body.id}`)).status).toBe(204);
  expect(await sys.db('unregistered_persons').where({ id: spare.body.id }).first()).toBeUndefined();
});
