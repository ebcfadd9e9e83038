/**
 * Cookie sessions kept in Redis, login with scrypt hashes, a login rate limit and lockout in
 * Redis, and CSRF protection (the session's token must come back in X-CSRF-Token on every
 * state-changing request made with the session cookie).
 *
 * A session lives at most 12 hours (10 days with "remember me", for applicants only) whatever its
 * use, ends after 8 idle hours, and ends at once when its account's password is changed, reset or
 * set, when the account is disabled, or when its groups or permissions change (revokeSessions).
 * Each request re-checks that the account is still active.
 *
 * Failed sign-ins count per login and client address: from the third on, each next try waits
 * longer (1, 2, 4 … s); the fifth locks that login from that address for 15 minutes. Three
 * failures from anywhere make the login ask for an image captcha; nobody can lock a unit out from
 * another address, they can only make it solve a captcha.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type Redis from 'ioredis';
import type { Db } from '../core/db';
import type { Logger } from '../core/logger';
import { hashPassword, needsRehash, verifyPassword } from '../core/passwords';
import { countInWindow } from '../core/codes';
import { isValidPassword } from '../domain/validators';
import { ApiError } from './errors';
import { anyone, declare, RouteDef, signedIn } from './route';
import { Password, PASSWORDS_DIFFER } from '../domain/schema';
import { unitTaskGroup } from '../domain/registry';
import type { MeAnswer, MeUser } from '../types/api';

/** The signed-in user as the server keeps it: the user /api/me shows (its id as accountId) and the session's own. */
export interface SessionUser extends Omit<MeUser, 'id'> {
  accountId: string;
  csrf: string;
  /** when the session ends whatever its use (ms since the epoch) */
  expiresAt?: number;
  remember?: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
    sessionId?: string;
  }
}

export const SESSION_COOKIE = 'pf_sid';
/** idle limit */
const SESSION_TTL_S = 8 * 3600;
export const SESSION_ABSOLUTE_S = 12 * 3600;
export const REMEMBER_S = 10 * 86400;
const MAX_FAILURES = 5;
const CAPTCHA_AFTER = 3;
const DELAY_AFTER = 3;
const LOCK_S = 15 * 60;
const IP_WINDOW_S = 60;
const CAPTCHA_TTL_S = 300;
/** applicants may stay signed in for 10 days; staff never */
const MAY_REMEMBER = new Set<SessionUser['kind']>(['unit-main', 'unit-sub', 'person']);
/** The user type chosen on the sign-in page (单位用户 / 个人用户 / 工作人员) and the account kinds it covers. */
export const USER_TYPES: Record<string, ReadonlyArray<SessionUser['kind']>> = {
  unit: ['unit-main', 'unit-sub'],
  person: ['person'],
  staff: ['reviewer', 'admin'],
};
/** One answer for a wrong login, a wrong password and a user type the account is not: nothing tells which. */
const WRONG_CREDENTIALS = '帐号、密码或用户类型不正确 / Wrong login, password or user type';

export function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

const sessionKey = (id: string) => `sess:${id}`;
const accountSessionsKey = (accountId: string) => `sess:account:${accountId}`;

/** Ends every session of an account (but `except`, the one that asked: a password change). */
export async function revokeSessions(redis: Redis, accountId: string, except?: string): Promise<number> {
  const ids = (await redis.smembers(accountSessionsKey(accountId))).filter((id) => id !== except);
  if (ids.length) await redis.multi().del(...ids.map(sessionKey)).srem(accountSessionsKey(accountId), ...ids).exec();
  return ids.length;
}

/** The seconds a session may still idle: its idle limit, never past its absolute end. */
function ttlOf(user: SessionUser, now = Date.now()): number {
  const idle = user.remember ? REMEMBER_S : SESSION_TTL_S;
  return Math.max(0, Math.min(idle, Math.floor(((user.expiresAt ?? now + idle * 1000) - now) / 1000)));
}

