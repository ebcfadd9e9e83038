/**
 * The staff side's pages (reviewer inbox, task page, case search, admin pages), kept by the
 * staff front end. Same shape as routes.ts; merged into the one table there. Office staff and
 * leaders are reviewer accounts (their groups add the roles office and leader); a review lead is
 * a reviewer in the review-leads group (the inbox and task page offer release and assign).
 */
import type { PageEntry } from './routes';

const STAFF: PageEntry['roles'] = ['reviewer', 'admin'];
const ADMIN: PageEntry['roles'] = ['admin'];

export const STAFF_ROUTES: PageEntry[] = [
  { path: '/inbox', name: 'inbox', roles: STAFF, menu: { group: 'review', title: 'reviewInbox.title', order: 1 }, component: () => import('../pages/inbox/InboxPage.vue') },
  // a unit's own steps (appraisal review) open here too, from its task list
  { path: '/task/:id', name: 'task', roles: ['reviewer', 'admin', 'unit-main', 'unit-sub'], via: ['inbox', 'my-tasks'], component: () => import('../pages/tasks/TaskPage.vue') },
  { path: '/cases/search', name: 'case-search', roles: STAFF, menu: { group: 'review', title: 'staffCases.title', order: 2 }, component: () => import('../pages/cases-staff/CaseSearch.vue') },
  { path: '/staff/case/:id', name: 'staff-case', roles: STAFF, via: 'case-search', component: () => import('../pages/cases-staff/StaffCasePage.vue') },
  { path: '/office/appraisal-documents', name: 'appraisal-publish', roles: ['office', 'admin'], menu: { group: 'review', title: 'admin.publishTitle', order: 3 }, component: () => import('../pages/admin/AppraisalPublishPage.vue') },
  { path: '/admin/:processId?', name: 'workbench', roles: ADMIN, menu: { group: 'admin', title: 'workbench', order: 1 }, component: () => import('../pages/admin/WorkbenchPage.vue') },
  { path: '/admin/forms', name: 'admin-forms', roles: ADMIN, menu: { group: 'admin', title: 'formsTab', order: 2 }, component: () => import('../pages/admin/FormsListPage.vue') },
  { path: '/admin/forms/:formKey', name: 'form-editor', roles: ADMIN, via: 'admin-forms', component: () => import('../pages/admin/FormEditorPage.vue') },
  { path: '/admin/cases', name: 'admin-cases', roles: ADMIN, menu: { group: 'admin', title: 'cases', order: 3 }, component: () => import('../pages/admin/AdminCasesPage.vue') },
  { path: '/admin/case/:caseKey', name: 'admin-case', roles: ADMIN, via: 'admin-cases', component: () => import('../pages/admin/AdminCasePage.vue') },
  { path: '/admin/incidents', name: 'incidents', roles: ADMIN, menu: { group: 'admin', title: 'admin.incidentsTitle', order: 4 }, component: () => import('../pages/admin/IncidentsPage.vue') },
  { path: '/admin/free-trade-zone', name: 'free-trade-zone', roles: ADMIN, menu: { group: 'admin', title: 'adminFreeTradeZone', order: 8 }, component: () => import('../pages/admin/FreeTradeZonePage.vue') },
  { path: '/admin/ratings', name: 'ratings', roles: ADMIN, menu: { group: 'admin', title: 'rateTitle', order: 5 }, component: () => import('../pages/admin/RatingsPage.vue') },
  { path: '/admin/campaigns', name: 'campaigns', roles: ADMIN, menu: { group: 'admin', title: 'campaign', order: 6 }, component: () => import('../pages/admin/CampaignsPage.vue') },
  { path: '/admin/notices', name: 'admin-notices', roles: ADMIN, menu: { group: 'admin', title: 'notice.adminTitle', order: 7 }, component: () => import('../pages/admin/NoticesPage.vue') },
];
