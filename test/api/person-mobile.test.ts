/**
 * A practitioner's own mobile (001 §4): registered or changed from their personal account, the new
 * mobile confirmed by an SMS code sent to it (a wrong code: 422 on the code, nothing written); the
 * account is tied to the practitioner by name and ID number the first time, and no other account
 * can then change that practitioner's mobile. The new mobile is what the three-element check of
 * their applications not yet checked uses.
 */
import { idCheckChar } from '../../domain/validators';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';
import { createUnit } from '../support/factories';

let sys: TestSystem;
let person: Client;
let other: Client;
let unitClient: Client | undefined;

const freshMobile = () => `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const freshId = () => {
  const f = `11010219800101${String(Math.floor(Math.random() * 900) + 100)}`;
  return f + idCheckChar(f);
};

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await createAccount(sys, { kind: 'person' });
  const b = await createAccount(sys, { kind: 'person' });
  person = await signIn(sys.url, a.login, a.password);
  other = await signIn(sys.url, b.login, b.password);
  const reviewer = await createAccount(sys, { groups: ['unit-reviewers'] });
  unitClient = await signIn(sys.url, reviewer.login, reviewer.password);
});
afterAll(async () => {
  await sys?.stop();
});

async function lastCode(mobile: string): Promise<string> {
  const row = await sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first();
  return /验证码 (\d{6})/.exec(row.text)![1];
}

it('registers the mobile with the code sent to it; a wrong code writes nothing; the account is then tied to the practitioner', async () => {
  const idNumber = freshId();
  const [p] = await sys.db('practitioners').insert({ name: '罗志群', id_number: idNumber, mobile: '13400000000' }).returning('id');
  const unit = await createUnit(sys.db);
  const [app] = await sys.db('applications').insert({ number: `A-M-${Date.now()}`, process_id: 'publicity-application', status: 'awaiting_upload', unit_id: unit.id, data: '{}' }).returning('id');
  const [pub] = await sys.db('publicity_applications').insert({ application_id: app.id, practitioner_id: p.id, unit_id: unit.id, type: 'initial', items: JSON.stringify(['RT']), mobile: '13400000000', identity_status: 'unchecked' }).returning('id');

  expect((await person.call('GET', '/api/person/mobile')).body).toEqual({ bound: false });
  const unknown = await person.call('POST', '/api/person/mobile-code', { name: '别人', idNumber, mobile: freshMobile() });
  expect(unknown.status).toBe(422);
  expect(Object.keys(unknown.body.error.fields)).toEqual(['idNumber']);
  const missing = await person.call('POST', '/api/person/mobile-code', { mobile: freshMobile() });
  expect(missing.status).toBe(400);
  expect(Object.keys(missing.body.error.fields).sort()).toEqual(['idNumber', 'name']);

  const mobile = freshMobile();
  const sent = await person.call('POST', '/api/person/mobile-code', { name: '罗志群', idNumber: idNumber.toLowerCase(), mobile });
  expect(sent.status).toBe(202);
  const code = await lastCode(mobile);
  const wrong = await person.call('PUT', '/api/person/mobile', { name: '罗志群', idNumber, mobile, code: code === '000000' ? '111111' : '000000' });
  expect(wrong.status).toBe(422);
  expect(Object.keys(wrong.body.error.fields)).toEqual(['code']);
  expect((await sys.db('practitioners').where({ id: p.id }).first()).mobile).toBe('13400000000');
  expect((await person.call('GET', '/api/person/mobile')).body).toEqual({ bound: false });

  const ok = await person.call('PUT', '/api/person/mobile', { name: '罗志群', idNumber, mobile, code });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ bound: true, name: '罗志群', mobile });
  expect((await sys.db('practitioners').where({ id: p.id }).first()).mobile).toBe(mobile);
  expect((await sys.db('publicity_applications').where({ id: pub.id }).first()).mobile).toBe(mobile);
  expect((await person.call('GET', '/api/person/mobile')).body).toMatchObject({ bound: true, mobile });

  // a change later: no name or ID number needed any more
  const next = freshMobile();
  expect((await person.call('POST', '/api/person/mobile-code', { mobile: next })).status).toBe(202);
  expect((await person.call('PUT', '/api/person/mobile', { mobile: next, code: await lastCode(next) })).status).toBe(200);
  expect((await sys.db('practitioners').where({ id: p.id }).first()).mobile).toBe(next);

  // another account cannot take the practitioner; a unit or staff account cannot use this at all
  const taken = await other.call('POST', '/api/person/mobile-code', { name: '罗志群', idNumber, mobile: freshMobile() });
  expect(taken.status).toBe(409);
  expect(Object.keys(taken.body.error.fields)).toEqual(['idNumber']);
  expect((await unitClient!.call('POST', '/api/person/mobile-code', { mobile: freshMobile() })).status).toBe(403);
});

it("a self-registered personal account is the practitioner of the ID number it signed up with", async () => {
  const idNumber = freshId();
  const [p] = await sys.db('practitioners').insert({ name: '肖一', id_number: idNumber }).returning('id');
  const a = await createAccount(sys, { kind: 'person' });
  await sys.db('accounts').where({ id: a.id }).update({ id_number: idNumber });
  const self = await signIn(sys.url, a.login, a.password);
  expect((await self.call('POST', '/api/person/mobile-code', { idNumber: freshId(), mobile: freshMobile() })).status).toBe(409);
  const mobile = freshMobile();
  expect((await self.call('POST', '/api/person/mobile-code', { mobile })).status).toBe(202);
  expect((await self.call('PUT', '/api/person/mobile', { mobile, code: await lastCode(mobile) })).status).toBe(200);
  expect((await sys.db('practitioners').where({ id: p.id }).first()).mobile).toBe(mobile);
});
