/**
 * The SMS codes that confirm a mobile, one mechanism for every purpose: self-registration (个人注册 /
 * 企业注册), a unit's new authorised contact (执业公示授权联系人, 000 §3.2.4) and a practitioner's own
 * mobile (001 §4). 6 digits to the requested mobile, valid 10 minutes, on the shared one-time codes
 * (core/codes): only its hash is kept, bound to the subject (the mobile signing up, the unit, the
 * person's account) and that mobile, at most 5 tries per code. Each purpose has its own cap of
 * codes per mobile a day (sign-up 5; the contact and the practitioner's mobile 3, 000 §2.3.1:
 * 同一手机号每天只能接收三次) and its own text, and every code takes one of the mobile's SMS codes of
 * the day shared with every other kind; past either cap nothing is stored or sent and the answer
 * says which cap and when the mobile can have one again (the next local midnight).
 */
import type Redis from 'ioredis';
import type { SmsProvider } from '../core/sms';
import { checkCode, countInWindow, randomCode, storeCode, takeSmsCodeAllowance } from '../core/codes';
import { localDate } from '../domain/calendar';
import { renderSms, SMS_TEMPLATE, type SmsTemplate } from '../domain/sms-templates';

export const MOBILE_CODE_TTL_S = 600;
const MAX_TRIES = 5;

/** what a code confirms: its cap per mobile a day and its text */
export const MOBILE_CODE_PURPOSES = {
  signup: { perDay: 5, template: SMS_TEMPLATE.signupCode },
  'unit-contact': { perDay: 3, template: SMS_TEMPLATE.contactChangeCode },
  'person-mobile': { perDay: 3, template: SMS_TEMPLATE.personMobileCode },
} as const satisfies Record<string, { perDay: number; template: SmsTemplate }>;
export type MobilePurpose = keyof typeof MOBILE_CODE_PURPOSES;

const codeKey = (purpose: MobilePurpose, subject: string, mobile: string) => `${purpose}:code:${subject}:${mobile}`;

/** The next local (Asia/Shanghai) midnight after `now`. */
export function nextLocalMidnight(now: Date): Date {
  const today = localDate(now);
  return new Date(Date.parse(`${today}T00:00:00+08:00`) + 86_400_000);
}

/** `cap`: the purpose's codes of the day (`purpose`) or the mobile's SMS codes of every kind (`mobile`). */
export type MobileCodeIssue = { sent: true; expiresInSeconds: number } | { sent: false; cap: 'purpose' | 'mobile'; perDay: number; retryAt: Date };

export async function issueMobileCode(redis: Redis, sms: SmsProvider, c: { purpose: MobilePurpose; subject: string; unitName?: string; mobile: string; now: Date }): Promise<MobileCodeIssue> {
  const { perDay, template } = MOBILE_CODE_PURPOSES[c.purpose];
  const day = localDate(c.now);
  const count = await countInWindow(redis, `${c.purpose}:day:${c.mobile}:${day}`, 2 * 86400);
  if (count > perDay) return { sent: false, cap: 'purpose', perDay, retryAt: nextLocalMidnight(c.now) };
  if (!(await takeSmsCodeAllowance(redis, c.mobile, day))) return { sent: false, cap: 'mobile', perDay, retryAt: nextLocalMidnight(c.now) };
  const code = randomCode();
  await storeCode(redis, codeKey(c.purpose, c.subject, c.mobile), code, c.subject, MOBILE_CODE_TTL_S);
  await sms.send({
    to: c.mobile,
    text: renderSms(template, { code, minutes: MOBILE_CODE_TTL_S / 60, unitName: c.unitName }),
    idempotencyKey: `${c.purpose}:${c.subject}:${c.mobile}:${day}:${count}`,
  });
  return { sent: true, expiresInSeconds: MOBILE_CODE_TTL_S };
}

/** A right code is used up; one for another subject or another mobile is never right. */
export async function checkMobileCode(redis: Redis, purpose: MobilePurpose, subject: string, mobile: string, code: string): Promise<'ok' | 'wrong' | 'expired' | 'too-many'> {
  const r = await checkCode(redis, codeKey(purpose, subject, mobile), code, { maxTries: MAX_TRIES });
  return r.result === 'ok' && r.subject !== subject ? 'wrong' : r.result;
}
