/**
 * Access control: every operation of the OpenAPI document (api/openapi.ts) against every role,
 * with the status each must get, and one unit never reaching another unit's case, task, file,
 * draft or sub-account. Driven by the route list: an operation added to the API without an
 * expectation here fails the first test. The expectations are checked against each route's
 * declared `allow` too: a role the declaration refuses must get its 401 / 403, a role it admits
 * never 401. Prints how many operation × role pairs it checked.
 */
import { hashPassword } from '../../core/passwords';
import { issueDocument } from '../../db/documents';
import { DOCUMENT_KIND, PROCESS, unitTaskGroup } from '../../domain/registry';
import { openapi } from '../../api/openapi';
import { anyone, Caller, gate } from '../../api/route';
import { declaredRoutes } from '../../api/routes';
import { freshUscc, PNG } from '../support/fixtures';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
type Role = 'anonymous' | 'unitMain' | 'unitSub' | 'otherUnit' | 'reviewer' | 'lead' | 'admin';
const ROLES: Role[] = ['anonymous', 'unitMain', 'unitSub', 'otherUnit', 'reviewer', 'lead', 'admin'];
const clients: Partial<Record<Role, Client>> = {};
const credentials: Partial<Record<Role, { login: string; password: string }>> = {};
/** Unit A's objects (unitMain and unitSub belong to unit A; otherUnit is unit B's main account). */
const A = {
  caseId: '', caseNumber: '', fileId: '', reviewTaskKey: '', unitTaskKey: '', unitGroupTaskKey: '', subAccountId: '', spareSubAccountId: '', unitId: '',
  // unit A's objects of the later processes (rows written directly, no process started)
  publicityId: '', cancellationId: '', appraisalId: '', powerPermitId: '', selfInspectionId: '', campaignId: '',
  documentId: '', documentCode: '', ratingToken: '', publicationId: '',
  /** unit A's production licence (许可管理) */
  licenceId: '',
  /** a cancellation of unit A its own accounts give a courier number (the others stay as written) */
  courierCancellationId: '',
  /** unit A's secondary unit (an application was made for it: not deleted) and its unregistered person */
  branchId: '', unregisteredPersonId: '',
};

async function unitAccounts(tag: string) {
  const [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: `权限测试${tag}`, legal_representative: '蒋一', province: '110000', city: '110100', district: '110101', address: '北京市东城区权限路 1 号', postcode: '100010', phone: '010-1111111', status: 'active' })
    .returning('*');
  const login = `acl${tag}${Date.now()}`;
  const hash = await hashPassword('Acl2026!x');
  const [, sub, spare] = await sys.db('accounts')
    .insert([
      { login, password_hash: hash, kind: 'unit-main', display_name: '主帐号', email: `${login}@example.test`, unit_id: unit.id, status: 'active' },
      { login: `${login}s`, password_hash: hash, kind: 'unit-sub', display_name: '子帐号', email: `${login}s@example.test`, unit_id: unit.id, status: 'active', permissions: ['publicity'] },
      { login: `${login}t`, password_hash: hash, kind: 'unit-sub', display_name: '备用子帐号', email: `${login}t@example.test`, unit_id: unit.id, status: 'active', permissions: ['publicity'] },
    ])
    .returning('*');
  return { unit, sub, spare, main: { login, password: 'Acl2026!x' }, subLogin: { login: `${login}s`, password: 'Acl2026!x' } };
}

