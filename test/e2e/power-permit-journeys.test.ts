/**
 * Power-facility permits as the manual describes them, in a real browser, one journey per `it`
 * (state set up through the API or the database where the browser is not what is shown):
 * - every service from the menu, each page with the unit's own cases of it; 业务办理终止 from a case;
 * - the missing-materials delivery page: exactly the named items, the deadline in working days,
 *   delivered in the browser; a reviewed field cannot be changed with them;
 * - acceptance with missing materials offered on the new permit and the item change only, and
 *   refused with its reason under the two-year rule;
 * - the registration change prefilled and shown before/after;
 * - the self-inspection form filled and submitted;
 * - bad input: a delivery after the deadline and a second rating within 5 days refused with the
 *   reason, nothing written.
 */
import type { Page } from 'playwright-core';
import { consoleErrors, settled, shot, signInPage, submitForm } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { PNG } from '../support/fixtures';
import { createAccount, eventually, signIn } from '../support/harness';
import { enterprise, fullApplication, givePermit, statusOf, validId } from '../support/power-permit';

const suite = browserSuite();
const PASSWORD = 'Unit2026!x';
const SERVICES = ['power-permit-new', 'power-permit-registration-change', 'power-permit-item-change', 'power-permit-renewal', 'power-permit-reissue', 'power-permit-cancel', 'personnel-change'];
const TITLES = ['许可证新申请', '登记事项变更', '许可事项变更', '许可证延续', '许可证补（换）证', '许可证注销', '人员变更'];

/** A Form.io file component's upload: its browse link opens the chooser; the file is listed once uploaded. */
async function upload(page: Page, component: string, name: string) {
  const box = page.locator(component).first();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), box.locator('a.browse, [ref="fileBrowse"]').first().click()]);
  await chooser.setFiles({ name, mimeType: 'image/png', buffer: PNG });
  await box.filter({ hasText: name }).waitFor();
}
const PROOF = '[class*="formio-component-materials.common.premisesProof"]';
const confirmDialog = async (page: Page) => {
  const dialog = page.locator('.el-message-box');
  await dialog.waitFor();
  await dialog.locator('.el-message-box__btns .el-button--primary').click();
};

/** A unit holding a permit, with a case of every service started through the API (numbers by service). */
let licensed: Awaited<ReturnType<typeof enterprise>>;
const numbers: Record<string, string> = {};
const ids: Record<string, string> = {};

async function licensedUnit() {
  if (licensed) return licensed;
  licensed = await enterprise(suite.sys, { credit: 'good' });
  await givePermit(suite.sys, licensed.unit.id);
  return licensed;
}

