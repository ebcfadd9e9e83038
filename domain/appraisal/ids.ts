/** appraisal-review (评审): the association office, the review team and the unit's own steps. */
export const APPRAISAL_PROCESS = { appraisalReview: 'appraisal-review' } as const;

export const APPRAISAL_JOB = {
  appraisalLetter: 'appraisal.letter',
  appraisalRemind: 'appraisal.remind',
  appraisalClose: 'appraisal.close',
} as const;

/** One form per step. */
export const APPRAISAL_FORM = {
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
} as const;

export const APPRAISAL_GROUP = {
  /** the association office 中特协 (pre-review, invitations, plans) */
  appraisalOffice: 'appraisal-office',
  /** review-team leaders 评审组长; each project's leader is its task assignee (variable teamLeader) */
  appraisalLeaders: 'appraisal-leaders',
} as const;

export const APPRAISAL_VAR = {
  proposedDate: 'proposedDate',
  reviewDate: 'reviewDate',
  teamLeader: 'teamLeader',
  conclusion: 'conclusion',
  rectificationDays: 'rectificationDays',
  rectificationDueDate: 'rectificationDueDate',
  rectificationReminderAt: 'rectificationReminderAt',
  letter: 'letter',
} as const;

export const APPRAISAL_MAIL = {
  appraisalRectificationReminder: 'appraisal-rectification-reminder',
  appraisalRectificationOverdue: 'appraisal-rectification-overdue',
} as const;

export const APPRAISAL_DOCUMENT = {
  appraisalNegotiationLetter: 'appraisal-negotiation-letter',
  appraisalReviewNotice: 'appraisal-review-notice',
} as const;

/** The on-site conclusion and the two letters. */
export const APPRAISAL_CONCLUSION = { pass: 'pass', rectification: 'rectification', reReview: 're-review' } as const;
export const APPRAISAL_LETTER = { negotiation: 'negotiation', notice: 'notice' } as const;
export type AppraisalLetter = (typeof APPRAISAL_LETTER)[keyof typeof APPRAISAL_LETTER];
export const APPRAISAL_NUMBER_PREFIX = 'PSS';
