/**
 * The task page's related records and ID card numbers (GET /api/tasks/:id):
 * - `related.openCases`: the unit's other cases under way, only those the reader may read
 *   (db/case-scope.ts), by process and step name; decided cases and other units' cases never;
 * - `related.persons` (publicity reviews): the person's qualifications and publicity records at any
 *   unit, by name;
 * - ID card numbers whole to the reviewer holding the task, masked to other reviewers and admins;
 * - an identity check (人工核验) shows the name, ID number and mobile it verifies.
 */
import { GROUP } from '../../domain/registry';
import { maskIdNumber } from '../../domain/validators';
import { createApplication, createUnit } from '../support/factories';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';
import { seedPerson } from '../support/publicity-fixtures';
import { createIdentityVerification } from '../../db/publicity/practitioners';

let sys: TestSystem;
let publicityOnly: Client;
let publicityLogin = '';
let both: Client;
let admin: Client;
let taskKey = '';
let person: { id: string; idNumber: string };
const cases: Record<string, string> = {};
let nextKey = 6_100_000_000 + Math.floor(Math.random() * 1e6) * 10;

const mirrorTask = (applicationId: string, over: Record<string, unknown>) => ({
  user_task_key: String(nextKey++), process_instance_key: '1', element_id: 'review', application_id: applicationId,
  candidate_groups: [], candidate_users: [], state: 'CREATED', last_event: 'creating', ...over,
});

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const unit = await createUnit(sys.db, { name: `关联记录检验有限公司${Date.now() % 1e6}` });
  const formerUnit = await createUnit(sys.db, { name: `原执业检验有限公司${Date.now() % 1e6}` });
  const otherUnit = await createUnit(sys.db);
  person = await seedPerson(sys.db, { name: '关联人员', qualifications: [{ itemCode: 'Y-GL', grade: 2 }] });
  // the person practised at another unit before (an ended record)
  await sys.db('publicity_records').insert({
    practitioner_id: person.id, unit_id: formerUnit.id, type: 'initial', items: JSON.stringify([{ itemCode: 'Y-GL', grade: 2 }]), status: 'ended',
    start_date: '2020-03-01', valid_until: '2025-02-28', certificate_no: 'P-OLD-1', ended_at: new Date('2024-06-30T00:00:00Z'), end_reason: 'changed-unit',
  });

  const app = await createApplication(sys.db, { processId: 'publicity-application', unitId: unit.id, data: { name: '关联人员', idNumber: person.idNumber, mobile: '13912340000' } });
  cases.main = app.id;
  await sys.db('publicity_applications').insert({ application_id: app.id, practitioner_id: person.id, unit_id: unit.id, type: 'initial', items: JSON.stringify([]) });
  const [t] = await sys.db('tasks').insert(mirrorTask(app.id, { process_definition_id: 'publicity-application', form_key: 'publicity-application-review', candidate_groups: [GROUP.publicityReviewers] })).returning('user_task_key');
  taskKey = t.user_task_key;

  // the unit's other cases: a cancellation waiting at its review (publicity: every publicity reviewer
  // reads it), a qualification at the unit reviewers (read by them only), a decided one, another unit's
  cases.cancel = (await createApplication(sys.db, { processId: 'publicity-cancel', unitId: unit.id, status: 'in_review' })).id;
  await sys.db('tasks').insert(mirrorTask(cases.cancel, { process_definition_id: 'publicity-cancel', form_key: 'publicity-cancel-review', candidate_groups: [GROUP.publicityReviewers] }));
  cases.qualification = (await createApplication(sys.db, { processId: 'unit-qualification', unitId: unit.id })).id;
  await sys.db('tasks').insert(mirrorTask(cases.qualification, { process_definition_id: 'unit-qualification', form_key: 'unit-qualification-review', candidate_groups: [GROUP.unitReviewers] }));
  cases.decided = (await createApplication(sys.db, { processId: 'publicity-add', unitId: unit.id, status: 'approved' })).id;
  cases.otherUnit = (await createApplication(sys.db, { processId: 'publicity-cancel', unitId: otherUnit.id })).id;

  const a = await createAccount(sys, { groups: [GROUP.publicityReviewers] });
  publicityLogin = a.login;
  publicityOnly = await signIn(sys.url, a.login, a.password);
  const b = await createAccount(sys, { groups: [GROUP.publicityReviewers, GROUP.unitReviewers] });
  both = await signIn(sys.url, b.login, b.password);
  const c = await createAccount(sys, { kind: 'admin' });
  admin = await signIn(sys.url, c.login, c.password);
});
afterAll(async () => {
  await sys?.stop();
});

type Related = { openCases: Array<{ id: string; number: string; processName: string; status: string; waitingAt: string[] }>; persons?: Array<Record<string, unknown>> };

