/**
 * An applicant's case page on a phone (390 px): the plain timeline and what happens next, and a
 * diagram of the applicant-facing steps only (the system's own steps such as 计算审核期限 folded
 * away, no type icon over a task's name), with no sideways scrolling of the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../core/config';
import { createApplication, createUnit, createUnitAccount } from '../support/factories';
import { consoleErrors, expectNoSidewaysScroll, fitsPhone, PHONE, settled, shot, signInPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite({ workers: false });
const stamp = Date.now();

/** The ids of a model's elements of the given kinds. */
function idsOf(processId: string, kinds: string[]): string[] {
  const xml = fs.readFileSync(path.join(ROOT, 'bpmn', `${processId}.bpmn`), 'utf8');
  return kinds.flatMap((k) => [...xml.matchAll(new RegExp(`<bpmn:${k}\\b[^>]*\\bid="([^"]+)"`, 'g'))].map((m) => m[1]));
}

it.each(['unit-qualification', 'production-licence'])('shows a %s case to its applicant at 390 px: timeline, and only the applicant-facing steps', async (processId) => {
  const { db } = suite.sys;
  const unit = await createUnit(db);
  const account = await createUnitAccount(db, unit.id);
  const app = await createApplication(db, { processId, status: 'in_review', unitId: unit.id, number: `CP-${processId.slice(0, 6)}-${stamp}` });
  const created = new Date(Date.now() - 2 * 86_400_000);
  await db('audit').insert([
    { application_id: app.id, actor: 'applicant', action: 'submit', to_status: 'submitted', at: created },
    { application_id: app.id, actor: 'system', action: 'validated', from_status: 'submitted', to_status: 'in_review', at: new Date(created.getTime() + 60_000) },
  ]);

  const page = await signInPage(suite.browser, suite.sys.url, account.login, account.password, PHONE);
  await page.goto(`${suite.sys.url}/#/case/${app.id}`);
  await page.locator('#diagram .djs-element').first().waitFor();
  await settled(page);

  // the timeline, as the case lookup tells it, and what happens next
  expect(await page.locator('#case-timeline #lk-timeline li').evaluateAll((els) => els.map((e) => e.className))).toEqual(['lk-step lk-submitted', 'lk-step lk-under-review']);
  expect(await page.locator('#case-timeline #lk-next').innerText()).not.toBe('');

  // the diagram: no service (or other system) step, the people's steps all there
  const shown = await page.locator('#diagram .djs-element[data-element-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-element-id')));
  const internal = idsOf(processId, ['serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'intermediateThrowEvent']);
  expect(internal.length).toBeGreaterThan(0);
  expect(shown.filter((id) => internal.includes(String(id)))).toEqual([]);
  const userTasks = idsOf(processId, ['userTask']);
  expect(userTasks.every((id) => shown.includes(id))).toBe(true);
  expect(await page.locator('#diagram').innerText()).not.toContain('计算审核期限');
  // a task's name is not under its type icon (the icons are left out)
  expect(await page.locator('#diagram .pf-task').count()).toBeGreaterThanOrEqual(userTasks.length);
  const icons = page.locator('#diagram .pf-task .djs-visual > path');
  // (the test code is type-checked without the DOM library: the page's getComputedStyle by its shape)
  type Styles = { getComputedStyle(e: unknown): { display: string } };
  expect(await icons.count()).toBeGreaterThan(0);
  expect(await icons.evaluateAll((els) => els.filter((e) => (globalThis as unknown as Styles).getComputedStyle(e).display !== 'none').length)).toBe(0);

  await expectNoSidewaysScroll(page, `${processId} case at 390 px`);
  await shot(page.locator('#diagram'), `applicant-diagram-${processId}-390`);
  await fitsPhone(page, `applicant-case-${processId}`);
  expect(consoleErrors(page)).toEqual([]);
}, 90_000);
