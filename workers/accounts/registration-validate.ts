/** registration.validate — re-checks the stored registration with the API's rules, plus duplicates. */
import { APPLICATION_STATUS, BPMN_ERROR } from '../../domain/registry';
import { validateRegistration } from '../../domain/accounts/registration';
import { getApplication, transition } from '../../db/applications';
import { findDuplicates } from '../../db/accounts';
import { BpmnError, Handler, defineJob } from '../types';
import { ACCOUNTS_JOB } from '../../domain/accounts/ids';

export const validateRegistrationJob: Handler<{ applicationId: string }, { valid: true }> = async (vars, job, deps) => {
  const app = await getApplication(deps.db, vars.applicationId);
  if (!app) throw new Error(`application ${vars.applicationId} does not exist`);
  const checked = validateRegistration(app.data, 'stored');
  const fields = checked.ok ? {} : { ...checked.fields };
  const data = app.data as { unit?: { uscc?: string }; contact?: { login?: string } };
  if (data.unit?.uscc && data.contact?.login) {
    Object.assign(fields, await findDuplicates(deps.db, { uscc: data.unit.uscc, login: data.contact.login }, app.id));
  }
  if (Object.keys(fields).length > 0) {
    throw new BpmnError(BPMN_ERROR.registrationInvalid, 'registration failed validation', { validationErrors: fields });
  }
  await deps.db.transaction((trx) =>
    transition(trx, app.id, APPLICATION_STATUS.inReview, {
      from: [APPLICATION_STATUS.submitted],
      actor: 'system',
      action: 'validated',
      details: { jobKey: job.key },
    }),
  );
  return { valid: true };
};

/** The jobs above, with the variables each fetches. */
export const registrationValidateJobs = [
  defineJob({ type: ACCOUNTS_JOB.registrationValidate, fetch: ['applicationId'], handler: validateRegistrationJob }),
];
