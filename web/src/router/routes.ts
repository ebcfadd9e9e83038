/**
 * The one table of pages: each entry is a route and, when it has `menu`, a menu entry, with the
 * roles allowed. The menus, the router's guard and the tests (every route reachable from the menu
 * of each role allowed) all read this table. Staff pages (inbox, task, case search, admin) live
 * in staff-routes.ts and are merged in here.
 */
import type { Component } from 'vue';
import type { Role, User } from '../api/session';
import { hasArea, rolesOf } from '../api/session';
import { STAFF_ROUTES } from './staff-routes';

export type MenuGroup = 'home' | 'unit' | 'publicity' | 'appraisal' | 'licensing' | 'power' | 'inspector' | 'review' | 'admin' | 'account';

export interface PageEntry {
  path: string;
  name: string;
  component: () => Promise<Component | { default: Component }>;
  /** who may open it; 'public' needs no sign-in, 'signed-in' any account */
  roles: Role[] | 'public' | 'signed-in';
  /** a sub-account needs this area (the main account has them all) */
  area?: string;
  /** shown in the menu of its roles under this group, titled by the catalogue key */
  menu?: { group: MenuGroup; title: string; order: number };
  /** the menu entries whose pages lead here, for a page opened from a list (a case, a task, a detail) */
  via?: string | string[];
  props?: boolean | ((route: { params: Record<string, unknown>; query: Record<string, unknown> }) => Record<string, unknown>);
}

const UNIT: Role[] = ['unit-main', 'unit-sub'];
const UNIT_MAIN: Role[] = ['unit-main'];

/** The power-permit services a unit starts (the new permit and the six variations). */
export const POWER_PERMIT_PROCESSES = [
  'power-permit-new',
  'power-permit-registration-change',
  'power-permit-item-change',
  'power-permit-renewal',
  'power-permit-reissue',
  'power-permit-cancel',
  'personnel-change',
] as const;

const PUBLIC_ROUTES: PageEntry[] = [
  { path: '/login', name: 'login', roles: 'public', component: () => import('../pages/auth/Login.vue') },
  { path: '/register', name: 'register', roles: 'public', component: () => import('../pages/auth/Register.vue') },
  { path: '/register/resubmit', name: 'register-resubmit', roles: 'public', component: () => import('../pages/auth/Register.vue'), props: (r) => ({ id: r.query.id, token: r.query.token }) },
  { path: '/signup', name: 'signup', roles: 'public', component: () => import('../pages/auth/SignUp.vue') },
  { path: '/appeal', name: 'appeal', roles: 'public', component: () => import('../pages/auth/Appeal.vue') },
  { path: '/password-reset', name: 'password-reset', roles: 'public', component: () => import('../pages/auth/PasswordReset.vue') },
  { path: '/password-set', name: 'password-set', roles: 'public', component: () => import('../pages/auth/PasswordSet.vue'), props: (r) => ({ token: r.query.token }) },
  { path: '/publicity-query', name: 'publicity-query', roles: 'public', component: () => import('../pages/public/PublicityQuery.vue'), props: (r) => ({ unit: r.query.unit }) },
  { path: '/verify/:code?', name: 'verify', roles: 'public', component: () => import('../pages/public/VerifyDocument.vue') },
  { path: '/rate/:token', name: 'rate', roles: 'public', component: () => import('../pages/public/Rate.vue') },
  { path: '/services', name: 'services', roles: 'public', component: () => import('../pages/services/ServiceCatalogue.vue') },
  { path: '/case-lookup', name: 'case-lookup', roles: 'public', component: () => import('../pages/services/CaseLookup.vue') },
];

