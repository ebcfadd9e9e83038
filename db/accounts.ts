/** One-time password-set links for accounts (an approved appeal hands the account to a new contact). */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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

/** The account a valid, unused, unexpired token opens; the token is burnt in the same call. */
export async function consumePasswordSetToken(db: Db, token: string, passwordHash: string): Promise<{ login: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const hash = sha256(token);
  return db.transaction(async (trx) => {
    const account = await trx('accounts').where({ password_set_token_hash: hash }).forUpdate().first();
    if (!account || !account.password_set_expires_at || new Date(account.password_set_expires_at) < new Date()) return undefined;
    if (!timingSafeEqual(Buffer.from(account.password_set_token_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
    await trx('accounts').where({ id: account.id }).update({ password_hash: passwordHash, password_set_token_hash: null, password_set_expires_at: null });
    return { login: account.login as string };
  });
}
