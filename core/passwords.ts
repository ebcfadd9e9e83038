/**
 * Password hashing with scrypt (memory-hard), in a self-describing string: scrypt$N$r$p$salt$hash.
 * The cost is N = 2^17 (128 MiB per hash); a stored hash of a lower cost is replaced at the next
 * successful sign-in (needsRehash). PASSWORD_SCRYPT_LOG_N lowers it where many accounts are made
 * at once (the test suite), never below 2^10.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

export const DEFAULT_LOG_N = 17;

/** The cost new hashes get. */
export function currentCost(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PASSWORD_SCRYPT_LOG_N;
  const logN = raw === undefined || raw === '' ? DEFAULT_LOG_N : Number(raw);
  if (!Number.isInteger(logN) || logN < 10 || logN > 20) throw new Error(`PASSWORD_SCRYPT_LOG_N must be a whole number from 10 to 20, not "${raw}"`);
  return 2 ** logN;
}

const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, KEYLEN, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const n = currentCost();
  const key = await scrypt(password, salt, n, R, P);
  return ['scrypt', n, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const key = await scrypt(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  const expected = Buffer.from(hash, 'base64');
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** true when the stored hash is of a lower cost (or another scheme) than new hashes get. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < currentCost() || Number(r) !== R || Number(p) !== P;
}
