/** qualification.activate and the generic application.reject. */
import { APPLICATION_STATUS, QUALIFICATION_STATUS } from '../domain/names';
import { getApplication, transition } from '../db/applications';
import { Handler } from './types';

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
