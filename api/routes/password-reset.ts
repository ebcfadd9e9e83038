/**
 * Password reset by SMS (PROCESSES.md §A): USCC + contact name + contact mobile must match the
 * unit's main account; a 6-digit code valid 10 minutes; at most 3 codes per mobile per day and per
 * account; at most 5 wrong tries per code (counted atomically) and 10 a day per mobile; then a new
 * password, and every session of the account ends. The code request answers the same whether
 * the details match or not, so it tells nobody which units, contacts or mobiles exist.
 */
import express, { Router } from 'express';
import type Redis from 'ioredis';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { hashPassword } from '../../core/passwords';
import type { SmsProvider } from '../../core/sms';
import { checkCode, countInWindow, randomCode, storeCode } from '../../core/codes';
import { localDate } from '../../domain/calendar';
import { renderSms, SMS_TEMPLATE } from '../../domain/sms-templates';
import { isValidMobile, isValidPassword, isValidUscc, MESSAGES } from '../../domain/validators';
import { revokeSessions } from '../auth';
import { ApiError, route, validationFailed } from '../errors';

export const CODE_TTL_S = 600;
export const CODES_PER_DAY = 3;
const MAX_TRIES = 5;
const FAILURES_PER_DAY = 10;
const REQUESTS_PER_IP_HOUR = 20;
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
      const ip = await countInWindow(deps.redis, `rl:pwreset:ip:${req.ip}`, 3600);
      if (ip > REQUESTS_PER_IP_HOUR) throw new ApiError(429, 'RATE_LIMITED', '尝试过于频繁，请一小时后再试 / Too many requests; try again in an hour');
      const day = localDate(new Date());
      // the mobile's cap counts every request, matching or not: the answer must not tell them apart
      const count = await countInWindow(deps.redis, `pwreset:day:${mobile}:${day}`, 2 * 86400);
      if (count > CODES_PER_DAY) {
        throw new ApiError(429, 'TOO_MANY_CODES', `同一手机号每天最多获取 ${CODES_PER_DAY} 次验证码 / At most ${CODES_PER_DAY} codes per mobile per day`);
      }
      const account = await deps.db('accounts as a')
        .join('units as u', 'u.id', 'a.unit_id')
        .where({ 'u.uscc': uscc, 'a.kind': 'unit-main', 'a.status': 'active', 'a.mobile': mobile, 'a.display_name': String(contactName).trim() })
        .first('a.id');
      if (account && (await countInWindow(deps.redis, `pwreset:account:${account.id}:${day}`, 2 * 86400)) <= CODES_PER_DAY) {
        const code = randomCode();
        await storeCode(deps.redis, codeKey(String(mobile)), code, account.id, CODE_TTL_S);
        await deps.sms.send({ to: String(mobile), text: renderSms(SMS_TEMPLATE.passwordResetCode, { code, minutes: CODE_TTL_S / 60 }), idempotencyKey: `pwreset:${mobile}:${day}:${count}` });
      } else {
        deps.log.info('password reset code not sent: the details match no account', {});
      }
      res.status(202).json({
        sent: true,
        expiresInSeconds: CODE_TTL_S,
        message: '如信息与登记一致，验证码已发送到该手机 / If the details match our records, a code has been sent to that mobile',
      });
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
      const check = await checkCode(deps.redis, codeKey(String(mobile)), String(code), {
        maxTries: MAX_TRIES,
        failures: { key: `pwreset:fail:${mobile}:${localDate(new Date())}`, max: FAILURES_PER_DAY, windowS: 2 * 86400 },
      });
      if (check.result === 'expired') throw new ApiError(400, 'CODE_EXPIRED', '验证码已过期或不存在，请重新获取 / The code has expired or does not exist; request a new one');
      if (check.result === 'too-many') throw new ApiError(429, 'TOO_MANY_TRIES', '验证码错误次数过多，请重新获取 / Too many wrong codes; request a new one');
      if (check.result === 'wrong') throw new ApiError(400, 'CODE_WRONG', '验证码错误 / The code is wrong', { code: '验证码错误 / The code is wrong' });
      const [account] = await deps.db('accounts').where({ id: check.subject }).update({ password_hash: await hashPassword(String(newPassword)) }).returning(['id', 'login']);
      await revokeSessions(deps.redis, account.id);
      await deps.redis.del(`fail:login:${String(account.login).toLowerCase()}`);
      deps.log.info('password reset by SMS', { accountId: check.subject });
      res.status(204).end();
    }),
  );
  return router;
}
