/**
 * Secondary units applying for publicity of their own (000 §3.2.3 申请新单位公示), on the real
 * engine: a sub-account that belongs to a secondary unit applies, and the application records that
 * secondary unit (the practitioner's unit stays the parent); the main account names one of its
 * secondary units, never another unit's; the list shows and filters by it; the secondary unit is
 * then not deleted (409). An unregistered person entered beforehand is used by the application and
 * can no longer be modified.
 */
import { makeIdNumber } from '../../db/publicity/seed-practitioners';
import { addQualification, upsertPractitioner } from '../../db/publicity/practitioners';
import { addYears, localDate } from '../../domain/publicity/rules';
import { createUnitAccount, signedInUnit } from '../support/factories';
import { Client, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let main: Client;
let branchSub: Client;
let other: Client;
let unitId: string;
let branchId: string;
let otherBranchId: string;
let seq = Math.floor(Math.random() * 400) + 500;

async function person() {
  seq += 1;
  const idNumber = makeIdNumber('110105', `19${80 + (seq % 15)}0${1 + (seq % 9)}1${seq % 9}`, seq);
  const name = `分部人员${String.fromCharCode(0x4e00 + (seq % 2000))}${String.fromCharCode(0x4e00 + ((seq * 7) % 2000))}`;
  const mobile = `139${String(10_000_000 + seq * 7919).slice(-8)}`;
  const { row } = await upsertPractitioner(sys.db, { name, idNumber, mobile, gender: '男', workYears: 8 });
  await addQualification(sys.db, { practitionerId: row.id, itemCode: 'Y-GL', grade: 2, certificateNo: `B${seq}-2`, issueDate: '2023-01-01', expiryDate: addYears(localDate(new Date()), 3) });
  return { name, idNumber, mobile };
}
const apply = (client: Client, p: { name: string; idNumber: string; mobile: string }, extra: Record<string, unknown> = {}) =>
  client.call('POST', '/api/publicity/applications', { data: { name: p.name, idNumber: p.idNumber, mobile: p.mobile, commitment1: true, commitment2: true, commitment3: true }, ...extra });

const BRANCH = { province: '310000', city: '310100', district: '310115', address: '上海市浦东新区分部路 8 号', postcode: '200120', phone: '021-55556666' };

beforeAll(async () => {
  sys = await startTestSystem();
  const a = await signedInUnit(sys, { unit: { name: '分部公示检验有限公司', institution_type: 'inspection', activated_at: sys.db.fn.now() }, account: { mobile: '13812345678' } });
  unitId = a.unit.id;
  main = a.client;
  branchId = (await main.call('POST', '/api/unit/branches', { name: '分部公示检验有限公司上海分公司', ...BRANCH })).body.id;
  const s = await createUnitAccount(sys.db, unitId, { kind: 'unit-sub', permissions: ['publicity'] });
  expect((await main.call('PATCH', `/api/unit/accounts/${s.id}`, { unitId: branchId })).status).toBe(200);
  branchSub = await signIn(sys.url, s.login, s.password);
  const b = await signedInUnit(sys);
  other = b.client;
  otherBranchId = (await other.call('POST', '/api/unit/branches', { name: '他人检验有限公司分公司', ...BRANCH })).body.id;
});
afterAll(async () => {
  await sys?.stop();
});

it("a secondary unit's sub-account applies for its secondary unit; the list shows it and filters by it; the secondary unit is then kept", async () => {
  const p = await person();
  // entered beforehand as an unregistered person
  const entered = await branchSub.call('POST', '/api/publicity/unregistered-persons', { name: p.name, idNumber: p.idNumber, mobile: p.mobile });
  expect(entered.status).toBe(201);

  const created = await apply(branchSub, p);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'awaiting_upload', branch: { id: branchId, name: '分部公示检验有限公司上海分公司' } });
  const row = await sys.db('applications').where({ id: created.body.id }).first();
  expect([row.unit_id, row.branch_unit_id]).toEqual([unitId, branchId]);
  expect((await sys.db('publicity_applications').where({ application_id: row.id }).first()).unit_id).toBe(unitId);

  const listed = await main.call('GET', `/api/publicity/applications?branchUnitId=${branchId}`);
  expect(listed.body.total).toBe(1);
  expect(listed.body.items[0]).toMatchObject({ id: row.id, branch: { id: branchId, name: '分部公示检验有限公司上海分公司' } });
  expect((await main.call('GET', `/api/publicity/applications/${row.id}`)).body.branch).toEqual({ id: branchId, name: '分部公示检验有限公司上海分公司' });

  // the person entered beforehand is now used
  const person2 = await branchSub.call('GET', `/api/publicity/unregistered-persons?idNumber=${p.idNumber}`);
  expect(person2.body.items[0]).toMatchObject({ editable: false, application: { status: 'awaiting_upload' } });
  expect((await branchSub.call('PATCH', `/api/publicity/unregistered-persons/${entered.body.id}`, { note: 'x' })).status).toBe(409);

  // a sub-account cannot apply for another secondary unit
  const elsewhere = await apply(branchSub, await person(), { branchUnitId: otherBranchId });
  expect(elsewhere.status).toBe(400);
  expect(elsewhere.body.error.fields.branchUnitId).toMatch(/所属的二级单位/);

  const del = await main.call('DELETE', `/api/unit/branches/${branchId}`);
  expect(del.status).toBe(409);
  expect(del.body.error.message).toMatch(/1 个子帐号、1 个申报单/);
});

it("the main account names one of its secondary units, never another unit's; without one the application is the unit's own", async () => {
  const refused = await apply(main, await person(), { branchUnitId: otherBranchId });
  expect(refused.status).toBe(400);
  expect(refused.body.error.fields.branchUnitId).toMatch(/二级单位/);
  expect(await sys.db('applications').where({ branch_unit_id: otherBranchId }).first()).toBeUndefined();

  const named = await apply(main, await person(), { branchUnitId: branchId });
  expect(named.status).toBe(201);
  expect(named.body.branch).toMatchObject({ id: branchId });
  const own = await apply(main, await person());
  expect(own.status).toBe(201);
  expect(own.body.branch).toBeNull();
  expect((await sys.db('applications').where({ id: own.body.id }).first()).branch_unit_id).toBeNull();
  expect((await main.call('GET', `/api/publicity/applications?branchUnitId=${branchId}`)).body.total).toBe(2);
});
