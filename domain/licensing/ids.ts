/** Special-equipment licensing: the production licence and the inspector qualification. */
import type { StartableProcess } from '../ids';

export const LICENSING_PROCESS = {
  productionLicence: 'production-licence',
  inspectorQualification: 'inspector-qualification',
} as const;

export const LICENSING_JOB = {
  licenceRoute: 'licence.route',
  licenceCorrectionNotice: 'licence.correction-notice',
  licenceAccept: 'licence.accept',
  licenceClock: 'licence.clock',
  licenceClockDates: 'licence.clock-dates',
  licenceClockAlert: 'licence.clock-alert',
  licenceFeedbackLapsed: 'licence.feedback-lapsed',
  licenceIssue: 'licence.issue',
  licenceReject: 'licence.reject',
  inspectorResult: 'inspector.result',
} as const;

export const LICENSING_FORM = {
  productionLicence: 'production-licence',
  licenceFormalReview: 'production-licence-formal-review',
  licenceSupplement: 'production-licence-supplement',
  licenceDatesPropose: 'production-licence-dates-propose',
  licenceDatesOpinion: 'production-licence-dates-opinion',
  licenceAppraisal: 'production-licence-appraisal',
  licenceFeedback: 'production-licence-feedback',
  licenceDecision: 'production-licence-decision',
  inspectorQualification: 'inspector-qualification',
  inspectorAccept: 'inspector-qualification-accept',
  inspectorReview: 'inspector-qualification-review',
} as const;

/**
 * The national authority (国家市场监督管理总局), the appraisal agencies, the inspector authority;
 * each province's authority has its own group (licenceProvinceGroup).
 */
export const LICENSING_GROUP = {
  licenceNationalAuthority: 'licence-authority-national',
  appraisalAgencies: 'appraisal-agencies',
  inspectorAuthority: 'inspector-authority',
} as const;

/** The group of a province's licensing authority, e.g. licence-authority-110000 (省级市场监督管理局). */
export const licenceProvinceGroup = (provinceCode: string): string => `licence-authority-${provinceCode}`;

export const LICENSING_VAR = {
  authorityGroup: 'authorityGroup',
  authorityLevel: 'authorityLevel',
  applicantLogin: 'applicantLogin',
  clockAction: 'clockAction',
  /** the engine's now() where a job records a moment (the clock's periods follow the engine clock) */
  at: 'at',
  /** licence.clock-dates: how many working days before the limit the authority is reminded */
  reminderWorkingDays: 'reminderWorkingDays',
  /** the end of the statutory limit (ISO), the decision task's due date and the overdue timer */
  statutoryDueDate: 'statutoryDueDate',
  clockReminderAt: 'clockReminderAt',
  /** licence.clock-alert: reminder | overdue */
  clockAlert: 'clockAlert',
  /** inspector.result: accepted | approved */
  outcome: 'outcome',
} as const;

export const LICENSING_STATUS = {
  correction: 'correction',
  accepted: 'accepted',
  appraisal: 'appraisal',
  /** an inspector application the person withdrew before it was accepted (已撤销) */
  withdrawn: 'withdrawn',
} as const;

export const LICENSING_MESSAGE = {
  /** the person withdrew the inspector application before acceptance; key: the application id */
  inspectorWithdrawn: 'inspector-qualification-withdrawn',
} as const;

export const LICENSING_DOCUMENT = {
  licenceCorrectionNotice: 'licence-correction-notice',
  licenceAcceptance: 'licence-acceptance',
  productionLicence: 'production-licence',
} as const;

/** Decisions of the licensing tasks. */
export const LICENCE_DECISION = { accept: 'accept', correct: 'correct', reject: 'reject', confirm: 'confirm', return: 'return', approve: 'approve' } as const;
export const CLOCK_ACTION = { pause: 'pause', resume: 'resume', stop: 'stop' } as const;
export const CLOCK_ALERT = { reminder: 'reminder', overdue: 'overdue' } as const;

/** E-mails to the approving authority about the statutory clock. */
export const LICENSING_MAIL = {
  licenceClockReminder: 'licence-clock-reminder',
  licenceClockOverdue: 'licence-clock-overdue',
} as const;
export const AUTHORITY_LEVEL = { national: 'national', provincial: 'provincial' } as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVEL)[keyof typeof AUTHORITY_LEVEL];
/** 人员类型: an inspector (检验人员) or a tester (检测人员); the item codes belong to one of them. */
export const INSPECTOR_PERSON_TYPE = { inspector: 'inspector', tester: 'tester' } as const;
/** Inspector qualification categories (取证, 考试换证, 审核换证, 变更). */
export const INSPECTOR_CATEGORY = { obtain: 'obtain', renewByExam: 'renew-exam', renewByReview: 'renew-review', change: 'change' } as const;

/** What an applicant starts from POST /api/applications. */
export const LICENSING_STARTABLE: Record<string, StartableProcess> = {
  [LICENSING_PROCESS.productionLicence]: { formKey: LICENSING_FORM.productionLicence, numberPrefix: 'TSL', title: '特种设备生产单位许可 Special-equipment production licence', area: 'licensing', via: 'applications', applicant: 'unit' },
  [LICENSING_PROCESS.inspectorQualification]: { formKey: LICENSING_FORM.inspectorQualification, numberPrefix: 'TSR', title: '检验检测人员资格认定 Inspector qualification', area: 'licensing', via: 'applications', applicant: 'person' },
};
