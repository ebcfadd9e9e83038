/**
 * The ids every area shares: the generic jobs (due dates, notifications, the inbox listeners), the
 * common variables, decisions and application statuses. Each area adds its own in domain/<area>/ids.ts;
 * domain/registry.ts composes them all.
 */
export const COMMON_JOB = {
  dueDate: 'calendar.due-date',
  notifyEmail: 'notify.email',
  notifySms: 'notify.sms',
} as const;

/**
 * The user task listener jobs that keep the inbox mirror in step: one job type per event, because
 * the job carries no event type that the SDK's gRPC client exposes. Every Camunda user task in
 * bpmn/ declares all five (checked by test/unit/model-consistency.test.ts).
 */
export const INBOX_EVENTS = ['creating', 'assigning', 'updating', 'completing', 'canceling'] as const;
export type InboxEvent = (typeof INBOX_EVENTS)[number];
export type InboxSyncJobType = `inbox.sync.${InboxEvent}`;
export const inboxSyncJobType = (event: InboxEvent): InboxSyncJobType => `inbox.sync.${event}`;

export const COMMON_GROUP = {
  reviewLeads: 'review-leads',
} as const;

/**
 * A unit's own tasks (applicant steps of appraisal-review, licensing, self-inspection) have the
 * candidate group unit:<unit id>; the unit's main account, and sub-accounts allowed in the area,
 * are members (api/auth.ts taskGroupsOf).
 */
export const unitTaskGroup = (unitId: string): string => `unit:${unitId}`;

/** Variable names carried by process instances (ids and decisions only, never whole forms). */
export const COMMON_VAR = {
  applicationId: 'applicationId',
  decision: 'decision',
  reason: 'reason',
  workingDays: 'workingDays',
  template: 'template',
  /** appraisal-review and licensing: the applicant's candidate group (unit:<id>) */
  applicantGroup: 'applicantGroup',
} as const;

export const DECISION = { approve: 'approve', reject: 'reject' } as const;
export type Decision = (typeof DECISION)[keyof typeof DECISION];

export const COMMON_STATUS = {
  /** saved, not yet submitted (appraisal projects: the number is given at once) */
  draft: 'draft',
  submitted: 'submitted',
  inReview: 'in_review',
  approved: 'approved',
  rejected: 'rejected',
  /** ended by the applicant while in progress (业务办理终止) */
  terminated: 'terminated',
} as const;

export const TASK_STATE = {
  created: 'CREATED',
  completed: 'COMPLETED',
  canceled: 'CANCELED',
} as const;

export const COMMON_MAIL = {
  applicationApproved: 'application-approved',
  applicationRejected: 'application-rejected',
  /** returned to the applicant for correction (退回补正), with the reviewer's opinion */
  applicationReturned: 'application-returned',
} as const;

export const COMMON_DOCUMENT = {
  /** a sample for the document pipeline's own tests and the development seed */
  sample: 'sample',
} as const;

export const DOCUMENT_STATUS = { valid: 'valid', revoked: 'revoked' } as const;

/**
 * A process an applicant starts from a start form, with the number prefix of its applications:
 * `via` names the endpoint (POST /api/applications or POST /api/power-permits/applications);
 * `area` is the sub-account permission it needs. Each area lists its own; domain/registry.ts
 * composes them into STARTABLE. unit-registration has its own endpoint (no login needed).
 */
export interface StartableProcess {
  formKey: string;
  numberPrefix: string;
  title: string;
  area: UnitArea | 'power-permit';
  via: 'applications' | 'power-permits';
  applicant: 'unit' | 'person';
}
import type { UnitArea } from './accounts/ids';

/** Notices admins publish for units (公示通知 / 会员通知), and whether one is shown. */
export const NOTICE_KIND = { publicity: 'publicity', member: 'member' } as const;
export type NoticeKind = (typeof NOTICE_KIND)[keyof typeof NOTICE_KIND];
export const NOTICE_KIND_LABEL: Record<NoticeKind, string> = { publicity: '公示通知 / Publicity notice', member: '会员通知 / Member notice' };
export const NOTICE_STATUS = { published: 'published', unpublished: 'unpublished' } as const;
