/**
 * Access control: every protected route against every role, and one unit never reaching another
 * unit's case, task, file or draft. Prints how many route × role pairs it checked.
 */
import { hashPassword } from '../../core/passwords';
import { freshUscc, PNG } from '../support/fixtures';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
type Role = 'anonymous' | 'unitMain' | 'unitSub' | 'otherUnit' | 'reviewer' | 'lead' | 'admin';
const clients: Partial<Record<Role, Client>> = {};
let caseId: string;
let fileId: string;
let taskKey: string;

async function unitAccounts(tag: string) {
  const [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: `权限测试${tag}`, legal_representative: '蒋一', province: '110000', city: '110100', district: '110101', address: '北京市东城区权限路 1 号', postcode: '100010', phone: '010-1111111', status: 'active' })
    .returning('*');
  const login = `acl${tag}${Date.now()}`;
  const hash = await hashPassword('Acl2026!x');
  await sys.db('accounts').insert([
    { login, password_hash: hash, kind: 'unit-main', display_name: '主帐号', email: `${login}@example.test`, unit_id: unit.id, status: 'active' },
    { login: `${login}s`, password_hash: hash, kind: 'unit-sub', display_name: '子帐号', email: `${login}s@example.test`, unit_id: unit.id, status: 'active', permissions: ['publicity'] },
  ]);
  return { unit, main: await signIn(sys.url, login, 'Acl2026!x'), sub: await signIn(sys.url, `${login}s`, 'Acl2026!x') };
}

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await unitAccounts('a');
  const b = await unitAccounts('b');
  clients.unitMain = a.main;
  clients.unitSub = a.sub;
  clients.otherUnit = b.main;
  const r = await createAccount(sys, { groups: ['unit-reviewers'] });
  const l = await createAccount(sys, { groups: ['unit-reviewers', 'review-leads'] });
  const ad = await createAccount(sys, { kind: 'admin' });
  clients.reviewer = await signIn(sys.url, r.login, r.password);
  clients.lead = await signIn(sys.url, l.login, l.password);
  clients.admin = await signIn(sys.url, ad.login, ad.password);
  // unit A's case, file and (mirrored) task
  fileId = (await a.main.upload('a.png', PNG)).body.id;
  const [app] = await sys.db('applications').insert({ number: `ACL-${Date.now()}`, process_id: 'unit-qualification', status: 'submitted', unit_id: a.unit.id, data: JSON.stringify({ certificate: [{ id: fileId, name: 'a.png' }] }) }).returning('id');
  caseId = app.id;
  taskKey = String(5_000_000_000_000 + Math.floor(Math.random() * 1e9));
  await sys.db('tasks').insert({ user_task_key: taskKey, process_instance_key: '1', process_definition_id: 'unit-qualification', element_id: 'review', application_id: caseId, form_key: 'unit-qualification-review', candidate_groups: ['unit-reviewers'], state: 'CREATED', last_event: 'creating' });
});
afterAll(async () => {
  await sys.db('tasks').where({ user_task_key: taskKey }).delete();
  await sys?.stop();
});

async function call(role: Role, method: string, path: string, body?: unknown): Promise<number> {
  if (role === 'anonymous') {
    const r = await fetch(`${sys.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return r.status;
  }
  return (await clients[role]!.call(method, path, body)).status;
}

const ROLES: Role[] = ['anonymous', 'unitMain', 'unitSub', 'otherUnit', 'reviewer', 'lead', 'admin'];
/** Expected status per role, in ROLES order. 'ok' means any 2xx. */
const MATRIX: Array<[string, string, () => string, unknown, Array<number | 'ok'>]> = [
  ['GET', 'me', () => '/api/me', undefined, [401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']],
  ['GET', 'inbox', () => '/api/tasks', undefined, [401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']],
  ['GET', 'a unit-reviewers task', () => `/api/tasks/${taskKey}`, undefined, [401, 404, 404, 404, 'ok', 'ok', 'ok']],
  // candidates pass the access check; the engine has no such task (it lives only in the mirror here): 409
  ['POST', 'claim it (no candidate → not visible)', () => `/api/tasks/${taskKey}/claim`, {}, [401, 404, 404, 404, 409, 409, 409]],
  ['POST', 'assign it (leads only)', () => `/api/tasks/${taskKey}/assign`, { assignee: 'x' }, [401, 404, 404, 404, 403, 400, 400]],
  ["GET", "unit A's case", () => `/api/applications/${caseId}`, undefined, [401, 'ok', 'ok', 404, 'ok', 'ok', 'ok']],
  ["GET", "unit A's file", () => `/api/files/${fileId}`, undefined, [401, 'ok', 404, 404, 'ok', 'ok', 'ok']],
  ['GET', 'unit accounts', () => '/api/unit/accounts', undefined, [401, 'ok', 403, 'ok', 403, 403, 403]],
  ['PATCH', 'unit profile', () => '/api/unit/profile', { phone: '010-22223333' }, [401, 'ok', 403, 'ok', 403, 403, 403]],
  ['POST', 'start a qualification', () => '/api/applications', { processId: 'unit-qualification', data: {} }, [401, 400, 403, 400, 403, 403, 403]],
  ['GET', 'admin processes', () => '/api/admin/processes', undefined, [401, 403, 403, 403, 403, 403, 'ok']],
  ['GET', 'admin incidents', () => '/api/admin/incidents', undefined, [401, 403, 403, 403, 403, 403, 'ok']],
  ['POST', 'admin deploy', () => '/api/admin/deployments', {}, [401, 403, 403, 403, 403, 403, 400]],
  ['POST', 'admin form save', () => '/api/admin/forms/unit-qualification-review/versions', {}, [401, 403, 403, 403, 403, 403, 400]],
  ['GET', 'admin form versions', () => '/api/admin/forms/unit-qualification-review', undefined, [401, 403, 403, 403, 403, 403, 'ok']],
  ['GET', 'admin element templates', () => '/api/admin/element-templates', undefined, [401, 403, 403, 403, 403, 403, 'ok']],
  ['GET', 'admin cases of a process', () => '/api/admin/processes/unit-qualification/cases', undefined, [401, 403, 403, 403, 403, 403, 'ok']],
];

it('answers every route × role as expected', async () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const [method, name, path, body, expected] of MATRIX) {
    for (const [i, role] of ROLES.entries()) {
      const status = await call(role, method, path(), body);
      const want = expected[i];
      checked++;
      const ok = want === 'ok' ? status >= 200 && status < 300 : status === want;
      if (!ok) wrong.push(`${method} ${name} as ${role}: got ${status}, expected ${want}`);
    }
  }
  process.stdout.write(`\naccess matrix: ${checked} route × role pairs checked\n`);
  expect(wrong).toEqual([]);
});

it("keeps unit A's draft from unit B", async () => {
  await clients.unitMain!.call('PUT', '/api/drafts/start:unit-qualification', { data: { certificateNo: 'A-ONLY' } });
  expect((await clients.otherUnit!.call('GET', '/api/drafts/start:unit-qualification')).status).toBe(404);
});
