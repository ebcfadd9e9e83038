/**
 * The reviewer's task page shows the case for every kind of review, from the form that captured it:
 * one case per task type (registration, appeal, qualification, unit information change, publicity
 * application, appraisal pre-review, licence formal review, power-permit formal review), created
 * through the API, and only the task page opened in the browser, by one reviewer in one browser
 * context. For each, every field the form holds a value for is listed by its label (one language)
 * with its value as shown (an option's label, a file's name), and the attached files can be
 * previewed in place. The information change shows the current against the requested values.
 */
import type { Page } from 'playwright-core';
import { FORM, GROUP, licenceProvinceGroup } from '../../domain/registry';
import { anonymousVisitor } from '../support/anonymous';
import { shot, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { createApplication, createUnit, createUnitAccount, freshLogin, signedInUnit } from '../support/factories';
import { maskIdNumber } from '../../domain/validators';
import { freshUscc, PNG, registrationBody } from '../support/fixtures';
import { Client, createAccount, eventually, signIn } from '../support/harness';
import { licenceApplication, licensingUnit } from '../support/licensing';
import { enterprise, fullApplication, validId } from '../support/power-permit';
import { seedPerson, unitWithAccount } from '../support/publicity-fixtures';

const suite = browserSuite();
let page: Page;

const REVIEW_GROUPS = [GROUP.registrationReviewers, GROUP.unitReviewers, GROUP.publicityReviewers, GROUP.appraisalOffice, licenceProvinceGroup('110000'), GROUP.powerPermitReviewers];
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

beforeAll(async () => {
  const reviewer = await createAccount(suite.sys, { kind: 'reviewer', groups: REVIEW_GROUPS });
  page = await signInPage(suite.browser, suite.sys.url, reviewer.login, reviewer.password);
}, 60_000);

type Node = Record<string, unknown>;
/** A case waiting at the review task: its application id, and the task's form key when the case has several open tasks. */
interface Created { applicationId: string; formKey?: string; files: string[]; related?: { caseNumber: string; formerUnit: string; idNumber: string }; identity?: { key: string; idNumber: string } }

const formFile = (f: { id: string; name: string }) => [{ storage: 'url', originalName: f.name, data: { id: f.id, name: f.name } }];
const upload = async (client: Client, name: string, content: Buffer = PNG) => {
  const r = await client.upload(name, content);
  expect(r.status).toBe(201);
  return { id: r.body.id as string, name };
};

async function unitClient(name: string): Promise<Client> {
  return (await signedInUnit(suite.sys, { unit: { name, legal_representative: '冯一', address: '北京市西城区旧址 1 号', postcode: '100032' }, account: { login: freshLogin('tp') } })).client;
}

const CASES: Array<[string, () => Promise<Created>]> = [
  ['registration', async () => {
    const visitor = anonymousVisitor(suite.sys.url);
    const licence = await visitor.upload('营业执照.png', PNG);
    const body = registrationBody({ unit: { name: '任务页注册检验有限公司' } });
    const res = await visitor.send('POST', '/api/registrations', { ...body, certification: { ...body.certification, institutionType: 'testing', businessLicence: formFile(licence) } });
    expect(res.status).toBe(201);
    return { applicationId: ((await res.json()) as { id: string }).id, files: ['营业执照.png'] };
  }],
  ['appeal', async () => {
    const uscc = freshUscc();
    const unit = await createUnit(suite.sys.db, { uscc, name: `任务页申诉单位${uscc.slice(-6)}` });
    await createUnitAccount(suite.sys.db, unit.id, { login: freshLogin('tpa') });
    const visitor = anonymousVisitor(suite.sys.url);
    const letter = await visitor.upload('授权书.pdf', PDF);
    const idNumber = validId();
    const res = await visitor.send('POST', '/api/appeals', {
      unit: { name: unit.name, uscc }, contact: { name: '新联系人', idNumber, mobile: '13911112222', email: `tp-${uscc.toLowerCase()}@example.test` },
      reason: 'manager-left', authorisationLetter: formFile(letter), commitment: true,
    });
    expect(res.status).toBe(201);
    return { applicationId: ((await res.json()) as { id: string }).id, files: ['授权书.pdf'], identity: { key: 'contact.idNumber', idNumber } };
  }],
  ['qualification', async () => {
    const client = await unitClient('任务页资质检验有限公司');
    const cert = await upload(client, '资质证书.png');
    const r = await client.call('POST', '/api/applications', { processId: 'unit-qualification', data: { qualificationType: 'testing-approval', certificateNo: `TP-${Date.now()}`, issueDate: '2026-01-05', expiryDate: '2032-01-04', certificate: formFile(cert) } });
    expect(r.status).toBe(201);
    return { applicationId: r.body.id, files: ['资质证书.png'] };
  }],
  ['info change', async () => {
    const client = await unitClient('任务页变更检验有限公司');
    const proof = await upload(client, '变更证明.png');
    const r = await client.call('POST', '/api/applications', { processId: 'unit-info-change', data: { reason: 'information-change', address: '北京市西城区新址 99 号', postcode: '100033', proof: formFile(proof) } });
    expect(r.status).toBe(201);
    return { applicationId: r.body.id, files: ['变更证明.png'] };
  }],
  ['publicity application', async () => {
    const { unit, login, password } = await unitWithAccount(suite.sys.db, { name: `任务页公示检验有限公司${Date.now() % 1e6}` });
    await suite.sys.db('units').where({ id: unit.id }).update({ activated_at: suite.sys.db.fn.now() });
    const mobile = `139${String(Date.now() % 1e8).padStart(8, '0')}`;
    const person = await seedPerson(suite.sys.db, { name: '任务页人员', qualifications: [{ itemCode: 'Y-GL', grade: 2 }], mobile });
    const client = await signIn(suite.sys.url, login, password);
    const r = await client.call('POST', '/api/publicity/applications', { data: { name: '任务页人员', idNumber: person.idNumber, mobile, commitment1: true, commitment2: true, commitment3: true } });
    expect(r.status).toBe(201);
    expect((await client.call('POST', `/api/publicity/applications/${r.body.id}/sms-code`, {})).status).toBe(202);
    const sms = await eventually(async () => suite.sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first(), 10000, 'the code');
    const form = await upload(client, '申报单.png');
    const confirmed = await client.call('POST', `/api/publicity/applications/${r.body.id}/confirm`, { formFileId: form.id, code: /确认码 (\d{6})/.exec(sms.text)![1] });
    expect(confirmed.status).toBe(202);
    // related records: the unit's other open case, the person's earlier publicity at another unit
    const other = await createApplication(suite.sys.db, { processId: 'publicity-cancel', unitId: unit.id, status: 'in_review' });
    const former = await createUnit(suite.sys.db, { name: `任务页原执业单位${Date.now() % 1e6}` });
    await suite.sys.db('publicity_records').insert({
      practitioner_id: person.id, unit_id: former.id, type: 'initial', items: JSON.stringify([{ itemCode: 'Y-GL', grade: 2 }]), status: 'ended',
      start_date: '2019-05-01', valid_until: '2024-04-30', certificate_no: 'P-TP-OLD', ended_at: new Date('2024-04-30T00:00:00Z'), end_reason: 'expired',
    });
    return { applicationId: r.body.id, formKey: FORM.publicityApplicationReview, files: [], related: { caseNumber: other.number, formerUnit: former.name, idNumber: person.idNumber } };
  }],
  ['appraisal pre-review', async () => {
    const client = await unitClient('任务页评审检验有限公司');
    const created = await client.call('POST', '/api/appraisals', { data: {} });
    expect(created.status).toBe(201);
    const edit = await eventually(async () => (await suite.sys.db('tasks').where({ application_id: created.body.id, state: 'CREATED', form_key: FORM.appraisalProject }).first()) ?? undefined, 20000, 'the project form');
    const files = { qualityManual: await upload(client, '质量手册.pdf', PDF), procedureList: await upload(client, '程序文件目录.pdf', PDF), acceptanceDecision: await upload(client, '受理决定书.png'), applicationForm: await upload(client, '申请书.pdf', PDF), otherFiles: await upload(client, '其他.pdf', PDF) };
    const done = await client.call('POST', `/api/tasks/${edit.user_task_key}/complete`, {
      data: {
        address: '北京市朝阳区和平街西苑2号楼', contactName: '陈晨', contactPhone: '010-64000000', contactMobile: '18513661392', uscc: freshUscc(), legalRepresentative: '刘三江',
        institutionType: 'inspection', acceptanceDecisionNo: 'TS-SL-2026-0901', acceptanceDate: '2026-11-02', reviewType: 'initial', acceptanceCategory: 'inspection', province: '北京市',
        ...Object.fromEntries(Object.entries(files).map(([k, f]) => [k, formFile(f)])),
      },
    });
    expect(done.status).toBe(200);
    return { applicationId: created.body.id, formKey: FORM.appraisalPreReview, files: Object.values(files).map((f) => f.name) };
  }],
  ['licence formal review', async () => {
    const { client, unit } = await licensingUnit(suite.sys, '任务页许可测试有限公司');
    const r = await client.call('POST', '/api/applications', { processId: 'production-licence', data: licenceApplication(unit) });
    expect(r.status).toBe(201);
    return { applicationId: r.body.id, formKey: FORM.licenceFormalReview, files: [] };
  }],
  ['power-permit review', async () => {
    const e = await enterprise(suite.sys);
    const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: await fullApplication(e.client) });
    expect(r.status).toBe(201);
    return { applicationId: r.body.id, formKey: FORM.powerPermitFormalReview, files: ['法人声明.png'] };
  }],
];

