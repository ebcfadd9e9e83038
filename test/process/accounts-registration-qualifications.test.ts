/**
 * The qualifications a unit enters at registration (step 3) are its qualifications once a reviewer
 * approves it: a unit whose institution type permits no publicity of its own passes the
 * unit-qualification eligibility rule through them, and the same unit registered without them
 * fails with the rule named. Real engine and workers; rows, API answers and the rule table.
 */
import { activateRegistration } from '../../db/accounts';
import type { RegistrationInput } from '../../domain/accounts/registration';
import { addYears, localDate } from '../../domain/publicity/rules';
import { seedPerson } from '../support/publicity-fixtures';
import { anonymousVisitor, type AnonymousVisitor } from '../support/anonymous';
import { PNG, registrationBody } from '../support/fixtures';
import { Client, createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let reviewer: Client;
let visitor: AnonymousVisitor;
const today = () => localDate(new Date());

beforeAll(async () => {
  sys = await startTestSystem();
  const acc = await createAccount(sys, { groups: ['registration-reviewers'] });
  reviewer = await signIn(sys.url, acc.login, acc.password);
  visitor = anonymousVisitor(sys.url);
});
afterAll(async () => {
  await sys?.stop();
});

/** An upload before anyone signs in, as the registration wizard makes it: the file component's value. */
async function anonymousUpload(name: string): Promise<Array<Record<string, unknown>>> {
  const file = await visitor.upload(name);
  return [{ storage: 'url', name: file.id, originalName: name, url: `/api/files/${file.id}`, size: PNG.length, data: file }];
}

/** A unit of type "other" (which on its own permits no publicity), with or without step 3's qualifications. */
async function registrationOf(withQualifications: boolean): Promise<RegistrationInput> {
  const body = registrationBody({ unit: { name: withQualifications ? '资质登记检验检测有限公司' : '未登记资质检验检测有限公司' } });
  body.certification = { institutionType: 'other', level: '甲级', industry: '特种设备', businessLicence: await anonymousUpload('营业执照.png') };
  if (withQualifications) {
    body.qualifications = [
      { qualificationType: 'inspection-approval', certificateNo: `TS7-${body.unit.uscc.slice(-6)}`, issueDate: '2024-03-01', expiryDate: addYears(today(), 2), issuer: '国家市场监督管理总局', certificate: await anonymousUpload('检验核准证.png') },
      { qualificationType: 'testing-approval', certificateNo: `TS8-${body.unit.uscc.slice(-6)}`, issueDate: '2024-05-01', expiryDate: addYears(today(), 3), issuer: '北京市市场监督管理局' },
    ];
  } else {
    delete body.qualifications;
  }
  return body;
}

/** Submitted, validated, approved by a reviewer through the task API: the unit, signed in. */
async function registerAndApprove(body: RegistrationInput): Promise<{ applicationId: string; unitId: string; client: Client }> {
  const res = await visitor.send('POST', '/api/registrations', body);
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string };
  const task = await eventually(async () => sys.db('tasks').where({ application_id: created.id, state: 'CREATED', form_key: 'unit-registration-review' }).first(), 20000, 'the registration review task');
  const done = await reviewer.call('POST', `/api/tasks/${task.user_task_key}/complete`, { data: { decision: 'approve' } });
  expect(done.status).toBe(200);
  const unit = await eventually(async () => sys.db('units').where({ registration_application_id: created.id }).first(), 20000, 'the activated unit');
  expect((await sys.db('applications').where({ id: created.id }).first()).status).toBe('approved');
  return { applicationId: created.id, unitId: unit.id, client: await signIn(sys.url, body.unit.uscc, body.contact.password) };
}

/** A person holding a valid inspection item (Y-GL) and a valid testing item (S-UT). */
async function inspectorAndTester(name: string) {
  const mobile = `139${String(Date.now()).slice(-8)}`;
  const p = await seedPerson(sys.db, { name, mobile, qualifications: [{ itemCode: 'Y-GL', grade: 2 }, { itemCode: 'S-UT', grade: 2 }] });
  return { ...p, name, mobile };
}

const application = (p: { name: string; idNumber: string; mobile: string }) => ({ data: { name: p.name, idNumber: p.idNumber, mobile: p.mobile, commitment1: true, commitment2: true, commitment3: true } });
const ruleOf = (rules: Array<{ rule: string; ok: boolean; reason?: string }>, rule: string) => rules.find((r) => r.rule === rule)!;

