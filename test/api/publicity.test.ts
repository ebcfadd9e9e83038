/**
 * Publicity API edges: who may use it, person search errors and the rule table, and a manual
 * identity verification requested on its own (公示人员实名验证) decided by a reviewer.
 */
import { hashPassword } from '../../core/passwords';
import { makeIdNumber } from '../../db/publicity/seed-practitioners';
import { addQualification, upsertPractitioner } from '../../db/publicity/practitioners';
import { addYears, localDate, PUBLICITY_OPS } from '../../domain/publicity/rules';
import { maskIdNumber } from '../../domain/validators';
import { createUnitAccount, signedInUnit } from '../support/factories';
import { freshUscc, PNG } from '../support/fixtures';
import { Client, createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let main: Client;
let sub: Client;
let reviewer: Client;
let unitId: string;

beforeAll(async () => {
  sys = await startTestSystem();
  const uscc = freshUscc();
  const [u] = await sys.db('units')
    .insert({ uscc, name: '接口测试检验有限公司', legal_representative: '王五', province: '110000', city: '110100', district: '110105', address: '北京市朝阳区 1 号', postcode: '100022', phone: '010-1', institution_type: 'other', status: 'active' })
    .returning('id');
  unitId = u.id;
  const pw = await hashPassword('Unit2026!x');
  await sys.db('accounts').insert([
    { unit_id: unitId, login: `m${uscc}`, password_hash: pw, kind: 'unit-main', display_name: '主帐号', email: `m${uscc}@example.test`, status: 'active' },
    { unit_id: unitId, login: `s${uscc}`, password_hash: pw, kind: 'unit-sub', display_name: '子帐号', email: `s${uscc}@example.test`, status: 'active', groups: [] },
  ]);
  main = await signIn(sys.url, `m${uscc}`, 'Unit2026!x');
  sub = await signIn(sys.url, `s${uscc}`, 'Unit2026!x');
  const acc = await createAccount(sys, { groups: ['publicity-reviewers'] });
  reviewer = await signIn(sys.url, acc.login, acc.password);
});
afterAll(async () => {
  await sys?.stop();
});

it('is for unit accounts with the publicity permission', async () => {
  expect((await reviewer.call('GET', '/api/publicity/applications')).status).toBe(403);
  expect((await sub.call('GET', '/api/publicity/applications')).body.error.code).toBe('NO_PERMISSION');
  expect((await main.call('GET', '/api/publicity/applications')).status).toBe(200);
  const anonymous = await fetch(`${sys.url}/api/publicity/applications`);
  expect(anonymous.status).toBe(401);
});

it('person search: bad input 400, unknown person 404, and the rule table (a unit of type "other" fails its rule)', async () => {
  const bad = await main.call('GET', '/api/publicity/candidates?name=&idNumber=123');
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['idNumber', 'name']);
  const seq = 100 + Math.floor(Math.random() * 800);
  const idNumber = makeIdNumber('110101', '19900202', seq);
  expect((await main.call('GET', `/api/publicity/candidates?name=${encodeURIComponent('无此人')}&idNumber=${idNumber}`)).body.error.code).toBe('PERSON_NOT_FOUND');
  const { row } = await upsertPractitioner(sys.db, { name: '接口人员', idNumber, mobile: '13600000001' });
  await addQualification(sys.db, { practitionerId: row.id, itemCode: 'Y-RQ', grade: 1, certificateNo: `API-${seq}`, issueDate: '2023-01-01', expiryDate: addYears(localDate(new Date()), 1) });
  const r = await main.call('GET', `/api/publicity/candidates?name=${encodeURIComponent('接口人员')}&idNumber=${idNumber}`);
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ type: 'initial', eligible: false, person: { idNumber: expect.stringMatching(/\*/), mobile: '136****0001' } });
  expect(r.body.failures.map((f: { rule: string }) => f.rule)).toEqual(['unit-qualification']);
  const create = await main.call('POST', '/api/publicity/applications', { data: { name: '接口人员', idNumber, mobile: '13600000001', commitment1: true, commitment2: true } });
  expect(create.status).toBe(400);
  expect(create.body.error.fields).toHaveProperty('commitment3');
});

it('person search: each lookup audited (who, the unit, the name, the masked ID number); past the hourly cap per account 429 with Retry-After', async () => {
  const { unit, login, client } = await signedInUnit(sys);
  const idNumber = makeIdNumber('110101', '19850505', 100 + Math.floor(Math.random() * 800));
  const lookup = `/api/publicity/candidates?name=${encodeURIComponent('审计人员')}&idNumber=${idNumber}`;
  expect((await client.call('GET', lookup)).status).toBe(404);
  const [row, ...more] = await sys.db('audit').where({ actor: login, action: 'publicity-candidate-lookup' });
  expect(more).toHaveLength(0);
  expect({ applicationId: row.application_id, details: row.details }).toEqual({
    applicationId: null,
    details: { unitId: unit.id, name: '审计人员', idNumber: maskIdNumber(idNumber), found: false },
  });
  expect(JSON.stringify(row.details)).not.toContain(idNumber.slice(6, 14));

  for (let i = 1; i < PUBLICITY_OPS.candidateLookupsPerHour; i++) expect((await client.call('GET', lookup)).status).toBe(404);
  const refused = await client.raw(lookup);
  const body = (await refused.json()) as { error: { code: string } };
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect([refused.status, body.error.code, retryAfter > 0 && retryAfter <= 3600]).toEqual([429, 'RATE_LIMITED', true]);
  // the refused lookup searched nothing and is not audited; another account of the unit is not held back
  expect(await sys.db('audit').where({ actor: login, action: 'publicity-candidate-lookup' }).count('* as n')).toEqual([{ n: String(PUBLICITY_OPS.candidateLookupsPerHour) }]);
  const other = await createUnitAccount(sys.db, unit.id);
  expect((await (await signIn(sys.url, other.login, other.password)).call('GET', lookup)).status).toBe(404);
});

it('manual identity verification on its own: pending → reviewer passes it → passed, the mobile kept in the registry', async () => {
  const seq = 100 + Math.floor(Math.random() * 800);
  const idNumber = makeIdNumber('110102', '19800303', seq);
  const { row } = await upsertPractitioner(sys.db, { name: '人工验证人', idNumber, mobile: '13600000002' });
  const proof = await main.upload('运营商证明.png', PNG);
  const started = await main.call('POST', '/api/publicity/identity-verifications', { data: { name: '人工验证人', idNumber, mobile: '13600000003', proof: [{ id: proof.body.id }] } });
  expect(started.status).toBe(201);
  expect(started.body.number).toMatch(/^V\d{10}$/);
  const list = await main.call('GET', '/api/publicity/identity-verifications');
  expect(list.body.items.find((i: { id: string }) => i.id === started.body.verificationId)).toMatchObject({ status: 'pending', mobile: '136****0003' });
  const task = await eventually(async () => sys.db('tasks').where({ application_id: started.body.id, state: 'CREATED' }).first(), 15000, 'the verification task');
  expect(task.form_key).toBe('identity-manual-verification-review');
  expect((await reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'passed' } })).status).toBe(200);
  await eventually(async () => (await sys.db('identity_verifications').where({ id: started.body.verificationId }).first()).status === 'passed', 15000, 'passed');
  expect((await sys.db('practitioners').where({ id: row.id }).first()).mobile).toBe('13600000003');
  expect(await sys.db('applications').where({ id: started.body.id }).first()).toMatchObject({ status: 'approved' });
});