it('every service is in the menu, each page listing the unit’s own cases of it; a running case is terminated from its page', async () => {
  const { sys } = suite;
  const e = await licensedUnit();
  // a case of a few services, inserted: each page lists only its own
  for (const [i, id] of SERVICES.entries()) {
    // one number per service, however fast the loop runs (two in one millisecond collided)
    const number = `PPJ${i}${Date.now().toString(36)}`;
    const [row] = await sys.db('applications').insert({ number, process_id: id, status: 'approved', unit_id: e.unit.id, data: '{}' }).returning('id');
    numbers[id] = number;
    ids[id] = row.id;
  }
  const page = await signInPage(suite.browser, sys.url, e.login, PASSWORD);
  await page.waitForSelector('#side-menu');
  for (const [i, id] of SERVICES.entries()) {
    const entry = page.locator(`#side-menu [data-menu="${id}"]`);
    if (!(await entry.isVisible())) await page.locator('#side-menu .el-sub-menu__title', { hasText: '电力' }).first().click().catch(() => undefined);
    await entry.click();
    await page.waitForURL(new RegExp(`#/power-permit/${id}$`));
    await page.locator('h1', { hasText: TITLES[i] }).waitFor();
    const list = page.locator('#pp-process-cases');
    await list.locator(`[data-number="${numbers[id]}"]`).waitFor();
    // its own cases only
    for (const other of SERVICES.filter((o) => o !== id)) expect(await list.locator(`[data-number="${numbers[other]}"]`).count()).toBe(0);
    if (i === 0 || id === 'personnel-change') {
      await settled(page);
      await shot(page, `power-permit-menu-${id}`);
    }
  }

  // 业务办理终止: a running item change, ended from its case page after a confirmation
  const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: await fullApplication(e.client, { categories: [{ category: 'repair', level: '2' }] }) });
  expect(r.status).toBe(201);
  await page.goto(`${sys.url}/#/case/${r.body.id}`);
  await page.click('#terminate');
  await confirmDialog(page);
  await statusOf(sys, r.body.id, 'terminated');
  await page.locator('#case-status[data-status="terminated"]').waitFor();
  await eventually(async () => (await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${r.body.processInstanceKey}`)).body.state === 'TERMINATED' || undefined, 15000, 'the case cancelled');
  expect((await sys.db('audit').where({ application_id: r.body.id, action: 'terminate' })).length).toBe(1);
  await shot(page, 'power-permit-terminated');
  expect(consoleErrors(page)).toEqual([]);
});

it('offers acceptance with missing materials on the new permit and the item change only, and shows why it is refused under the two-year rule', async () => {
  const { sys } = suite;
  const e = await licensedUnit();
  const page = await signInPage(suite.browser, sys.url, e.login, PASSWORD);
  for (const [id, offered] of [['power-permit-new', true], ['power-permit-item-change', true], ['power-permit-renewal', false]] as const) {
    await page.goto(`${sys.url}/#/power-permit/${id}`);
    await page.waitForSelector('.formio-form');
    await settled(page);
    expect(await page.locator('#pp-missing-materials').count()).toBe(offered ? 1 : 0);
    expect(await page.locator('#pp-missing-materials-refused').count()).toBe(0);
  }
  await page.goto(`${sys.url}/#/power-permit/power-permit-item-change`);
  await page.waitForSelector('#pp-missing-materials', { state: 'attached' });
  await shot(page, 'power-permit-missing-materials-offered');

  // a unit that missed a deadline within two years: not offered, the reason shown
  const late = await enterprise(sys, { credit: 'good' });
  await givePermit(sys, late.unit.id);
  const [old] = await sys.db('applications').insert({ number: `PPJL${Date.now().toString(36)}`, process_id: 'power-permit-new', status: 'rejected', unit_id: late.unit.id, data: '{}' }).returning('id');
  await sys.db('missing_materials_violations').insert({ unit_id: late.unit.id, application_id: old.id, due_at: new Date(Date.now() - 30 * 86400_000), recorded_at: new Date(Date.now() - 29 * 86400_000) });
  const refused = await signInPage(suite.browser, sys.url, late.login, PASSWORD);
  for (const id of ['power-permit-new', 'power-permit-item-change']) {
    await refused.goto(`${sys.url}/#/power-permit/${id}`);
    await refused.locator('#pp-missing-materials-refused', { hasText: '两年内有未按时提交容缺材料的记录' }).waitFor();
    expect(await refused.locator('#pp-missing-materials').count()).toBe(0);
  }
  await shot(refused, 'power-permit-missing-materials-refused');
  // the server refuses it all the same, with the reason on the field, nothing stored
  const r = await late.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: await fullApplication(late.client), missingMaterials: true });
  expect(r.status).toBe(422);
  expect(JSON.stringify(r.body)).toContain('两年内');
  expect(await sys.db('applications').where({ unit_id: late.unit.id, process_id: 'power-permit-item-change' }).first()).toBeUndefined();
  expect(consoleErrors(page)).toEqual([]);
  expect(consoleErrors(refused)).toEqual([]);
});

/** An item change accepted with the premises proof and the test category's materials missing (through the API). */
async function acceptedWithMissing(e: Awaited<ReturnType<typeof enterprise>>) {
  const data = await fullApplication(e.client, { categories: [{ category: 'repair', level: '2' }] });
  const materials = data.materials as Record<string, Record<string, unknown>>;
  delete materials.common.premisesProof;
  const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data, missingMaterials: true });
  expect(r.status).toBe(201);
  const app = await eventually(async () => (await suite.sys.db('applications').where({ id: r.body.id }).first()) ?? undefined, 10000, 'the application');
  return { id: String(r.body.id), number: String(r.body.number), missing: (app.data.missingItems as Array<{ field: string }>).map((m) => m.field) };
}