it("lists the unit's other open cases the reader may read, by name, and the person's qualifications and publicity records", async () => {
  const r = await publicityOnly.call('GET', `/api/tasks/${taskKey}`);
  expect(r.status).toBe(200);
  const related = r.body.related as Related;
  expect(related.openCases.map((c) => c.id)).toEqual([cases.cancel]);
  expect(related.openCases[0]).toMatchObject({ processName: expect.stringMatching(/[\u4e00-\u9fa5]/), status: 'in_review', waitingAt: [expect.stringContaining('审核注销申请')] });
  expect(related.openCases[0].number).toBeTruthy();

  // a reviewer of the unit reviewers as well reads the qualification case too; never the decided one nor another unit's
  const wider = (await both.call('GET', `/api/tasks/${taskKey}`)).body.related as Related;
  expect(wider.openCases.map((c) => c.id).sort()).toEqual([cases.cancel, cases.qualification].sort());
  const adminView = (await admin.call('GET', `/api/tasks/${taskKey}`)).body.related as Related;
  expect(adminView.openCases.map((c) => c.id)).not.toContain(cases.decided);
  expect(adminView.openCases.map((c) => c.id)).not.toContain(cases.otherUnit);

  expect(related.persons).toEqual([
    {
      name: '关联人员',
      idNumber: maskIdNumber(person.idNumber),
      qualifications: [expect.objectContaining({ item: expect.stringMatching(/^Y-GL .+（检验师/), certificateNo: expect.any(String), expiryDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })],
      records: [expect.objectContaining({ unitName: expect.stringContaining('原执业检验有限公司'), items: [expect.stringContaining('Y-GL')], status: 'ended', startDate: '2020-03-01', validUntil: '2025-02-28', endReason: expect.stringContaining('已变更单位') })],
    },
  ]);
  // no ids in what is shown
  expect(JSON.stringify(related.persons)).not.toContain(person.id);
});

it('shows the ID card number whole to the reviewer holding the task only', async () => {
  const before = await publicityOnly.call('GET', `/api/tasks/${taskKey}`);
  expect(before.body.idNumbersMasked).toBe(true);
  expect(before.body.case.data.idNumber).toBe(maskIdNumber(person.idNumber));
  expect(before.body.submission.data.idNumber).toBe(maskIdNumber(person.idNumber));
  expect(JSON.stringify(before.body)).not.toContain(person.idNumber);

  await sys.db('tasks').where({ user_task_key: taskKey }).update({ assignee: publicityLogin });
  const holding = await publicityOnly.call('GET', `/api/tasks/${taskKey}`);
  expect(holding.body.idNumbersMasked).toBe(false);
  expect(holding.body.case.data.idNumber).toBe(person.idNumber);
  expect(holding.body.submission.data.idNumber).toBe(person.idNumber);
  expect((holding.body.related as Related).persons![0].idNumber).toBe(person.idNumber);
  // the other mobile and the name are not ID numbers: unchanged for everyone
  expect(holding.body.case.data.mobile).toBe('13912340000');

  for (const other of [both, admin]) {
    const r = await other.call('GET', `/api/tasks/${taskKey}`);
    expect(r.body.idNumbersMasked).toBe(true);
    expect(JSON.stringify(r.body)).not.toContain(person.idNumber);
    expect(r.body.case.data.name).toBe('关联人员');
  }
});

it('an identity check shows the name, ID number and mobile to verify (whole to the holder only) and the person’s registry', async () => {
  const unit = await createUnit(sys.db);
  const app = await createApplication(sys.db, { processId: 'identity-manual-verification', unitId: unit.id, data: { name: '关联人员', mobile: '13912345678' } });
  const v = await createIdentityVerification(sys.db, { practitionerId: person.id, name: '关联人员', idNumber: person.idNumber, mobile: '13912345678' });
  await sys.db('audit').insert({ application_id: app.id, actor: 'someone', action: 'submit', details: JSON.stringify({ verificationId: v.id }) });
  const [t] = await sys
    .db('tasks')
    .insert(mirrorTask(app.id, { process_definition_id: 'identity-manual-verification', element_id: 'verify', form_key: 'identity-manual-verification-review', candidate_groups: [GROUP.publicityReviewers] }))
    .returning('user_task_key');

  const before = await publicityOnly.call('GET', `/api/tasks/${t.user_task_key}`);
  expect(before.status).toBe(200);
  expect(before.body.subject).toEqual({ name: '关联人员', idNumber: maskIdNumber(person.idNumber), mobile: '13912345678' });
  expect((before.body.related as Related).persons).toEqual([expect.objectContaining({ name: '关联人员', qualifications: [expect.anything()] })]);

  await sys.db('tasks').where({ user_task_key: t.user_task_key }).update({ assignee: publicityLogin });
  const holding = await publicityOnly.call('GET', `/api/tasks/${t.user_task_key}`);
  expect(holding.body.subject).toEqual({ name: '关联人员', idNumber: person.idNumber, mobile: '13912345678' });
});
