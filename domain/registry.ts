/**
 * The one registry of names shared by BPMN models, forms, workers and the API: every area's ids
 * (domain/<area>/ids.ts) composed into one set per kind. test/unit/model-consistency.test.ts checks
 * that bpmn/ and forms/ use exactly these.
 */
import { COMMON_DOCUMENT, COMMON_GROUP, COMMON_JOB, COMMON_MAIL, COMMON_STATUS, COMMON_VAR, StartableProcess } from './ids';
import { ACCOUNTS_BPMN_ERROR, ACCOUNTS_FORM, ACCOUNTS_GROUP, ACCOUNTS_JOB, ACCOUNTS_MAIL, ACCOUNTS_MESSAGE, ACCOUNTS_PROCESS, ACCOUNTS_STARTABLE, ACCOUNTS_VAR } from './accounts/ids';
import { APPRAISAL_DOCUMENT, APPRAISAL_FORM, APPRAISAL_GROUP, APPRAISAL_JOB, APPRAISAL_MAIL, APPRAISAL_PROCESS, APPRAISAL_VAR } from './appraisal/ids';
import {
  PUBLICITY_BPMN_ERROR, PUBLICITY_DOCUMENT, PUBLICITY_FORM, PUBLICITY_GROUP, PUBLICITY_JOB, PUBLICITY_MAIL, PUBLICITY_MESSAGE, PUBLICITY_PROCESS, PUBLICITY_STATUS, PUBLICITY_VAR,
} from './publicity/ids';
import { LICENSING_DOCUMENT, LICENSING_FORM, LICENSING_GROUP, LICENSING_JOB, LICENSING_MAIL, LICENSING_MESSAGE, LICENSING_PROCESS, LICENSING_STARTABLE, LICENSING_STATUS, LICENSING_VAR } from './licensing/ids';
import {
  POWER_PERMIT_DOCUMENT, POWER_PERMIT_FORM, POWER_PERMIT_GROUP, POWER_PERMIT_JOB, POWER_PERMIT_MESSAGE, POWER_PERMIT_PROCESS, POWER_PERMIT_STARTABLE, POWER_PERMIT_STATUS,
} from './power-permit/ids';

export * from './ids';
export * from './accounts/ids';
export * from './appraisal/ids';
export * from './publicity/ids';
export * from './licensing/ids';
export * from './power-permit/ids';

export const PROCESS = { ...ACCOUNTS_PROCESS, ...APPRAISAL_PROCESS, ...PUBLICITY_PROCESS, ...LICENSING_PROCESS, ...POWER_PERMIT_PROCESS } as const;
export type ProcessId = (typeof PROCESS)[keyof typeof PROCESS];

export const JOB = { ...COMMON_JOB, ...ACCOUNTS_JOB, ...APPRAISAL_JOB, ...PUBLICITY_JOB, ...LICENSING_JOB, ...POWER_PERMIT_JOB } as const;
export type JobType = (typeof JOB)[keyof typeof JOB];

export const FORM = { ...ACCOUNTS_FORM, ...APPRAISAL_FORM, ...PUBLICITY_FORM, ...LICENSING_FORM, ...POWER_PERMIT_FORM } as const;
export type FormKey = (typeof FORM)[keyof typeof FORM];

export const GROUP = { ...COMMON_GROUP, ...ACCOUNTS_GROUP, ...APPRAISAL_GROUP, ...PUBLICITY_GROUP, ...LICENSING_GROUP, ...POWER_PERMIT_GROUP } as const;

export const VAR = { ...COMMON_VAR, ...ACCOUNTS_VAR, ...APPRAISAL_VAR, ...PUBLICITY_VAR, ...LICENSING_VAR } as const;

export const BPMN_ERROR = { ...ACCOUNTS_BPMN_ERROR, ...PUBLICITY_BPMN_ERROR } as const;

export const MESSAGE = { ...ACCOUNTS_MESSAGE, ...PUBLICITY_MESSAGE, ...LICENSING_MESSAGE, ...POWER_PERMIT_MESSAGE } as const;

export const APPLICATION_STATUS = { ...COMMON_STATUS, ...PUBLICITY_STATUS, ...LICENSING_STATUS, ...POWER_PERMIT_STATUS } as const;
export type ApplicationStatus = (typeof APPLICATION_STATUS)[keyof typeof APPLICATION_STATUS];

/** Statuses of a case that is not under way: not yet submitted, decided, or ended by anyone. */
export const NOT_OPEN_STATUSES: readonly string[] = [
  APPLICATION_STATUS.draft, APPLICATION_STATUS.approved, APPLICATION_STATUS.rejected, APPLICATION_STATUS.terminated, APPLICATION_STATUS.failed,
  APPLICATION_STATUS.ineligible, APPLICATION_STATUS.deleted, APPLICATION_STATUS.withdrawn, APPLICATION_STATUS.discarded, 'cancelled',
];

export const MAIL_TEMPLATE = { ...COMMON_MAIL, ...ACCOUNTS_MAIL, ...APPRAISAL_MAIL, ...PUBLICITY_MAIL, ...LICENSING_MAIL } as const;
export type MailTemplate = (typeof MAIL_TEMPLATE)[keyof typeof MAIL_TEMPLATE];

/** Kinds of generated documents (documents/, db/documents.ts). */
export const DOCUMENT_KIND = { ...COMMON_DOCUMENT, ...APPRAISAL_DOCUMENT, ...PUBLICITY_DOCUMENT, ...LICENSING_DOCUMENT, ...POWER_PERMIT_DOCUMENT } as const;
export type DocumentKind = (typeof DOCUMENT_KIND)[keyof typeof DOCUMENT_KIND];

/** The one registry of processes an applicant starts from a start form, keyed by process id. */
export const STARTABLE: Readonly<Partial<Record<ProcessId, StartableProcess>>> = { ...ACCOUNTS_STARTABLE, ...LICENSING_STARTABLE, ...POWER_PERMIT_STARTABLE };

/** The startable process with this id on this endpoint; own keys only ("valueOf", "__proto__" … are not processes). */
export function startable(processId: unknown, via: StartableProcess['via']): StartableProcess | undefined {
  if (typeof processId !== 'string' || !Object.hasOwn(STARTABLE, processId)) return undefined;
  const start = STARTABLE[processId as ProcessId];
  return start?.via === via ? start : undefined;
}

/**
 * The form that captured each process's application: the task page shows the submission with it
 * (every field by its label), whatever the task. A startable process's start form, and the forms of
 * the processes started elsewhere (registration, appeal, publicity, the appraisal project).
 */
export const SUBMISSION_FORM: Readonly<Partial<Record<ProcessId, FormKey>>> = {
  ...(Object.fromEntries(Object.entries(STARTABLE).map(([p, s]) => [p, s!.formKey])) as Partial<Record<ProcessId, FormKey>>),
  [PROCESS.unitRegistration]: FORM.unitRegistration,
  [PROCESS.accountAppeal]: FORM.accountAppeal,
  [PROCESS.publicityApplication]: FORM.publicityApplication,
  [PROCESS.publicityAdd]: FORM.publicityAdd,
  [PROCESS.publicityCancel]: FORM.publicityCancel,
  [PROCESS.identityManualVerification]: FORM.identityManualVerification,
  [PROCESS.appraisalReview]: FORM.appraisalProject,
};