it('the delivery page lists exactly the missing items with the deadline; a reviewed field cannot change; the items are delivered in the browser', async () => {
  const { sys } = suite;
  const e = await enterprise(sys, { credit: 'good' });
  await givePermit(sys, e.unit.id);
  const app = await acceptedWithMissing(e);
  expect(app.missing).toEqual(['materials.common.premisesProof']);

  const page = await signInPage(suite.browser, sys.url, e.login, PASSWORD);
  // 容缺材料补交 in the menu: the case with what it still lacks
  await page.goto(`${sys.url}/#/power-permit/materials`);
  await page.locator('.el-table__body tr', { hasText: app.number }).waitFor();
  expect(await page.locator('.el-table__body tr', { hasText: app.number }).textContent()).toContain('经营场所证明');
  await page.locator('.el-table__body tr', { hasText: app.number }).locator('a').click();
  await page.waitForURL(new RegExp(`#/power-permit/materials/${app.id}$`));
  await page.locator('#pp-materials-deadline', { hasText: '5 个工作日' }).waitFor();
  const listed = await page.$$eval('#missing li[data-field]', (els) => els.map((el) => el.getAttribute('data-field')));
  expect(listed).toEqual(app.missing);
  await page.waitForSelector('.formio-form');
  await settled(page);
  await shot(page, 'power-permit-deliver-page');

  // an item the acceptance did not name (the technical lead, reviewed) cannot be delivered
  const lead = page.locator('input[name="data[technicalLead.name]"]');
  await eventually(async () => ((await lead.inputValue()) === '技术负责人甲') || undefined, 15000, 'the case data on the form');
  await lead.fill('另一位负责人');
  await upload(page, PROOF, '场所证明.png');
  const [first] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/power-permits/applications/${app.id}/materials`)), page.click('.formio-form button[type=submit]')]);
  expect(first.status()).toBe(422);
  expect(Object.keys(((await first.json()) as { error: { fields: Record<string, string> } }).error.fields)).toEqual(['technicalLead.name']);
  await page.locator('.formio-form', { hasText: '不能在补正材料时修改' }).or(page.locator('.form-errors', { hasText: '不能修改' })).first().waitFor();
  await shot(page, 'power-permit-deliver-reviewed-field-refused');
  const stored = await sys.db('applications').where({ id: app.id }).first();
  expect(stored.data.technicalLead.name).toBe('技术负责人甲');
  expect(stored.data.missingItems).toHaveLength(1);
  expect(stored.data.materialsDeliveredAt).toBeUndefined();

  // the reviewed field put back: the missing item is delivered
  await lead.fill('技术负责人甲');
  // (the form's change is debounced: the field's refusal goes once it sees the new value)
  await page.locator('input[name="data[technicalLead.name]"].is-invalid').waitFor({ state: 'detached' });
  const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/power-permits/applications/${app.id}/materials`)), page.click('.formio-form button[type=submit]')]);
  expect(`${answer.status()} ${answer.status() === 200 ? '' : await answer.text()}`).toBe('200 ');
  await page.waitForSelector('#materials-delivered');
  const delivered = await sys.db('applications').where({ id: app.id }).first();
  expect(delivered.data.materialsDeliveredAt).toBeTruthy();
  expect((delivered.data.materials.common.premisesProof as unknown[]).length).toBe(1);
  expect(delivered.data.technicalLead.name).toBe('技术负责人甲');
  expect((await sys.db('audit').where({ application_id: app.id, action: 'materials-delivered' })).length).toBe(1);
  await shot(page, 'power-permit-delivered');
  // (the refused delivery's 422 is the browser's own log line)
  expect(consoleErrors(page).filter((m) => !/status of 422 .*\/materials\)$/.test(m))).toEqual([]);
});

it('a delivery after the deadline is refused with the reason, nothing written', async () => {
  const { sys } = suite;
  const e = await enterprise(sys, { credit: 'good' });
  await givePermit(sys, e.unit.id);
  const app = await acceptedWithMissing(e);
  const page = await signInPage(suite.browser, sys.url, e.login, PASSWORD);
  await page.goto(`${sys.url}/#/power-permit/materials/${app.id}`);
  await page.waitForSelector('.formio-form');
  // the deadline passes while the page is open (what power-permit.materials-missed records)
  const due = new Date(Date.now() - 3600_000);
  await sys.db('missing_materials_violations').insert({ unit_id: e.unit.id, application_id: app.id, due_at: due, recorded_at: new Date() });
  await sys.db('applications').where({ id: app.id }).update({ status: 'rejected', decision_reason: '未按期提交容缺材料，申请终止' });
  const before = await sys.db('applications').where({ id: app.id }).first();
  await upload(page, PROOF, '场所证明.png');
  await page.click('.formio-form button[type=submit]');
  await page.locator('.form-errors', { hasText: `补交期限（${due.toISOString().slice(0, 10)}）已过` }).waitFor();
  await shot(page, 'power-permit-deliver-late-refused');
  const after = await sys.db('applications').where({ id: app.id }).first();
  expect(after.data).toEqual(before.data);
  expect(after.status).toBe('rejected');
  expect((await sys.db('audit').where({ application_id: app.id, action: 'materials-delivered' })).length).toBe(0);
});

