/**
 * The names shared by BPMN models, forms, workers and the API: one place for each.
 * test/unit/model-consistency.test.ts checks that bpmn/ and forms/ use exactly these.
 */
export const PROCESS = {
  unitRegistration: 'unit-registration',
  unitQualification: 'unit-qualification',
  accountAppeal: 'account-appeal',
  unitInfoChange: 'unit-info-change',
  appraisalReview: 'appraisal-review',
  // Practitioner publicity (issue 5); each id comes with its model in bpmn/ (the consistency test
  // wants one model per id).
  publicityApplication: 'publicity-application',
  identityManualVerification: 'identity-manual-verification',
  publicityAdd: 'publicity-add',
  publicityCancel: 'publicity-cancel',
  // special-equipment licensing (issue 7)
  productionLicence: 'production-licence',
  inspectorQualification: 'inspector-qualification',
  // power-facility permit (issue 8)
  powerPermitNew: 'power-permit-new',
  powerPermitReview: 'power-permit-review',
  powerPermitRegistrationChange: 'power-permit-registration-change',
  powerPermitItemChange: 'power-permit-item-change',
  powerPermitRenewal: 'power-permit-renewal',
  powerPermitReissue: 'power-permit-reissue',
  powerPermitCancel: 'power-permit-cancel',
  personnelChange: 'personnel-change',
  selfInspectionCampaign: 'self-inspection-campaign',
} as const;
export type ProcessId = (typeof PROCESS)[keyof typeof PROCESS];

export const JOB = {
  registrationValidate: 'registration.validate',
  registrationActivate: 'registration.activate',
  registrationReject: 'registration.reject',
  registrationEscalate: 'registration.escalate',
  qualificationActivate: 'qualification.activate',
  qualificationExpiryDates: 'qualification.expiry-dates',
  qualificationExpire: 'qualification.expire',
  appealApply: 'appeal.apply',
  unitInfoApply: 'unit-info.apply',
  applicationReject: 'application.reject',
  dueDate: 'calendar.due-date',
  notifyEmail: 'notify.email',
  notifySms: 'notify.sms',
  // practitioner publicity: batch add and cancellation
  publicityAddApply: 'publicity-add.apply',
  publicityCancelRequest: 'publicity-cancel.request-document',
  publicityCancelApply: 'publicity-cancel.apply',
  // appraisal-review
  appraisalLetter: 'appraisal.letter',
  appraisalRemind: 'appraisal.remind',
  appraisalClose: 'appraisal.close',
  // publicity-application
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
  // identity-manual-verification
  identityDecide: 'identity.decide',
  // special-equipment licensing (issue 7)
  licenceRoute: 'licence.route',
  licenceCorrectionNotice: 'licence.correction-notice',
  licenceAccept: 'licence.accept',
  licenceClock: 'licence.clock',
  licenceIssue: 'licence.issue',
  licenceReject: 'licence.reject',
  inspectorResult: 'inspector.result',
  // power-facility permit (issue 8)
  powerPermitIssue: 'power-permit.issue',
  powerPermitApply: 'power-permit.apply',
  powerPermitMaterialsMissed: 'power-permit.materials-missed',
  personnelApply: 'personnel.apply',
  selfInspectionPrepare: 'self-inspection.prepare',
} as const;
export type JobType = (typeof JOB)[keyof typeof JOB];

/**
 * The user task listener jobs that keep the inbox mirror in step: one job type per event, because
 * the job carries no event type that the SDK's gRPC client exposes. Every Camunda user task in
 * bpmn/ declares all five (checked by test/unit/model-consistency.test.ts).
 */
export const INBOX_EVENTS = ['creating', 'assigning', 'updating', 'completing', 'canceling'] as const;
export type InboxEvent = (typeof INBOX_EVENTS)[number];
export const inboxSyncJobType = (event: InboxEvent): string => `inbox.sync.${event}`;

