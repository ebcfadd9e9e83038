/** The inbox filters each account saved by name (at most MAX_SAVED_FILTERS, the newest last). */
import type { Db } from '../core/db';

export const MAX_SAVED_FILTERS = 20;

export interface SavedFilter {
  name: string;
  filter: Record<string, unknown>;
  savedAt: string;
}

export async function listSavedFilters(db: Db, accountId: string): Promise<SavedFilter[]> {
  const rows = await db('inbox_saved_filters').where({ account_id: accountId }).orderBy('saved_at').orderBy('name');
  return rows.map((r) => ({ name: r.name, filter: r.filter, savedAt: new Date(r.saved_at).toISOString() }));
}

/**
 * Saves the filter under its name (a filter saved again under the same name replaces it). False
 * when the account already has the most filters it may keep and the name is a new one.
 */
export async function saveFilter(db: Db, accountId: string, name: string, filter: Record<string, unknown>): Promise<boolean> {
  return db.transaction(async (trx) => {
    // one save at a time per account, so two saves cannot both pass the count
    await trx.raw(`select pg_advisory_xact_lock(hashtext('permitflow:inbox-filters:' || ?))`, [accountId]);
    const existing = await trx('inbox_saved_filters').where({ account_id: accountId, name }).first('name');
    if (!existing) {
      const [{ n }] = await trx('inbox_saved_filters').where({ account_id: accountId }).count<{ n: string }[]>({ n: '*' });
      if (Number(n) >= MAX_SAVED_FILTERS) return false;
    }
    await trx('inbox_saved_filters')
      .insert({ account_id: accountId, name, filter: JSON.stringify(filter), saved_at: trx.fn.now() })
      .onConflict(['account_id', 'name'])
      .merge();
    return true;
  });
}

export async function deleteSavedFilter(db: Db, accountId: string, name: string): Promise<boolean> {
  return (await db('inbox_saved_filters').where({ account_id: accountId, name }).delete()) > 0;
}
