/**
 * For the staff browser tests: staff accounts per role, a signed-in page that records console
 * errors, axe-core (0 serious or critical violations) and the check that a page never scrolls
 * sideways at 390 px.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { newPage, signIn } from '../support/browser';
import { createAccount, TestSystem } from '../support/harness';

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** The staff roles and the account each is: a reviewer, a review lead, the association office, a leader, an admin. */
export const STAFF_ROLES = {
  reviewer: { kind: 'reviewer', groups: ['unit-reviewers', 'registration-reviewers'] },
  'review lead': { kind: 'reviewer', groups: ['unit-reviewers', 'review-leads'] },
  office: { kind: 'reviewer', groups: ['appraisal-office'] },
  leader: { kind: 'reviewer', groups: ['appraisal-leaders', 'power-permit-leads'] },
  admin: { kind: 'admin', groups: [] },
} as const;

export type StaffRole = keyof typeof STAFF_ROLES;

export function staffAccount(sys: TestSystem, role: StaffRole) {
  return createAccount(sys, { kind: STAFF_ROLES[role].kind, groups: [...STAFF_ROLES[role].groups] });
}

export interface StaffPage {
  page: Page;
  /** console errors and page errors seen so far */
  errors: string[];
}

/** A new page, signed in (signIn); console errors (not failed requests the page handles) are collected. */
export async function signInStaff(browser: Browser, baseUrl: string, login: string, password: string, viewport = DESKTOP): Promise<StaffPage> {
  const page = await newPage(browser, viewport);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, baseUrl, login, password);
  return { page, errors };
}

/** axe-core on the page's content (#main; the shell is the layout's own test): the serious and critical violations (none expected). */
export async function seriousViolations(page: Page, exclude: string[] = []): Promise<string[]> {
  let axe = new AxeBuilder({ page: page as never }).include('#main').withTags(['wcag2a', 'wcag2aa']);
  for (const sel of exclude) axe = axe.exclude(sel);
  const r = await axe.analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** How far the page scrolls sideways (0 when it fits the width). */
export async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}