const mirrorTask = (key: string, over: Record<string, unknown>) => ({
  user_task_key: key, process_instance_key: '1', process_definition_id: 'unit-qualification', element_id: 'review', application_id: A.caseId,
  form_key: 'unit-qualification-review', candidate_groups: [], candidate_users: [], state: 'CREATED', last_event: 'creating', ...over,
});

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await unitAccounts('a');
  const b = await unitAccounts('b');
  A.unitId = a.unit.id;
  A.subAccountId = a.sub.id;
  A.spareSubAccountId = a.spare.id;
  credentials.unitMain = a.main;
  credentials.unitSub = a.subLogin;
  credentials.otherUnit = b.main;
  credentials.reviewer = await createAccount(sys, { groups: ['unit-reviewers'] });
  credentials.lead = await createAccount(sys, { groups: ['unit-reviewers', 'review-leads'] });
  credentials.admin = await createAccount(sys, { kind: 'admin' });
  for (const role of ROLES.slice(1)) clients[role] = await signIn(sys.url, credentials[role]!.login, credentials[role]!.password);
  // unit A's case, file, draft and (mirrored) tasks: one for the unit-reviewers group, one for unit A's main account
  A.fileId = (await clients.unitMain!.upload('a.png', PNG)).body.id;
  A.caseNumber = `ACL-${Date.now()}`;
  const [app] = await sys.db('applications').insert({ number: A.caseNumber, process_id: 'unit-qualification', status: 'submitted', unit_id: a.unit.id, data: JSON.stringify({ certificate: [{ id: A.fileId, name: 'a.png' }] }) }).returning('id');
  A.caseId = app.id;
  A.reviewTaskKey = String(5_000_000_000_000 + Math.floor(Math.random() * 1e9));
  A.unitTaskKey = String(5_100_000_000_000 + Math.floor(Math.random() * 1e9));
  A.unitGroupTaskKey = String(5_150_000_000_000 + Math.floor(Math.random() * 1e9));
  await sys.db('tasks').insert([
    mirrorTask(A.reviewTaskKey, { candidate_groups: ['unit-reviewers'] }),
    mirrorTask(A.unitTaskKey, { element_id: 'correct', form_key: 'unit-qualification', candidate_users: [a.main.login] }),
    // a step of unit A's own processes (appraisal, self-inspection): offered to unit A's task group
    mirrorTask(A.unitGroupTaskKey, { element_id: 'correct', form_key: 'unit-qualification', candidate_groups: [unitTaskGroup(a.unit.id)] }),
  ]);
  await clients.unitMain!.call('PUT', '/api/drafts/start:unit-qualification', { data: { certificateNo: 'A-ONLY' } });

  // unit A's publicity application, cancellation, appraisal project (with a file and a rating),
  // finished power-permit case (with a rating link), self-inspection; a document of its case
  const row = (processId: string, status: string, over: Record<string, unknown> = {}) =>
    ({ number: `ACL-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, process_id: processId, status, unit_id: a.unit.id, data: JSON.stringify({}), ...over });
  const [campaign] = await sys.db('self_inspection_campaigns').insert({ year: 2026, title: '权限测试自查', launched_by: 'acl' }).returning('id');
  A.campaignId = campaign.id;
  const ids = await sys.db('applications')
    .insert([
      row(PROCESS.publicityApplication, 'submitted'),
      row(PROCESS.publicityCancel, 'submitted'),
      row(PROCESS.appraisalReview, 'draft'),
      row(PROCESS.powerPermitNew, 'approved'),
      row(PROCESS.selfInspectionCampaign, 'submitted', { campaign_id: campaign.id }),
      row(PROCESS.publicityCancel, 'pending'),
    ])
    .returning('id');
  [A.publicityId, A.cancellationId, A.appraisalId, A.powerPermitId, A.selfInspectionId, A.courierCancellationId] = ids.map((r: { id: string }) => r.id);
  await sys.db('appraisal_files').insert({ application_id: A.appraisalId, step: 'edit-project', kind: 'upload', file_id: A.fileId, title: '附件', task_key: '1', actor: a.main.login });
  await sys.db('appraisal_ratings').insert({ application_id: A.appraisalId, team_leader: '组长', score_professionalism: 5, score_attitude: 5, score_discipline: 5, score_efficiency: 5, score_overall: 5 });
  A.ratingToken = `acl${Date.now()}tok`;
  await sys.db('rating_links').insert({ token: A.ratingToken, application_id: A.powerPermitId });
  const [pub] = await sys.db('appraisal_publications').insert({ title: '权限测试公开文件', file_id: A.fileId, published_by: 'acl' }).returning('id');
  A.publicationId = pub.id;
  const [licence] = await sys.db('production_licences')
    .insert({ number: `TSACL-${Date.now()}`, unit_id: a.unit.id, category: 'manufacture', item_codes: ['M-ESV-B'], authority_name: '北京市市场监督管理局', issued_on: '2026-01-01', valid_until: '2030-01-01' })
    .returning('id');
  A.licenceId = licence.id;
  const [branch] = await sys.db('units')
    .insert({ name: '权限测试a分公司', legal_representative: '蒋一', province: '110000', city: '110100', district: '110101', address: '北京市东城区权限路 2 号', postcode: '100010', phone: '010-1111112', status: 'active', parent_unit_id: a.unit.id })
    .returning('id');
  A.branchId = branch.id;
  await sys.db('applications').insert(row(PROCESS.publicityApplication, 'submitted', { branch_unit_id: branch.id }));
  const [person] = await sys.db('unregistered_persons').insert({ unit_id: a.unit.id, name: '权限人员', id_number: '11010519880303006X', created_by: 'acl' }).returning('id');
  A.unregisteredPersonId = person.id;
  const doc = await issueDocument({ db: sys.db, fileStoreDir: sys.config.fileStoreDir, publicUrl: 'https://permitflow.example', now: () => new Date() }, {
    key: `sample:acl:${A.caseId}`, kind: DOCUMENT_KIND.sample, title: '权限测试文件', applicationId: A.caseId, unitId: a.unit.id, layout: { title: '权限测试文件', sections: [{ paragraphs: ['单位 A'] }] },
  });
  A.documentId = doc.id;
  A.documentCode = doc.code;
  // the anonymous lookups are rate-limited per address: start with a fresh count (another test file,
  // the fuzz for one, may have used this minute's allowance from the same address)
  const limited = [...(await sys.redis.keys('rl:public-publicity:*')), ...(await sys.redis.keys('rl:verify:*'))];
  if (limited.length) await sys.redis.del(...limited);
});
afterAll(async () => {
  await sys.db('tasks').whereIn('user_task_key', [A.reviewTaskKey, A.unitTaskKey, A.unitGroupTaskKey]).delete();
  await sys?.stop();
});

type Want = number | 'ok';
interface Case {
  method?: string;
  /** What this case is about, when an operation has several (different objects). */
  what?: string;
  path: () => string;
  body?: () => unknown;
  /** Expected status per role, in ROLES order; 'ok' means any 2xx. */
  want: [Want, Want, Want, Want, Want, Want, Want];
  /** Sign in afresh for the call (the operation ends the session). */
  fresh?: boolean;
  /** Multipart upload of a PNG instead of a JSON body. */
  upload?: boolean;
  /** A stream: read the status, then hang up. */
  stream?: boolean;
}

const ALL_OK: Case['want'] = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
const SIGNED_IN: Case['want'] = [401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
const ADMIN: Case['want'] = [401, 403, 403, 403, 403, 403, 'ok'];
const MAIN: Case['want'] = [401, 'ok', 403, 'ok', 403, 403, 403];
/** Unit accounts (the sub-account has the publicity permission); staff have no unit: 403. */
const UNIT: Case['want'] = [401, 'ok', 'ok', 'ok', 403, 403, 403];
/** Unit A's object: its unit's accounts and staff; unit B does not find it. */
const A_AND_STAFF: Case['want'] = [401, 'ok', 'ok', 404, 'ok', 'ok', 'ok'];
const unitOnly = (s: Want): Case['want'] => [401, s, s, s, 403, 403, 403];
const adminOnly = (s: Want): Case['want'] => [401, 403, 403, 403, 403, 403, s];
const same = (s: Want): Case['want'] => [s, s, s, s, s, s, s];
const NO_NOTICE = '00000000-0000-4000-8000-000000000000';
const nobody = () => `nobody${Math.random().toString(36).slice(2, 9)}`;

/** Keyed like the OpenAPI document: "METHOD /path/{param}". */
const EXPECTED: Record<string, Case[]> = {
  'GET /health': [{ path: () => '/health', want: ALL_OK }],
  'GET /api/openapi.json': [{ path: () => '/api/openapi.json', want: ALL_OK }],
  'POST /api/auth/login': [{ what: 'wrong password', path: () => '/api/auth/login', body: () => ({ login: nobody(), password: 'Wrong2026x' }), want: same(401) }],
  'POST /api/auth/logout': [{ path: () => '/api/auth/logout', want: same(204), fresh: true }],
  'GET /api/me': [{ path: () => '/api/me', want: SIGNED_IN }],
  'GET /api/auth/captcha': [{ path: () => '/api/auth/captcha', want: ALL_OK }],
  'POST /api/auth/password': [{ what: 'empty body', path: () => '/api/auth/password', body: () => ({}), want: [401, 400, 400, 400, 400, 400, 400] }],
  'POST /api/registrations': [{ what: 'empty body', path: () => '/api/registrations', body: () => ({}), want: same(400) }],
  'GET /api/registrations/{id}/resubmission': [{ what: "unit A's case, no token", path: () => `/api/registrations/${A.caseId}/resubmission`, want: same(404) }],
  'POST /api/registrations/{id}/resubmission': [{ what: "unit A's case, wrong token", path: () => `/api/registrations/${A.caseId}/resubmission`, body: () => ({ token: 'x', registration: {} }), want: same(404) }],
  'POST /api/password-reset/code': [{ what: 'empty body', path: () => '/api/password-reset/code', body: () => ({}), want: same(400) }],
  'POST /api/password-reset': [{ what: 'empty body', path: () => '/api/password-reset', body: () => ({}), want: same(400) }],
  'POST /api/signup/code': [{ what: 'empty body', path: () => '/api/signup/code', body: () => ({}), want: same(400) }],
  'POST /api/signup/person': [{ what: 'empty body', path: () => '/api/signup/person', body: () => ({}), want: same(422) }],
  'POST /api/signup/enterprise': [{ what: 'empty body', path: () => '/api/signup/enterprise', body: () => ({}), want: same(422) }],
  'GET /api/unit/accounts': [{ path: () => '/api/unit/accounts', want: MAIN }],
  'POST /api/unit/accounts': [{ what: 'empty body', path: () => '/api/unit/accounts', body: () => ({}), want: [401, 400, 403, 400, 403, 403, 403] }],
  'PATCH /api/unit/accounts/{id}': [
    // not the sub-account signed in here: a change ends the changed account's sessions
    { what: "unit A's other sub-account", path: () => `/api/unit/accounts/${A.spareSubAccountId}`, body: () => ({ status: 'active' }), want: [401, 'ok', 403, 404, 403, 403, 403] },
  ],
  'POST /api/appeals': [{ what: 'empty body', path: () => '/api/appeals', body: () => ({}), want: same(400) }],
  'POST /api/password-set': [{ what: 'wrong token', path: () => '/api/password-set', body: () => ({ token: 'x', password: 'Acl2026!y', passwordConfirm: 'Acl2026!y' }), want: same(404) }],
  'GET /api/unit/profile': [{ path: () => '/api/unit/profile', want: [401, 'ok', 'ok', 'ok', 403, 403, 403] }],
  'PATCH /api/unit/profile': [{ path: () => '/api/unit/profile', body: () => ({ phone: '010-22223333' }), want: MAIN }],
  'GET /api/unit/superior-candidates': [{ path: () => '/api/unit/superior-candidates?name=' + encodeURIComponent('权限'), want: MAIN }],
  'GET /api/unit/branches': [{ path: () => '/api/unit/branches', want: [401, 'ok', 'ok', 'ok', 403, 403, 403] }],
  'POST /api/unit/branches': [{ what: 'empty body', path: () => '/api/unit/branches', body: () => ({}), want: [401, 400, 403, 400, 403, 403, 403] }],
  'PUT /api/unit/branches/{id}': [{ what: "unit A's secondary unit", path: () => `/api/unit/branches/${A.branchId}`, body: () => ({ name: '权限测试a分公司', province: '110000', city: '110100', district: '110101', address: '北京市东城区权限路 2 号', postcode: '100010', phone: '010-1111112' }), want: [401, 'ok', 403, 404, 403, 403, 403] }],
  'DELETE /api/unit/branches/{id}': [{ what: "unit A's secondary unit an application was made for", path: () => `/api/unit/branches/${A.branchId}`, want: [401, 409, 403, 404, 403, 403, 403] }],
  'GET /api/unit/qualifications': [
    { path: () => '/api/unit/qualifications', want: [401, 'ok', 'ok', 'ok', 403, 403, 403] },
    { what: 'an unknown status', path: () => '/api/unit/qualifications?status=gone', want: unitOnly(400) },
  ],
  'GET /api/unit/home': [{ path: () => '/api/unit/home', want: [401, 'ok', 'ok', 'ok', 403, 403, 403] }],
  'POST /api/unit/info-change/contact-code': [{ what: 'empty body', path: () => '/api/unit/info-change/contact-code', body: () => ({}), want: [401, 400, 403, 400, 403, 403, 403] }],
  // (the sub-account here has publicity only, not qualification)
  'PATCH /api/unit/qualifications/{id}': [{ what: "unit A's application id, no such record", path: () => `/api/unit/qualifications/${A.caseId}`, body: () => ({ issuer: 'x' }), want: [401, 404, 403, 404, 403, 403, 403] }],
  'DELETE /api/unit/qualifications/{id}': [{ what: "unit A's application id, no such record", path: () => `/api/unit/qualifications/${A.caseId}`, want: [401, 404, 403, 404, 403, 403, 403] }],
  'PATCH /api/unit/qualification-applications/{id}': [{ what: "unit A's pending qualification, nothing to change", path: () => `/api/unit/qualification-applications/${A.caseId}`, body: () => ({}), want: [401, 400, 403, 404, 403, 403, 403] }],
  'DELETE /api/unit/qualification-applications/{id}': [{ what: 'no such application', path: () => '/api/unit/qualification-applications/00000000-0000-4000-8000-000000000000', want: [401, 404, 403, 404, 403, 403, 403] }],
  'GET /api/unit/info-changes': [{ path: () => '/api/unit/info-changes', want: [401, 'ok', 403, 'ok', 403, 403, 403] }],
  'DELETE /api/unit/info-changes/{id}': [{ what: "unit A's qualification, not a change request", path: () => `/api/unit/info-changes/${A.caseId}`, want: [401, 404, 403, 404, 403, 403, 403] }],
  'GET /api/person/mobile': [{ path: () => '/api/person/mobile', want: [401, 403, 403, 403, 403, 403, 403] }],
  'POST /api/person/mobile-code': [{ what: 'empty body', path: () => '/api/person/mobile-code', body: () => ({}), want: [401, 403, 403, 403, 403, 403, 403] }],
  'PUT /api/person/mobile': [{ what: 'empty body', path: () => '/api/person/mobile', body: () => ({}), want: [401, 403, 403, 403, 403, 403, 403] }],
  'GET /api/admin/notices': [{ path: () => '/api/admin/notices', want: ADMIN }],
  'POST /api/admin/notices': [{ what: 'empty body', path: () => '/api/admin/notices', body: () => ({}), want: adminOnly(400) }],
  'PUT /api/admin/notices/{id}': [{ what: 'no such notice', path: () => `/api/admin/notices/${NO_NOTICE}`, body: () => ({ kind: 'member', title: '权限测试', body: '内容' }), want: adminOnly(404) }],
  'POST /api/admin/notices/{id}/publish': [{ what: 'no such notice', path: () => `/api/admin/notices/${NO_NOTICE}/publish`, body: () => ({}), want: adminOnly(404) }],
  'POST /api/admin/notices/{id}/unpublish': [{ what: 'no such notice', path: () => `/api/admin/notices/${NO_NOTICE}/unpublish`, body: () => ({}), want: adminOnly(404) }],
  'DELETE /api/admin/notices/{id}': [{ what: 'no such notice', path: () => `/api/admin/notices/${NO_NOTICE}`, want: adminOnly(404) }],
  'GET /api/notices': [{ path: () => '/api/notices', want: SIGNED_IN }],
  'GET /api/notices/{id}': [{ what: 'no such notice', path: () => `/api/notices/${NO_NOTICE}`, want: [401, 404, 404, 404, 404, 404, 404] }],
  'POST /api/admin/deployments': [{ what: 'empty body', path: () => '/api/admin/deployments', body: () => ({}), want: [401, 403, 403, 403, 403, 403, 400] }],
  'GET /api/admin/processes': [{ path: () => '/api/admin/processes', want: ADMIN }],
  'GET /api/admin/incidents': [{ path: () => '/api/admin/incidents', want: ADMIN }],
  'POST /api/admin/incidents/{key}/retry': [{ what: 'no such incident', path: () => '/api/admin/incidents/1/retry', want: [401, 403, 403, 403, 403, 403, 404] }],
  'GET /api/admin/cases/{processInstanceKey}': [{ what: 'no such case', path: () => '/api/admin/cases/1', want: [401, 403, 403, 403, 403, 403, 404] }],
  'POST /api/admin/cases/{processInstanceKey}/cancel': [{ what: 'no such case', path: () => '/api/admin/cases/1/cancel', body: () => ({ reason: '权限测试' }), want: [401, 403, 403, 403, 403, 403, 409] }],
  'GET /api/admin/processes/{id}/versions/{version}/xml': [{ path: () => '/api/admin/processes/unit-registration/versions/1/xml', want: ADMIN }],
  'POST /api/admin/processes/{id}/diff': [{ what: 'not a model', path: () => '/api/admin/processes/unit-registration/diff', body: () => ({ xml: '<x/>' }), want: adminOnly(400) }],
  'GET /api/admin/processes/{id}/diff/{from}/{to}': [{ path: () => '/api/admin/processes/unit-registration/diff/1/1', want: ADMIN }],
  'POST /api/admin/lint': [{ what: 'empty body', path: () => '/api/admin/lint', body: () => ({}), want: [401, 403, 403, 403, 403, 403, 400] }],
  'GET /api/admin/forms': [{ path: () => '/api/admin/forms', want: ADMIN }],
  'GET /api/forms/{key}': [{ path: () => '/api/forms/unit-registration', want: ALL_OK }],
  'GET /api/processes/{id}/diagram': [{ path: () => '/api/processes/unit-registration/diagram', want: ALL_OK }],
  // registration and appeals upload before anyone can sign in: anonymous uploads are allowed (rate-limited, readable by staff only)
  'POST /api/files': [{ what: 'a PNG', path: () => '/api/files', upload: true, want: same(201) }],
  'GET /api/files/{id}': [{ what: "unit A's file", path: () => `/api/files/${A.fileId}`, want: [401, 'ok', 404, 404, 'ok', 'ok', 'ok'] }],
  'GET /api/drafts/{scope}': [{ what: "unit A main's draft", path: () => '/api/drafts/start:unit-qualification', want: [401, 'ok', 404, 404, 404, 404, 404] }],
  'PUT /api/drafts/{scope}': [{ what: 'own draft', path: () => '/api/drafts/start:acl-matrix', body: () => ({ data: { x: 1 } }), want: SIGNED_IN }],
  'DELETE /api/drafts/{scope}': [{ what: 'own draft', path: () => '/api/drafts/start:acl-matrix', want: [401, 204, 204, 204, 204, 204, 204] }],
  'GET /api/applications': [{ path: () => '/api/applications', want: SIGNED_IN }],
  'POST /api/applications': [{ what: 'start a qualification, empty form', path: () => '/api/applications', body: () => ({ processId: 'unit-qualification', data: {} }), want: [401, 400, 403, 400, 403, 403, 403] }],
  'GET /api/applications/{id}': [{ what: "unit A's case", path: () => `/api/applications/${A.caseId}`, want: [401, 'ok', 'ok', 404, 'ok', 'ok', 'ok'] }],
  'GET /api/tasks': [{ path: () => '/api/tasks', want: SIGNED_IN }],
  'GET /api/tasks/counts': [{ path: () => '/api/tasks/counts', want: SIGNED_IN }],
  'GET /api/tasks/stream': [{ path: () => '/api/tasks/stream', want: SIGNED_IN, stream: true }],
  'GET /api/tasks/{id}': [
    { what: 'a unit-reviewers task of unit A', path: () => `/api/tasks/${A.reviewTaskKey}`, want: [401, 404, 404, 404, 'ok', 'ok', 'ok'] },
    { what: "unit A's own task", path: () => `/api/tasks/${A.unitTaskKey}`, want: [401, 'ok', 404, 404, 404, 404, 'ok'] },
    { what: "a task of unit A's task group", path: () => `/api/tasks/${A.unitGroupTaskKey}`, want: [401, 'ok', 404, 404, 404, 404, 'ok'] },
  ],
  // candidates pass the access check; the engine has no such task (it lives only in the mirror here): 409
  'POST /api/tasks/{id}/claim': [
    { what: 'a unit-reviewers task', path: () => `/api/tasks/${A.reviewTaskKey}/claim`, want: [401, 404, 404, 404, 409, 409, 409] },
    { what: "unit A's own task", path: () => `/api/tasks/${A.unitTaskKey}/claim`, want: [401, 409, 404, 404, 404, 404, 409] },
  ],
  // releasing: the assignee or a lead/admin; nobody assigned → nothing to do (200)
  'POST /api/tasks/{id}/unclaim': [
    { what: 'a unit-reviewers task, nobody assigned', path: () => `/api/tasks/${A.reviewTaskKey}/unclaim`, want: [401, 404, 404, 404, 403, 'ok', 'ok'] },
    { what: "unit A's own task", path: () => `/api/tasks/${A.unitTaskKey}/unclaim`, want: [401, 403, 404, 404, 404, 404, 'ok'] },
  ],
  'POST /api/tasks/{id}/assign': [
    { what: 'a unit-reviewers task (leads only)', path: () => `/api/tasks/${A.reviewTaskKey}/assign`, body: () => ({ assignee: 'x' }), want: [401, 404, 404, 404, 403, 400, 400] },
  ],
  'GET /api/tasks/{id}/candidates': [
    { what: 'a unit-reviewers task (leads only)', path: () => `/api/tasks/${A.reviewTaskKey}/candidates`, want: [401, 404, 404, 404, 403, 'ok', 'ok'] },
  ],
  // candidates get past the access check to the form validation (an empty form: 400)
  'POST /api/tasks/{id}/complete': [
    { what: 'a unit-reviewers task', path: () => `/api/tasks/${A.reviewTaskKey}/complete`, body: () => ({ data: {} }), want: [401, 404, 404, 404, 400, 400, 400] },
    { what: "unit A's own task", path: () => `/api/tasks/${A.unitTaskKey}/complete`, body: () => ({ data: {} }), want: [401, 400, 404, 404, 404, 404, 400] },
  ],

  // ---- admin workbench
  'GET /api/admin/forms/{key}': [{ path: () => '/api/admin/forms/unit-registration', want: ADMIN }],
  'POST /api/admin/forms/{key}/versions': [{ what: 'no schema', path: () => '/api/admin/forms/acl-matrix/versions', body: () => ({}), want: adminOnly(400) }],
  'GET /api/admin/forms/{key}/versions/{version}': [{ what: 'no such version', path: () => '/api/admin/forms/unit-registration/versions/999999', want: adminOnly(404) }],
  'GET /api/admin/processes/{id}/element-counts': [{ what: 'no such version', path: () => '/api/admin/processes/unit-registration/element-counts?version=999999', want: adminOnly(404) }],
  'GET /api/admin/processes/{id}/cases': [{ path: () => '/api/admin/processes/unit-registration/cases', want: ADMIN }],
  'GET /api/admin/element-templates': [{ path: () => '/api/admin/element-templates', want: ADMIN }],

  // ---- practitioner publicity (unit accounts; a sub-account needs the publicity permission, which unitSub has)
  'GET /api/publicity/candidates': [{ what: 'no query', path: () => '/api/publicity/candidates', want: unitOnly(400) }],
  'GET /api/publicity/applications': [{ path: () => '/api/publicity/applications', want: UNIT }],
  'POST /api/publicity/applications': [{ what: 'empty form', path: () => '/api/publicity/applications', body: () => ({ data: {} }), want: unitOnly(400) }],
  'GET /api/publicity/applications/{id}': [{ what: "unit A's application", path: () => `/api/publicity/applications/${A.publicityId}`, want: [401, 'ok', 'ok', 404, 403, 403, 403] }],
  'POST /api/publicity/applications/{id}/sms-code': [{ what: "unit A's application, not in the upload window", path: () => `/api/publicity/applications/${A.publicityId}/sms-code`, body: () => ({}), want: [401, 409, 409, 404, 403, 403, 403] }],
  'POST /api/publicity/applications/{id}/confirm': [{ what: "unit A's application, not in the upload window", path: () => `/api/publicity/applications/${A.publicityId}/confirm`, body: () => ({}), want: [401, 409, 409, 404, 403, 403, 403] }],
  'GET /api/publicity/identity-verifications': [{ path: () => '/api/publicity/identity-verifications', want: UNIT }],
  'POST /api/publicity/identity-verifications': [{ what: 'empty form', path: () => '/api/publicity/identity-verifications', body: () => ({ data: {} }), want: unitOnly(400) }],
  'GET /api/publicity/add/candidates': [{ path: () => '/api/publicity/add/candidates', want: UNIT }],
  'POST /api/publicity/add': [{ what: 'empty form', path: () => '/api/publicity/add', body: () => ({ data: {} }), want: unitOnly(400) }],
  'GET /api/publicity/renewals': [{ path: () => '/api/publicity/renewals', want: UNIT }],
  'GET /api/publicity/cancel/candidates': [{ path: () => '/api/publicity/cancel/candidates', want: UNIT }],
  'GET /api/publicity/cancellations': [{ path: () => '/api/publicity/cancellations', want: UNIT }],
  'GET /api/publicity/persons': [
    { path: () => '/api/publicity/persons', want: UNIT },
    { what: 'an unknown status', path: () => '/api/publicity/persons?status=gone', want: unitOnly(400) },
  ],
  'GET /api/publicity/unregistered-persons': [
    { path: () => '/api/publicity/unregistered-persons', want: UNIT },
    { what: 'an ID number with letters', path: () => '/api/publicity/unregistered-persons?idNumber=ab', want: unitOnly(400) },
  ],
  'GET /api/publicity/unregistered-persons/{id}': [{ what: "unit A's person", path: () => `/api/publicity/unregistered-persons/${A.unregisteredPersonId}`, want: [401, 'ok', 'ok', 404, 403, 403, 403] }],
  'POST /api/publicity/unregistered-persons': [{ what: 'empty body', path: () => '/api/publicity/unregistered-persons', body: () => ({}), want: unitOnly(400) }],
  'PATCH /api/publicity/unregistered-persons/{id}': [{ what: "unit A's person, a note", path: () => `/api/publicity/unregistered-persons/${A.unregisteredPersonId}`, body: () => ({ note: '权限测试' }), want: [401, 'ok', 'ok', 404, 403, 403, 403] }],
  'DELETE /api/publicity/unregistered-persons/{id}': [{ what: 'no such person', path: () => `/api/publicity/unregistered-persons/${NO_NOTICE}`, want: [401, 404, 404, 404, 403, 403, 403] }],
  'GET /api/publicity/persons/statistics': [{ path: () => '/api/publicity/persons/statistics', want: UNIT }],
  'GET /api/publicity/certificates': [{ path: () => '/api/publicity/certificates', want: UNIT }],
  'PATCH /api/publicity/cancellations/{id}': [{ what: "unit A's cancellation, a courier number", path: () => `/api/publicity/cancellations/${A.courierCancellationId}`, body: () => ({ courierNumber: 'SF12345678' }), want: [401, 'ok', 'ok', 404, 403, 403, 403] }],
  'DELETE /api/publicity/cancellations/{id}': [{ what: 'no such cancellation', path: () => `/api/publicity/cancellations/${NO_NOTICE}`, want: [401, 404, 404, 404, 403, 403, 403] }],
  'POST /api/publicity/cancellations': [{ what: 'empty form', path: () => '/api/publicity/cancellations', body: () => ({ data: {} }), want: unitOnly(400) }],
  // staff outside publicity (unit reviewers) do not read a unit's cancellation
  'GET /api/publicity/cancellations/{id}': [{ what: "unit A's cancellation", path: () => `/api/publicity/cancellations/${A.cancellationId}`, want: [401, 'ok', 'ok', 404, 404, 404, 'ok'] }],
  'GET /api/inbox/filters': [{ what: 'my saved filters', path: () => '/api/inbox/filters', want: [401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'] }],
  'POST /api/inbox/filters': [{ what: 'save a filter', path: () => '/api/inbox/filters', body: () => ({ name: '矩阵', filter: { overdue: true } }), want: [401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'] }],
  'DELETE /api/inbox/filters/{name}': [{ what: 'a name never saved', path: () => '/api/inbox/filters/never-saved', want: [401, 404, 404, 404, 404, 404, 404] }],
  'GET /api/messages': [{ what: 'my messages', path: () => '/api/messages', want: [401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'] }],
  'POST /api/messages/read': [{ what: 'mark all read', path: () => '/api/messages/read', body: () => ({ all: true }), want: [401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'] }],
  'POST /api/publicity/cancellations/{id}/stamped-form': [{ what: "unit A's cancellation, no file", path: () => `/api/publicity/cancellations/${A.cancellationId}/stamped-form`, body: () => ({}), want: [401, 400, 400, 404, 403, 403, 403] }],
  'GET /api/public/publicity': [{ what: 'no query', path: () => '/api/public/publicity', want: same(400) }],

  // ---- documents
  'GET /api/documents/{id}': [{ what: "unit A's document", path: () => `/api/documents/${A.documentId}`, want: A_AND_STAFF }],
  'GET /api/applications/{id}/documents': [{ what: "unit A's case", path: () => `/api/applications/${A.caseId}/documents`, want: A_AND_STAFF }],
  'GET /api/public/verify/{code}': [{ what: "unit A's document", path: () => `/api/public/verify/${A.documentCode}`, want: ALL_OK }],
  'POST /api/public/verify/{code}': [{ what: 'JSON instead of the PDF', path: () => `/api/public/verify/${A.documentCode}`, body: () => ({}), want: same(415) }],

  // ---- licensing, inspectors
  'GET /api/licensing/catalogue': [{ path: () => '/api/licensing/catalogue', want: SIGNED_IN }],
  'GET /api/inspector/items': [{ path: () => '/api/inspector/items', want: SIGNED_IN }],
  'GET /api/inspector/applications': [{ path: () => '/api/inspector/applications', want: SIGNED_IN }],
  'POST /api/inspector/applications/{id}/withdraw': [{ what: "unit A's case: nobody's own inspector application", path: () => `/api/inspector/applications/${A.caseId}/withdraw`, body: () => ({}), want: [401, 404, 404, 404, 404, 404, 404] }],
  // 许可管理: the unit's main account and its sub-accounts with licensing (unitSub has not); another unit sees none of unit A's
  'GET /api/licensing/licences': [{ path: () => '/api/licensing/licences', want: MAIN }],
  'GET /api/licensing/licences/{id}': [{ what: "unit A's licence", path: () => `/api/licensing/licences/${A.licenceId}`, want: [401, 'ok', 403, 404, 403, 403, 403] }],

  // ---- appraisal review (a sub-account needs the appraisal permission, which unitSub lacks)
  'GET /api/appraisals': [{ path: () => '/api/appraisals', want: [401, 'ok', 403, 'ok', 403, 403, 403] }],
  'POST /api/appraisals': [{ what: 'data not an object', path: () => '/api/appraisals', body: () => ({ data: [] }), want: [401, 400, 403, 400, 403, 403, 403] }],
  'POST /api/appraisals/{id}/discard': [{ what: "unit A's case, not an appraisal project", path: () => `/api/appraisals/${A.caseId}/discard`, body: () => ({}), want: [401, 404, 403, 404, 403, 403, 403] }],
  'GET /api/appraisals/{id}/files': [{ what: "unit A's project", path: () => `/api/appraisals/${A.appraisalId}/files`, want: [401, 'ok', 404, 404, 404, 404, 'ok'] }],
  'GET /api/appraisals/{id}/files/{fileId}': [{ what: "unit A's project file", path: () => `/api/appraisals/${A.appraisalId}/files/${A.fileId}`, want: [401, 'ok', 404, 404, 404, 404, 'ok'] }],
  'GET /api/appraisals/{id}/rating': [{ what: "unit A's project", path: () => `/api/appraisals/${A.appraisalId}/rating`, want: [401, 'ok', 404, 404, 404, 404, 'ok'] }],
  'GET /api/public/appraisal-documents': [{ path: () => '/api/public/appraisal-documents', want: ALL_OK }],
  'GET /api/public/appraisal-documents/{id}/file': [{ what: 'a published file', path: () => `/api/public/appraisal-documents/${A.publicationId}/file`, want: ALL_OK }],
  'POST /api/appraisal-documents': [{ what: 'empty body (the office or an admin)', path: () => '/api/appraisal-documents', body: () => ({}), want: adminOnly(400) }],

  // ---- power-facility permits (a sub-account needs the licensing permission, which unitSub lacks)
  'GET /api/power-permits/me': [{ path: () => '/api/power-permits/me', want: MAIN }],
  'POST /api/power-permits/check': [{ what: 'no process', path: () => '/api/power-permits/check', body: () => ({}), want: [401, 400, 403, 400, 403, 403, 403] }],
  'POST /api/power-permits/applications': [{ what: 'no process', path: () => '/api/power-permits/applications', body: () => ({}), want: [401, 400, 403, 400, 403, 403, 403] }],
  'POST /api/power-permits/applications/{id}/materials': [{ what: "unit A's finished case", path: () => `/api/power-permits/applications/${A.powerPermitId}/materials`, body: () => ({ data: {} }), want: [401, 409, 403, 404, 403, 403, 403] }],
  'POST /api/power-permits/applications/{id}/terminate': [{ what: "unit A's finished case", path: () => `/api/power-permits/applications/${A.powerPermitId}/terminate`, body: () => ({}), want: [401, 409, 403, 404, 403, 403, 403] }],
  'POST /api/power-permits/applications/{id}/discard': [{ what: "unit A's finished case", path: () => `/api/power-permits/applications/${A.powerPermitId}/discard`, body: () => ({}), want: [401, 409, 403, 404, 403, 403, 403] }],

  // ---- service ratings, self-inspection
  'GET /api/applications/{id}/rating-link': [{ what: "unit A's finished case", path: () => `/api/applications/${A.powerPermitId}/rating-link`, want: A_AND_STAFF }],
  'GET /api/public/ratings/{token}': [{ what: "unit A's case link", path: () => `/api/public/ratings/${A.ratingToken}`, want: ALL_OK }],
  'POST /api/public/ratings/{token}': [{ what: 'no stars', path: () => `/api/public/ratings/${A.ratingToken}`, body: () => ({}), want: same(400) }],
  'POST /api/public/ratings/{token}/sms-code': [{ what: 'no mobile', path: () => `/api/public/ratings/${A.ratingToken}/sms-code`, body: () => ({}), want: same(400) }],
  'GET /api/admin/ratings': [{ path: () => '/api/admin/ratings', want: ADMIN }],
  'GET /api/admin/free-trade-zone': [{ path: () => '/api/admin/free-trade-zone', want: ADMIN }],
  'PUT /api/admin/free-trade-zone': [{ what: 'empty body', path: () => '/api/admin/free-trade-zone', body: () => ({}), want: adminOnly(400) }],
  'POST /api/admin/self-inspections': [{ what: 'no year', path: () => '/api/admin/self-inspections', body: () => ({}), want: adminOnly(400) }],
  'GET /api/admin/self-inspections/{id}': [{ what: 'a campaign', path: () => `/api/admin/self-inspections/${A.campaignId}`, want: ADMIN }],
  // the unit's own task: its main account and sub-accounts with licensing or appraisal (unitSub has neither)
  'GET /api/self-inspections': [{ path: () => '/api/self-inspections', want: MAIN }],
  'POST /api/self-inspections/{id}/submit': [{ what: "unit A's self-inspection, submitted already", path: () => `/api/self-inspections/${A.selfInspectionId}/submit`, body: () => ({ data: {} }), want: [401, 409, 403, 404, 404, 404, 404] }],

  // ---- where is my case, the service catalogue (anonymous without a second factor: 400; signed in: the caller's unit only)
  'GET /api/public/cases/lookup': [{ what: "unit A's case, no USCC or mobile", path: () => `/api/public/cases/lookup?number=${A.caseNumber}`, want: [400, 'ok', 'ok', 404, 404, 404, 404] }],
  'GET /api/public/services': [{ path: () => '/api/public/services', want: ALL_OK }],
};

/** Every operation in the OpenAPI document, as "METHOD /path". */
const OPERATIONS = Object.entries(openapi.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
  Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`),
);

