/** Every job type PermitFlow serves, and its handler. */
import { INBOX_EVENTS, inboxSyncJobType, JOB } from '../domain/names';
import { activateRegistrationJob, escalateRegistrationJob, rejectRegistrationJob } from './registration-decide';
import { validateRegistrationJob } from './registration-validate';
import { dueDateJob } from './due-date';
import { notifyEmailJob, notifySmsJob } from './notify';
import { inboxSyncJob } from './inbox-sync';
import { activateQualificationJob, rejectApplicationJob } from './qualification';
import { applyAppealJob, applyUnitInfoJob } from './unit-changes';
import { applyPersonnelJob, applyPowerPermitJob, issuePowerPermitJob, materialsMissedJob, prepareSelfInspectionJob } from './power-permit';
import type { WorkerDefinition } from './types';

export const WORKERS: WorkerDefinition[] = [
  { types: [JOB.registrationValidate], handler: validateRegistrationJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.registrationActivate], handler: activateRegistrationJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.registrationReject], handler: rejectRegistrationJob as never, fetchVariables: ['applicationId', 'reason', 'validationErrors'] },
  { types: [JOB.registrationEscalate], handler: escalateRegistrationJob as never, fetchVariables: ['applicationId', 'reviewDueDate'] },
  { types: [JOB.qualificationActivate], handler: activateQualificationJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.appealApply], handler: applyAppealJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.unitInfoApply], handler: applyUnitInfoJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.applicationReject], handler: rejectApplicationJob as never, fetchVariables: ['applicationId', 'reason'] },
  { types: [JOB.dueDate], handler: dueDateJob as never, fetchVariables: ['workingDays'] },
  { types: [JOB.notifyEmail], handler: notifyEmailJob as never, fetchVariables: ['applicationId', 'template'] },
  { types: [JOB.notifySms], handler: notifySmsJob as never, fetchVariables: ['applicationId', 'template'] },
  // power-facility permit (issue 8)
  { types: [JOB.powerPermitIssue], handler: issuePowerPermitJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.powerPermitApply], handler: applyPowerPermitJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.powerPermitMaterialsMissed], handler: materialsMissedJob as never, fetchVariables: ['applicationId', 'materialsDueDate'] },
  { types: [JOB.personnelApply], handler: applyPersonnelJob as never, fetchVariables: ['applicationId', 'personnelDecisions'] },
  { types: [JOB.selfInspectionPrepare], handler: prepareSelfInspectionJob as never, fetchVariables: ['campaignId'] },
  { types: INBOX_EVENTS.map(inboxSyncJobType), handler: inboxSyncJob as never, fetchVariables: ['applicationId', 'subject'] },
];

export { startWorkers } from './runtime';
