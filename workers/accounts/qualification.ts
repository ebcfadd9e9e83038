/** qualification.activate, qualification.expiry-dates, qualification.expire, and the generic application.reject. */
import { APPLICATION_STATUS, QUALIFICATION_STATUS } from '../../domain/registry';
import { audit, getApplication, transition } from '../../db/applications';
import { Handler, defineJob } from '../types';
import { ACCOUNTS_JOB } from '../../domain/accounts/ids';

interface QualificationData {
  qualificationType: string;
  certificateNo: string;
  issueDate: string;
  expiryDate: string;
  certificate?: Array<{ id: string }>;
}

/** Records the unit's qualification from its approved application; a second call does nothing. */
export const activateQualificationJob: Handler<{ applicationId: string }, { qualificationId: string }> = async (vars, _job, deps) => {
  return deps.db.transaction(async (trx) => {
    const app = await getApplication(trx, vars.applicationId);
    if (!app || !app.unit_id) throw new Error(`application ${vars.applicationId} does not exist or has no unit`);
    const existing = await trx('unit_qualifications').where({ application_id: app.id }).first();
    if (existing) return { qualificationId: existing.id as string };
    const d = app.data as unknown as QualificationData;
    const [row] = await trx('unit_qualifications')
      .insert({
        unit_id: app.unit_id, application_id: app.id, qualification_type: d.qualificationType, certificate_no: d.certificateNo,
        issue_date: d.issueDate, expiry_date: d.expiryDate, file_ids: (d.certificate ?? []).map((f) => f.id), status: QUALIFICATION_STATUS.active,
      })
      .returning('id');
    await transition(trx, app.id, APPLICATION_STATUS.approved, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'reviewer', action: 'approve', set: { decision: 'approve', decided_at: deps.now() },
    });
    return { qualificationId: row.id as string };
  });
};

const DAY_MS = 86_400_000;

/**
 * When to remind the unit and when the certificate has expired, for the process's two timers:
 * the reminder at 09:00 Beijing time `reminderDays` calendar days before the last valid day, and
 * the expiry at the start (00:00 Beijing) of the day after it. A date already past fires at once.
 */
export const qualificationExpiryDatesJob: Handler<{ qualificationId: string; reminderDays?: number }, { expiryDate: string; expiryReminderAt: string; expiresAt: string }> = async (
  vars,
  _job,
  deps,
) => {
  const days = vars.reminderDays === undefined ? 30 : Number(vars.reminderDays);
  if (!Number.isInteger(days) || days < 0 || days > 365) throw new Error(`reminderDays must be a whole number from 0 to 365, got ${vars.reminderDays}`);
  const row = await deps.db('unit_qualifications').where({ id: vars.qualificationId }).first(deps.db.raw("to_char(expiry_date, 'YYYY-MM-DD') as expiry"));
  if (!row) throw new Error(`qualification ${vars.qualificationId} does not exist`);
  const expiry = row.expiry as string;
  return {
    expiryDate: expiry,
    expiryReminderAt: new Date(Date.parse(`${expiry}T09:00:00+08:00`) - days * DAY_MS).toISOString(),
    expiresAt: new Date(Date.parse(`${expiry}T00:00:00+08:00`) + DAY_MS).toISOString(),
  };
};

/** Marks the qualification expired (once; a replayed job changes nothing) and records it. */
export const expireQualificationJob: Handler<{ qualificationId: string; applicationId: string }, { qualificationExpired: boolean }> = async (vars, job, deps) => {
  return deps.db.transaction(async (trx) => {
    const changed = await trx('unit_qualifications').where({ id: vars.qualificationId, status: QUALIFICATION_STATUS.active }).update({ status: QUALIFICATION_STATUS.expired });
    if (changed) {
      await audit(trx, { applicationId: vars.applicationId, actor: 'system', action: 'expire', details: { qualificationId: vars.qualificationId, elementInstanceKey: job.elementInstanceKey } });
    }
    const row = await trx('unit_qualifications').where({ id: vars.qualificationId }).first('status');
    if (!row) throw new Error(`qualification ${vars.qualificationId} does not exist`);
    return { qualificationExpired: row.status === QUALIFICATION_STATUS.expired };
  });
};

export const rejectApplicationJob: Handler<{ applicationId: string; reason?: string }, Record<string, never>> = async (vars, _job, deps) => {
  const reason = (vars.reason && String(vars.reason).trim()) || '未说明 / not stated';
  await deps.db.transaction((trx) =>
    transition(trx, vars.applicationId, APPLICATION_STATUS.rejected, {
      from: [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview], actor: 'reviewer', action: 'reject',
      set: { decision: 'reject', decision_reason: reason, decided_at: deps.now() },
    }),
  );
  return {};
};

/** The jobs above, with the variables each fetches. */
export const qualificationJobs = [
  defineJob({ type: ACCOUNTS_JOB.qualificationActivate, fetch: ['applicationId'], handler: activateQualificationJob }),
  defineJob({ type: ACCOUNTS_JOB.qualificationExpiryDates, fetch: ['qualificationId', 'reminderDays'], handler: qualificationExpiryDatesJob }),
  defineJob({ type: ACCOUNTS_JOB.qualificationExpire, fetch: ['qualificationId', 'applicationId'], handler: expireQualificationJob }),
  defineJob({ type: ACCOUNTS_JOB.applicationReject, fetch: ['applicationId', 'reason'], handler: rejectApplicationJob }),
];
