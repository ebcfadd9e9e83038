/**
 * One-time codes and attempt counters in Redis, each step atomic (one Lua script or one MULTI), so
 * that concurrent requests can never try a code more often than its cap, nor send more codes
 * than a day allows. Only a code's SHA-256 is kept.
 */
import { createHash, randomInt } from 'node:crypto';
import type Redis from 'ioredis';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Six random digits. */
export const randomCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export type CodeCheck = { result: 'ok'; subject: string } | { result: 'wrong'; triesLeft: number } | { result: 'expired' } | { result: 'too-many' };

/**
 * Stores a code's hash with the subject it unlocks (an account or application id); replaces an
 * earlier code of the same key and its tries.
 */
export async function storeCode(redis: Redis, key: string, code: string, subject: string, ttlS: number): Promise<void> {
  await redis.multi().del(key).hset(key, { hash: sha256(code), subject, tries: '0' }).expire(key, ttlS).exec();
}

// KEYS[1] the code; KEYS[2] the subject's cumulative failures (optional, '' to skip): once they
// reach their cap no code of the subject is tried any more, not even a right one
// ARGV: hash of the candidate, tries allowed per code, cumulative failures allowed, their window (s)
const CHECK = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'expired'} end
if KEYS[2] ~= '' and tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1]) return {'too-many'}
end
local tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
local max = tonumber(ARGV[2])
if tries > max then redis.call('DEL', KEYS[1]) return {'too-many'} end
if redis.call('HGET', KEYS[1], 'hash') == ARGV[1] then
  local subject = redis.call('HGET', KEYS[1], 'subject')
  redis.call('DEL', KEYS[1])
  return {'ok', subject}
end
if KEYS[2] ~= '' then
  local fails = redis.call('INCR', KEYS[2])
  if fails == 1 then redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4])) end
  if fails >= tonumber(ARGV[3]) then redis.call('DEL', KEYS[1]) return {'too-many'} end
end
if tries >= max then redis.call('DEL', KEYS[1]) return {'too-many'} end
return {'wrong', tostring(max - tries)}
`;

/**
 * Tries a code: a right one is used up at once; every try counts, atomically, so 20 concurrent
 * wrong codes still make at most `maxTries` tries; with `failures`, wrong tries also add up per
 * subject across codes (a new code does not reset them).
 */
export async function checkCode(
  redis: Redis,
  key: string,
  code: string,
  opts: { maxTries: number; failures?: { key: string; max: number; windowS: number } },
): Promise<CodeCheck> {
  const out = (await redis.eval(
    CHECK,
    2,
    key,
    opts.failures?.key ?? '',
    sha256(code),
    String(opts.maxTries),
    String(opts.failures?.max ?? 0),
    String(opts.failures?.windowS ?? 0),
  )) as string[];
  if (out[0] === 'ok') return { result: 'ok', subject: out[1] };
  if (out[0] === 'wrong') return { result: 'wrong', triesLeft: Number(out[1]) };
  return { result: out[0] as 'expired' | 'too-many' };
}

/** Counts one event in a fixed window (INCR and the expiry in one step); returns the count so far. */
export async function countInWindow(redis: Redis, key: string, windowS: number): Promise<number> {
  const [[, n]] = (await redis.multi().incr(key).expire(key, windowS, 'NX').exec()) as [[Error | null, number]];
  return n;
}

/** Seconds until a window's key expires (0 when it has none). */
export async function secondsLeft(redis: Redis, key: string): Promise<number> {
  return Math.max(0, await redis.ttl(key));
}

/** SMS codes of every kind (password reset, publicity confirmation …) one mobile may get a day. */
export const SMS_CODES_PER_MOBILE_PER_DAY = 10;

const smsDayKey = (mobile: string, day: string) => `sms-code:day:${mobile}:${day}`;

/**
 * Takes one of a mobile's SMS codes for the day (`day`: the local date), whatever the kind; false
 * when the day's codes are used up (counted atomically: concurrent senders never pass the cap).
 */
export async function takeSmsCodeAllowance(redis: Redis, mobile: string, day: string): Promise<boolean> {
  return (await countInWindow(redis, smsDayKey(mobile, day), 2 * 86400)) <= SMS_CODES_PER_MOBILE_PER_DAY;
}

/** Whether the mobile has SMS codes left today (reads only). */
export async function smsCodesLeft(redis: Redis, mobile: string, day: string): Promise<number> {
  return Math.max(0, SMS_CODES_PER_MOBILE_PER_DAY - Number((await redis.get(smsDayKey(mobile, day))) ?? 0));
}
