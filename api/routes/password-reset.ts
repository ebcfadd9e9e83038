/**
 * Password reset by SMS (PROCESSES.md §A): USCC + contact name + contact mobile must match the
 * unit's main account; a 6-digit code valid 10 minutes; at most 3 codes per mobile per day;
 * at most 5 wrong tries per code; then a new password.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import type Redis from 'ioredis';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { hashPassword } from '../../core/passwords';
import type { SmsProvider } from '../../core/sms';
import { localDate } from '../../domain/calendar';
import { renderSms, SMS_TEMPLATE } from '../../domain/sms-templates';
import { isValidMobile, isValidPassword, isValidUscc, MESSAGES } from '../../domain/validators';
import { ApiError, route, validationFailed } from '../errors';

export const CODE_TTL_S = 600;
export const CODES_PER_DAY = 3;
const MAX_TRIES = 5;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const codeKey = (mobile: string) => `pwreset:code:${mobile}`;

export function passwordResetRouter(deps: { db: Db; redis: Redis; sms: SmsProvider; log: Logger }): Router {
  const router = express.Router();

  router.post(
    '/api/password-reset/code',
    route(async (req, res) => {
      const { uscc, contactName, mobile } = (req.body ?? {}) as Record<string, unknown>;
      const fields: Record<string, string> = {};
      if (typeof uscc !== 'string' || !isValidUscc(uscc)) fields.uscc = MESSAGES.uscc;
      if (typeof contactName !== 'string' || !contactName.trim()) fields.contactName = MESSAGES.required;
      if (typeof mobile !== 'string' || !isValidMobile(mobile)) fields.mobile = MESSAGES.mobile;
      if (Object.keys(fields).length) throw validationFailed(fields);
      const account = await deps.db('accounts as a')
        .join('units as u', 'u.id', 'a.unit_id')
        .where({ 'u.uscc': uscc, 'a.kind': 'unit-main', 'a.status': 'active', 'a.mobile': mobile, 'a.display_name': String(contactName).trim() })
        .first('a.id');
      if (!account) {
        throw new ApiError(422, 'DETAILS_MISMATCH', '统一社会信用代码、联系人姓名与手机号码不匹配 / The USCC, contact name and mobile do not match our records');
      }
      const dayKey = `pwreset:day:${mobile}:${localDate(new Date())}`;
      const count = await deps.redis.incr(dayKey);
      if (count === 1) await deps.redis.expire(dayKey, 2 * 86400);
      if (count > CODES_PER_DAY) {
        throw new ApiError(429, 'TOO_MANY_CODES', `同一手机号每天最多获取 ${CODES_PER_DAY} 次验证码 / At most ${CODES_PER_DAY} codes per mobile per day`);
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await deps.redis.set(codeKey(String(mobile)), JSON.stringify({ hash: sha(code), accountId: account.id, tries: 0 }), 'EX', CODE_TTL_S);
      await deps.sms.send({ to: String(mobile), text: renderSms(SMS_TEMPLATE.passwordResetCode, { code, minutes: CODE_TTL_S / 60 }), idempotencyKey: `pwreset:${mobile}:${localDate(new Date())}:${count}` });
      res.status(202).json({ sent: true, expiresInSeconds: CODE_TTL_S });
    }),
  );

  router.post(
    '/api/password-reset',
    route(async (req, res) => {
      const { mobile, code, newPassword, newPasswordConfirm } = (req.body ?? {}) as Record<string, unknown>;
      const fields: Record<string, string> = {};
      if (typeof mobile !== 'string' || !isValidMobile(mobile)) fields.mobile = MESSAGES.mobile;
      if (typeof code !== 'string' || !/^[0-9]{6}$/.test(code)) fields.code = '验证码为 6 位数字 / The code has 6 digits';
      if (!isValidPassword(newPassword)) fields.newPassword = MESSAGES.password;
      else if (newPassword !== newPasswordConfirm) fields.newPasswordConfirm = '两次输入的密码不一致 / The passwords do not match';
      if (Object.keys(fields).length) throw validationFailed(fields);
      const raw = await deps.redis.get(codeKey(String(mobile)));
      if (!raw) throw new ApiError(400, 'CODE_EXPIRED', '验证码已过期或不存在，请重新获取 / The code has expired or does not exist; request a new one');
      const stored = JSON.parse(raw) as { hash: string; accountId: string; tries: number };
      const ok = timingSafeEqual(Buffer.from(stored.hash, 'hex'), Buffer.from(sha(String(code)), 'hex'));
      if (!ok) {
        stored.tries += 1;
        if (stored.tries >= MAX_TRIES) {
          await deps.redis.del(codeKey(String(mobile)));
          throw new ApiError(429, 'TOO_MANY_TRIES', '验证码错误次数过多，请重新获取 / Too many wrong codes; request a new one');
        }
        await deps.redis.set(codeKey(String(mobile)), JSON.stringify(stored), 'KEEPTTL');
        throw new ApiError(400, 'CODE_WRONG', '验证码错误 / The code is wrong', { code: '验证码错误 / The code is wrong' });
      }
      await deps.redis.del(codeKey(String(mobile)));
      const [account] = await deps.db('accounts').where({ id: stored.accountId }).update({ password_hash: await hashPassword(String(newPassword)) }).returning('login');
      await deps.redis.del(`lock:login:${String(account.login).toLowerCase()}`, `fail:login:${String(account.login).toLowerCase()}`);
      deps.log.info('password reset by SMS', { accountId: stored.accountId });
      res.status(204).end();
    }),
  );
  return router;
}
