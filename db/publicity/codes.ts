/**
 * The SMS confirmation code 短信确认码 of a publicity application: 6 digits, sent to the
 * practitioner, valid 24 hours (the Redis key's TTL), at most 5 wrong tries. Only its hash is kept.
 * Issuing is idempotent per issue key (a retried job sends the same code once).
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type Redis from 'ioredis';
import type { SmsProvider } from '../../core/sms';
import { CONFIRMATION_CODE_TTL_SECONDS } from '../../domain/publicity/rules';
import { renderSms, SMS_TEMPLATE } from '../../domain/sms-templates';

const MAX_TRIES = 5;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
export const confirmationCodeKey = (applicationId: string) => `publicity:code:${applicationId}`;
const issueKey = (k: string) => `publicity:code-issue:${k}`;

export async function issueConfirmationCode(
  redis: Redis,
  sms: SmsProvider,
  c: { applicationId: string; applicationNumber: string; unitName: string; mobile: string; issueKey: string },
): Promise<{ expiresInSeconds: number }> {
  const fresh = String(randomInt(0, 1_000_000)).padStart(6, '0');
  // the same issue key (a retried job, a double click) gets the same code, sent once
  const set = await redis.set(issueKey(c.issueKey), fresh, 'EX', CONFIRMATION_CODE_TTL_SECONDS, 'NX');
  const code = set ? fresh : ((await redis.get(issueKey(c.issueKey))) ?? fresh);
  if (set) {
    await redis.set(confirmationCodeKey(c.applicationId), JSON.stringify({ hash: sha(code), mobile: c.mobile, tries: 0, issuedAt: Date.now() }), 'EX', CONFIRMATION_CODE_TTL_SECONDS);
  }
  await sms.send({
    to: c.mobile,
    text: renderSms(SMS_TEMPLATE.publicityConfirmationCode, { code, applicationNumber: c.applicationNumber, unitName: c.unitName }),
    idempotencyKey: `publicity-code:${c.issueKey}`,
  });
  return { expiresInSeconds: CONFIRMATION_CODE_TTL_SECONDS };
}

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'too-many';

/** Checks a code; a right one is used up. */
export async function checkConfirmationCode(redis: Redis, applicationId: string, code: string): Promise<CodeCheck> {
  const key = confirmationCodeKey(applicationId);
  const raw = await redis.get(key);
  if (!raw) return 'expired';
  const stored = JSON.parse(raw) as { hash: string; tries: number };
  if (timingSafeEqual(Buffer.from(stored.hash, 'hex'), Buffer.from(sha(code), 'hex'))) {
    await redis.del(key);
    return 'ok';
  }
  stored.tries += 1;
  if (stored.tries >= MAX_TRIES) {
    await redis.del(key);
    return 'too-many';
  }
  await redis.set(key, JSON.stringify(stored), 'KEEPTTL');
  return 'wrong';
}
