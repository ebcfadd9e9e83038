/**
 * Power-facility permits 承装（修、试）电力设施许可: the new permit, its changes, renewal, reissue,
 * cancellation, personnel changes and the yearly self-inspection campaign.
 */
import type { StartableProcess } from '../ids';

export const POWER_PERMIT_PROCESS = {
  powerPermitNew: 'power-permit-new',
  powerPermitReview: 'power-permit-review',
  /** called by the processes that offer acceptance with missing materials: the deadline, the delivery, the violation */
  powerPermitMissingMaterials: 'power-permit-missing-materials',
  powerPermitRegistrationChange: 'power-permit-registration-change',
  powerPermitItemChange: 'power-permit-item-change',
  powerPermitRenewal: 'power-permit-renewal',
  powerPermitReissue: 'power-permit-reissue',
  powerPermitCancel: 'power-permit-cancel',
  personnelChange: 'personnel-change',
  selfInspectionCampaign: 'self-inspection-campaign',
} as const;

export const POWER_PERMIT_JOB = {
  powerPermitIssue: 'power-permit.issue',
  powerPermitApply: 'power-permit.apply',
  powerPermitMaterialsMissed: 'power-permit.materials-missed',
  powerPermitReturn: 'power-permit.return',
  personnelApply: 'personnel.apply',
  selfInspectionPrepare: 'self-inspection.prepare',
  /** the review's statutory limit is near (non-interrupting timer): the case is marked reminded */
  powerPermitStatutoryReminder: 'power-permit.statutory-reminder',
  /** the review's statutory limit has passed (non-interrupting timer): the case is marked overdue */
  powerPermitStatutoryOverdue: 'power-permit.statutory-overdue',
} as const;

/** The start forms, named like their processes, share sections (forms/sections/). */
const { powerPermitReview: _review, powerPermitMissingMaterials: _materials, selfInspectionCampaign: _campaign, ...START_FORMS } = POWER_PERMIT_PROCESS;

export const POWER_PERMIT_FORM = {
  ...START_FORMS,
  powerPermitFormalReview: 'power-permit-formal-review',
  powerPermitSubstantiveReview: 'power-permit-substantive-review',
  powerPermitCommittee: 'power-permit-committee',
  powerPermitSignOff: 'power-permit-sign-off',
  powerPermitDowngrade: 'power-permit-downgrade',
  personnelChangeReview: 'personnel-change-review',
  selfInspection: 'self-inspection',
} as const;

export const POWER_PERMIT_GROUP = {
  powerPermitReviewers: 'power-permit-reviewers',
  powerPermitCommittee: 'power-permit-committee',
  powerPermitLeads: 'power-permit-leads',
} as const;

export const POWER_PERMIT_MESSAGE = {
  /** correlation key: the application id */
  powerPermitMaterialsSubmitted: 'power-permit-materials-submitted',
  /** correlation key: the application id; a returned application was submitted again */
  powerPermitResubmitted: 'power-permit-resubmitted',
} as const;

export const POWER_PERMIT_STATUS = {
  /** self-inspection: the unit's task is open (submitted is the common status) */
  pending: 'pending',
  /** returned by the formal review (退回补正), waiting for the applicant to submit it again */
  returned: 'returned',
  /** discarded by the applicant (申请废弃): a draft or a returned application */
  discarded: 'discarded',
} as const;

export const POWER_PERMIT_DOCUMENT = { powerPermit: 'power-permit' } as const;

/** Variables of the power-permit processes. */
export const PP_VAR = {
  fastTrack: 'fastTrack',
  statutoryDays: 'statutoryDays',
  /** working days to the reminder before the statutory limit (the review computes its date) */
  reminderDays: 'reminderDays',
  missingMaterials: 'missingMaterials',
  materialsDueDate: 'materialsDueDate',
  downgrade: 'downgrade',
  changes: 'changes',
  items: 'items',
} as const;

export const POWER_CATEGORIES = ['install', 'repair', 'test'] as const;
export type PowerCategory = (typeof POWER_CATEGORIES)[number];
export const POWER_LEVELS = ['1', '2', '3', '4', '5'] as const;
export const PERMIT_STATUS = { active: 'active', cancelled: 'cancelled' } as const;
/** What the statutory-limit timers of the review leave on the application (applications.statutory_alert). */
export const STATUTORY_ALERT = { reminded: 'reminded', overdue: 'overdue' } as const;

const start = (formKey: string, numberPrefix: string, title: string): StartableProcess => ({ formKey, numberPrefix, title, area: 'power-permit', via: 'power-permits', applicant: 'unit' });

/** What an enterprise starts from POST /api/power-permits/applications. */
export const POWER_PERMIT_STARTABLE: Record<string, StartableProcess> = {
  [POWER_PERMIT_PROCESS.powerPermitNew]: start(POWER_PERMIT_FORM.powerPermitNew, 'PPN', '承装（修、试）电力设施许可证新申请'),
  [POWER_PERMIT_PROCESS.powerPermitRegistrationChange]: start(POWER_PERMIT_FORM.powerPermitRegistrationChange, 'PPR', '登记事项变更'),
  [POWER_PERMIT_PROCESS.powerPermitItemChange]: start(POWER_PERMIT_FORM.powerPermitItemChange, 'PPI', '许可事项变更'),
  [POWER_PERMIT_PROCESS.powerPermitRenewal]: start(POWER_PERMIT_FORM.powerPermitRenewal, 'PPX', '许可证延续'),
  [POWER_PERMIT_PROCESS.powerPermitReissue]: start(POWER_PERMIT_FORM.powerPermitReissue, 'PPB', '许可证补（换）证'),
  [POWER_PERMIT_PROCESS.powerPermitCancel]: start(POWER_PERMIT_FORM.powerPermitCancel, 'PPC', '许可证注销'),
  [POWER_PERMIT_PROCESS.personnelChange]: start(POWER_PERMIT_FORM.personnelChange, 'PPP', '人员变更'),
};
