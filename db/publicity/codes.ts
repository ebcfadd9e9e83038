/**
 * The SMS confirmation code 短信确认码 of a publicity application: 6 digits, sent to the
 * practitioner, valid 24 hours, on the shared one-time codes (core/codes): only its hash is kept
 * with the code, at most 5 tries per code and 10 wrong tries per application whatever codes it
 * got, each try counted atomically. Each code sent takes one of the mobile's SMS codes of the day
 * (shared with every other code kind); with none left, none is sent.
 * Issuing is idempotent per issue key (a retried job sends the same code once).
 */
import type Redis from 'ioredis';
import type { SmsProvider } from '../../core/sms';
import { checkCode, randomCode, storeCode, takeSmsCodeAllowance } from '../../core/codes';
import { CONFIRMATION_CODE_TTL_SECONDS, localDate } from '../../domain/publicity/rules';
import { renderSms, SMS_TEMPLATE } from '../../domain/sms-templates';

const MAX_TRIES = 5;
/** wrong tries per application, across all its codes */
export const MAX_FAILURES_PER_APPLICATION = 10;
const FAILURES_WINDOW_S = 30 * 86400;
export const confirmationCodeKey = (applicationId: string) => `publicity:sms-code:${applicationId}`;
const failuresKey = (applicationId: string) => `publicity:sms-code-failures:${applicationId}`;
const issueKey = (k: string) => `publicity:code-issue:${k}`;

/** sent: false when the mobile has no SMS codes left today (nothing sent, the earlier code stays). */
export async function issueConfirmationCode(
  redis: Redis,
  sms: SmsProvider,
  c: { applicationId: string; applicationNumber: string; unitName: string; mobile: string; issueKey: string },
): Promise<{ sent: boolean; expiresInSeconds: number }> {
  const fresh = randomCode();
  // the same issue key (a retried job, a double click) gets the same code, sent once
  const set = await redis.set(issueKey(c.issueKey), fresh, 'EX', CONFIRMATION_CODE_TTL_SECONDS, 'NX');
  const code = set ? fresh : ((await redis.get(issueKey(c.issueKey))) ?? fresh);
  if (set) {
    if (!(await takeSmsCodeAllowance(redis, c.mobile, localDate(new Date())))) {
      await redis.del(issueKey(c.issueKey));
      return { sent: false, expiresInSeconds: 0 };
    }
    await storeCode(redis, confirmationCodeKey(c.applicationId), code, c.applicationId, CONFIRMATION_CODE_TTL_SECONDS);
  }
  await sms.send({
    to: c.mobile,
    text: renderSms(SMS_TEMPLATE.publicityConfirmationCode, { code, applicationNumber: c.applicationNumber, unitName: c.unitName }),
    idempotencyKey: `publicity-code:${c.issueKey}`,
  });
  return { sent: true, expiresInSeconds: CONFIRMATION_CODE_TTL_SECONDS };
}

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'too-many';

/** Checks a code; a right one is used up; past the tries of the code or of the application, too-many. */
export async function checkConfirmationCode(redis: Redis, applicationId: string, code: string): Promise<CodeCheck> {
  const r = await checkCode(redis, confirmationCodeKey(applicationId), code, {
    maxTries: MAX_TRIES,
    failures: { key: failuresKey(applicationId), max: MAX_FAILURES_PER_APPLICATION, windowS: FAILURES_WINDOW_S },
  });
  return r.result;
}
