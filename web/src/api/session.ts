/** The signed-in user and the CSRF token, shared by the client, the router and the layout. */
import { reactive } from 'vue';
import type { AccountKind, MeAnswer, MeUser } from '../../../types/api';

export type Kind = AccountKind;
export type User = MeUser;

export const session = reactive<{ user: User | null; csrf: string | null; checked: boolean }>({ user: null, csrf: null, checked: false });

let unauthorized: () => void = () => undefined;
/** The router registers where a 401 leads (the sign-in page). */
export function setUnauthorizedHandler(fn: () => void): void {
  unauthorized = fn;
}
export function onUnauthorized(): void {
  session.user = null;
  session.csrf = null;
  unauthorized();
}

/** Reads the session once (GET /api/me); anonymous when it answers 401. */
export async function loadSession(): Promise<User | null> {
  if (session.checked) return session.user;
  try {
    const res = await fetch('/api/me', { credentials: 'same-origin' });
    if (res.ok) {
      const me = (await res.json()) as MeAnswer;
      session.user = me.user;
      session.csrf = me.csrfToken;
    }
  } catch {
    session.user = null;
  }
  session.checked = true;
  return session.user;
}

export function signedIn(user: User, csrf: string): void {
  session.user = user;
  session.csrf = csrf;
  session.checked = true;
}

export function signedOut(): void {
  session.user = null;
  session.csrf = null;
}

/** The roles a user holds for the menu table: the account kind plus the reviewer groups that open pages. */
export type Role = Kind | 'agency' | 'office' | 'leader';
export function rolesOf(user: User | null): Role[] {
  if (!user) return [];
  const roles: Role[] = [user.kind];
  if (user.groups.includes('appraisal-agencies')) roles.push('agency');
  if (user.groups.includes('appraisal-office')) roles.push('office');
  if (user.groups.includes('appraisal-leaders') || user.groups.includes('power-permit-leads')) roles.push('leader');
  return roles;
}

/** A sub-account's areas (the main account holds them all). */
export function hasArea(user: User | null, area: string): boolean {
  if (!user) return false;
  if (user.kind !== 'unit-sub') return true;
  return user.permissions.includes(area);
}
