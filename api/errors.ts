/** The one error shape of the API: { error: { code, message, fields? } }, never a stack trace. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { SMS_CODES_PER_MOBILE_PER_DAY } from '../core/codes';
import type { Logger } from '../core/logger';
import type { ApiErrorBody } from '../types/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** more of the answer beside code, message and fields (e.g. the completeness check's list) */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const validationFailed = (fields: Record<string, string>) =>
  new ApiError(400, 'VALIDATION_FAILED', '提交的数据有误，请按字段提示修改 / Some fields are invalid', fields);

/** Wraps an async route so its rejections reach the error handler. */
export const route =
  (fn: (...args: Parameters<RequestHandler>) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    fn(req, res, next).catch(next);
  };

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof ApiError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}), ...(err.extra ?? {}) } } satisfies ApiErrorBody);
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'MALFORMED_JSON', message: '请求体不是有效的 JSON / The request body is not valid JSON' } });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大 / The request body is too large' } });
      return;
    }
    // Redis unreachable: sessions, rate limits and codes cannot be checked, so fail closed.
    const name = (err as { name?: string }).name ?? '';
    const message = (err as { message?: string }).message ?? '';
    if (name === 'MaxRetriesPerRequestError' || /Connection is closed|Stream isn't writeable|ECONNREFUSED.*6379|enableOfflineQueue/.test(message)) {
      log.error('redis unavailable', { path: req.path, error: err as Error });
      res.status(503).json({ error: { code: 'SERVICE_UNAVAILABLE', message: '会话服务暂不可用，请稍后再试 / The session service is unavailable; try again shortly' } });
      return;
    }
    log.error('unhandled error', { error: err as Error, path: req.path, method: req.method });
    res.status(500).json({ error: { code: 'INTERNAL', message: '服务器内部错误 / Internal server error' } });
  };
}

/** A mobile has had its SMS codes for the day (core/codes.ts: the cap shared by every kind of code). */
export const tooManyCodes = () =>
  new ApiError(429, 'TOO_MANY_CODES', `该手机号今天的短信验证码已达 ${SMS_CODES_PER_MOBILE_PER_DAY} 条上限，请明天再试 / This mobile has had its ${SMS_CODES_PER_MOBILE_PER_DAY} SMS codes for today; try again tomorrow`, {
    mobile: `每个手机号每天最多 ${SMS_CODES_PER_MOBILE_PER_DAY} 条验证码 / At most ${SMS_CODES_PER_MOBILE_PER_DAY} codes per mobile per day`,
  });

const localDateTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** A mobile has had its codes of one purpose for today (db/mobile-codes): 429 with when it can have one again, on the mobile's field. */
export function mobileCodesUsedUp(retryAt: Date, field: string): ApiError {
  const at = localDateTime(retryAt);
  return new ApiError(429, 'TOO_MANY_CODES', `该手机号今天的验证码次数已用完，请于 ${at} 后再试 / This mobile has had its codes for today; try again after ${at}`, {
    [field]: `验证码次数已用完，请于 ${at} 后再试 / No codes left today; try again after ${at}`,
  }, { retryAt: retryAt.toISOString() });
}

/** A mobile code that did not confirm, on the code's field: expired or wrong (422), tried too often (429). */
export function mobileCodeRefused(result: 'wrong' | 'expired' | 'too-many', field: string): ApiError {
  if (result === 'expired') return new ApiError(422, 'CODE_EXPIRED', '验证码已过期或未获取，请重新获取 / The code has expired or was not requested; ask for a new one', { [field]: '验证码已过期或未获取，请重新获取 / Expired or not requested; ask for a new one' });
  if (result === 'too-many') return new ApiError(429, 'TOO_MANY_TRIES', '验证码错误次数过多，请重新获取 / Too many wrong codes; ask for a new one', { [field]: '错误次数过多，请重新获取 / Too many wrong codes; ask for a new one' });
  return new ApiError(422, 'CODE_WRONG', '验证码错误 / The code is wrong', { [field]: '验证码错误 / The code is wrong' });
}