async function call(role: Role, c: Case): Promise<number> {
  const body = c.body?.();
  if (c.upload) {
    if (role === 'anonymous') {
      const fd = new FormData();
      fd.append('file', new Blob([PNG]), 'a.png');
      return (await fetch(`${sys.url}${c.path()}`, { method: 'POST', body: fd })).status;
    }
    return (await clients[role]!.upload('a.png', PNG)).status;
  }
  if (c.stream) {
    const client = role === 'anonymous' ? undefined : clients[role]!;
    const ac = new AbortController();
    // the harness client reads the whole body; a stream never ends, so ask for the headers only
    const cookieClient = client ? await signInRaw(role) : undefined;
    const r = await fetch(`${sys.url}${c.path()}`, { headers: cookieClient ? { cookie: cookieClient } : {}, signal: ac.signal });
    ac.abort();
    return r.status;
  }
  if (role === 'anonymous') {
    const r = await fetch(`${sys.url}${c.path()}`, { method: c.method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return r.status;
  }
  const client = c.fresh ? await signIn(sys.url, credentials[role]!.login, credentials[role]!.password) : clients[role]!;
  return (await client.call(c.method!, c.path(), body)).status;
}

/** A session cookie for role (for the event stream, which the harness client cannot read). */
async function signInRaw(role: Role): Promise<string> {
  const res = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials[role]) });
  await res.text();
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