export const FORM = {
  unitRegistration: 'unit-registration',
  unitRegistrationReview: 'unit-registration-review',
  unitQualification: 'unit-qualification',
  unitQualificationReview: 'unit-qualification-review',
  accountAppeal: 'account-appeal',
  accountAppealReview: 'account-appeal-review',
  unitInfoChange: 'unit-info-change',
  unitInfoChangeReview: 'unit-info-change-review',
  // practitioner publicity: batch add (start form) and cancellation (start form, review)
  publicityAdd: 'publicity-add',
  publicityCancel: 'publicity-cancel',
  publicityCancelReview: 'publicity-cancel-review',
  // appraisal-review (one form per step)
  appraisalProject: 'appraisal-project',
  appraisalPreReview: 'appraisal-pre-review',
  appraisalInvitation: 'appraisal-invitation',
  appraisalInvitationReview: 'appraisal-invitation-review',
  appraisalStampedLetter: 'appraisal-stamped-letter',
  appraisalPlan: 'appraisal-plan',
  appraisalNoticeReceipt: 'appraisal-notice-receipt',
  appraisalConclusion: 'appraisal-conclusion',
  appraisalRectification: 'appraisal-rectification',
  appraisalRectificationVerify: 'appraisal-rectification-verify',
  appraisalConfirmInvitation: 'appraisal-confirm-invitation',
  appraisalRating: 'appraisal-rating',
  publicityApplication: 'publicity-application',
  publicityApplicationReview: 'publicity-application-review',
  identityManualVerification: 'identity-manual-verification',
  identityManualVerificationReview: 'identity-manual-verification-review',
  // special-equipment licensing (issue 7)
  productionLicence: 'production-licence',
  licenceFormalReview: 'production-licence-formal-review',
  licenceSupplement: 'production-licence-supplement',
  licenceDatesPropose: 'production-licence-dates-propose',
  licenceDatesConfirm: 'production-licence-dates-confirm',
  licenceDatesOpinion: 'production-licence-dates-opinion',
  licenceAppraisal: 'production-licence-appraisal',
  licenceFeedback: 'production-licence-feedback',
  licenceDecision: 'production-licence-decision',
  inspectorQualification: 'inspector-qualification',
  inspectorAccept: 'inspector-qualification-accept',
  inspectorReview: 'inspector-qualification-review',
  // power-facility permit (issue 8): start forms share sections (forms/sections/)
  powerPermitNew: 'power-permit-new',
  powerPermitRegistrationChange: 'power-permit-registration-change',
  powerPermitItemChange: 'power-permit-item-change',
  powerPermitRenewal: 'power-permit-renewal',
  powerPermitReissue: 'power-permit-reissue',
  powerPermitCancel: 'power-permit-cancel',
  personnelChange: 'personnel-change',
  powerPermitFormalReview: 'power-permit-formal-review',
  powerPermitSubstantiveReview: 'power-permit-substantive-review',
  powerPermitCommittee: 'power-permit-committee',
  powerPermitSignOff: 'power-permit-sign-off',
  powerPermitDowngrade: 'power-permit-downgrade',
  personnelChangeReview: 'personnel-change-review',
  selfInspection: 'self-inspection',
} as const;

export const GROUP = {
  registrationReviewers: 'registration-reviewers',
  unitReviewers: 'unit-reviewers',
  reviewLeads: 'review-leads',
  /** the association office 中特协 (appraisal review: pre-review, invitations, plans) */
  appraisalOffice: 'appraisal-office',
  /** review-team leaders 评审组长; each project's leader is its task assignee (variable teamLeader) */
  appraisalLeaders: 'appraisal-leaders',
  publicityReviewers: 'publicity-reviewers',
  // special-equipment licensing (issue 7): the national authority (国家市场监督管理总局), the appraisal
  // agencies, and one group per province's authority (licenceProvinceGroup)
  licenceNationalAuthority: 'licence-authority-national',
  appraisalAgencies: 'appraisal-agencies',
  inspectorAuthority: 'inspector-authority',
  powerPermitReviewers: 'power-permit-reviewers',
  powerPermitCommittee: 'power-permit-committee',
  powerPermitLeads: 'power-permit-leads',
} as const;

/**
 * A unit's own tasks (applicant steps of appraisal-review) have the candidate group unit:<unit id>;
 * the unit's main account, and sub-accounts allowed in the area, are members (api/routes/tasks.ts).
 */
export const unitTaskGroup = (unitId: string): string => `unit:${unitId}`;

/** The group of a province's licensing authority, e.g. licence-authority-110000 (省级市场监督管理局). */
export const licenceProvinceGroup = (provinceCode: string): string => `licence-authority-${provinceCode}`;

export const BPMN_ERROR = {
  registrationInvalid: 'REGISTRATION_INVALID',
  publicityIneligible: 'PUBLICITY_INELIGIBLE',
  identityManualRequired: 'IDENTITY_MANUAL_REQUIRED',
} as const;