const APPLICANT_ROUTES: PageEntry[] = [
  { path: '/home', name: 'home', roles: [...UNIT, 'person'], menu: { group: 'home', title: 'home', order: 1 }, component: () => import('../pages/home/Home.vue') },
  { path: '/my/tasks', name: 'my-tasks', roles: UNIT, menu: { group: 'home', title: 'myTasks', order: 2 }, component: () => import('../pages/home/MyTasks.vue') },
  { path: '/my/cases', name: 'my-cases', roles: UNIT, menu: { group: 'home', title: 'myCases', order: 3 }, component: () => import('../pages/cases/MyCases.vue') },
  { path: '/case/:id', name: 'case', roles: [...UNIT, 'person'], via: ['my-cases', 'inspector'], component: () => import('../pages/cases/CasePage.vue') },
  // (kept for links to a service's start form by its process id; the menus use the named entries)
  { path: '/apply/:processId', name: 'apply', roles: UNIT, via: 'my-cases', component: () => import('../pages/cases/Apply.vue') },
  // unit accounts
  { path: '/unit/profile', name: 'unit-profile', roles: UNIT, menu: { group: 'unit', title: 'unitProfile', order: 1 }, component: () => import('../pages/unit/UnitProfile.vue') },
  { path: '/unit/accounts', name: 'sub-accounts', roles: UNIT_MAIN, menu: { group: 'unit', title: 'subAccounts', order: 2 }, component: () => import('../pages/unit/SubAccounts.vue') },
  { path: '/unit/branches', name: 'branches', roles: UNIT, menu: { group: 'unit', title: 'branches', order: 3 }, component: () => import('../pages/unit/Branches.vue') },
  { path: '/unit/info-change', name: 'info-change', roles: UNIT, area: 'unit-info', menu: { group: 'unit', title: 'infoChange', order: 4 }, component: () => import('../pages/unit/InfoChange.vue') },
  { path: '/unit/qualifications', name: 'qualifications', roles: UNIT, area: 'qualification', menu: { group: 'unit', title: 'qualifications', order: 5 }, component: () => import('../pages/unit/Qualifications.vue') },
  { path: '/unit/qualifications/new', name: 'qualification-new', roles: UNIT, area: 'qualification', menu: { group: 'unit', title: 'newQualification', order: 6 }, component: () => import('../pages/cases/Apply.vue'), props: () => ({ processId: 'unit-qualification' }) },
  // practitioner publicity
  { path: '/publicity', name: 'publicity', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'pubList', order: 1 }, component: () => import('../pages/publicity/PublicityList.vue'), props: () => ({ rejected: false }) },
  { path: '/publicity/new', name: 'publicity-new', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'pubNew', order: 2 }, component: () => import('../pages/publicity/PublicityNew.vue') },
  { path: '/publicity/add', name: 'publicity-add', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'opsAddTitle', order: 3 }, component: () => import('../pages/publicity/PublicityAdd.vue') },
  { path: '/publicity/renewals', name: 'publicity-renewals', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'opsRenewals', order: 4 }, component: () => import('../pages/publicity/PublicityRenewals.vue') },
  // 注销 (manual §3.3.4): the list of requests is the menu entry; a new request is made from it
  { path: '/publicity/cancellations', name: 'publicity-cancellations', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'opsCancelTitle', order: 5 }, component: () => import('../pages/publicity/PublicityCancellations.vue') },
  { path: '/publicity/cancel', name: 'publicity-cancel', roles: UNIT, area: 'publicity', via: 'publicity-cancellations', component: () => import('../pages/publicity/PublicityCancel.vue') },
  { path: '/publicity/identity', name: 'identity-verifications', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'idvTitle', order: 7 }, component: () => import('../pages/publicity/IdentityVerifications.vue') },
  { path: '/publicity/rejected', name: 'publicity-rejected', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'pubRejected', order: 6 }, component: () => import('../pages/publicity/PublicityList.vue'), props: () => ({ rejected: true }) },
  // 注册人员管理 / 注册证书管理 (manual 000 menus)
  { path: '/publicity/unregistered', name: 'unregistered-persons', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'unregPersons.menu', order: 7.5 }, component: () => import('../pages/publicity/UnregisteredPersons.vue') },
  { path: '/publicity/persons', name: 'publicity-persons', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'regPersons.menuQuery', order: 8 }, component: () => import('../pages/publicity/RegisteredPersons.vue') },
  { path: '/publicity/persons/statistics', name: 'publicity-person-statistics', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'regPersons.menuStats', order: 9 }, component: () => import('../pages/publicity/PersonStatistics.vue') },
  { path: '/publicity/certificates', name: 'publicity-certificates', roles: UNIT, area: 'publicity', menu: { group: 'publicity', title: 'regPersons.menuCerts', order: 10 }, component: () => import('../pages/publicity/CertificateQuery.vue') },
  { path: '/publicity/cancellation/:id', name: 'publicity-cancellation', roles: UNIT, area: 'publicity', via: 'publicity-cancellations', component: () => import('../pages/publicity/PublicityCancellation.vue') },
  { path: '/publicity/:id([0-9a-f-]{36})', name: 'publicity-case', roles: UNIT, area: 'publicity', via: 'publicity', component: () => import('../pages/publicity/PublicityCase.vue') },
  // appraisal review
  { path: '/appraisal', name: 'appraisal-projects', roles: UNIT, area: 'appraisal', menu: { group: 'appraisal', title: 'appraisalProjects', order: 1 }, component: () => import('../pages/appraisal/AppraisalProjects.vue') },
  { path: '/appraisal/documents', name: 'appraisal-documents', roles: [...UNIT, 'agency'], menu: { group: 'appraisal', title: 'appraisalDocs', order: 2 }, component: () => import('../pages/appraisal/AppraisalDocuments.vue') },
  // licensing
  { path: '/licensing/apply', name: 'licence-apply', roles: UNIT, area: 'licensing', menu: { group: 'licensing', title: 'productionLicence', order: 1 }, component: () => import('../pages/cases/Apply.vue'), props: () => ({ processId: 'production-licence' }) },
  { path: '/licensing', name: 'licences', roles: UNIT, area: 'licensing', menu: { group: 'licensing', title: 'licenceCases', order: 2 }, component: () => import('../pages/licensing/Licences.vue') },
  { path: '/licensing/licences', name: 'licence-management', roles: UNIT, area: 'licensing', menu: { group: 'licensing', title: 'licenceMgmt.title', order: 3 }, component: () => import('../pages/licensing/LicenceManagement.vue') },
  // power-facility permits
  ...POWER_PERMIT_PROCESSES.map(
    (id, i): PageEntry => ({
      path: `/power-permit/${id}`,
      name: id,
      roles: UNIT,
      area: 'licensing',
      menu: { group: 'power', title: `pp.${id}`, order: i + 1 },
      component: () => import('../pages/power-permit/PowerPermitApply.vue'),
      // ?id= continues the unit's draft or a returned application (submitted again in the same case)
      props: (route) => ({ processId: id, applicationId: typeof route.query.id === 'string' ? route.query.id : undefined }),
    }),
  ),
  { path: '/power-permit/cases', name: 'pp-cases', roles: UNIT, area: 'licensing', menu: { group: 'power', title: 'ppCases', order: 9 }, component: () => import('../pages/power-permit/PowerPermitCases.vue') },
  { path: '/power-permit/materials', name: 'pp-materials', roles: UNIT, area: 'licensing', menu: { group: 'power', title: 'ppMaterials', order: 10 }, component: () => import('../pages/power-permit/MissingMaterials.vue') },
  { path: '/power-permit/materials/:id', name: 'pp-deliver', roles: UNIT, area: 'licensing', via: 'pp-materials', component: () => import('../pages/power-permit/DeliverMaterials.vue') },
  { path: '/self-inspection', name: 'self-inspections', roles: UNIT, menu: { group: 'power', title: 'campaign', order: 11 }, component: () => import('../pages/power-permit/SelfInspections.vue') },
  { path: '/self-inspection/:id', name: 'self-inspection', roles: UNIT, via: 'self-inspections', component: () => import('../pages/power-permit/SelfInspection.vue') },
  // inspectors (personal accounts)
  { path: '/inspector', name: 'inspector', roles: ['person'], menu: { group: 'inspector', title: 'inspectorList', order: 1 }, component: () => import('../pages/home/Inspector.vue') },
  { path: '/inspector/apply', name: 'inspector-apply', roles: ['person'], menu: { group: 'inspector', title: 'inspectorApply', order: 2 }, component: () => import('../pages/cases/Apply.vue'), props: () => ({ processId: 'inspector-qualification' }) },
];

