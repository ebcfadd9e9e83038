/**
 * A role's menu walked in a real browser (menu-walk, menu-walk-staff): each entry opens its page
 * without console errors, with a heading, and no page shows an identifier where people expect a
 * name (process ids, group ids, form keys, history action codes, field paths, catalogue or Form.io
 * translation keys). On the same walk, without opening a page again: the pages asked for fit
 * 390 px (pictures at both widths with PF_SCREENSHOTS=1), the entries the role needs are in its menu, and axe-core
 * checks the pages asked for.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { consoleErrors, fitsPhone, settled, shot, signInPage } from '../support/browser';
import type { BrowserSuite } from '../support/browser-suite';
import { GROUP } from '../../domain/registry';
import { ROOT } from '../../core/config';
import { seriousViolations } from './staff-support';

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

/** What a role's walk checks besides every page's heading, console and identifiers. */
export interface Also {
  /** entries its menu must have */
  needs?: string[];
  /** entries whose page must also fit 390 px ('all': every entry) */
  phone?: 'all' | string[];
  /** entries whose page axe-core checks */
  axe?: string[];
}

export async function walk(suite: BrowserSuite, role: string, login: string, password: string, also: Also = {}): Promise<string[]> {
  const page = await signInPage(suite.browser, suite.sys.url, login, password);
  await settled(page);
  const entries = await page.locator('#side-menu [data-menu]').evaluateAll((els) => els.map((e) => e.getAttribute('data-menu')!));
  expect(entries.length).toBeGreaterThan(0);
  const problems = (also.needs ?? []).filter((n) => !entries.includes(n)).map((n) => `${role}: no menu entry ${n}`);
  for (const name of entries) {
    await page.click(`#side-menu [data-menu="${name}"]`);
    await settled(page);
    const shown = await identifiersShown(page);
    if (shown.length) problems.push(`${role} ${name}: ${shown.join('; ')}`);
    const errors = consoleErrors(page).splice(0);
    if (errors.length) problems.push(`${role} ${name}: console ${errors.join(' | ')}`);
    expect(await page.locator('main h1, main h2').count()).toBeGreaterThan(0);
    if (also.axe?.includes(name)) problems.push(...(await seriousViolations(page)).map((v) => `${role} ${name}: axe ${v}`));
    const picture = `menu-${role.replace(/\W+/g, '-')}-${name}`;
    if (also.phone === 'all' || also.phone?.includes(name)) await fitsPhone(page, picture);
    else await shot(page, picture);
  }
  await page.context().close();
  return problems;
}
