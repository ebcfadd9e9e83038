/**
 * Secondary units 二级单位 (000 §3.2.3): units whose parent is the signed-in unit. A secondary
 * unit is modified in place; it is deleted only while nothing refers to it (no sub-account belongs
 * to it, no application was made for it), checked and deleted under a lock on its row.
 */
import type { Db } from '../core/db';
import type { RegistrationInput } from '../domain/accounts/registration';

/** A secondary unit's own fields: a unit's, less the legal representative (its parent's), the USCC optional. */
export type BranchFields = Omit<RegistrationInput['unit'], 'legalRepresentative' | 'uscc'> & { uscc: string | null };

/** What still refers to a secondary unit: its sub-accounts and the applications made for it. */
export interface BranchUse {
  subAccounts: number;
  applications: number;
}

/** The unit's own secondary unit, or undefined (another unit's, the unit itself, none). */
export const ownBranch = (db: Db, unitId: string, id: string) => db('units').where({ id, parent_unit_id: unitId }).first();

/** Another unit already registered under this USCC. */
export const usccTaken = async (db: Db, uscc: string, except?: string): Promise<boolean> =>
  !!(await db('units').where({ uscc }).modify((q) => (except ? q.whereNot({ id: except }) : q)).first('id'));

export async function updateBranch(db: Db, id: string, fields: BranchFields): Promise<Record<string, unknown>> {
  const [row] = await db('units').where({ id }).update(fields).returning('*');
  return row;
}

async function useOf(db: Db, id: string): Promise<BranchUse> {
  const [[{ n: subAccounts }], [{ n: applications }]] = await Promise.all([
    db('accounts').where({ branch_unit_id: id }).count<{ n: string }[]>({ n: '*' }),
    db('applications').where({ branch_unit_id: id }).orWhere({ unit_id: id }).count<{ n: string }[]>({ n: '*' }),
  ]);
  return { subAccounts: Number(subAccounts), applications: Number(applications) };
}

/** Deletes the secondary unit when nothing refers to it; otherwise what does. */
export async function deleteBranch(db: Db, id: string): Promise<{ deleted: true } | { deleted: false; use: BranchUse }> {
  return db.transaction(async (trx) => {
    await trx('units').where({ id }).forUpdate().first('id');
    const use = await useOf(trx as unknown as Db, id);
    if (use.subAccounts || use.applications) return { deleted: false, use };
    await trx('units').where({ id }).delete();
    return { deleted: true };
  });
}
