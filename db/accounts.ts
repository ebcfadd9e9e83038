/** One-time password-set links for accounts (an approved appeal hands the account to a new contact). */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../core/db';

export const PASSWORD_SET_HOURS = 72;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Issues a link for the unit's main account; only the hash is stored; a new link replaces an old one. */
export async function issuePasswordSetLink(db: Db, unitId: string, publicUrl: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const updated = await db('accounts')
    .where({ unit_id: unitId, kind: 'unit-main' })
    .update({ password_set_token_hash: sha256(token), password_set_expires_at: new Date(Date.now() + PASSWORD_SET_HOURS * 3600_000) });
  if (updated === 0) throw new Error(`unit ${unitId} has no main account`);
  return `${publicUrl}/#/password-set?token=${token}`;
}

/**
 * The account a valid, unused, unexpired token opens: the token is checked first (no password is
 * hashed for a bad link), then burnt in one UPDATE that still requires it unused and unexpired, so
 * two concurrent uses cannot both succeed.
 */
export async function consumePasswordSetToken(db: Db, token: string, hashPassword: () => Promise<string>): Promise<{ id: string; login: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const hash = sha256(token);
  const live = () => db('accounts').where({ password_set_token_hash: hash }).where('password_set_expires_at', '>', db.fn.now());
  if (!(await live().first('id'))) return undefined;
  const passwordHash = await hashPassword();
  const [account] = await live().update({ password_hash: passwordHash, password_set_token_hash: null, password_set_expires_at: null }).returning(['id', 'login']);
  return account ? { id: account.id as string, login: account.login as string } : undefined;
}