/** Variable names carried by process instances (ids and decisions only, never whole forms). */
export const VAR = {
  applicationId: 'applicationId',
  decision: 'decision',
  reason: 'reason',
  reviewDueDate: 'reviewDueDate',
  workingDays: 'workingDays',
  template: 'template',
  validationErrors: 'validationErrors',
  // appraisal-review and licensing: the applicant's candidate group (unit:<id>)
  applicantGroup: 'applicantGroup',
  proposedDate: 'proposedDate',
  reviewDate: 'reviewDate',
  teamLeader: 'teamLeader',
  conclusion: 'conclusion',
  rectificationDays: 'rectificationDays',
  rectificationDueDate: 'rectificationDueDate',
  rectificationReminderAt: 'rectificationReminderAt',
  letter: 'letter',
  eligibilityFailures: 'eligibilityFailures',
  identityResult: 'identityResult',
  verificationId: 'verificationId',
  verificationResult: 'verificationResult',
  formFileId: 'formFileId',
  // special-equipment licensing (issue 7)
  authorityGroup: 'authorityGroup',
  authorityLevel: 'authorityLevel',
  applicantLogin: 'applicantLogin',
  clockAction: 'clockAction',
  /** inspector.result: accepted | approved */
  outcome: 'outcome',
} as const;

/** Decisions of the licensing tasks (issue 7). */
export const LICENCE_DECISION = { accept: 'accept', correct: 'correct', reject: 'reject', confirm: 'confirm', return: 'return', approve: 'approve' } as const;
export const CLOCK_ACTION = { pause: 'pause', resume: 'resume', stop: 'stop' } as const;
export const AUTHORITY_LEVEL = { national: 'national', provincial: 'provincial' } as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVEL)[keyof typeof AUTHORITY_LEVEL];
/** Inspector qualification categories (取证, 考试换证, 审核换证, 变更). */
export const INSPECTOR_CATEGORY = { obtain: 'obtain', renewByExam: 'renew-exam', renewByReview: 'renew-review', change: 'change' } as const;
/** Statutory limit of a production licence after acceptance, appraisal time excluded. */
export const LICENCE_STATUTORY_WORKING_DAYS = 20;

export const MESSAGE = {
  /** correlation key: the application id */
  registrationResubmitted: 'registration-resubmitted',
  /** correlation key: the application id (the stamped cancellation request was uploaded) */
  publicityCancelUploaded: 'publicity-cancel-uploaded',
  /** the applicant asked for the SMS code (three-element check first); key: the application id */
  publicityCodeRequested: 'publicity-code-requested',
  /** the signed form is uploaded and the SMS code was right; key: the application id */
  publicityConfirmed: 'publicity-confirmed',
  /** correlation key: the application id */
  powerPermitMaterialsSubmitted: 'power-permit-materials-submitted',
} as const;

export const DECISION = { approve: 'approve', reject: 'reject' } as const;
export type Decision = (typeof DECISION)[keyof typeof DECISION];

export const APPLICATION_STATUS = {
  /** saved, not yet submitted (appraisal projects: the number is given at once) */
  draft: 'draft',
  submitted: 'submitted',
  inReview: 'in_review',
  approved: 'approved',
  rejected: 'rejected',
  // publicity-application
  ineligible: 'ineligible',
  awaitingUpload: 'awaiting_upload',
  identityPending: 'identity_pending',
  failed: 'failed',
  // special-equipment licensing (issue 7)
  correction: 'correction',
  accepted: 'accepted',
  appraisal: 'appraisal',
  /** ended by the applicant while in progress (业务办理终止) */
  terminated: 'terminated',
  /** self-inspection: the unit's task is open / submitted */
  pending: 'pending',
} as const;
export type ApplicationStatus = (typeof APPLICATION_STATUS)[keyof typeof APPLICATION_STATUS];

export const UNIT_STATUS = { active: 'active', disabled: 'disabled' } as const;

export const TASK_STATE = {
  created: 'CREATED',
  completed: 'COMPLETED',
  canceled: 'CANCELED',
} as const;

export const MAIL_TEMPLATE = {
  registrationApproved: 'registration-approved',
  registrationRejected: 'registration-rejected',
  registrationEscalated: 'registration-escalated',
  applicationApproved: 'application-approved',
  applicationRejected: 'application-rejected',
  appealApproved: 'appeal-approved',
  appraisalRectificationReminder: 'appraisal-rectification-reminder',
  appraisalRectificationOverdue: 'appraisal-rectification-overdue',
  publicityIneligible: 'publicity-ineligible',
  publicityExpired: 'publicity-expired',
  publicityIdentityFailed: 'publicity-identity-failed',
  qualificationExpiring: 'qualification-expiring',
  qualificationExpired: 'qualification-expired',
} as const;
export type MailTemplate = (typeof MAIL_TEMPLATE)[keyof typeof MAIL_TEMPLATE];

