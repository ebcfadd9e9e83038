/**
 * Practitioner publicity 执业公示: the application with its identity checks, the manual identity
 * verification, the batch add and the cancellation.
 */
export const PUBLICITY_PROCESS = {
  publicityApplication: 'publicity-application',
  identityManualVerification: 'identity-manual-verification',
  publicityAdd: 'publicity-add',
  publicityCancel: 'publicity-cancel',
} as const;

export const PUBLICITY_JOB = {
  publicityAddApply: 'publicity-add.apply',
  publicityCancelRequest: 'publicity-cancel.request-document',
  publicityCancelApply: 'publicity-cancel.apply',
  publicityEligibility: 'publicity.eligibility',
  publicityOpen: 'publicity.open',
  publicityFormDocument: 'publicity.form-document',
  publicityIdentityCheck: 'publicity.identity-check',
  publicitySendCode: 'publicity.send-code',
  publicityManualOpen: 'publicity.identity-manual-open',
  publicityConfirmed: 'publicity.confirmed',
  publicityClose: 'publicity.close',
  publicityApprove: 'publicity.approve',
  publicityCertificate: 'publicity.certificate',
  identityDecide: 'identity.decide',
} as const;

export const PUBLICITY_FORM = {
  /** batch add (start form) and cancellation (start form, review) */
  publicityAdd: 'publicity-add',
  publicityCancel: 'publicity-cancel',
  publicityCancelReview: 'publicity-cancel-review',
  publicityApplication: 'publicity-application',
  publicityApplicationReview: 'publicity-application-review',
  identityManualVerification: 'identity-manual-verification',
  identityManualVerificationReview: 'identity-manual-verification-review',
} as const;

export const PUBLICITY_GROUP = { publicityReviewers: 'publicity-reviewers' } as const;

export const PUBLICITY_VAR = {
  eligibilityFailures: 'eligibilityFailures',
  identityResult: 'identityResult',
  verificationId: 'verificationId',
  verificationResult: 'verificationResult',
  formFileId: 'formFileId',
} as const;

export const PUBLICITY_BPMN_ERROR = {
  publicityIneligible: 'PUBLICITY_INELIGIBLE',
  identityManualRequired: 'IDENTITY_MANUAL_REQUIRED',
} as const;

export const PUBLICITY_MESSAGE = {
  /** correlation key: the application id (the stamped cancellation request was uploaded) */
  publicityCancelUploaded: 'publicity-cancel-uploaded',
  /** the applicant asked for the SMS code (three-element check first); key: the application id */
  publicityCodeRequested: 'publicity-code-requested',
  /** the signed form is uploaded and the SMS code was right; key: the application id */
  publicityConfirmed: 'publicity-confirmed',
} as const;

export const PUBLICITY_STATUS = {
  ineligible: 'ineligible',
  awaitingUpload: 'awaiting_upload',
  identityPending: 'identity_pending',
  failed: 'failed',
  /** a cancellation request the unit deleted before handing in the stamped form (删除申请) */
  deleted: 'deleted',
} as const;

export const PUBLICITY_MAIL = {
  publicityIneligible: 'publicity-ineligible',
  publicityExpired: 'publicity-expired',
  publicityIdentityFailed: 'publicity-identity-failed',
} as const;

export const PUBLICITY_DOCUMENT = {
  publicityApplicationForm: 'publicity-application-form',
  publicityCertificate: 'publicity-certificate',
  /** 执业公示注销申请表: printed, stamped by the unit and uploaded (publicity-cancel) */
  publicityCancellationRequest: 'publicity-cancellation-request',
} as const;

/** Publicity application types 初始 / 变更 / 续期 / 追加 / 注销. */
export const PUBLICITY_TYPE = { initial: 'initial', change: 'change', renewal: 'renewal', add: 'add', cancel: 'cancel' } as const;
export type PublicityType = (typeof PUBLICITY_TYPE)[keyof typeof PUBLICITY_TYPE];
export const PUBLICITY_TYPE_LABEL: Record<PublicityType, string> = { initial: '初始', change: '变更', renewal: '续期', add: '追加', cancel: '注销' };

export const PUBLICITY_RECORD_STATUS = { active: 'active', ended: 'ended' } as const;
export type PublicityRecordStatus = (typeof PUBLICITY_RECORD_STATUS)[keyof typeof PUBLICITY_RECORD_STATUS];

/** Why a publicity record ended. */
export const PUBLICITY_END_REASON = { cancelled: 'cancelled', changedUnit: 'changed-unit', expired: 'expired', unitDissolved: 'unit-dissolved' } as const;

export const PUBLICITY_HISTORY_ACTION = {
  registered: 'registered', changed: 'changed', renewed: 'renewed', itemsAdded: 'items-added', cancelled: 'cancelled', ended: 'ended', imported: 'imported',
} as const;

export const IDENTITY_STATUS = {
  unchecked: 'unchecked', checking: 'checking', passed: 'passed', mismatch: 'mismatch', manualPending: 'manual-pending', manualPassed: 'manual-passed', manualFailed: 'manual-failed',
} as const;
export type IdentityStatus = (typeof IDENTITY_STATUS)[keyof typeof IDENTITY_STATUS];

/** identityResult of publicity.identity-check: go on / let the applicant correct the mobile / manual check. */
export const IDENTITY_RESULT = { passed: 'passed', retry: 'retry', manual: 'manual' } as const;

/** outcome input of publicity.close. */
export const PUBLICITY_OUTCOME = { ineligible: 'ineligible', expired: 'expired', identityFailed: 'identity-failed' } as const;

/** identity_verifications.status: 待人工核验 / 人工核验通过 / 人工核验不通过. */
export const VERIFICATION_STATUS = { pending: 'pending', passed: 'passed', failed: 'failed' } as const;
export type VerificationStatus = (typeof VERIFICATION_STATUS)[keyof typeof VERIFICATION_STATUS];

/** Prefixes of the per-year gap-free counters (number_counters). */
export const NUMBER_PREFIX = { publicityApplication: 'A', publicityCancel: 'D', identityVerification: 'V', publicityCertificate: 'P' } as const;