/** Whether the account may still use its sessions; cached a few seconds per process. */
const statusCache = new Map<string, { active: boolean; at: number }>();
async function accountActive(db: Db, accountId: string): Promise<boolean> {
  const hit = statusCache.get(accountId);
  if (hit && Date.now() - hit.at < 5000) return hit.active;
  const row = await db('accounts').where({ id: accountId }).first('status');
  const active = row?.status === 'active';
  if (statusCache.size > 10_000) statusCache.clear();
  statusCache.set(accountId, { active, at: Date.now() });
  return active;
}

/**
 * When this process last renewed each session's idle limit. A page makes many requests a minute
 * and the limit is hours: renewing it once a minute saves a Redis command on most requests.
 */
const RENEW_EVERY_MS = 60_000;
const renewedAt = new Map<string, number>();
function renewDue(id: string, now = Date.now()): boolean {
  if (now - (renewedAt.get(id) ?? 0) < RENEW_EVERY_MS) return false;
  if (renewedAt.size >= 50_000) renewedAt.clear();
  renewedAt.set(id, now);
  return true;
}

/** Loads the session (if any) and checks CSRF on state-changing requests made with it. */
export function sessions(redis: Redis, db: Db) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const id = cookies(req)[SESSION_COOKIE];
      if (id && /^[A-Za-z0-9_-]{43}$/.test(id)) {
        const raw = await redis.get(sessionKey(id));
        const user = raw ? (JSON.parse(raw) as SessionUser) : undefined;
        const ttl = user ? ttlOf(user) : 0;
        if (user && (ttl === 0 || !(await accountActive(db, user.accountId)))) {
          await redis.del(sessionKey(id));
        } else if (user) {
          req.user = user;
          req.sessionId = id;
          // renewed (at most once a minute) without waiting for the answer: the request needs nothing from it
          if (renewDue(id)) redis.expire(sessionKey(id), ttl).catch(() => undefined);
          if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && req.get('x-csrf-token') !== req.user.csrf && req.path !== '/api/auth/login') {
            throw new ApiError(403, 'CSRF_FAILED', '页面已过期，请刷新后重试 / The page is out of date; reload and try again');
          }
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * The task groups a user is in: their groups, and for a unit's main account (and its sub-accounts
 * allowed in appraisal) the unit's task group unit:<unit id> — the applicant steps of the unit's
 * processes are the unit's tasks ("my tasks": to do and done).
 */
export function taskGroupsOf(user: SessionUser): string[] {
  // the unit's own tasks (appraisal steps, self-inspection): its main account, and sub-accounts
  // allowed in appraisal or licensing
  const unitMember = user.unitId && (user.kind === 'unit-main' || (user.kind === 'unit-sub' && (user.permissions ?? []).some((p) => p === 'appraisal' || p === 'licensing')));
  return unitMember ? [...user.groups, unitTaskGroup(user.unitId!)] : user.groups;
}

export function requireUser(req: Request): SessionUser {
  if (!req.user) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录 / Please sign in');
  return req.user;
}