/**
 * Processes an applicant starts from a start form (POST /api/applications), with the number
 * prefix of their applications. unit-registration has its own endpoint (no login needed).
 */
export const START_FORMS: Partial<Record<ProcessId, { formKey: string; numberPrefix: string; title: string; area: UnitArea; applicant?: 'unit' | 'person' }>> = {
  [PROCESS.unitQualification]: { formKey: FORM.unitQualification, numberPrefix: 'QUA', title: '单位资质 Unit qualification', area: 'qualification' },
  [PROCESS.unitInfoChange]: { formKey: FORM.unitInfoChange, numberPrefix: 'CHG', title: '单位信息变更 Unit information change', area: 'unit-info' },
  [PROCESS.productionLicence]: { formKey: FORM.productionLicence, numberPrefix: 'TSL', title: '特种设备生产单位许可 Special-equipment production licence', area: 'licensing' },
  [PROCESS.inspectorQualification]: { formKey: FORM.inspectorQualification, numberPrefix: 'TSR', title: '检验检测人员资格认定 Inspector qualification', area: 'licensing', applicant: 'person' },
};

/** The unit fields an information change may request (seed 004 §3.2: not editable directly). */
export const UNIT_CHANGE_FIELDS = { name: 'name', legalRepresentative: 'legal_representative', uscc: 'uscc', address: 'address', postcode: 'postcode' } as const;

/** The areas a unit's sub-account can be allowed to act in (seed 004 §3: per-subsystem permissions). */
export const UNIT_AREAS = ['qualification', 'publicity', 'appraisal', 'licensing', 'unit-info'] as const;
export type UnitArea = (typeof UNIT_AREAS)[number];

export const QUALIFICATION_STATUS = { active: 'active', expired: 'expired' } as const;

/** appraisal-review: the on-site conclusion, the letters, the documents' kinds and the temporary-file steps. */
export const APPRAISAL_CONCLUSION = { pass: 'pass', rectification: 'rectification', reReview: 're-review' } as const;
export const APPRAISAL_LETTER = { negotiation: 'negotiation', notice: 'notice' } as const;
export type AppraisalLetter = (typeof APPRAISAL_LETTER)[keyof typeof APPRAISAL_LETTER];
/** Invitation dates within this many calendar days of today are refused (seed 002 §3.3.1 当天 5 日内禁止选择). */
export const APPRAISAL_INVITATION_MIN_DAYS = 5;
/** The rectification reminder goes this many working days before the deadline. */
export const APPRAISAL_REMINDER_WORKING_DAYS = 3;
export const APPRAISAL_NUMBER_PREFIX = 'PSS';

/** Kinds of generated documents (documents/, db/documents.ts); each process adds its own. */
export const DOCUMENT_KIND = {
  /** a sample for the document pipeline's own tests and the development seed */
  sample: 'sample',
  // appraisal-review
  appraisalNegotiationLetter: 'appraisal-negotiation-letter',
  appraisalReviewNotice: 'appraisal-review-notice',
  publicityApplicationForm: 'publicity-application-form',
  publicityCertificate: 'publicity-certificate',
  /** 执业公示注销申请表: printed, stamped by the unit and uploaded (publicity-cancel) */
  publicityCancellationRequest: 'publicity-cancellation-request',
  // special-equipment licensing (issue 7)
  licenceCorrectionNotice: 'licence-correction-notice',
  licenceAcceptance: 'licence-acceptance',
  productionLicence: 'production-licence',
  powerPermit: 'power-permit',
} as const;
export type DocumentKind = (typeof DOCUMENT_KIND)[keyof typeof DOCUMENT_KIND];

export const DOCUMENT_STATUS = { valid: 'valid', revoked: 'revoked' } as const;

// ---- Practitioner publicity 执业公示 (issue 5) ----------------------------------------------

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

/** identityResult of publicity.identity-check: go on / let the applicant correct the mobile / manual check. */
export const IDENTITY_RESULT = { passed: 'passed', retry: 'retry', manual: 'manual' } as const;

/** outcome input of publicity.close. */
export const PUBLICITY_OUTCOME = { ineligible: 'ineligible', expired: 'expired', identityFailed: 'identity-failed' } as const;
export type IdentityStatus = (typeof IDENTITY_STATUS)[keyof typeof IDENTITY_STATUS];

