/**
 * The SMS code that confirms a unit's new authorised contact (执业公示授权联系人, 000 §3.2.4):
 * 6 digits to the requested mobile, valid 10 minutes, on the shared one-time codes (core/codes):
 * only its hash is kept, bound to the unit and that mobile, at most 5 tries per code. A mobile gets
 * at most 3 of these codes a day (000 §2.3.1: 同一手机号每天只能接收三次) and each takes one of
 * its SMS codes of the day shared with every other kind; past either cap nothing is sent and the
 * answer says when the mobile can have one again (the next local midnight).
 */
import type Redis from 'ioredis';
import type { SmsProvider } from '../core/sms';
import { checkCode, countInWindow, randomCode, storeCode, takeSmsCodeAllowance } from '../core/codes';
import { localDate } from '../domain/calendar';
import { renderSms, SMS_TEMPLATE } from '../domain/sms-templates';

export const CONTACT_CODE_TTL_S = 600;
export const CONTACT_CODES_PER_DAY = 3;
const MAX_TRIES = 5;
const codeKey = (unitId: string, mobile: string) => `unit-contact:code:${unitId}:${mobile}`;

/** The next local (Asia/Shanghai) midnight after `now`. */
export function nextLocalMidnight(now: Date): Date {
  const today = localDate(now);
  return new Date(Date.parse(`${today}T00:00:00+08:00`) + 86_400_000);
}

export type ContactCodeIssue = { sent: true; expiresInSeconds: number } | { sent: false; retryAt: Date };

export async function issueContactCode(redis: Redis, sms: SmsProvider, c: { unitId: string; unitName: string; mobile: string; now: Date }): Promise<ContactCodeIssue> {
  const day = localDate(c.now);
  const count = await countInWindow(redis, `unit-contact:day:${c.mobile}:${day}`, 2 * 86400);
  if (count > CONTACT_CODES_PER_DAY || !(await takeSmsCodeAllowance(redis, c.mobile, day))) return { sent: false, retryAt: nextLocalMidnight(c.now) };
  const code = randomCode();
  await storeCode(redis, codeKey(c.unitId, c.mobile), code, c.unitId, CONTACT_CODE_TTL_S);
  await sms.send({
    to: c.mobile,
    text: renderSms(SMS_TEMPLATE.contactChangeCode, { code, minutes: CONTACT_CODE_TTL_S / 60, unitName: c.unitName }),
    idempotencyKey: `unit-contact:${c.unitId}:${c.mobile}:${day}:${count}`,
  });
  return { sent: true, expiresInSeconds: CONTACT_CODE_TTL_S };
}

/** A right code is used up; one for another unit or another mobile is never right. */
export async function checkContactCode(redis: Redis, unitId: string, mobile: string, code: string): Promise<'ok' | 'wrong' | 'expired' | 'too-many'> {
  const r = await checkCode(redis, codeKey(unitId, mobile), code, { maxTries: MAX_TRIES });
  return r.result === 'ok' && r.subject !== unitId ? 'wrong' : r.result;
}
