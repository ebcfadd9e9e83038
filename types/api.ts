/**
 * The API's answers as the server declares them and the web app reads them: one home for each
 * shape, imported by both (the server's routes type what they answer with them, web/src imports
 * them as types), so a change here or in the server's code fails the web's type check (vue-tsc)
 * instead of a page at run time. Types only: nothing here exists at run time, and what it imports
 * is pure (no Node, no database), since the browser's type check reads it too.
 */
import type { MissingItem, PowerTotals } from '../domain/power-permit/completeness';

export type { MissingItem, PowerTotals };

/** What an account is: a unit's main account or sub-account, staff (reviewer, admin) or a person. */
export type AccountKind = 'unit-main' | 'unit-sub' | 'reviewer' | 'admin' | 'person';

/** The signed-in user as GET /api/me and sign-in answer it. */
export interface MeUser {
  id: string;
  login: string;
  kind: AccountKind;
  displayName: string;
  groups: string[];
  unitId: string | null;
  /** a sub-account's areas */
  permissions: string[];
}

/** GET /api/me */
export interface MeAnswer {
  user: MeUser;
  csrfToken: string;
}

/** Every refusal: { error: { code, message, fields?, …more } } (a completeness refusal adds missing). */
export interface ApiErrorBody {
  error: {
    code: string;
    /** 中文 / English */
    message: string;
    /** field path → message */
    fields?: Record<string, string>;
    missing?: MissingItem[];
    [more: string]: unknown;
  };
}

/**
 * A task as the inbox answers it (GET /api/tasks and the task's page). `At` is how a time travels:
 * the server hands Dates to JSON, the browser reads ISO strings.
 */
export interface InboxTask<At = string> {
  id: string;
  processInstanceKey: string;
  processId: string;
  processName: string;
  elementId: string;
  elementName: string;
  formKey: string | null;
  applicationId: string | null;
  applicationNumber: string | null;
  applicantName: string | null;
  unitName: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee: string | null;
  priority: number | null;
  dueDate: At | null;
  followUpDate: At | null;
  workingDaysLeft: number | null;
  overdue: boolean;
  /** a power-permit case whose statutory limit is near (reminded) or has passed (overdue), as the review's timers recorded it */
  statutoryAlert: 'reminded' | 'overdue' | null;
  state: string;
  createdAt: At;
  completedAt: At | null;
}

/** One e-mail or SMS of the message centre (GET /api/messages). */
export interface Message {
  id: string;
  channel: 'email' | 'sms';
  title: string | null;
  body: string;
  sentAt: string;
  read: boolean;
  application: { id: string; number: string; processId: string };
}

/** GET /api/messages */
export interface MessagePage {
  items: Message[];
  total: number;
  unread: number;
}