/** identity_verifications.status: 待人工核验 / 人工核验通过 / 人工核验不通过. */
export const VERIFICATION_STATUS = { pending: 'pending', passed: 'passed', failed: 'failed' } as const;
export type VerificationStatus = (typeof VERIFICATION_STATUS)[keyof typeof VERIFICATION_STATUS];

/** Prefixes of the per-year gap-free counters (number_counters). */
export const NUMBER_PREFIX = { publicityApplication: 'A', publicityCancel: 'D', identityVerification: 'V', publicityCertificate: 'P' } as const;

/**
 * Practitioner publicity, batch add and cancellation (issue 5 items 8–10): application number
 * prefixes, how far ahead renewals are offered, and the public query's rate limit.
 */
export const PUBLICITY_OPS = {
  /** persons whose publicity expires within this many days are offered for renewal */
  renewalWindowDays: 90,
  /** anonymous public query: requests per IP per minute */
  publicQueryPerMinute: 30,
  maxBatch: 200,
} as const;

// ---- power-facility permit (issue 8) ----------------------------------------------------------

/** The power-permit processes an enterprise starts (POST /api/power-permits/applications), with their number prefix. */
export const POWER_PERMIT_STARTS: Partial<Record<ProcessId, { formKey: string; numberPrefix: string; title: string }>> = {
  [PROCESS.powerPermitNew]: { formKey: FORM.powerPermitNew, numberPrefix: 'PPN', title: '承装（修、试）电力设施许可证新申请' },
  [PROCESS.powerPermitRegistrationChange]: { formKey: FORM.powerPermitRegistrationChange, numberPrefix: 'PPR', title: '登记事项变更' },
  [PROCESS.powerPermitItemChange]: { formKey: FORM.powerPermitItemChange, numberPrefix: 'PPI', title: '许可事项变更' },
  [PROCESS.powerPermitRenewal]: { formKey: FORM.powerPermitRenewal, numberPrefix: 'PPX', title: '许可证延续' },
  [PROCESS.powerPermitReissue]: { formKey: FORM.powerPermitReissue, numberPrefix: 'PPB', title: '许可证补（换）证' },
  [PROCESS.powerPermitCancel]: { formKey: FORM.powerPermitCancel, numberPrefix: 'PPC', title: '许可证注销' },
  [PROCESS.personnelChange]: { formKey: FORM.personnelChange, numberPrefix: 'PPP', title: '人员变更' },
};

/**
 * Statutory limits in working days (seed 004): normal and free-trade-zone fast track. Reissue in
 * the zone is the same day (0). The manual gives no normal limit for reissue, cancel and personnel
 * changes; 10 working days is assumed.
 */
export const STATUTORY_DAYS: Partial<Record<ProcessId, { normal: number; fastTrack: number }>> = {
  [PROCESS.powerPermitNew]: { normal: 20, fastTrack: 15 },
  [PROCESS.powerPermitRegistrationChange]: { normal: 15, fastTrack: 10 },
  [PROCESS.powerPermitItemChange]: { normal: 20, fastTrack: 15 },
  [PROCESS.powerPermitRenewal]: { normal: 20, fastTrack: 10 },
  [PROCESS.powerPermitReissue]: { normal: 10, fastTrack: 0 },
  [PROCESS.powerPermitCancel]: { normal: 10, fastTrack: 10 },
  [PROCESS.personnelChange]: { normal: 10, fastTrack: 10 },
};

export const POWER_CATEGORIES = ['install', 'repair', 'test'] as const;
export type PowerCategory = (typeof POWER_CATEGORIES)[number];
export const POWER_LEVELS = ['1', '2', '3', '4', '5'] as const;
export const PERMIT_STATUS = { active: 'active', cancelled: 'cancelled' } as const;
/** Years a permit is valid for (承装（修、试）电力设施许可证: 6 years). */
export const PERMIT_VALID_YEARS = 6;
/** Working days the missing materials are due in, under acceptance with missing materials. */
export const MISSING_MATERIALS_WORKING_DAYS = 5;
/** Variables of the power-permit processes. */
export const PP_VAR = {
  fastTrack: 'fastTrack',
  statutoryDays: 'statutoryDays',
  missingMaterials: 'missingMaterials',
  materialsDueDate: 'materialsDueDate',
  downgrade: 'downgrade',
  changes: 'changes',
  items: 'items',
} as const;
