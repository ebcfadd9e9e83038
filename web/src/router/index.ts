/** vue-router over the one table (routes.ts): sign-in required unless public, role checked per entry. */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { ROUTES, allowed, homeOf } from './routes';
import { loadSession, session, setUnauthorizedHandler } from '../api/session';

const records: RouteRecordRaw[] = ROUTES.map((r) => ({ path: r.path, name: r.name, component: r.component, meta: { entry: r }, props: r.props ?? true }));
// the site's own address opens the user's home page; decided after the guard below has loaded the
// session (a redirect is resolved before any guard, and sent a signed-in user to the login page)
records.push({ path: '/', name: 'root', component: () => import('../pages/NotFound.vue'), beforeEnter: () => homeOf(session.user) });
records.push({ path: '/:rest(.*)*', name: 'not-found', component: () => import('../pages/NotFound.vue') });

export const router = createRouter({ history: createWebHashHistory(), routes: records });

router.beforeEach(async (to) => {
  await loadSession();
  const entry = ROUTES.find((r) => r.name === to.name);
  if (!entry) return true;
  if (entry.roles === 'public') return true;
  if (!session.user) return to.name === 'login' ? true : { name: 'login', query: { next: to.fullPath } };
  if (!allowed(entry, session.user)) return homeOf(session.user);
  return true;
});

setUnauthorizedHandler(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.push({ name: 'login', query: { next: here.fullPath } });
});