it('has an expectation for every operation of the OpenAPI document, and none for operations it lacks', () => {
  const expected = new Set(Object.keys(EXPECTED));
  expect(OPERATIONS.filter((op) => !expected.has(op))).toEqual([]);
  expect([...expected].filter((op) => !OPERATIONS.includes(op))).toEqual([]);
  expect(OPERATIONS.length).toBeGreaterThan(40);
});

it('answers every operation × role as expected', async () => {
  const wrong: string[] = [];
  let pairs = 0;
  let cases = 0;
  for (const op of OPERATIONS) {
    const [method] = op.split(' ');
    for (const c of EXPECTED[op] ?? []) {
      cases++;
      for (const [i, role] of ROLES.entries()) {
        const status = await call(role, { ...c, method } as Case & { method: string });
        const want = c.want[i];
        pairs++;
        const ok = want === 'ok' ? status >= 200 && status < 300 : status === want;
        if (!ok) wrong.push(`${op}${c.what ? ` (${c.what})` : ''} as ${role}: got ${status}, expected ${want}`);
      }
    }
  }
  process.stdout.write(`\naccess matrix: ${OPERATIONS.length} operations (${cases} cases) × ${ROLES.length} roles = ${pairs} pairs checked\n`);
  expect(wrong).toEqual([]);
}, 120_000);

