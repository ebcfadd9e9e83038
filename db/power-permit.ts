/**
 * Power-facility permits in the database: the free-trade-zone designation of units (自贸区试点,
 * set by an administrator) and the statutory-limit alerts the review's timers leave on a case.
 */
import type { Knex } from 'knex';
import type { Db } from '../core/db';
import { STATUTORY_ALERT } from '../domain/power-permit/ids';
import { audit } from './applications';

export type StatutoryAlert = (typeof STATUTORY_ALERT)[keyof typeof STATUTORY_ALERT];

/**
 * Records a reminder or an overdue marker of the review's statutory limit: the application shows
 * it (statutory_alert, for the reviewer inbox) and an audit row keeps it. A retried job, or the
 * same timer once more, writes nothing again; a reminder never replaces an overdue marker.
 */
export async function recordStatutoryAlert(db: Db, applicationId: string, kind: StatutoryAlert, dueDate: string | undefined, at: Date): Promise<boolean> {
  return db.transaction(async (trx: Knex.Transaction) => {
    const app = await trx('applications').where({ id: applicationId }).forUpdate().first('id', 'statutory_alert');
    if (!app) throw new Error(`application ${applicationId} does not exist`);
    const action = `statutory-${kind}`;
    const done = await trx('audit').where({ application_id: applicationId, action }).whereRaw("details->>'dueDate' is not distinct from ?", [dueDate ?? null]).first('id');
    if (done) return false;
    if (!(kind === STATUTORY_ALERT.reminded && app.statutory_alert === STATUTORY_ALERT.overdue)) {
      await trx('applications').where({ id: applicationId }).update({ statutory_alert: kind, statutory_alert_at: at });
    }
    await audit(trx, { applicationId, actor: 'system', action, details: { dueDate: dueDate ?? null } });
    return true;
  });
}

/** A unit by its USCC, with its free-trade-zone flag. */
export async function unitZone(db: Db, uscc: string): Promise<{ id: string; uscc: string; name: string; free_trade_zone: boolean } | undefined> {
  return db('units').where({ uscc }).first('id', 'uscc', 'name', 'free_trade_zone');
}

/** Sets a unit's free-trade-zone flag, with an audit row naming the administrator. */
export async function setFreeTradeZone(db: Db, unitId: string, inZone: boolean, actor: string): Promise<void> {
  await db.transaction(async (trx: Knex.Transaction) => {
    const before = await trx('units').where({ id: unitId }).forUpdate().first('free_trade_zone');
    await trx('units').where({ id: unitId }).update({ free_trade_zone: inZone });
    await audit(trx, { applicationId: null, actor, action: 'free-trade-zone', from: String(before.free_trade_zone), to: String(inZone), details: { unitId } });
  });
}

/** The units designated in the free-trade zone, by name. */
export async function zoneUnits(db: Db): Promise<Array<{ id: string; uscc: string; name: string }>> {
  return db('units').where({ free_trade_zone: true }).orderBy('name').select('id', 'uscc', 'name');
}