/** Every signed-in account's own pages, last in every menu. */
const ACCOUNT_ROUTES: PageEntry[] = [
  { path: '/account/password', name: 'password-change', roles: 'signed-in', menu: { group: 'account', title: 'passwordChange', order: 1 }, component: () => import('../pages/account/PasswordChange.vue') },
  { path: '/account/mobile', name: 'person-mobile', roles: ['person'], menu: { group: 'account', title: 'personMobile.title', order: 3 }, component: () => import('../pages/account/PersonMobile.vue') },
  { path: '/messages', name: 'messages', roles: 'signed-in', menu: { group: 'account', title: 'msg.title', order: 2 }, component: () => import('../pages/account/Messages.vue') },
];

export const ROUTES: PageEntry[] = [...PUBLIC_ROUTES, ...APPLICANT_ROUTES, ...STAFF_ROUTES, ...ACCOUNT_ROUTES];

export function allowed(entry: PageEntry, user: User | null): boolean {
  if (entry.roles === 'public') return true;
  if (!user) return false;
  if (entry.roles !== 'signed-in' && !rolesOf(user).some((r) => (entry.roles as Role[]).includes(r))) return false;
  return !entry.area || hasArea(user, entry.area);
}

export interface MenuSection {
  group: MenuGroup;
  entries: Array<{ name: string; path: string; title: string }>;
}