it('the registration change starts from the registered values and shows them before and after', async () => {
  const { sys } = suite;
  const e = await licensedUnit();
  const page = await signInPage(suite.browser, sys.url, e.login, PASSWORD);
  await page.goto(`${sys.url}/#/power-permit/power-permit-registration-change`);
  const address = page.locator('input[name="data[after.address]"]');
  await address.waitFor();
  await eventually(async () => ((await address.inputValue()) === '北京市朝阳区电力路 1 号') || undefined, 15000, 'the address prefilled');
  expect(await page.locator('input[name="data[after.legalRepresentative]"]').inputValue()).toBe('周一');
  expect(await page.locator('input[name="data[after.name]"]').inputValue()).toBe(e.unit.name);
  await address.fill('北京市海淀区新址路 8 号');
  const afterCell = page.locator('#pp-before-after .pp-after[data-field="address"]');
  await afterCell.filter({ hasText: '北京市海淀区新址路 8 号' }).waitFor();
  expect(await page.locator('#pp-before-after .pp-before[data-field="address"]').textContent()).toBe('北京市朝阳区电力路 1 号');
  expect(await page.locator('#pp-before-after tr.pp-changed').count()).toBe(1);
  await settled(page);
  await shot(page, 'power-permit-registration-change-before-after');
  // the completeness check finds the change (nothing else asked of the after panel)
  await settled(page);
  await page.click('#pp-check');
  await page.locator('#complete-ok').or(page.locator('#missing')).first().waitFor();
  expect(await page.locator('#missing li[data-field="after"]').count()).toBe(0);
  expect(consoleErrors(page)).toEqual([]);
});

