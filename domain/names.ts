/**
 * The names shared by BPMN models, forms, workers and the API: one place for each.
 * test/unit/model-consistency.test.ts checks that bpmn/ and forms/ use exactly these.
 */
export const PROCESS = {
  unitRegistration: 'unit-registration',
  unitQualification: 'unit-qualification',
  accountAppeal: 'account-appeal',
  unitInfoChange: 'unit-info-change',
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
  appealApply: 'appeal.apply',
  unitInfoApply: 'unit-info.apply',
  applicationReject: 'application.reject',
  dueDate: 'calendar.due-date',
  notifyEmail: 'notify.email',
  notifySms: 'notify.sms',
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
  powerPermitReviewers: 'power-permit-reviewers',
  powerPermitCommittee: 'power-permit-committee',
  powerPermitLeads: 'power-permit-leads',
} as const;

/** A unit's own tasks (self-inspection): candidate group "unit:<unit id>", which a unit's accounts hold. */
export const unitGroup = (unitId: string): string => `unit:${unitId}`;

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
} as const;

export const MESSAGE = {
  /** correlation key: the application id */
  registrationResubmitted: 'registration-resubmitted',
  /** correlation key: the application id */
  powerPermitMaterialsSubmitted: 'power-permit-materials-submitted',
} as const;

export const DECISION = { approve: 'approve', reject: 'reject' } as const;
export type Decision = (typeof DECISION)[keyof typeof DECISION];

export const APPLICATION_STATUS = {
  submitted: 'submitted',
  inReview: 'in_review',
  approved: 'approved',
  rejected: 'rejected',
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
} as const;
export type MailTemplate = (typeof MAIL_TEMPLATE)[keyof typeof MAIL_TEMPLATE];

/**
 * Processes an applicant starts from a start form (POST /api/applications), with the number
 * prefix of their applications. unit-registration has its own endpoint (no login needed).
 */
export const START_FORMS: Partial<Record<ProcessId, { formKey: string; numberPrefix: string; title: string; area: UnitArea }>> = {
  [PROCESS.unitQualification]: { formKey: FORM.unitQualification, numberPrefix: 'QUA', title: '单位资质 Unit qualification', area: 'qualification' },
  [PROCESS.unitInfoChange]: { formKey: FORM.unitInfoChange, numberPrefix: 'CHG', title: '单位信息变更 Unit information change', area: 'unit-info' },
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
  powerPermit: 'power-permit',
} as const;
export type DocumentKind = (typeof DOCUMENT_KIND)[keyof typeof DOCUMENT_KIND];

export const DOCUMENT_STATUS = { valid: 'valid', revoked: 'revoked' } as const;

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
