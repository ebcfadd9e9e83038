/**
 * Per-account limits on lookups a signed-in account may repeat (the publicity person search), and
 * per-address limits on what anyone may call without signing in: registration, self-registration,
 * appeal, password set, ratings, the public verification, the picture code, anonymous uploads and the case lookup. One fixed
 * one-minute window per address and endpoint group, counted in Redis (shared by every API process).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type Redis from 'ioredis';
import { countInWindow, secondsLeft } from '../core/codes';
import type { Logger } from '../core/logger';
import { ApiError } from './errors';

const GROUPS: Array<{ name: string; methods: string[]; path: RegExp }> = [
  { name: 'registration', methods: ['POST'], path: /^\/api\/registrations(\/|$)/ },
  { name: 'appeal', methods: ['POST'], path: /^\/api\/appeals$/ },
  { name: 'signup', methods: ['POST'], path: /^\/api\/signup\// },
  { name: 'password-set', methods: ['POST'], path: /^\/api\/password-set$/ },
  { name: 'rating', methods: ['GET', 'POST'], path: /^\/api\/public\/ratings\// },
  { name: 'verify', methods: ['GET', 'POST'], path: /^\/api\/public\/verify\// },
  { name: 'captcha', methods: ['GET'], path: /^\/api\/auth\/captcha$/ },
  { name: 'upload', methods: ['POST'], path: /^\/api\/files$/ },
  { name: 'case-lookup', methods: ['GET'], path: /^\/api\/public\/cases\/lookup$/ },
];

/**
 * When Redis cannot be reached the limit is not applied (logged): public services such as
 * registration keep working through a Redis outage, while sign-in, codes and sessions, which
 * cannot be checked without it, fail closed elsewhere.
 */
export function anonymousLimits(redis: Redis, perMinute: number, log?: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.user) return next();
    const group = GROUPS.find((g) => g.methods.includes(req.method) && g.path.test(req.path));
    if (!group) return next();
    countInWindow(redis, `rl:anon:${group.name}:${req.ip}`, 60).then(
      (n) => {
        if (n > perMinute) {
          res.setHeader('Retry-After', '60');
          return next(new ApiError(429, 'RATE_LIMITED', '请求过于频繁，请一分钟后再试 / Too many requests; try again in a minute'));
        }
        next();
      },
      (err: Error) => {
        log?.warn('anonymous rate limit not applied: Redis unavailable', { group: group.name, error: err.message });
        next();
      },
    );
  };
}

/**
 * Counts one use of `what` by an account in a fixed window; past `max` uses it refuses with 429 and
 * Retry-After (the seconds until the window ends). Redis unreachable fails closed (the error goes on).
 */
export async function limitPerAccount(redis: Redis, res: Response, opts: { what: string; accountId: string; max: number; windowS: number }): Promise<void> {
  const key = `rl:account:${opts.what}:${opts.accountId}`;
  const n = await countInWindow(redis, key, opts.windowS);
  if (n <= opts.max) return;
  const wait = (await secondsLeft(redis, key)) || opts.windowS;
  res.setHeader('Retry-After', String(wait));
  throw new ApiError(429, 'RATE_LIMITED', `查询过于频繁，请 ${Math.ceil(wait / 60)} 分钟后再试 / Too many lookups; try again in ${Math.ceil(wait / 60)} minute(s)`);
}