/** The menu entries a page is reached from (its own, or those of the pages it is opened from). */
export function menuEntriesOf(entry: PageEntry, seen = new Set<string>()): PageEntry[] {
  if (entry.menu) return [entry];
  if (seen.has(entry.name)) return [];
  seen.add(entry.name);
  const via = entry.via === undefined ? [] : Array.isArray(entry.via) ? entry.via : [entry.via];
  return via.flatMap((name) => {
    const r = ROUTES.find((x) => x.name === name);
    return r ? menuEntriesOf(r, seen) : [];
  });
}

/** The menu of a user: the table's entries with `menu` they may open, grouped in the table's order. */
export function menuOf(user: User | null): MenuSection[] {
  const sections: MenuSection[] = [];
  for (const r of ROUTES) {
    if (!r.menu || !allowed(r, user)) continue;
    let s = sections.find((x) => x.group === r.menu!.group);
    if (!s) sections.push((s = { group: r.menu.group, entries: [] }));
    // an optional parameter stays out of the menu's link (/admin/:processId? → /admin)
    s.entries.push({ name: r.name, path: r.path.replace(/\/:[A-Za-z]+\?$/, ''), title: r.menu.title });
  }
  for (const s of sections) s.entries.sort((a, b) => ROUTES.find((r) => r.name === a.name)!.menu!.order - ROUTES.find((r) => r.name === b.name)!.menu!.order);
  return sections;
}

/** Where a user lands after signing in. */
export function homeOf(user: User | null): string {
  if (!user) return '/login';
  const staff = ROUTES.find((r) => r.name === 'inbox');
  if ((user.kind === 'reviewer' || user.kind === 'admin') && staff) return staff.path;
  const first = menuOf(user)[0]?.entries[0];
  return first ? first.path : '/login';
}
