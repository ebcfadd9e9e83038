/**
 * Staff read a case only where one of their groups has or had a task in it, or their role covers
 * its process as a whole. The seed's staff (an appraisal agency, a review-team leader, a province's
 * licence authority) and a reviewer of another group get 404 for a unit's case outside their scope,
 * and do not find it in their lists; each reads a case once its group holds a task there. Admins
 * read every case with personal fields masked.
 */
import { GROUP } from '../../domain/registry';
import { licenceProvinceGroup } from '../../domain/licensing/ids';
import { createApplication, signedInUnit } from '../support/factories';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
const staff: Record<string, Client> = {};
const logins: Record<string, string> = {};
let caseId = '';
let number = '';
let unitMain: Client;
let taskKey = 5_000_000_000;

const mirrorTask = (applicationId: string, over: Record<string, unknown>) => ({
  user_task_key: String(taskKey++), process_instance_key: '1', process_definition_id: 'production-licence', element_id: 'agency-review', application_id: applicationId,
  form_key: 'licence-agency-review', candidate_groups: [], candidate_users: [], state: 'CREATED', last_event: 'creating', ...over,
});

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const unit = await signedInUnit(sys);
  unitMain = unit.client;
  const app = await createApplication(sys.db, { processId: 'production-licence', unitId: unit.unit.id, data: { contactName: '林一', contactMobile: '13812345678', contactIdNumber: '110101199003071234' } });
  caseId = app.id;
  number = app.number;
  const groups = {
    agency: [GROUP.appraisalAgencies], // agency1
    leader: [GROUP.appraisalLeaders], // leader1
    bjamr: [licenceProvinceGroup('110000')], // bjamr1
    otherReviewer: [GROUP.publicityReviewers],
    inside: [licenceProvinceGroup('320000')],
  };
  for (const [role, g] of Object.entries(groups)) {
    const a = await createAccount(sys, { groups: g });
    logins[role] = a.login;
    staff[role] = await signIn(sys.url, a.login, a.password);
  }
  const admin = await createAccount(sys, { kind: 'admin' });
  staff.admin = await signIn(sys.url, admin.login, admin.password);
  // the case sits with the Jiangsu authority only
  await sys.db('tasks').insert(mirrorTask(caseId, { candidate_groups: [licenceProvinceGroup('320000')] }));
});
afterAll(async () => {
  await sys?.stop();
});

const listed = async (who: Client) => ((await who.call('GET', `/api/applications?number=${encodeURIComponent(number)}`)).body.items as Array<{ id: string }>).map((i) => i.id);

it('outside their scope the agency, a team leader, another province and another group get 404 and an empty list', async () => {
  for (const role of ['agency', 'leader', 'bjamr', 'otherReviewer']) {
    expect([role, (await staff[role].call('GET', `/api/applications/${caseId}`)).status]).toEqual([role, 404]);
    expect([role, await listed(staff[role])]).toEqual([role, []]);
  }
  expect((await staff.inside.call('GET', `/api/applications/${caseId}`)).status).toBe(200);
  expect(await listed(staff.inside)).toEqual([caseId]);
  expect((await unitMain.call('GET', `/api/applications/${caseId}`)).status).toBe(200);
});

it('a group reads the case once it has (or had) a task there; a team leader only the task given to them', async () => {
  await sys.db('tasks').insert(mirrorTask(caseId, { candidate_groups: [GROUP.appraisalAgencies], state: 'COMPLETED' }));
  await sys.db('tasks').insert(mirrorTask(caseId, { candidate_groups: [licenceProvinceGroup('110000')] }));
  expect((await staff.agency.call('GET', `/api/applications/${caseId}`)).status).toBe(200);
  expect(await listed(staff.agency)).toEqual([caseId]);
  expect((await staff.bjamr.call('GET', `/api/applications/${caseId}`)).status).toBe(200);
  // the leaders' group task is personal: one for another leader shows nothing, one for this leader does
  await sys.db('tasks').insert(mirrorTask(caseId, { candidate_groups: [GROUP.appraisalLeaders], assignee: 'someone-else' }));
  expect((await staff.leader.call('GET', `/api/applications/${caseId}`)).status).toBe(404);
  await sys.db('tasks').insert(mirrorTask(caseId, { candidate_groups: [GROUP.appraisalLeaders], assignee: logins.leader }));
  expect((await staff.leader.call('GET', `/api/applications/${caseId}`)).status).toBe(200);
  // a reviewer of an unrelated group still does not
  expect((await staff.otherReviewer.call('GET', `/api/applications/${caseId}`)).status).toBe(404);
});

it('admins read every case with personal fields masked unless they reveal them', async () => {
  const masked = await staff.admin.call('GET', `/api/applications/${caseId}`);
  expect(masked.status).toBe(200);
  expect(JSON.stringify(masked.body)).not.toContain('13812345678');
  expect(JSON.stringify(masked.body)).not.toContain('110101199003071234');
  expect(JSON.stringify(masked.body)).toContain('138****5678');
  const revealed = await staff.admin.call('GET', `/api/applications/${caseId}?reveal=true`);
  expect(JSON.stringify(revealed.body)).toContain('13812345678');
});