describe('registration qualifications and publicity eligibility', () => {
  it('two qualifications entered at registration → approved → they are the unit\'s, and a publicity application passes the unit-qualification rule', async () => {
    const body = await registrationOf(true);
    const { applicationId, unitId, client } = await registerAndApprove(body);

    // the unit's qualifications: one row per registration qualification, active, from this registration
    const rows = await sys.db('unit_qualifications').where({ unit_id: unitId }).orderBy('registration_index');
    expect(rows.map((q) => [q.registration_index, q.application_id, q.qualification_type, q.certificate_no, q.issuer, q.status])).toEqual([
      [0, applicationId, 'inspection-approval', body.qualifications![0].certificateNo, '国家市场监督管理总局', 'active'],
      [1, applicationId, 'testing-approval', body.qualifications![1].certificateNo, '北京市市场监督管理局', 'active'],
    ]);
    expect(rows[0].file_ids).toEqual([(body.qualifications![0].certificate![0].data as { id: string }).id]);
    expect(rows[1].file_ids).toEqual([]);
    // step 3's level, industry and licence image on the unit, and in its profile
    const licenceId = (body.certification.businessLicence![0].data as { id: string }).id;
    expect(await sys.db('units').where({ id: unitId }).first()).toMatchObject({ institution_type: 'other', level: '甲级', industry: '特种设备', business_licence_file_id: licenceId });
    expect((await client.call('GET', '/api/unit/profile')).body).toMatchObject({ level: '甲级', industry: '特种设备', businessLicenceFileId: licenceId, institutionType: 'other' });
    const listed = await client.call('GET', '/api/unit/qualifications');
    expect(listed.body.items.map((q: { type: string; status: string; fromRegistration: boolean }) => [q.type, q.status, q.fromRegistration]).sort()).toEqual([
      ['inspection-approval', 'active', true],
      ['testing-approval', 'active', true],
    ]);

    // a redelivered activation adds nothing
    expect(await activateRegistration(sys.db, applicationId, { actor: 'reviewer', now: new Date() })).toEqual({ unitId, created: false });
    expect(await sys.db('unit_qualifications').where({ unit_id: unitId }).count()).toEqual([{ count: '2' }]);

    // the eligibility rule sees them: inspection and testing items are both permitted
    const p = await inspectorAndTester('资质登记甲');
    const search = await client.call('GET', `/api/publicity/candidates?name=${encodeURIComponent(p.name)}&idNumber=${p.idNumber}`);
    expect(search.status).toBe(200);
    expect(search.body).toMatchObject({ type: 'initial', eligible: true, failures: [] });
    expect(ruleOf(search.body.rules, 'unit-qualification').ok).toBe(true);
    expect(search.body.items.map((i: { itemCode: string }) => i.itemCode).sort()).toEqual(['S-UT', 'Y-GL']);
    const created = await client.call('POST', '/api/publicity/applications', application(p));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'awaiting_upload', type: 'initial' });
    expect(created.body.items.map((i: { itemCode: string }) => i.itemCode).sort()).toEqual(['S-UT', 'Y-GL']);
  });

  it('the same unit registered without them fails the unit-qualification rule, named', async () => {
    const { unitId, client } = await registerAndApprove(await registrationOf(false));
    expect(await sys.db('unit_qualifications').where({ unit_id: unitId })).toEqual([]);

    const p = await inspectorAndTester('未登记资质乙');
    const search = await client.call('GET', `/api/publicity/candidates?name=${encodeURIComponent(p.name)}&idNumber=${p.idNumber}`);
    expect(search.status).toBe(200);
    expect(search.body.eligible).toBe(false);
    expect(search.body.failures.map((f: { rule: string }) => f.rule)).toEqual(['unit-qualification']);
    expect(ruleOf(search.body.rules, 'unit-qualification').reason).toMatch(/所在单位的检验机构类别为：其他，/);
    const refused = await client.call('POST', '/api/publicity/applications', application(p));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('NOT_ELIGIBLE');
    expect(Object.keys(refused.body.error.fields)).toEqual(['unit-qualification']);
    expect((await sys.db('applications').where({ id: refused.body.application.id }).first()).decision_reason).toContain('[unit-qualification]');
  });
});

describe('uploads before sign-in belong to the browser that made them', () => {
  it("another browser cannot attach them, and a file one registration uses cannot be attached to a second one; nothing is stored", async () => {
    const body = await registrationOf(false);
    const licenceId = (body.certification.businessLicence![0].data as { id: string }).id;
    const before = Number((await sys.db('applications').count('* as n'))[0].n);

    const stranger = anonymousVisitor(sys.url);
    const theirs = await stranger.send('POST', '/api/registrations', body);
    expect(theirs.status).toBe(400);
    const err = ((await theirs.json()) as { error: { fields: Record<string, string> } }).error;
    expect(Object.keys(err.fields)).toEqual(['certification.businessLicence']);
    expect(err.fields['certification.businessLicence']).toMatch(/不是在本浏览器上传的/);
    // no cookie at all: the same
    expect((await fetch(`${sys.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status).toBe(400);
    expect(Number((await sys.db('applications').count('* as n'))[0].n)).toBe(before);

    // its own browser: accepted, and the file is now the application's
    const ours = await visitor.send('POST', '/api/registrations', body);
    expect(ours.status).toBe(201);
    const created = (await ours.json()) as { id: string };
    expect(await sys.db('files').where({ id: licenceId }).first()).toMatchObject({ attached_application_id: created.id, owner_account_id: null });
    // the same browser cannot use it for a second registration
    const again = registrationBody({ unit: { name: '第二家检验检测有限公司' } });
    again.certification = { ...again.certification, businessLicence: body.certification.businessLicence };
    const second = await visitor.send('POST', '/api/registrations', again);
    expect(second.status).toBe(400);
    expect(Object.keys(((await second.json()) as { error: { fields: object } }).error.fields)).toEqual(['certification.businessLicence']);
  });
});