/** A value at a form key: dotted keys are nested objects in a submission. */
function valueAt(data: Node, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Node)[k] : undefined), data) ?? data[key];
}

const LAYOUT = new Set(['panel', 'fieldset', 'columns', 'well', 'tabs', 'htmlelement', 'content', 'button', 'password']);
/** The form's input components (a list is one field): key, label, type, options. */
function fieldsOf(components: Node[] | undefined, out: Node[] = []): Node[] {
  for (const c of components ?? []) {
    if (c.type === 'datagrid' || c.type === 'editgrid') out.push(c);
    else if (Array.isArray(c.components)) fieldsOf(c.components as Node[], out);
    else if (c.type === 'columns') for (const col of (c.columns as Array<{ components?: Node[] }>) ?? []) fieldsOf(col.components, out);
    else if (!LAYOUT.has(String(c.type)) && c.input !== false && c.hidden !== true && typeof c.key === 'string') out.push(c);
  }
  return out;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

it.each(CASES)('%s: the reviewer sees every submitted field by its label and value, and the attachments', async (_what, create) => {
  const { applicationId, formKey, files, related, identity } = await create();
  const task = await eventually(async () => {
    const q = suite.sys.db('tasks').where({ application_id: applicationId, state: 'CREATED' });
    if (formKey) q.where({ form_key: formKey });
    return (await q.first()) ?? undefined;
  }, 30000, `the review task ${formKey ?? ''}`);
  const app = await suite.sys.db('applications').where({ id: applicationId }).first();

  await page.goto(`${suite.sys.url}/#/task/${task.user_task_key}`);
  const submission = page.locator('#submission');
  await submission.waitFor({ timeout: 20000 });
  const shownForm = await submission.getAttribute('data-form');
  const form = await suite.sys.db('forms').where({ key: shownForm }).first();
  const rows = await submission.locator('.submission-row').evaluateAll((els) =>
    els.map((e) => ({ key: e.getAttribute('data-key')!, label: e.querySelector('dt')!.childNodes[0].textContent!.trim(), value: e.querySelector('dd')!.textContent!.trim() })),
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));

  const expected = fieldsOf(form.schema.components).filter((c) => !isEmpty(valueAt(app.data, String(c.key))));
  expect(expected.length).toBeGreaterThan(0);
  for (const c of expected) {
    const key = String(c.key);
    const row = byKey.get(key);
    expect({ key, shown: !!row }).toEqual({ key, shown: true });
    // the label in one language (the Chinese half of "单位名称 Unit name"), never the key
    expect(row!.label).toMatch(/[\u4e00-\u9fa5]/);
    expect(String(c.label)).toContain(row!.label);
    const v = valueAt(app.data, key);
    const options = ((c.data as Node | undefined)?.values ?? c.values) as Array<{ value: unknown; label: string }> | undefined;
    if (c.type === 'file') for (const f of v as Node[]) expect(row!.value).toContain(String(f.originalName ?? (f.data as Node | undefined)?.name ?? f.name));
    else if (c.type === 'checkbox') expect(row!.value).toBe(v ? '是' : '否');
    else if (options?.length && typeof v === 'string') expect(String(options.find((o) => o.value === v)!.label)).toContain(row!.value);
    // an ID card number is masked until the reviewer holds the task
    else if (/idNumber$/i.test(key)) expect(row!.value).toBe(maskIdNumber(String(v)));
    else if (/(province|city|district)$/.test(key) || typeof v === 'object') expect(row!.value).not.toBe('');
    else expect(row!.value).toContain(String(v));
  }
  // nothing shown as a code or an object
  expect(await submission.innerText()).not.toMatch(/\[object Object\]|undefined|NaN/);

  // the attachments, each previewed in place
  for (const name of files) expect(await submission.innerText()).toContain(name);
  const preview = submission.locator('.preview-file').first();
  if (files.length) {
    await preview.click();
    const shown = page.locator('#file-preview');
    await shown.waitFor();
    const src = await shown.getAttribute('src');
    expect(src).toMatch(/^\/api\/files\/[0-9a-f-]{36}$/);
    expect((await page.evaluate(async (u) => (await fetch(u)).status, src!))).toBe(200);
    await page.keyboard.press('Escape');
    await shown.waitFor({ state: 'detached' });
  }

  if (related) {
    // the related records by name: the unit's other open case, the person's qualification and earlier publicity
    const panel = page.locator('#related');
    const cases = await panel.locator('#related-cases').innerText();
    expect(cases).toContain(related.caseNumber);
    expect(cases).toContain('执业公示注销');
    const person = await panel.locator('.related-person').first().innerText();
    expect(person).toContain('任务页人员');
    expect(person).toMatch(/Y-GL .+检验师/);
    expect(person).toContain(related.formerUnit);
    expect(person).toContain('到期终止');
    expect(person).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    // masked until claimed; the reviewer holding it sees the registry's whole number for the identity
    // check (the application keeps it masked)
    expect(await page.locator('#id-masked').isVisible()).toBe(true);
    expect(await panel.locator('.person-id').first().innerText()).toBe(maskIdNumber(related.idNumber));
    expect(await page.locator('body').innerText()).not.toContain(related.idNumber);
    await page.locator('#claim').click();
    await page.locator('#id-masked').waitFor({ state: 'detached' });
    expect(await panel.locator('.person-id').first().innerText()).toBe(related.idNumber);
    await shot(page, 'task-page-related');
  }

  if (identity) {
    // an identity check (a contact taking over the account): the whole number once the reviewer holds the task
    const row = submission.locator(`.submission-row[data-key="${identity.key}"] dd`);
    expect(await row.innerText()).toBe(maskIdNumber(identity.idNumber));
    await page.locator('#claim').click();
    await page.locator('#id-masked').waitFor({ state: 'detached' });
    expect(await row.innerText()).toBe(identity.idNumber);
  }

  if (_what === 'info change') {
    const compare = await page.locator('#compare').innerText();
    expect(compare).toContain('北京市西城区旧址 1 号');
    expect(compare).toContain('北京市西城区新址 99 号');
  }
}, 90_000);
