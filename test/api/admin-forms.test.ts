/**
 * The form editor's API: save a form as a new version (GET /api/forms/:key then serves it),
 * refused with field errors by the form lint, versions kept with who saved them, admins only;
 * a restart does not put the file's version back over the admin's; element templates served.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deployForm } from '../../api/deploy';
import { JOB } from '../../domain/registry';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
let admin: Client;
let reviewer: Client;
const key = `test-form-${Date.now()}`;
const schema = (label: string, extra: object[] = []) => ({
  title: '测试表单 Test form',
  display: 'form',
  components: [
    { type: 'textfield', key: 'name', label, input: true, validate: { required: true } },
    ...extra,
    { type: 'button', key: 'submit', label: '提交 Submit', action: 'submit', input: true },
  ],
});

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await createAccount(sys, { kind: 'admin' });
  const r = await createAccount(sys, { groups: ['unit-reviewers'] });
  admin = await signIn(sys.url, a.login, a.password);
  reviewer = await signIn(sys.url, r.login, r.password);
});
afterAll(async () => {
  await sys?.stop();
});

it('saves new versions; GET /api/forms/:key serves the newest; versions list who saved them', async () => {
  const v1 = await admin.call('POST', `/api/admin/forms/${key}/versions`, { schema: schema('名称 Name') });
  expect(v1.status).toBe(201);
  expect(v1.body).toEqual({ key, version: 1, created: true });
  const v2 = await admin.call('POST', `/api/admin/forms/${key}/versions`, { schema: schema('单位名称 Unit name') });
  expect(v2.body.version).toBe(2);
  const same = await admin.call('POST', `/api/admin/forms/${key}/versions`, { schema: schema('单位名称 Unit name') });
  expect(same.status).toBe(200);
  expect(same.body).toEqual({ key, version: 2, created: false });

  const served = await reviewer.call('GET', `/api/forms/${key}`);
  expect(served.status).toBe(200);
  expect(JSON.stringify(served.body)).toContain('单位名称 Unit name');
  const detail = await admin.call('GET', `/api/admin/forms/${key}`);
  expect(detail.body.version).toBe(2);
  expect(detail.body.versions).toEqual([
    expect.objectContaining({ version: 2, source: 'editor', savedBy: admin.login }),
    expect.objectContaining({ version: 1, source: 'editor', savedBy: admin.login }),
  ]);
  const old = await admin.call('GET', `/api/admin/forms/${key}/versions/1`);
  expect(old.body.schema.components[0].label).toBe('名称 Name');
  expect(await sys.db('admin_audit').where({ actor: admin.login, action: 'form-save' }).count('* as n').first()).toEqual({ n: '2' });
  // the registry lists it, so user tasks can pick it and the BPMN lint accepts it
  const registry = await admin.call('GET', '/api/admin/forms');
  expect(registry.body.items.map((f: { key: string }) => f.key)).toContain(key);
});

it('refuses a form with lint errors (422, errors by field) and keeps the newest version', async () => {
  const bad = await admin.call('POST', `/api/admin/forms/${key}/versions`, {
    schema: schema('Name only', [{ type: 'textfield', key: 'name', label: '重复 Duplicate', input: true }, { type: 'email', key: 'email', label: '电子邮箱', input: true, validate: { required: true } }]),
  });
  expect(bad.status).toBe(422);
  expect(bad.body.error.code).toBe('FORM_LINT_FAILED');
  expect(bad.body.error.message).toMatch(/^表单检查未通过/);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['email', 'name']);
  expect(bad.body.error.fields.email).toMatch(/英文标签/);
  expect((await admin.call('GET', `/api/admin/forms/${key}`)).body.version).toBe(2);

  expect((await admin.call('POST', `/api/admin/forms/Bad Key/versions`, { schema: schema('名称 Name') })).status).toBe(400);
  expect((await admin.call('POST', `/api/admin/forms/${key}/versions`, { schema: [] })).status).toBe(400);
});

it('refuses everyone but admins', async () => {
  expect((await reviewer.call('POST', `/api/admin/forms/${key}/versions`, { schema: schema('名称 Name') })).status).toBe(403);
  expect((await reviewer.call('GET', `/api/admin/forms/${key}`)).status).toBe(403);
  expect((await reviewer.call('GET', '/api/admin/element-templates')).status).toBe(403);
});

it("loading forms/ again keeps the admin's newer version until the file itself changes", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-forms-'));
  const file = path.join(dir, `${key}-file.json`);
  const fileKey = `${key}-file`;
  fs.writeFileSync(file, JSON.stringify(schema('文件 File')));
  expect(await deployForm(sys.db, file)).toMatchObject({ version: 1, changed: true });
  await admin.call('POST', `/api/admin/forms/${fileKey}/versions`, { schema: schema('编辑 Edited') });
  expect(await deployForm(sys.db, file)).toMatchObject({ version: 2, changed: false });
  expect(JSON.stringify((await reviewer.call('GET', `/api/forms/${fileKey}`)).body)).toContain('编辑 Edited');
  fs.writeFileSync(file, JSON.stringify(schema('文件二 File two')));
  expect(await deployForm(sys.db, file)).toMatchObject({ version: 3, changed: true });
  expect(JSON.stringify((await reviewer.call('GET', `/api/forms/${fileKey}`)).body)).toContain('文件二 File two');
});

it('serves one element template per job type, and the user task template with the form registry', async () => {
  const r = await admin.call('GET', '/api/admin/element-templates');
  expect(r.status).toBe(200);
  expect(r.body.map((t: { id: string }) => t.id).sort()).toEqual([...Object.values(JOB).map((j) => `permitflow.${j}`), 'permitflow.user-task'].sort());
  // the user task template offers the registry's forms, the newly saved one too
  const userTask = r.body.find((t: { id: string }) => t.id === 'permitflow.user-task');
  const formChoice = userTask.properties.find((p: { binding: { type: string } }) => p.binding.type === 'zeebe:formDefinition');
  expect(formChoice.choices.map((c: { value: string }) => c.value)).toEqual(expect.arrayContaining(['unit-qualification-review', key]));
});