it('agrees with every route\'s declared allow: refused roles get its 401 / 403, admitted roles never 401', async () => {
  const callers: Record<Role, Caller | undefined> = { anonymous: undefined } as Record<Role, Caller | undefined>;
  for (const role of ROLES.slice(1)) callers[role] = (await clients[role]!.call('GET', '/api/me')).body.user as Caller;
  const routes = declaredRoutes();
  const wrong: string[] = [];
  let refusedPairs = 0;
  for (const r of routes) {
    const op = `${r.method.toUpperCase()} ${r.path}`;
    const docAllow = (openapi.paths as Record<string, Record<string, { 'x-allow'?: string[] }>>)[r.path]?.[r.method]?.['x-allow'];
    if (JSON.stringify(docAllow) !== JSON.stringify(r.allow.map((a) => a.name))) wrong.push(`${op}: the document shows x-allow ${JSON.stringify(docAllow)}`);
    for (const c of EXPECTED[op] ?? []) {
      for (const [i, role] of ROLES.entries()) {
        const refused = gate(r.allow, callers[role]);
        const want = c.want[i];
        if (refused) refusedPairs++;
        // an admitted caller is never asked to sign in (a public operation may still answer 401 itself: a wrong password)
        const signInAsked = want === 401 && !r.allow.includes(anyone);
        if (refused ? want !== refused.status : signInAsked) wrong.push(`${op}${c.what ? ` (${c.what})` : ''} as ${role}: declared ${refused ? refused.status : 'admitted'}, expected ${want}`);
      }
    }
  }
  process.stdout.write(`\naccess matrix: ${routes.length} declared routes; ${refusedPairs} operation × role pairs refused by their declaration\n`);
  expect(wrong).toEqual([]);
  expect(refusedPairs).toBeGreaterThan(200);
});

