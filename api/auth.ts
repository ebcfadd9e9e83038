/**
 * Cookie sessions kept in Redis, login with scrypt hashes, a login rate limit and lockout in
 * Redis, and CSRF protection (the session's token must come back in X-CSRF-Token on every
 * state-changing request made with the session cookie).
 */
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type Redis from 'ioredis';
import type { Db } from '../core/db';
import type { Logger } from '../core/logger';
import { verifyPassword } from '../core/passwords';
import { ApiError } from './errors';
import { anyone, declare, RouteDef, signedIn } from './route';
import { unitTaskGroup } from '../domain/names';

export interface SessionUser {
  accountId: string;
  login: string;
  kind: 'unit-main' | 'unit-sub' | 'reviewer' | 'admin' | 'person';
  displayName: string;
  groups: string[];
  unitId: string | null;
  /** a sub-account's areas */
  permissions: string[];
  csrf: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
    sessionId?: string;
  }
}

export const SESSION_COOKIE = 'pf_sid';
const SESSION_TTL_S = 8 * 3600;
const MAX_FAILURES = 5;
const LOCK_S = 15 * 60;
const IP_WINDOW_S = 60;

function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

const sessionKey = (id: string) => `sess:${id}`;

/** Loads the session (if any) and checks CSRF on state-changing requests made with it. */
export function sessions(redis: Redis) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const id = cookies(req)[SESSION_COOKIE];
      if (id && /^[A-Za-z0-9_-]{43}$/.test(id)) {
        const raw = await redis.get(sessionKey(id));
        if (raw) {
          req.user = JSON.parse(raw) as SessionUser;
          req.sessionId = id;
          await redis.expire(sessionKey(id), SESSION_TTL_S);
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

  routes.push(declare<unknown, unknown, { login: string; password: string }>({
    method: 'post',
    path: '/api/auth/login',
    summary: "Sign in (rate-limited; 15-minute lockout after 5 failures)",
    allow: [anyone],
    responses: { 200: "session cookie set; returns the user and the CSRF token" },
    body: {
      type: 'object',
      required: ['login', 'password'],
      properties: { login: { type: 'string', minLength: 1, message: '请输入帐号 / Enter your login' }, password: { type: 'string', minLength: 1, message: '请输入密码 / Enter your password' } },
    },
    errors: [400, 401, 429],
    handler: async ({ req, res, body: { login, password } }) => {
      const name = login.toLowerCase();
      const ipKey = `rl:login:ip:${req.ip}`;
      const ipCount = await deps.redis.incr(ipKey);
      if (ipCount === 1) await deps.redis.expire(ipKey, IP_WINDOW_S);
      if (ipCount > deps.loginPerIpPerMinute) throw new ApiError(429, 'RATE_LIMITED', '尝试过于频繁，请稍后再试 / Too many attempts; try again later');
      const lockKey = `lock:login:${name}`;
      if (await deps.redis.exists(lockKey)) {
        throw new ApiError(429, 'ACCOUNT_LOCKED', '密码错误次数过多，帐号已锁定 15 分钟 / Too many failed attempts; the account is locked for 15 minutes');
      }
      const account = await deps.db('accounts').whereRaw('lower(login) = ?', [name]).first();
      const ok = account && account.status === 'active' && (await verifyPassword(password, account.password_hash));
      if (!ok) {
        const failKey = `fail:login:${name}`;
        const fails = await deps.redis.incr(failKey);
        await deps.redis.expire(failKey, LOCK_S);
        if (fails >= MAX_FAILURES) {
          await deps.redis.set(lockKey, '1', 'EX', LOCK_S);
          await deps.redis.del(failKey);
        }
        deps.log.info('login failed', { login: name, failures: fails });
        throw new ApiError(401, 'INVALID_CREDENTIALS', '帐号或密码错误 / Wrong login or password');
      }
      await deps.redis.del(`fail:login:${name}`);
      const user: SessionUser = {
        accountId: account.id,
        login: account.login,
        kind: account.kind,
        displayName: account.display_name,
        groups: account.groups ?? [],
        unitId: account.unit_id,
        permissions: account.permissions ?? [],
        csrf: randomBytes(24).toString('base64url'),
      };
      const id = randomBytes(32).toString('base64url');
      await deps.redis.set(sessionKey(id), JSON.stringify(user), 'EX', SESSION_TTL_S);
      setCookie(res, id, SESSION_TTL_S);
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
      if (req.sessionId) await deps.redis.del(sessionKey(req.sessionId));
      setCookie(res, '', 0);
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
    handler: async ({ res, user }) => {
      res.json({ user: publicUser(user), csrfToken: user.csrf });
    },
  }));
  return routes;
}

export function publicUser(u: SessionUser) {
  return { id: u.accountId, login: u.login, kind: u.kind, displayName: u.displayName, groups: u.groups, unitId: u.unitId, permissions: u.permissions };
}
