/**
 * The names shared by BPMN models, forms, workers and the API: one place for each.
 * test/unit/model-consistency.test.ts checks that bpmn/ and forms/ use exactly these.
 */
export const PROCESS = {
  unitRegistration: 'unit-registration',
  unitQualification: 'unit-qualification',
  accountAppeal: 'account-appeal',
  unitInfoChange: 'unit-info-change',
  // special-equipment licensing (issue 7)
  productionLicence: 'production-licence',
  inspectorQualification: 'inspector-qualification',
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
  // special-equipment licensing (issue 7)
  licenceRoute: 'licence.route',
  licenceCorrectionNotice: 'licence.correction-notice',
  licenceAccept: 'licence.accept',
  licenceClock: 'licence.clock',
  licenceIssue: 'licence.issue',
  licenceReject: 'licence.reject',
  inspectorResult: 'inspector.result',
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
} as const;

export const GROUP = {
  registrationReviewers: 'registration-reviewers',
  unitReviewers: 'unit-reviewers',
  reviewLeads: 'review-leads',
  // special-equipment licensing (issue 7): the national authority (国家市场监督管理总局), the appraisal
  // agencies, and one group per province's authority (licenceProvinceGroup)
  licenceNationalAuthority: 'licence-authority-national',
  appraisalAgencies: 'appraisal-agencies',
  inspectorAuthority: 'inspector-authority',
} as const;

/** The group of a province's licensing authority, e.g. licence-authority-110000 (省级市场监督管理局). */
export const licenceProvinceGroup = (provinceCode: string): string => `licence-authority-${provinceCode}`;

export const BPMN_ERROR = {
  registrationInvalid: 'REGISTRATION_INVALID',
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
  // special-equipment licensing (issue 7)
  authorityGroup: 'authorityGroup',
  authorityLevel: 'authorityLevel',
  applicantLogin: 'applicantLogin',
  applicantGroup: 'applicantGroup',
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
} as const;

export const DECISION = { approve: 'approve', reject: 'reject' } as const;
export type Decision = (typeof DECISION)[keyof typeof DECISION];

export const APPLICATION_STATUS = {
  submitted: 'submitted',
  inReview: 'in_review',
  approved: 'approved',
  rejected: 'rejected',
  // special-equipment licensing (issue 7)
  correction: 'correction',
  accepted: 'accepted',
  appraisal: 'appraisal',
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

/** Kinds of generated documents (documents/, db/documents.ts); each process adds its own. */
export const DOCUMENT_KIND = {
  /** a sample for the document pipeline's own tests and the development seed */
  sample: 'sample',
  // special-equipment licensing (issue 7)
  licenceCorrectionNotice: 'licence-correction-notice',
  licenceAcceptance: 'licence-acceptance',
  productionLicence: 'production-licence',
} as const;
export type DocumentKind = (typeof DOCUMENT_KIND)[keyof typeof DOCUMENT_KIND];

export const DOCUMENT_STATUS = { valid: 'valid', revoked: 'revoked' } as const;
