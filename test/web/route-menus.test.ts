/**
 * The one table of pages (web/src/router/routes.ts): every page a role may open is reachable
 * from that role's menu (it has a menu entry, or it is opened from a page that has one), and no
 * menu shows a page its role may not open.
 */
import { allowed, menuEntriesOf, menuOf, ROUTES, type PageEntry } from '../../web/src/router/routes';
import type { User } from '../../web/src/api/session';

const user = (kind: User['kind'], groups: string[] = [], permissions: string[] = []): User => ({ id: 'x', login: 'x', kind, displayName: 'x', groups, unitId: kind.startsWith('unit') ? 'u' : null, permissions });

/** Every role of the product as an account (a sub-account with every area and with one). */
export const ROLES: Record<string, User> = {
  'unit main account': user('unit-main'),
  'sub-account (all areas)': user('unit-sub', [], ['qualification', 'publicity', 'appraisal', 'licensing', 'unit-info']),
  'sub-account (publicity only)': user('unit-sub', [], ['publicity']),
  person: user('person'),
  reviewer: user('reviewer', ['unit-reviewers']),
  'review lead': user('reviewer', ['unit-reviewers', 'review-leads']),
  office: user('reviewer', ['appraisal-office']),
  agency: user('reviewer', ['appraisal-agencies']),
  leader: user('reviewer', ['appraisal-leaders']),
  admin: user('admin'),
};

const byName = new Map(ROUTES.map((r) => [r.name, r]));

it.each(Object.entries(ROLES))('%s: every page it may open is reachable from its menu', (_role, u) => {
  const menu = new Set(menuOf(u).flatMap((s) => s.entries.map((e) => e.name)));
  const unreachable = ROUTES.filter((r) => r.roles !== 'public' && allowed(r, u)).filter((r) => !menuEntriesOf(r).some((e) => menu.has(e.name)));
  expect(unreachable.map((r) => r.path)).toEqual([]);
  // and the menu holds only pages the role may open
  expect([...menu].filter((n) => !allowed(byName.get(n)!, u))).toEqual([]);
});

it('every role has a menu, and names are unique', () => {
  for (const [role, u] of Object.entries(ROLES)) expect({ role, entries: menuOf(u).length > 0 }).toEqual({ role, entries: true });
  expect(new Set(ROUTES.map((r) => r.name)).size).toBe(ROUTES.length);
});

it('the check fails for a page with no way in from the menu', () => {
  const orphan: PageEntry = { path: '/orphan', name: 'orphan', roles: ['unit-main'], component: async () => ({}) };
  expect(menuEntriesOf(orphan)).toEqual([]);
  expect(menuEntriesOf({ ...orphan, via: ['no-such-page'] })).toEqual([]);
  expect(menuEntriesOf({ ...orphan, via: 'my-cases' }).map((e) => e.name)).toEqual(['my-cases']);
});
