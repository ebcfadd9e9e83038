/**
 * Every role's menu, walked in a real browser: each entry opens its page without console errors,
 * and no page shows an identifier where people expect a name (process ids, group ids, form keys,
 * history action codes, field paths, catalogue or Form.io translation keys). The phone width and
 * axe-core on the applicant's main pages are menu-phone-axe's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, consoleErrors, settled, signInPage } from '../support/browser';
import { createAccount } from '../support/harness';
import { unitWithAccount } from '../support/publicity-fixtures';
import { hashPassword } from '../../core/passwords';
import { GROUP } from '../../domain/registry';
import { ROOT } from '../../core/config';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite({ workers: false });

// ---- what must never be on screen ----------------------------------------------------------
const files = (dir: string, ext: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []));
const processIds = files(path.join(ROOT, 'bpmn'), '.bpmn').flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/<bpmn:process id="([^"]+)"/g)].map((m) => m[1]));
const formKeys = files(path.join(ROOT, 'forms'), '.json').map((f) => path.basename(f, '.json'));
const groupIds = Object.values(GROUP);
const zh = JSON.parse(fs.readFileSync(path.join(ROOT, 'web', 'src', 'i18n', 'zh-CN.json'), 'utf8')) as Record<string, unknown>;
const historyCodes = Object.keys(zh.historyAction as Record<string, string>).filter((k) => k !== 'other');
const flatKeys = (o: Record<string, unknown>, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flatKeys(v as Record<string, unknown>, `${p}${k}.`) : [`${p}${k}`]));
/** catalogue keys that look like keys (camelCase or dotted): one on screen is a missing translation */
const catalogueKeys = flatKeys(zh).filter((k) => /[a-z][A-Z]|\./.test(k));
const formioKeys = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'web', 'src', 'i18n', 'formio.en.json'), 'utf8'))).filter((k) => /[a-z][A-Z]|_/.test(k));
const token = (id: string) => new RegExp(`(^|[^\\w./-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w/-])`);
const IDENTIFIERS: Array<[string, RegExp]> = [
  ...[...new Set([...processIds, ...formKeys])].map((id): [string, RegExp] => ['process id / form key', token(id)]),
  ...groupIds.map((id): [string, RegExp] => ['group id', token(id)]),
  ...historyCodes.filter((c) => c.includes('-')).map((c): [string, RegExp] => ['history action code', token(c)]),
  ...catalogueKeys.map((k): [string, RegExp] => ['catalogue key', token(k)]),
  ...formioKeys.map((k): [string, RegExp] => ['Form.io key', token(k)]),
  ['field path', /(^|\s)[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*|\[\d+\])+(?=[\s:：]|$)/],
];

/** Identifiers in the page's visible text (e-mail addresses and file names set aside). */
async function identifiersShown(page: Page): Promise<string[]> {
  const text = (await page.evaluate<string>('document.body.innerText')).replace(/\S+@\S+|\S+\.(pdf|png|jpe?g|docx?|xlsx?|csv|zip)\b/gi, ' ');
  return IDENTIFIERS.filter(([, re]) => re.test(text)).map(([what, re]) => `${what}: ${re.exec(text)![0].trim()}`);
}

// ---- the roles -------------------------------------------------------------------------------
async function subAccount(unitId: string) {
  const login = `sub${Date.now().toString(36)}`;
  await suite.sys.db('accounts').insert({ login, password_hash: await hashPassword('Sub2026!pass'), kind: 'unit-sub', display_name: '菜单子帐号', email: `${login}@example.test`, unit_id: unitId, permissions: ['publicity', 'appraisal'], status: 'active' });
  return { login, password: 'Sub2026!pass' };
}
async function person() {
  const login = `pe${Date.now().toString(36)}`;
  await suite.sys.db('accounts').insert({ login, password_hash: await hashPassword('Person2026!x'), kind: 'person', display_name: '菜单个人', email: `${login}@example.test`, status: 'active' });
  return { login, password: 'Person2026!x' };
}

async function walk(role: string, login: string, password: string): Promise<string[]> {
  const page = await signInPage(suite.browser, suite.sys.url, login, password);
  await settled(page);
  const entries = await page.locator('#side-menu [data-menu]').evaluateAll((els) => els.map((e) => e.getAttribute('data-menu')!));
  expect(entries.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const name of entries) {
    await page.click(`#side-menu [data-menu="${name}"]`);
    await settled(page);
    const shown = await identifiersShown(page);
    if (shown.length) problems.push(`${role} ${name}: ${shown.join('; ')}`);
    const errors = consoleErrors(page).splice(0);
    if (errors.length) problems.push(`${role} ${name}: console ${errors.join(' | ')}`);
    expect(await page.locator('main h1, main h2').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, `menu-${role.replace(/\W+/g, '-')}-${name}.png`), fullPage: true });
  }
  await page.context().close();
  return problems;
}

it('every menu entry of every role opens its page without console errors, showing names, not identifiers', async () => {
  const main = await unitWithAccount(suite.sys.db);
  const sub = await subAccount(main.unit.id);
  const pe = await person();
  const staff = {
    agency: await createAccount(suite.sys, { groups: ['appraisal-agencies'] }),
    reviewer: await createAccount(suite.sys, { groups: ['unit-reviewers', 'registration-reviewers'] }),
    'review lead': await createAccount(suite.sys, { groups: ['unit-reviewers', 'review-leads'] }),
    office: await createAccount(suite.sys, { groups: ['appraisal-office'] }),
    leader: await createAccount(suite.sys, { groups: ['appraisal-leaders', 'power-permit-leads'] }),
    admin: await createAccount(suite.sys, { kind: 'admin' }),
  };
  const problems = [
    ...(await walk('unit main account', main.login, main.password)),
    ...(await walk('sub-account', sub.login, sub.password)),
    ...(await walk('person', pe.login, pe.password)),
  ];
  for (const [role, a] of Object.entries(staff)) problems.push(...(await walk(role, a.login, a.password)));
  expect(problems).toEqual([]);
}, 600_000);
