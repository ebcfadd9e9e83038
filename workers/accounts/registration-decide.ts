/** registration.activate / registration.reject / registration.escalate */
import { getApplication, audit } from '../../db/applications';
import { activateRegistration, rejectRegistration } from '../../db/accounts';
import { Handler, defineJob } from '../types';
import { notifyReviewLeads } from '../notify';
import { ACCOUNTS_JOB } from '../../domain/accounts/ids';

export const activateRegistrationJob: Handler<{ applicationId: string }, { unitId: string }> = async (vars, job, deps) => {
  const { unitId, created } = await activateRegistration(deps.db, vars.applicationId, { actor: 'reviewer', now: deps.now() });
  deps.log.info(created ? 'unit activated' : 'unit already active', { applicationId: vars.applicationId, unitId, jobKey: job.key });
  return { unitId };
};

/** The reason is the reviewer's, or, when validation failed, the list of failed fields. */
export const rejectRegistrationJob: Handler<
  { applicationId: string; reason?: string; validationErrors?: Record<string, string> },
  Record<string, never>
> = async (vars, _job, deps) => {
  const fromValidation = vars.validationErrors
    ? Object.entries(vars.validationErrors)
        .map(([field, message]) => `${field}: ${message}`)
        .join('; ')
    : undefined;
  const reason = (vars.reason && String(vars.reason).trim()) || fromValidation || '未说明 / not stated';
  await rejectRegistration(deps.db, vars.applicationId, reason, {
    actor: fromValidation && !vars.reason ? 'system' : 'reviewer',
    now: deps.now(),
    details: vars.validationErrors ? { validationErrors: vars.validationErrors } : undefined,
  });
  return {};
};

export const escalateRegistrationJob: Handler<{ applicationId: string; reviewDueDate?: string }, Record<string, never>> = async (
  vars,
  job,
  deps,
) => {
  const app = await getApplication(deps.db, vars.applicationId);
  if (!app) throw new Error(`application ${vars.applicationId} does not exist`);
  const already = await deps.db('audit').where({ application_id: app.id, action: 'escalate' }).whereRaw("details->>'elementInstanceKey' = ?", [job.elementInstanceKey]).first();
  if (!already) {
    await audit(deps.db, { applicationId: app.id, actor: 'system', action: 'escalate', details: { elementInstanceKey: job.elementInstanceKey, dueDate: vars.reviewDueDate } });
  }
  await notifyReviewLeads(app, job, deps, vars.reviewDueDate);
  return {};
};

/** The jobs above, with the variables each fetches. */
export const registrationDecideJobs = [
  defineJob({ type: ACCOUNTS_JOB.registrationActivate, fetch: ['applicationId'], handler: activateRegistrationJob }),
  defineJob({ type: ACCOUNTS_JOB.registrationReject, fetch: ['applicationId', 'reason', 'validationErrors'], handler: rejectRegistrationJob }),
  defineJob({ type: ACCOUNTS_JOB.registrationEscalate, fetch: ['applicationId', 'reviewDueDate'], handler: escalateRegistrationJob }),
];
