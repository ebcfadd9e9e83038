/**
 * XSS payloads typed into form fields and file names are shown as text, never run, on every page
 * that displays them: the reviewer's inbox, task pages and case pages, the applicant's home and
 * case page, in a real browser. Each payload sets window.__xss if it ever runs.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signInPage } from '../support/browser';
import { hashPassword } from '../../core/passwords';
import { freshUscc, PNG, registrationBody } from '../support/fixtures';
import { Client, createAccount, eventually, signIn, startTestSystem, TestSystem } from '../support/harness';

const P = {
  contact: '<img src=x onerror=window.__xss=1>',
  unit: '"><svg onload=window.__xss=2>',
  address: '北京<script>window.__xss=3</script>路',
  file: '<img src=x onerror=window.__xss=4>.png',
  certificateNo: "'><img src=x onerror=window.__xss=5>",
};

let sys: TestSystem;
let browser: Browser;
let unitClient: Client;
let unitLogin: string;
const visited: string[] = [];

beforeAll(async () => {
  sys = await startTestSystem();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  process.stdout.write(`\nxss: ${Object.keys(P).length} payloads, ${visited.length} page views, none ran (${visited.join(', ')})\n`);
  await browser?.close();
  await sys?.stop();
});

/** Opens a page, waits for `ready`, gives images a moment to fail, then checks nothing ran and the payloads show as text. */
async function visit(page: Page, what: string, hash: string, ready: string, texts: string[]) {
  await page.goto(`${sys.url}/${hash}`);
  await page.waitForSelector(ready, { timeout: 20_000 });
  await page.waitForTimeout(300);
  const shown = await page.evaluate<string>('document.body.innerText');
  await nothingRan(page, what);
  visited.push(what);
  for (const t of texts) expect(shown).toContain(t);
}

async function nothingRan(page: Page, what: string) {
  const ran = await page.evaluate<number | undefined>('window.__xss');
  const injected = await page.evaluate<number>(`document.querySelectorAll('img[src="x"], svg[onload], #app script').length`);
  expect({ what, ran, injected }).toEqual({ what, ran: undefined, injected: 0 });
}

it('shows every payload as text on the inbox, task, case and home pages, and runs none', async () => {
  // a unit registration with payloads in the contact name, unit name and address
  const body = registrationBody({ unit: { name: P.unit, address: P.address }, contact: { name: P.contact } });
  const res = await fetch(`${sys.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  const reg = (await res.json()) as { id: string; number: string };

  // a qualification from an existing unit, with a payload as the certificate number and as the file name
  const [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: P.unit, legal_representative: '钱七', province: '110000', city: '110100', district: '110108', address: P.address, postcode: '100080', phone: '010-88886666', status: 'active' })
    .returning('*');
  unitLogin = `xss${Date.now()}`;
  await sys.db('accounts').insert({ login: unitLogin, password_hash: await hashPassword('Unit2026!x'), kind: 'unit-main', display_name: P.contact, email: `${unitLogin}@example.test`, unit_id: unit.id, status: 'active' });
  unitClient = await signIn(sys.url, unitLogin, 'Unit2026!x');
  const file = await unitClient.upload(P.file, PNG);
  expect(file.status).toBe(201);
  const qua = await unitClient.call('POST', '/api/applications', {
    processId: 'unit-qualification',
    data: { qualificationType: 'testing-approval', certificateNo: P.certificateNo, issueDate: '2026-01-05', expiryDate: '2031-01-04', certificate: [{ storage: 'url', name: file.body.id, originalName: P.file, url: `/api/files/${file.body.id}`, size: 10, data: file.body }] },
  });
  expect(qua.status).toBe(201);

  const regTask = await eventually(async () => (await sys.db('tasks').where({ application_id: reg.id, state: 'CREATED' }).first()) ?? undefined, 30_000, 'the registration review task');
  const quaTask = await eventually(async () => (await sys.db('tasks').where({ application_id: qua.body.id, state: 'CREATED' }).first()) ?? undefined, 30_000, 'the qualification review task');

  const reviewerAccount = await createAccount(sys, { groups: ['registration-reviewers', 'unit-reviewers'] });
  const reviewer = await signInPage(browser, sys.url, reviewerAccount.login, reviewerAccount.password);
  await visit(reviewer, 'inbox (registration)', '#/inbox', `#inbox [data-number="${reg.number}"]`, [P.contact, P.unit]);
  await visit(reviewer, 'inbox (qualification)', '#/inbox', `#inbox [data-number="${qua.body.number}"]`, [P.unit]);
  await visit(reviewer, 'task (registration)', `#/task/${regTask.user_task_key}`, '#claim', [P.contact]);
  // claimed: the decision form (Form.io) is drawn beside the case
  await reviewer.click('#claim');
  await reviewer.waitForSelector('input[value="approve"]', { timeout: 20_000 });
  await reviewer.waitForTimeout(300);
  await nothingRan(reviewer, 'task (registration), claimed, with its form');
  visited.push('task (registration), claimed');
  await visit(reviewer, 'task (qualification)', `#/task/${quaTask.user_task_key}`, '#claim', [P.file]);
  await visit(reviewer, 'case (registration)', `#/staff/case/${reg.id}`, '#case-status', [reg.number]);
  await visit(reviewer, 'case (qualification)', `#/staff/case/${qua.body.id}`, '#case-status', [P.file]);

  const applicant = await signInPage(browser, sys.url, unitLogin, 'Unit2026!x');
  await visit(applicant, 'my cases', '#/my/cases', `main tr:has-text("${qua.body.number}")`, [qua.body.number]);
  await visit(applicant, 'case (applicant)', `#/case/${qua.body.id}`, '#case-status', [P.file]);
  // the header shows the signed-in user's display name (a payload here too)
  await nothingRan(applicant, 'header');
}, 120_000);