it("keeps unit A's objects from unit B: nothing changed by B's attempts", async () => {
  expect((await clients.otherUnit!.call('GET', '/api/drafts/start:unit-qualification')).status).toBe(404);
  expect((await clients.unitMain!.call('GET', '/api/drafts/start:unit-qualification')).body.data).toEqual({ certificateNo: 'A-ONLY' });
  const sub = await sys.db('accounts').where({ id: A.subAccountId }).first();
  expect(sub).toMatchObject({ status: 'active', permissions: ['publicity'] });
  const tasks = await sys.db('tasks').whereIn('user_task_key', [A.reviewTaskKey, A.unitTaskKey]);
  expect(tasks.map((t) => [t.state, t.assignee])).toEqual([['CREATED', null], ['CREATED', null]]);
  const list = await clients.otherUnit!.call('GET', '/api/applications');
  expect(JSON.stringify(list.body)).not.toContain(A.caseId);
  const inbox = await clients.otherUnit!.call('GET', '/api/tasks');
  expect(JSON.stringify(inbox.body)).not.toContain(A.unitTaskKey);
  expect(JSON.stringify(inbox.body)).not.toContain(A.unitGroupTaskKey);
  // the later processes' objects: unchanged, and absent from unit B's lists
  const statuses = await sys.db('applications').whereIn('id', [A.publicityId, A.cancellationId, A.appraisalId, A.powerPermitId, A.selfInspectionId]).select('id', 'status', 'data');
  expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({
    [A.publicityId]: 'submitted', [A.cancellationId]: 'submitted', [A.appraisalId]: 'draft', [A.powerPermitId]: 'approved', [A.selfInspectionId]: 'submitted',
  });
  expect(statuses.every((r) => JSON.stringify(r.data) === '{}')).toBe(true);
  // unit A's own accounts set its courier number; unit B's attempt changed nothing else
  expect((await sys.db('applications').where({ id: A.courierCancellationId }).first()).data).toEqual({ courierNumber: 'SF12345678' });
  expect((await clients.otherUnit!.call('GET', '/api/publicity/cancellations')).body.items).toEqual([]);
  expect(await sys.db('ratings').where({ application_id: A.powerPermitId })).toEqual([]);
  for (const path of ['/api/publicity/applications', '/api/self-inspections', '/api/publicity/identity-verifications']) {
    const r = await clients.otherUnit!.call('GET', path);
    expect(r.status).toBe(200);
    for (const id of [A.publicityId, A.selfInspectionId]) expect(JSON.stringify(r.body)).not.toContain(id);
  }
  // a person's identity verification needed by unit A's publicity application is not unit B's, even
  // when unit B asks for a manual verification of the same person
  const idNumber = '11010519491231002X';
  const [va] = await sys.db('identity_verifications').insert({ name: '甲', id_number: idNumber, mobile: '13800000000', source_application_id: A.publicityId, status: 'pending' }).returning('id');
  const [vb] = await sys.db('identity_verifications').insert({ name: '甲', id_number: idNumber, mobile: '13900000000', status: 'pending' }).returning('id');
  const bUnit = (await sys.db('accounts').where({ login: credentials.otherUnit!.login }).first('unit_id')).unit_id;
  const [bApp] = await sys.db('applications').insert({ number: `ACL-V-${Date.now()}`, process_id: PROCESS.identityManualVerification, status: 'submitted', unit_id: bUnit, subject_key: idNumber, data: '{}' }).returning('id');
  await sys.db('audit').insert({ application_id: bApp.id, actor: 'acl', action: 'submit', details: JSON.stringify({ verificationId: vb.id }) });
  const ofB = JSON.stringify((await clients.otherUnit!.call('GET', '/api/publicity/identity-verifications')).body);
  const ofA = JSON.stringify((await clients.unitMain!.call('GET', '/api/publicity/identity-verifications')).body);
  expect([ofB.includes(vb.id), ofB.includes(va.id), ofA.includes(va.id), ofA.includes(vb.id)]).toEqual([true, false, true, false]);
  const docs = await clients.otherUnit!.call('GET', `/api/applications/${A.caseId}/documents`);
  expect(docs.status).toBe(404);
});
