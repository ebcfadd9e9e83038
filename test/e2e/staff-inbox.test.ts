/**
 * The reviewer's inbox in a real browser: open before the application exists, it shows the new
 * task without a reload (the inbox stream), with the group tab by its name and count; the reviewer
 * claims it and completes it by keyboard alone on the task page (decision panel, FormioForm), and
 * lands back on the inbox. At 390 px the decision panel is on screen and nothing scrolls sideways.
 * A review lead claims five tasks at once. axe-core finds nothing serious on inbox, task and case.
 */
import type { Browser } from 'playwright-core';
import { hashPassword } from '../../core/passwords';
import { launchBrowser, shot } from '../support/browser';
import { freshUscc, PNG } from '../support/fixtures';
import { createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';
import { PHONE, seriousViolations, sidewaysScroll, signInStaff, staffAccount } from './staff-support';

let sys: TestSystem;
let browser: Browser;
let unitLogin: string;

beforeAll(async () => {
  sys = await startTestSystem();
  browser = await launchBrowser();
  const [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: '收件箱测试检测有限公司', legal_representative: '钱七', province: '110000', city: '110100', district: '110108', address: '北京市海淀区测试路 9 号', postcode: '100080', phone: '010-88886666', status: 'active' })
    .returning('*');
  unitLogin = `inbox${Date.now()}`;
  await sys.db('accounts').insert({ login: unitLogin, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: '孙丽', email: `${unitLogin}@example.test`, unit_id: unit.id, status: 'active' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

/** A qualification application submitted through the API; its number. */
async function submitQualification(certificateNo: string): Promise<{ id: string; number: string }> {
  const unit = await signIn(sys.url, unitLogin, 'Unit2026!x');
  const file = await unit.upload('资质证书.png', PNG);
  const r = await unit.call('POST', '/api/applications', {
    processId: 'unit-qualification',
    data: { qualificationType: 'testing-approval', certificateNo, issueDate: '2026-01-05', expiryDate: '2032-01-04', certificate: [{ storage: 'url', name: file.body.id, originalName: '资质证书.png', url: `/api/files/${file.body.id}`, size: PNG.length, data: file.body }] },
  });
  expect(r.status).toBe(201);
  return { id: r.body.id, number: r.body.number };
}

it('a new task appears live; the reviewer claims it and submits the decision by keyboard alone', async () => {
  const reviewer = await staffAccount(sys, 'reviewer');
  const { page, errors } = await signInStaff(browser, sys.url, reviewer.login, reviewer.password);
  await page.waitForSelector('#inbox-page');
  await page.waitForSelector('#live:has-text("●")');

  const app = await submitQualification(`INBOX-${Date.now()}`);
  await page.locator(`#inbox .task-number[data-number="${app.number}"]`).waitFor({ timeout: 20000 });
  const number = page.locator(`.task-number[data-number="${app.number}"]`);
  // the group's tab by its name (never its id), with its count
  const tabs = await page.locator('.group-tabs .el-tabs__item').allTextContents();
  expect(tabs.join(' ')).not.toContain('unit-reviewers');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'staff-inbox');

  const row = page.locator('#inbox tr', { has: number });
  await row.locator('button.claim').focus();
  await page.keyboard.press('Enter');
  await page.locator('#inbox tr', { has: number }).locator('.assignee', { hasText: '我' }).waitFor();
  await page.locator('#inbox tr', { has: number }).locator('a.open-task').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/task\//);
  await page.waitForSelector('#decision input[value="approve"]');
  await page.waitForSelector('#diagram g[data-element-id="review"].pf-active');
  // history by name: no action codes on screen
  expect(await page.textContent('.history')).not.toMatch(/submit|task-complete/);
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'staff-task');

  // the submit button takes focus before the form is complete: Enter on it shows what is missing
  await page.focus('#decision button[name="data[submit]"]');
  expect(await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('name')")).toBe('data[submit]');
  await page.keyboard.press('Enter');
  await page.locator('#decision .formio-component-decision .formio-errors:not(:empty)').waitFor();
  await page.focus('#decision input[value="approve"]');
  await page.keyboard.press('Space');
  expect(await page.isChecked('#decision input[value="approve"]')).toBe(true);
  // the decision is submitted by keyboard: Enter on the focused submit button
  await page.focus('#decision button[name="data[submit]"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/inbox$/);
  await eventually(async () => (await sys.db('applications').where({ id: app.id, status: 'approved' }).first()) ?? undefined, 20000, 'the approved application');

  // the staff case view shows it approved, its diagram and its history
  await page.goto(`${sys.url}/#/staff/case/${app.id}`);
  await page.waitForSelector('#case-status[data-status="approved"]');
  await page.waitForSelector('#diagram g[data-element-id="review"].pf-done');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'staff-case');
  expect(errors).toEqual([]);
}, 120_000);

it('at 390 px the inbox and the task page fit the width and the decision panel is on screen', async () => {
  const reviewer = await staffAccount(sys, 'reviewer');
  const app = await submitQualification(`PHONE-${Date.now()}`);
  const task = await eventually(async () => (await sys.db('tasks').where({ application_id: app.id, state: 'CREATED' }).first()) ?? undefined, 20000, 'the review task');
  const { page, errors } = await signInStaff(browser, sys.url, reviewer.login, reviewer.password, PHONE);
  await page.waitForSelector(`#inbox .task-number[data-number="${app.number}"]`);
  expect(await sidewaysScroll(page)).toBe(0);
  await shot(page, 'staff-inbox-390');
  await page.goto(`${sys.url}/#/task/${task.user_task_key}`);
  await page.waitForSelector('#claim');
  await page.click('#claim');
  await page.waitForSelector('#decision input[value="approve"]');
  const box = (await page.locator('#decision').boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(box.y).toBeLessThan(PHONE.height);
  expect(await sidewaysScroll(page)).toBe(0);
  await shot(page, 'staff-task-390');
  expect(errors).toEqual([]);
}, 90_000);

it('a review lead claims five tasks at once', async () => {
  const lead = await staffAccount(sys, 'review lead');
  const apps: Array<{ id: string; number: string }> = [];
  for (let i = 0; i < 5; i++) apps.push(await submitQualification(`BULK-${i}-${Date.now()}`));
  for (const x of apps) await eventually(async () => (await sys.db('tasks').where({ application_id: x.id, state: 'CREATED' }).first()) ?? undefined, 20000, 'the review task');
  const { page } = await signInStaff(browser, sys.url, lead.login, lead.password);
  for (const x of apps) {
    const row = page.locator('#inbox tr', { has: page.locator(`.task-number[data-number="${x.number}"]`) });
    await row.waitFor({ timeout: 20000 });
    await row.locator('.el-checkbox').click();
  }
  await page.click('#claim-selected');
  await eventually(async () => {
    const rows = await sys.db('tasks').whereIn('application_id', apps.map((x) => x.id)).where({ state: 'CREATED', assignee: lead.login });
    return rows.length === 5 || undefined;
  }, 20000, 'the five tasks claimed by the lead');
}, 90_000);

it('a saved filter is kept with the account: signed in again in a fresh browser context it is there, applies its conditions, and can be deleted', async () => {
  const lead = await staffAccount(sys, 'review lead');
  const a = await submitQualification(`SAVED-A-${Date.now()}`);
  await eventually(async () => (await sys.db('tasks').where({ application_id: a.id, state: 'CREATED' }).first()) ?? undefined, 20000, 'the review task');
  const first = await signInStaff(browser, sys.url, lead.login, lead.password);
  await first.page.fill('#f-text', a.number);
  await first.page.locator('#inbox .task-number').first().waitFor();
  await first.page.click('#save-filter');
  await first.page.fill('.el-message-box input', '资质申请按编号');
  await first.page.click('.el-message-box .el-button--primary');
  await first.page.locator('.saved-filter', { hasText: '资质申请按编号' }).waitFor();
  await first.page.context().close();

  // a new context: no cookies, no local storage of the first one
  const { page, errors } = await signInStaff(browser, sys.url, lead.login, lead.password);
  const tag = page.locator('.saved-filter', { hasText: '资质申请按编号' });
  await tag.waitFor();
  expect(await page.inputValue('#f-text')).toBe('');
  await tag.click();
  expect(await page.inputValue('#f-text')).toBe(a.number);
  await eventually(async () => {
    const numbers = await page.locator('#inbox .task-number').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')));
    return numbers.length === 1 && numbers[0] === a.number;
  }, 10000, 'only the saved number listed');
  await shot(page, 'inbox-saved-filter');
  await tag.locator('.el-tag__close').click();
  await tag.waitFor({ state: 'detached' });
  expect(await sys.db('inbox_saved_filters').join('accounts', 'accounts.id', 'inbox_saved_filters.account_id').where({ 'accounts.login': lead.login })).toEqual([]);
  expect(errors).toEqual([]);
}, 90_000);

it('a review lead assigns a task to a reviewer chosen from the group (with the open tasks each holds); the reviewer finds it under "mine"; the lead reassigns it', async () => {
  const lead = await staffAccount(sys, 'review lead');
  const reviewer = await createAccount(sys, { groups: ['unit-reviewers'] });
  await sys.db('accounts').where({ login: reviewer.login }).update({ display_name: '审核员周八' });
  const a = await submitQualification(`ASSIGN-${Date.now()}`);
  await eventually(async () => (await sys.db('tasks').where({ application_id: a.id, state: 'CREATED' }).first()) ?? undefined, 20000, 'the review task');

  const { page, errors } = await signInStaff(browser, sys.url, lead.login, lead.password);
  const row = page.locator('#inbox tr', { has: page.locator(`.task-number[data-number="${a.number}"]`) });
  await row.waitFor({ timeout: 20000 });
  await row.locator('.assign').click();
  await page.locator('.el-select', { has: page.locator('#assign-to') }).click();
  const option = page.locator('.el-select-dropdown__item', { hasText: '审核员周八（在办 0 件）' });
  await option.click();
  await option.waitFor({ state: 'hidden' });
  await shot(page, 'inbox-assign');
  await page.click('#assign-confirm');
  await eventually(async () => (await sys.db('tasks').where({ application_id: a.id, state: 'CREATED', assignee: reviewer.login }).first()) ?? undefined, 20000, 'the task assigned to the reviewer');
  await row.locator('.assignee', { hasText: reviewer.login }).waitFor();
  expect(errors).toEqual([]);

  // the reviewer: "mine" lists it
  const r = await signInStaff(browser, sys.url, reviewer.login, reviewer.password);
  await r.page.goto(`${sys.url}/#/inbox`);
  await r.page.locator('.el-select', { has: r.page.locator('#f-assignee') }).click();
  await r.page.locator('.el-select-dropdown__item:visible', { hasText: '我' }).first().click();
  // (the whole inbox, this task among the group's, shows first: wait for the filtered list)
  await eventually(async () => (await r.page.locator('#inbox .task-number').count()) === 1 || undefined, 10000, 'only the task assigned to the reviewer');
  await r.page.locator(`.task-number[data-number="${a.number}"]`).waitFor();
  // a reviewer who is not a lead has no assign button, and the API refuses the candidates list
  expect(await r.page.locator('#inbox .assign').count()).toBe(0);
  const api = await signIn(sys.url, reviewer.login, reviewer.password);
  const task = await sys.db('tasks').where({ application_id: a.id, state: 'CREATED' }).first();
  expect((await api.call('GET', `/api/tasks/${task.user_task_key}/candidates`)).status).toBe(403);
  expect(r.errors).toEqual([]);

  // the lead reassigns it to another reviewer of the group
  const second = await createAccount(sys, { groups: ['unit-reviewers'] });
  await sys.db('accounts').where({ login: second.login }).update({ display_name: '审核员吴九' });
  await page.reload();
  await row.waitFor({ timeout: 20000 });
  await row.locator('.assign', { hasText: '改派' }).click();
  await page.locator('.el-select', { has: page.locator('#assign-to') }).click();
  const other = page.locator('.el-select-dropdown__item', { hasText: '审核员吴九（在办 0 件）' });
  await other.click();
  await other.waitFor({ state: 'hidden' });
  await page.click('#assign-confirm');
  await eventually(async () => (await sys.db('tasks').where({ application_id: a.id, state: 'CREATED', assignee: second.login }).first()) ?? undefined, 20000, 'the task reassigned');
  await row.locator('.assignee', { hasText: second.login }).waitFor();
}, 90_000);

it('the done list (已办) shows the tasks I completed, the newest first, with the same conditions, and not what others completed', async () => {
  const reviewer = await staffAccount(sys, 'reviewer');
  const other = await staffAccount(sys, 'reviewer');
  const apps = [await submitQualification(`DONE-A-${Date.now()}`), await submitQualification(`DONE-B-${Date.now()}`), await submitQualification(`DONE-C-${Date.now()}`)];
  const keys: string[] = [];
  for (const x of apps) keys.push((await eventually(async () => (await sys.db('tasks').where({ application_id: x.id, state: 'CREATED' }).first()) ?? undefined, 20000, 'the review task')).user_task_key);
  const me = await signIn(sys.url, reviewer.login, reviewer.password);
  const them = await signIn(sys.url, other.login, other.password);
  // I complete A then B; the other reviewer completes C
  for (const [c, key] of [[me, keys[0]], [me, keys[1]], [them, keys[2]]] as const) {
    expect((await c.call('POST', `/api/tasks/${key}/claim`)).status).toBe(200);
    expect((await c.call('POST', `/api/tasks/${key}/complete`, { data: { decision: 'approve' } })).status).toBe(200);
    await eventually(async () => (await sys.db('tasks').where({ user_task_key: key, state: 'COMPLETED' }).first()) ?? undefined, 20000, 'the completed task');
  }

  const { page, errors } = await signInStaff(browser, sys.url, reviewer.login, reviewer.password);
  await page.goto(`${sys.url}/#/inbox`);
  await page.locator('#inbox-view label', { hasText: '已办' }).click();
  await page.locator(`#inbox .task-number[data-number="${apps[1].number}"]`).waitFor();
  const numbers = async () => page.locator('#inbox .task-number').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')));
  expect(await numbers()).toEqual([apps[1].number, apps[0].number]);
  expect(await page.locator('#inbox .completed-at').first().textContent()).toMatch(/\d{1,2}:\d{2}/);
  // the same conditions: the search narrows the done list too
  await page.fill('#f-text', apps[0].number);
  await eventually(async () => JSON.stringify(await numbers()) === JSON.stringify([apps[0].number]) || undefined, 10000, 'only A listed');
  await shot(page, 'inbox-done');
  await page.locator('#inbox a.open-case').first().click();
  await page.waitForURL(new RegExp(`#/staff/case/${apps[0].id}$`));
  expect(errors).toEqual([]);
}, 120_000);
