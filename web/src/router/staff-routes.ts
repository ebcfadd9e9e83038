/**
 * The staff side's pages (reviewer inbox, task page, case search, admin pages), kept by the
 * staff front end. Same shape as routes.ts; merged into the one table there.
 */
import type { PageEntry } from './routes';

export const STAFF_ROUTES: PageEntry[] = [];
