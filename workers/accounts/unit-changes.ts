/** appeal.apply (replace the unit's contact) and unit-info.apply (change the unit's identifying fields). */
import { APPLICATION_STATUS, CONTACT_CHANGE_FIELDS, UNIT_CHANGE_FIELDS } from '../../domain/registry';
import { audit, getApplication, transition } from '../../db/applications';
import { Handler, defineJob } from '../types';
import { ACCOUNTS_JOB } from '../../domain/accounts/ids';

/** The appeal's new contact becomes the contact of the unit's main account. */
export const applyAppealJob: Handler<{ applicationId: string }, Record<string, never>> = async (vars, job, deps) => {
  await deps.db.transaction(async (trx) => {
    const app = await getApplication(trx, vars.applicationId);
    if (!app || !app.unit_id) throw new Error(`appeal ${vars.applicationId} does not exist or names no unit`);
    const c = (app.data as { contact: { name: string; mobile: string; email: string } }).contact;
    const updated = await trx('accounts').where({ unit_id: app.unit_id, kind: 'unit-main' }).update({ display_name: c.name, mobile: c.mobile, email: c.email, status: 'active' });
    if (updated === 0) throw new Error(`unit ${app.unit_id} has no main account`);
    await transition(trx, app.id, APPLICATION_STATUS.approved, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'reviewer', action: 'approve', taskKey: job.key, set: { decision: 'approve', decided_at: deps.now() },
    });
  });
  return {};
};

/** Applies the requested values to the unit and its authorised contact; the audit row keeps what they were before. */
export const applyUnitInfoJob: Handler<{ applicationId: string }, Record<string, never>> = async (vars, _job, deps) => {
  await deps.db.transaction(async (trx) => {
    const app = await getApplication(trx, vars.applicationId);
    if (!app || !app.unit_id) throw new Error(`change ${vars.applicationId} does not exist or names no unit`);
    if (app.status === APPLICATION_STATUS.approved) return; // applied already (a redelivered job)
    const unit = await trx('units').where({ id: app.unit_id }).forUpdate().first();
    const requested = app.data as Record<string, unknown>;
    const change: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(UNIT_CHANGE_FIELDS)) {
      if (typeof requested[field] === 'string' && requested[field] !== unit[column]) {
        change[column] = requested[field];
        before[column] = unit[column];
      }
    }
    if (Object.keys(change).length) await trx('units').where({ id: unit.id }).update(change);
    // a new authorised contact: the main account's name and mobile (its mobile confirmed by SMS code when requested)
    const contact = await trx('accounts').where({ unit_id: unit.id, kind: 'unit-main' }).forUpdate().first();
    const contactChange: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(CONTACT_CHANGE_FIELDS)) {
      if (contact && typeof requested[field] === 'string' && requested[field] !== contact[column]) {
        contactChange[column] = requested[field];
        before[`contact.${column}`] = contact[column];
      }
    }
    if (Object.keys(contactChange).length) await trx('accounts').where({ id: contact.id }).update(contactChange);
    const after = { ...change, ...Object.fromEntries(Object.entries(contactChange).map(([k, x]) => [`contact.${k}`, x])) };
    await audit(trx, { applicationId: app.id, actor: 'system', action: 'unit-changed', details: { before, after } });
    await transition(trx, app.id, APPLICATION_STATUS.approved, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'reviewer', action: 'approve', set: { decision: 'approve', decided_at: deps.now() },
    });
  });
  return {};
};

/** The jobs above, with the variables each fetches. */
export const unitChangesJobs = [
  defineJob({ type: ACCOUNTS_JOB.appealApply, fetch: ['applicationId'], handler: applyAppealJob }),
  defineJob({ type: ACCOUNTS_JOB.unitInfoApply, fetch: ['applicationId'], handler: applyUnitInfoJob }),
];