export function authRoutes(deps: { db: Db; redis: Redis; log: Logger; secureCookies: boolean; loginPerIpPerMinute: number }): RouteDef[] {
  const routes: RouteDef[] = [];
  const setCookie = (res: Response, value: string, maxAge: number) =>
    res.setHeader(
      'Set-Cookie',
      `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${deps.secureCookies ? '; Secure' : ''}`,
    );

  routes.push(declare<unknown, unknown, { login: string; password: string; userType?: string; remember?: boolean; captchaId?: string; captcha?: string }>({
    method: 'post',
    path: '/api/auth/login',
    summary: "Sign in (rate-limited per address; from the third failure per login and address a growing delay, the fifth locks that pair 15 minutes; three failures anywhere ask for the picture code of GET /api/auth/captcha); remember: true keeps an applicant signed in 10 days; userType (unit, person, staff), when given, must be the account's kind, refused like a wrong password otherwise",
    allow: [anyone],
    responses: { 200: "session cookie set; returns the user and the CSRF token" },
    errors: [400, 401, 429],
    body: {
      type: 'object',
      required: ['login', 'password'],
      properties: {
        login: { type: 'string', minLength: 1, message: '请输入帐号 / Enter your login' },
        password: { type: 'string', minLength: 1, message: '请输入密码 / Enter your password' },
        userType: { type: 'string', enum: Object.keys(USER_TYPES), message: '用户类型应为单位用户、个人用户或工作人员 / The user type is a unit, a person or staff' },
        remember: { type: 'boolean' },
        captchaId: { type: 'string' },
        captcha: { type: 'string' },
      },
    },
    handler: async ({ req, res, body }) => {
      const { login, password } = body;
      const name = login.toLowerCase();
      const ipCount = await countInWindow(deps.redis, `rl:login:ip:${req.ip}`, IP_WINDOW_S);
      if (ipCount > deps.loginPerIpPerMinute) throw new ApiError(429, 'RATE_LIMITED', '尝试过于频繁，请稍后再试 / Too many attempts; try again later');
      const here = `${name}:${req.ip}`;
      if (await deps.redis.exists(`lock:login:${here}`)) {
        throw new ApiError(429, 'ACCOUNT_LOCKED', '密码错误次数过多，请 15 分钟后再试 / Too many failed attempts; try again in 15 minutes');
      }
      const wait = Number(await deps.redis.get(`wait:login:${here}`)) - Date.now();
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        throw new ApiError(429, 'TRY_LATER', `请 ${Math.ceil(wait / 1000)} 秒后再试 / Try again in ${Math.ceil(wait / 1000)} s`);
      }
      const captchaNeeded = Number(await deps.redis.get(`fail:login:${name}`)) >= CAPTCHA_AFTER;
      if (captchaNeeded && !(await solveCaptcha(deps.redis, body.captchaId, body.captcha))) {
        throw new ApiError(400, 'CAPTCHA_REQUIRED', '请输入图形验证码 / Enter the characters in the picture', { captcha: '图形验证码错误或已过期 / Wrong or expired picture code' }, { captchaRequired: true });
      }
      const account = await deps.db('accounts').whereRaw('lower(login) = ?', [name]).first();
      // the password is checked whatever the type: a wrong type takes as long as a wrong password
      const passwordOk = !!account && account.status === 'active' && (await verifyPassword(password, account.password_hash));
      const ok = passwordOk && (body.userType === undefined || USER_TYPES[body.userType].includes(account.kind));
      if (!ok) {
        const fails = await countInWindow(deps.redis, `fail:login:${here}`, LOCK_S);
        const anywhere = await countInWindow(deps.redis, `fail:login:${name}`, LOCK_S);
        if (fails >= MAX_FAILURES) {
          await deps.redis.multi().set(`lock:login:${here}`, '1', 'EX', LOCK_S).del(`fail:login:${here}`).exec();
        } else if (fails >= DELAY_AFTER) {
          await deps.redis.set(`wait:login:${here}`, String(Date.now() + 1000 * 2 ** (fails - DELAY_AFTER)), 'EX', LOCK_S);
        }
        deps.log.info('login failed', { failures: fails });
        throw new ApiError(401, 'INVALID_CREDENTIALS', WRONG_CREDENTIALS, undefined, anywhere >= CAPTCHA_AFTER ? { captchaRequired: true } : undefined);
      }
      await deps.redis.del(`fail:login:${here}`, `wait:login:${here}`);
      if (needsRehash(account.password_hash)) {
        await deps.db('accounts').where({ id: account.id }).update({ password_hash: await hashPassword(String(password)) });
      }
      const remember = body.remember === true && MAY_REMEMBER.has(account.kind);
      const user: SessionUser = {
        accountId: account.id,
        login: account.login,
        kind: account.kind,
        displayName: account.display_name,
        groups: account.groups ?? [],
        unitId: account.unit_id,
        permissions: account.permissions ?? [],
        csrf: randomBytes(24).toString('base64url'),
        expiresAt: Date.now() + (remember ? REMEMBER_S : SESSION_ABSOLUTE_S) * 1000,
        remember,
      };
      const id = randomBytes(32).toString('base64url');
      const ttl = ttlOf(user);
      await deps.redis
        .multi()
        .set(sessionKey(id), JSON.stringify(user), 'EX', ttl)
        .sadd(accountSessionsKey(account.id), id)
        .expire(accountSessionsKey(account.id), REMEMBER_S)
        .exec();
      setCookie(res, id, remember ? REMEMBER_S : ttl);
      res.json({ user: publicUser(user), csrfToken: user.csrf });
    },
  }));

  routes.push(declare({
    method: 'post',
    path: '/api/auth/logout',
    summary: "Sign out",
    allow: [anyone],
    responses: { 204: {description: "signed out"} },
    errors: [403],
    handler: async ({ req, res }) => {
      if (req.sessionId) await deps.redis.multi().del(sessionKey(req.sessionId)).srem(accountSessionsKey(req.user!.accountId), req.sessionId).exec();
      setCookie(res, '', 0);
      res.status(204).end();
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/auth/captcha',
    summary: "A picture code (SVG) to solve at sign-in after three failures; it works once, for a few minutes",
    allow: [anyone],
    responses: { 200: "{ id, image (data URL), expiresInSeconds }" },
    handler: async ({ res }) => {
      // loaded with the first picture code (it reads its font when loaded)
      const { default: svgCaptcha } = await import('svg-captcha');
      const c = svgCaptcha.create({ size: 4, noise: 2, ignoreChars: '0oO1ilI', color: false, background: '#f5f7fa' });
      const id = randomUUID();
      await deps.redis.set(`captcha:${id}`, c.text.toLowerCase(), 'EX', CAPTCHA_TTL_S);
      res.setHeader('Cache-Control', 'no-store');
      res.json({ id, image: `data:image/svg+xml;base64,${Buffer.from(c.data).toString('base64')}`, expiresInSeconds: CAPTCHA_TTL_S });
    },
  }));

  /** Change password while signed in: the old one, the policy; every other session ends. */
  routes.push(declare<unknown, unknown, { oldPassword: string; newPassword: string }>({
    method: 'post',
    path: '/api/auth/password',
    summary: "Change the password while signed in: the current one, then the policy; every other session of the account ends",
    allow: [signedIn],
    body: {
      type: 'object',
      required: ['oldPassword', 'newPassword'],
      properties: { oldPassword: { type: 'string', minLength: 1, message: '请输入原密码 / Enter your current password' }, newPassword: Password, newPasswordConfirm: { type: 'string' } },
    },
    check: (b): Record<string, string> =>
      !isValidPassword(b.newPassword) ? {}
      : b.newPassword !== b.newPasswordConfirm ? { newPasswordConfirm: PASSWORDS_DIFFER }
      : b.newPassword === b.oldPassword ? { newPassword: '新密码不能与原密码相同 / The new password must differ from the current one' }
      : {},
    responses: { 204: { description: 'changed' } },
    errors: [400, 401, 403],
    handler: async ({ req, res, user, body: { oldPassword, newPassword } }) => {
      const account = await deps.db('accounts').where({ id: user.accountId }).first('password_hash');
      if (!account || !(await verifyPassword(oldPassword, account.password_hash))) {
        throw new ApiError(400, 'VALIDATION_FAILED', '原密码错误 / The current password is wrong', { oldPassword: '原密码错误 / The current password is wrong' });
      }
      await deps.db('accounts').where({ id: user.accountId }).update({ password_hash: await hashPassword(newPassword) });
      const ended = await revokeSessions(deps.redis, user.accountId, req.sessionId);
      deps.log.info('password changed', { accountId: user.accountId, sessionsEnded: ended });
      res.status(204).end();
    },
  }));

  routes.push(declare({
    method: 'get',
    path: '/api/me',
    summary: "The signed-in user and CSRF token",
    allow: [signedIn],
    responses: { 200: "user" },
    errors: [401],
    handler: async ({ user }): Promise<MeAnswer> => ({ user: publicUser(user), csrfToken: user.csrf }),
  }));
  return routes;
}

export function publicUser(u: SessionUser): MeUser {
  return { id: u.accountId, login: u.login, kind: u.kind, displayName: u.displayName, groups: u.groups, unitId: u.unitId, permissions: u.permissions };
}

/** A picture code is used up by its first try, right or wrong. */
async function solveCaptcha(redis: Redis, id: unknown, text: unknown): Promise<boolean> {
  if (typeof id !== 'string' || typeof text !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return false;
  const expected = await redis.getdel(`captcha:${id}`);
  return expected !== null && expected === text.trim().toLowerCase();
}
