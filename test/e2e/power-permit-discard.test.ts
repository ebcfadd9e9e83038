/**
 * Drafts and 申请废弃 in a real browser: a change on the form is saved by itself (the time shown) and
 * resumed after a reload. The unit's power-permit list shows each application's status; a draft
 * (saved from the form) and an application returned by the formal review offer 废弃, which asks
 * first; the discarded ones show 已废弃, and a case under review offers no 废弃.
 */
import type { Page } from 'playwright-core';
import { shot, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { eventually } from '../support/harness';
import { complete, enterprise, fullApplication, givePermit, openTask, statusOf } from '../support/power-permit';

const suite = browserSuite();

const rowOf = (page: Page, number: string) => page.locator('.list-table .el-table__body tr', { has: page.locator(`[data-number="${number}"]`) });

it('discards a draft and a returned application from the list and the case page, after a confirmation', async () => {
  const { sys } = suite;
  const e = await enterprise(sys);
  // under review
  const reviewed = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: await fullApplication(e.client) });
  expect(reviewed.status).toBe(201);
  // returned by the formal review (退回补正), its case waiting for the resubmission (an item change of the permit it holds)
  await givePermit(sys, e.unit.id);
  const returned = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-item-change', data: await fullApplication(e.client, { categories: [{ category: 'repair', level: '2' }] }) });
  expect(returned.status).toBe(201);
  const formal = await openTask(sys, returned.body.id, 'formal-review');
  await complete(sys, formal.user_task_key, { decision: 'return', reason: '请补充电工证书扫描件' });
  await statusOf(sys, returned.body.id, 'returned');

  const page = await signInPage(suite.browser, sys.url, e.login, 'Unit2026!x');
  // a draft saved from the form: numbered, in the list
  await page.goto(`${sys.url}/#/power-permit/power-permit-renewal`);
  await page.waitForSelector('.formio-form');
  // what is typed is saved by itself (no button), the time shown, and resumed after a reload
  const downgrade = page.locator('.formio-component-downgrade input[value="true"]');
  await downgrade.check();
  const [account] = await sys.db('accounts').where({ login: e.login }).pluck('id');
  const startDraft = () => sys.db('drafts').where({ account_id: account, scope: 'start:power-permit-renewal' }).first();
  const auto = await eventually(async () => (await startDraft()) ?? undefined, 15000, 'the draft saved by itself');
  expect(auto.data.downgrade).toBe(true);
  await page.locator('#draft-note').waitFor();
  expect(await page.textContent('#draft-note')).toMatch(/^已于 \d{2}:\d{2}:\d{2} 自动保存$/);
  await page.reload();
  await page.locator('#draft-note').waitFor();
  expect(await page.textContent('#draft-note')).toMatch(/^已恢复 \d{2}:\d{2}:\d{2} 保存的草稿$/);
  expect(await downgrade.isChecked()).toBe(true);
  // 保存 makes it a numbered application: its later changes are kept under it, not as an unnumbered draft
  await page.click('#pp-save-application');
  const draft = await eventually(async () => (await sys.db('applications').where({ unit_id: e.unit.id, status: 'draft' }).first()) ?? undefined, 15000, 'the draft saved');
  expect(draft.process_id).toBe('power-permit-renewal');
  expect(draft.data.downgrade).toBe(true);
  await page.waitForSelector('#pp-draft-note');
  await eventually(async () => ((await startDraft()) ? undefined : true), 15000, 'the unnumbered draft gone');

  await page.goto(`${sys.url}/#/power-permit/cases`);
  await rowOf(page, draft.number).waitFor();
  expect(await rowOf(page, draft.number).locator('.status-tag').textContent()).toContain('保存');
  expect(await rowOf(page, returned.body.number).locator('.status-tag').textContent()).toContain('退回补正');
  expect(await rowOf(page, reviewed.body.number).locator('.status-tag').textContent()).toContain('已提交');
  expect(await rowOf(page, reviewed.body.number).locator('.pp-discard').count()).toBe(0);

  // asked first: cancelling keeps the draft
  await rowOf(page, draft.number).locator('.pp-discard').click();
  const dialog = page.locator('.el-message-box');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain(`确定废弃申请 ${draft.number}`);
  await shot(page, 'power-permit-discard-confirm', { fullPage: false });
  await dialog.locator('.el-message-box__btns button').first().click();
  await dialog.waitFor({ state: 'hidden' });
  expect((await sys.db('applications').where({ id: draft.id }).first()).status).toBe('draft');
  // confirmed: discarded, the list shows it
  await rowOf(page, draft.number).locator('.pp-discard').click();
  await dialog.waitFor();
  await dialog.locator('.el-message-box__btns .el-button--primary').click();
  await eventually(async () => (await rowOf(page, draft.number).locator('.status-tag').textContent())?.includes('已废弃') || undefined, 15000, 'the list shows 已废弃');
  expect(await rowOf(page, draft.number).locator('.pp-discard').count()).toBe(0);
  expect((await sys.db('audit').where({ application_id: draft.id, action: 'discard' })).length).toBe(1);

  // an unnumbered draft discarded on the form itself (申请废弃): asked first, then gone from the server
  await page.goto(`${sys.url}/#/power-permit/power-permit-reissue`);
  await page.locator('.formio-component-reason input[value="lost"]').check();
  const reissueDraft = () => sys.db('drafts').where({ account_id: account, scope: 'start:power-permit-reissue' }).first();
  await eventually(async () => (await reissueDraft()) ?? undefined, 15000, 'the reissue draft saved by itself');
  await page.click('#pp-discard-form');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain('确定废弃这份未编号的草稿');
  await dialog.locator('.el-message-box__btns .el-button--primary').click();
  await page.waitForURL(/#\/power-permit\/cases/);
  expect(await reissueDraft()).toBeUndefined();

  // the returned one from its case page: the reviewer's opinion is there, discarding ends its case
  await page.goto(`${sys.url}/#/case/${returned.body.id}`);
  await page.waitForSelector('#discard');
  await page.click('#discard');
  await dialog.waitFor();
  await dialog.locator('.el-message-box__btns .el-button--primary').click();
  await statusOf(sys, returned.body.id, 'discarded');
  await eventually(async () => (await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${returned.body.processInstanceKey}`)).body.state === 'TERMINATED' || undefined, 15000, 'the waiting case cancelled');
  await page.waitForSelector('#discard', { state: 'detached' });

  await page.goto(`${sys.url}/#/power-permit/cases`);
  await rowOf(page, returned.body.number).waitFor();
  await eventually(async () => (await rowOf(page, returned.body.number).locator('.status-tag').textContent())?.includes('已废弃') || undefined, 15000, 'the list shows 已废弃');
  expect(await rowOf(page, draft.number).locator('.status-tag').getAttribute('class')).toContain('el-tag--info');
  // the list at the top of the page, loaded
  await page.evaluate('document.querySelectorAll("*").forEach((el) => { if (el.scrollTop) el.scrollTop = 0; }); window.scrollTo(0, 0)');
  await page.locator('.list-table .el-loading-mask').waitFor({ state: 'hidden' }).catch(() => undefined);
  await shot(page, 'power-permit-discard', { fullPage: false });
});

it('a returned application reopens with its data and the reviewer’s opinion, and is submitted again in the same case', async () => {
  const { sys } = suite;
  const e = await enterprise(sys);
  const full = await fullApplication(e.client);
  const r = await e.client.call('POST', '/api/power-permits/applications', { processId: 'power-permit-new', data: full });
  expect(r.status).toBe(201);
  const formal = await openTask(sys, r.body.id, 'formal-review');
  await complete(sys, formal.user_task_key, { decision: 'return', reason: '请核对技术负责人职称' });
  await statusOf(sys, r.body.id, 'returned');

  const page = await signInPage(suite.browser, sys.url, e.login, 'Unit2026!x');
  await page.goto(`${sys.url}/#/power-permit/cases`);
  await rowOf(page, r.body.number).locator('.pp-continue').click();
  await page.waitForSelector('#pp-returned');
  expect(await page.textContent('#pp-returned')).toContain('请核对技术负责人职称');
  // the data as submitted, the missing-materials option and the draft button not offered
  await page.locator('input[name="data[technicalLead.name]"]').waitFor();
  await eventually(async () => (await page.locator('input[name="data[technicalLead.name]"]').inputValue()) === '技术负责人甲' || undefined, 15000, 'the data prefilled');
  expect(await page.locator('#pp-missing-materials').count()).toBe(0);
  expect(await page.locator('#pp-save-application').count()).toBe(0);
  await shot(page, 'power-permit-returned-reopened', { fullPage: false });
  // the levels go back as the text the server checks (一级…五级 are "1"…"5", not numbers)
  await page.click('.formio-form button[type=submit]');
  await statusOf(sys, r.body.id, 'submitted');
  expect((await sys.db('applications').where({ id: r.body.id }).first()).data.categories).toEqual(full.categories);
  const next = await openTask(sys, r.body.id, 'formal-review');
  expect(next.user_task_key).not.toBe(formal.user_task_key);
  expect((await sys.db('applications').where({ unit_id: e.unit.id })).length).toBe(1);
});