it('the personnel change picks registered staff by name or ID number and adds a new person', async () => {
  const { sys } = suite;
  const e = await enterprise(sys, { credit: 'good' });
  const zhang = { role: 'electrician', name: '电工张三', idNumber: validId() };
  const li = { role: 'skilled-worker', name: '技工李四', idNumber: validId() };
  await givePermit(sys, e.unit.id, { personnel: [zhang, li] });
  const page = await signInPage(suite.browser, sys.url, e.login, PASSWORD);
  await page.goto(`${sys.url}/#/power-permit/personnel-change`);
  await page.waitForSelector('.formio-form');
  await settled(page);
  const pick = async (query: string, expected: string) => {
    await page.click('#pp-staff-box .el-select');
    await page.locator('#pp-staff-pick').fill(query);
    const options = page.locator('.pp-staff-option:visible');
    await options.filter({ hasText: expected }).waitFor();
    expect(await options.count()).toBe(1);
    await options.first().click();
  };
  // by ID number (its last digits), then by name
  await pick(li.idNumber.slice(-6), '技工李四');
  await pick('张三', '电工张三');
  await eventually(async () => (await page.locator('input[name="data[changes][1][name]"]').count()) > 0 || undefined, 10000, 'the picked rows on the form');
  expect(await page.locator('input[name="data[changes][0][name]"]').inputValue()).toBe('技工李四');
  expect(await page.locator('input[name="data[changes][0][idNumber]"]').inputValue()).toBe(li.idNumber);
  expect(await page.locator('select[name="data[changes][0][action]"]').inputValue()).toBe('leave');
  expect(await page.locator('input[name="data[changes][1][name]"]').inputValue()).toBe('电工张三');
  // a new person joins, with the certificate
  await page.locator('.formio-component-changes .formio-button-add-row').last().click();
  const joiner = validId();
  await page.locator('select[name="data[changes][2][action]"]').selectOption('join');
  await page.locator('select[name="data[changes][2][role]"]').selectOption('electrician');
  await page.fill('input[name="data[changes][2][name]"]', '新电工王五');
  await page.fill('input[name="data[changes][2][idNumber]"]', joiner);
  await upload(page, '.formio-component-changes tbody tr:nth-child(3) .formio-component-attachments', '电工证.png');
  // (the form takes in what was typed after a short debounce)
  await settled(page);
  await page.click('#pp-check');
  await page.locator('#complete-ok').or(page.locator('#missing')).first().waitFor();
  expect(await page.locator('#missing').count() ? await page.textContent('#missing') : 'complete').toBe('complete');
  await settled(page);
  await shot(page, 'power-permit-personnel-change-picked');
  await page.click('.formio-form button[type=submit]');
  await page.waitForURL(/#\/case\//);
  const app = await eventually(async () => (await sys.db('applications').where({ unit_id: e.unit.id, process_id: 'personnel-change' }).first()) ?? undefined, 15000, 'the personnel change');
  expect((app.data.changes as Array<Record<string, unknown>>).map((c) => [c.action, c.role, c.name, c.idNumber])).toEqual([
    ['leave', 'skilled-worker', '技工李四', li.idNumber],
    ['leave', 'electrician', '电工张三', zhang.idNumber],
    ['join', 'electrician', '新电工王五', joiner],
  ]);
  expect(consoleErrors(page)).toEqual([]);
});

it('the self-inspection form with the manual’s items is filled in and submitted in the browser', async () => {
  const { sys } = suite;
  const e = await licensedUnit();
  const a = await createAccount(sys, { kind: 'admin' });
  const admin = await signIn(sys.url, a.login, a.password);
  const launched = await admin.call('POST', '/api/admin/self-inspections', { year: 2027 });
  expect(launched.status).toBe(201);
  const mine = await eventually(async () => {
    const r = await e.client.call('GET', '/api/self-inspections');
    return r.body.items.find((i: { status: string; taskId: string | null }) => i.status === 'pending' && i.taskId) ?? undefined;
  }, 60000, 'the unit’s self-inspection task');

  const page = await signInPage(suite.browser, sys.url, e.login, PASSWORD);
  await page.goto(`${sys.url}/#/self-inspection`);
  await page.locator('.el-table__body tr', { hasText: mine.number }).locator('a').click();
  await page.waitForSelector('.formio-form');
  // submitted empty: the required items named
  await page.click('.formio-form button[type=submit]');
  await page.locator('.formio-component-safetyRecord .formio-errors, .formio-component-safetyRecord .invalid-feedback').first().waitFor();
  await page.locator('.formio-component-qualificationsKept input[type=checkbox]').check();
  await page.fill('.formio-component-electricianCount input', '12');
  await page.fill('.formio-component-safetyRecord textarea', '本年度无安全生产事故，按期开展安全培训。');
  await upload(page, '.formio-component-report', '自查报告.png');
  await settled(page);
  await shot(page, 'power-permit-self-inspection-form');
  expect((await submitForm(page, `/api/self-inspections/${mine.id}/submit`)).status()).toBe(200);
  await page.waitForURL(/#\/self-inspection$/);
  const row = await eventually(async () => (await sys.db('applications').where({ id: mine.id, status: 'submitted' }).first()) ?? undefined, 15000, 'the self-inspection submitted');
  expect(row.data).toMatchObject({ qualificationsKept: true, electricianCount: 12, safetyRecord: '本年度无安全生产事故，按期开展安全培训。' });
  expect(row.data.report).toHaveLength(1);
  await page.locator('.el-table__body tr', { hasText: mine.number }).locator('.status-tag, .el-tag').first().waitFor();
  await shot(page, 'power-permit-self-inspection-submitted');
  expect(consoleErrors(page)).toEqual([]);
});

it('a second rating from the same mobile within 5 days is refused with the reason, nothing written', async () => {
  const { sys } = suite;
  const e = await licensedUnit();
  const mobile = `139${String(Date.now()).slice(-8)}`;
  const link = async (id: string) => (await e.client.call('GET', `/api/applications/${id}/rating-link`)).body.url.split('#/rate/')[1] as string;
  // the first case rated (through the API, with the code sent to the mobile)
  const first = await link(ids['power-permit-new']);
  const anon = await signIn(sys.url, e.login, PASSWORD);
  expect((await anon.call('POST', `/api/public/ratings/${first}/sms-code`, { mobile })).status).toBeLessThan(300);
  const sms1 = await eventually(async () => (await sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first()) ?? undefined, 10000, 'the code');
  expect((await anon.call('POST', `/api/public/ratings/${first}`, { mobile, code: /验证码 (\d{6})/.exec(sms1.text)![1], stars: 4 })).status).toBe(201);

  // the second, in the browser: refused with the date it may rate again
  const second = await link(ids['power-permit-renewal']);
  const page = await signInPage(suite.browser, sys.url, e.login, PASSWORD);
  await page.goto(`${sys.url}/#/rate/${second}`);
  await page.waitForSelector('#rate-form');
  await page.fill('#r-mobile', mobile);
  await page.click('#r-send-code');
  await page.locator('#r-sent').waitFor();
  const sms2 = await eventually(async () => {
    const row = await sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first();
    return row && row.id !== sms1.id ? row : undefined;
  }, 10000, 'the second code');
  await page.fill('#r-code', /验证码 (\d{6})/.exec(sms2.text)![1]);
  await page.click('#rate-form button[type=submit]');
  await page.locator('#rate-error', { hasText: '5 天内只能评价一次' }).waitFor();
  await shot(page, 'power-permit-rating-too-soon');
  expect(await sys.db('ratings').where({ application_id: ids['power-permit-renewal'] }).first()).toBeUndefined();
  expect((await sys.db('ratings').where({ mobile })).length).toBe(1);
});
