/** Every job type PermitFlow serves, and its handler. */
import { INBOX_EVENTS, inboxSyncJobType, JOB } from '../domain/names';
import { activateRegistrationJob, escalateRegistrationJob, rejectRegistrationJob } from './registration-decide';
import { validateRegistrationJob } from './registration-validate';
import { dueDateJob } from './due-date';
import { notifyEmailJob, notifySmsJob } from './notify';
import { inboxSyncJob } from './inbox-sync';
import { activateQualificationJob, expireQualificationJob, qualificationExpiryDatesJob, rejectApplicationJob } from './qualification';
import { applyAppealJob, applyUnitInfoJob } from './unit-changes';
import { publicityAddApplyJob, publicityCancelApplyJob, publicityCancelRequestJob } from './publicity-ops';
import { appraisalCloseJob, appraisalLetterJob, appraisalRemindJob } from './appraisal';
import {
  identityDecideJob, publicityApproveJob, publicityCloseJob, publicityConfirmedJob, publicityEligibilityJob, publicityIdentityCheckJob, publicityManualOpenJob,
  publicityOpenJob, publicitySendCodeJob,
} from './publicity';
import { publicityCertificateJob, publicityFormDocumentJob } from './publicity-documents';
import { acceptLicenceJob, clockJob, correctionNoticeJob, inspectorResultJob, issueLicenceJob, rejectLicenceJob, routeLicenceJob } from './licensing';
import { applyPersonnelJob, applyPowerPermitJob, issuePowerPermitJob, materialsMissedJob, prepareSelfInspectionJob } from './power-permit';
import type { WorkerDefinition } from './types';

export const WORKERS: WorkerDefinition[] = [
  { types: [JOB.registrationValidate], handler: validateRegistrationJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.registrationActivate], handler: activateRegistrationJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.registrationReject], handler: rejectRegistrationJob as never, fetchVariables: ['applicationId', 'reason', 'validationErrors'] },
  { types: [JOB.registrationEscalate], handler: escalateRegistrationJob as never, fetchVariables: ['applicationId', 'reviewDueDate'] },
  { types: [JOB.qualificationActivate], handler: activateQualificationJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.qualificationExpiryDates], handler: qualificationExpiryDatesJob as never, fetchVariables: ['qualificationId', 'reminderDays'] },
  { types: [JOB.qualificationExpire], handler: expireQualificationJob as never, fetchVariables: ['qualificationId', 'applicationId'] },
  { types: [JOB.appealApply], handler: applyAppealJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.unitInfoApply], handler: applyUnitInfoJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.applicationReject], handler: rejectApplicationJob as never, fetchVariables: ['applicationId', 'reason'] },
  { types: [JOB.dueDate], handler: dueDateJob as never, fetchVariables: ['workingDays', 'from'] },
  { types: [JOB.notifyEmail], handler: notifyEmailJob as never, fetchVariables: ['applicationId', 'template'] },
  { types: [JOB.notifySms], handler: notifySmsJob as never, fetchVariables: ['applicationId', 'template'] },
  // practitioner publicity: batch add and cancellation
  { types: [JOB.publicityAddApply], handler: publicityAddApplyJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.publicityCancelRequest], handler: publicityCancelRequestJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.publicityCancelApply], handler: publicityCancelApplyJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.appraisalLetter], handler: appraisalLetterJob as never, fetchVariables: ['applicationId', 'letter', 'proposedDate', 'reviewDate', 'teamLeader', 'teamMembers'] },
  { types: [JOB.appraisalRemind], handler: appraisalRemindJob as never, fetchVariables: ['applicationId', 'template', 'rectificationDueDate'] },
  { types: [JOB.appraisalClose], handler: appraisalCloseJob as never, fetchVariables: ['applicationId'] },
  // publicity-application / identity-manual-verification
  { types: [JOB.publicityEligibility], handler: publicityEligibilityJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.publicityOpen], handler: publicityOpenJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.publicityFormDocument], handler: publicityFormDocumentJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.publicityIdentityCheck], handler: publicityIdentityCheckJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.publicitySendCode], handler: publicitySendCodeJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.publicityManualOpen], handler: publicityManualOpenJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.publicityConfirmed], handler: publicityConfirmedJob as never, fetchVariables: ['applicationId', 'formFileId'] },
  { types: [JOB.publicityClose], handler: publicityCloseJob as never, fetchVariables: ['applicationId', 'outcome', 'eligibilityFailures'] },
  { types: [JOB.publicityApprove], handler: publicityApproveJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.publicityCertificate], handler: publicityCertificateJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.identityDecide], handler: identityDecideJob as never, fetchVariables: ['applicationId', 'verificationId', 'decision', 'reason'] },
  // special-equipment licensing (issue 7)
  { types: [JOB.licenceRoute], handler: routeLicenceJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.licenceCorrectionNotice], handler: correctionNoticeJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.licenceAccept], handler: acceptLicenceJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.licenceClock], handler: clockJob as never, fetchVariables: ['applicationId', 'clockAction'] },
  { types: [JOB.licenceIssue], handler: issueLicenceJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.licenceReject], handler: rejectLicenceJob as never, fetchVariables: ['applicationId', 'reason'] },
  { types: [JOB.inspectorResult], handler: inspectorResultJob as never, fetchVariables: ['applicationId', 'outcome'] },
  // power-facility permit (issue 8)
  { types: [JOB.powerPermitIssue], handler: issuePowerPermitJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.powerPermitApply], handler: applyPowerPermitJob as never, fetchVariables: ['applicationId'] },
  { types: [JOB.powerPermitMaterialsMissed], handler: materialsMissedJob as never, fetchVariables: ['applicationId', 'materialsDueDate'] },
  { types: [JOB.personnelApply], handler: applyPersonnelJob as never, fetchVariables: ['applicationId', 'personnelDecisions'] },
  { types: [JOB.selfInspectionPrepare], handler: prepareSelfInspectionJob as never, fetchVariables: ['campaignId'] },
  { types: INBOX_EVENTS.map(inboxSyncJobType), handler: inboxSyncJob as never, fetchVariables: ['applicationId', 'subject'] },
];

export { startWorkers } from './runtime';
