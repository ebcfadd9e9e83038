/**
 * The SMS codes that confirm a new mobile: a unit's new authorised contact (执业公示授权联系人,
 * 000 §3.2.4) and a practitioner's own mobile (001 §4). 6 digits to the requested mobile, valid 10
 * minutes, on the shared one-time codes (core/codes): only its hash is kept, bound to the subject
 * (the unit, the person's account) and that mobile, at most 5 tries per code. A mobile gets
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
/** what the code confirms: its key space and its text */
export type MobilePurpose = 'unit-contact' | 'person-mobile';
const TEMPLATE = { 'unit-contact': SMS_TEMPLATE.contactChangeCode, 'person-mobile': SMS_TEMPLATE.personMobileCode } as const;
const codeKey = (purpose: MobilePurpose, subject: string, mobile: string) => `${purpose}:code:${subject}:${mobile}`;

/** The next local (Asia/Shanghai) midnight after `now`. */
export function nextLocalMidnight(now: Date): Date {
  const today = localDate(now);
  return new Date(Date.parse(`${today}T00:00:00+08:00`) + 86_400_000);
}

export type ContactCodeIssue = { sent: true; expiresInSeconds: number } | { sent: false; retryAt: Date };

export async function issueContactCode(redis: Redis, sms: SmsProvider, c: { unitId: string; unitName: string; mobile: string; now: Date }): Promise<ContactCodeIssue> {
  return issueMobileCode(redis, sms, { purpose: 'unit-contact', subject: c.unitId, unitName: c.unitName, mobile: c.mobile, now: c.now });
}

export async function issueMobileCode(redis: Redis, sms: SmsProvider, c: { purpose: MobilePurpose; subject: string; unitName?: string; mobile: string; now: Date }): Promise<ContactCodeIssue> {
  const day = localDate(c.now);
  const count = await countInWindow(redis, `${c.purpose}:day:${c.mobile}:${day}`, 2 * 86400);
  if (count > CONTACT_CODES_PER_DAY || !(await takeSmsCodeAllowance(redis, c.mobile, day))) return { sent: false, retryAt: nextLocalMidnight(c.now) };
  const code = randomCode();
  await storeCode(redis, codeKey(c.purpose, c.subject, c.mobile), code, c.subject, CONTACT_CODE_TTL_S);
  await sms.send({
    to: c.mobile,
    text: renderSms(TEMPLATE[c.purpose], { code, minutes: CONTACT_CODE_TTL_S / 60, unitName: c.unitName }),
    idempotencyKey: `${c.purpose}:${c.subject}:${c.mobile}:${day}:${count}`,
  });
  return { sent: true, expiresInSeconds: CONTACT_CODE_TTL_S };
}

/** A right code is used up; one for another unit or another mobile is never right. */
export async function checkContactCode(redis: Redis, unitId: string, mobile: string, code: string): Promise<'ok' | 'wrong' | 'expired' | 'too-many'> {
  return checkMobileCode(redis, 'unit-contact', unitId, mobile, code);
}

export async function checkMobileCode(redis: Redis, purpose: MobilePurpose, subject: string, mobile: string, code: string): Promise<'ok' | 'wrong' | 'expired' | 'too-many'> {
  const r = await checkCode(redis, codeKey(purpose, subject, mobile), code, { maxTries: MAX_TRIES });
  return r.result === 'ok' && r.subject !== subject ? 'wrong' : r.result;
}
