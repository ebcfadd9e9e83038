/** GET /api/tasks/:id as the task page reads it. */
import type { TaskRow } from '../inbox/inbox';

export interface TaskDetail {
  task: TaskRow;
  form: { key: string; version: number; schema: Record<string, unknown> } | null;
  prefill: Record<string, unknown> | null;
  current: Record<string, string> | null;
  case: { id: string; number: string; processId: string; status: string; submittedAt: string; data: Record<string, unknown> } | null;
  subject: unknown;
  history: HistoryRow[];
  licence?: { statutoryClock?: { state: string; overdue: boolean; usedWorkingDays: number; leftWorkingDays: number; dueDate?: string | null } | null } | null;
  correction?: { round: number; items: Array<{ field: string; label?: string; reason: string }> } | null;
  /** production licence: the letters proposing appraisal dates and the agency's answers */
  negotiation?: import('../../components/case/NegotiationTable.vue').NegotiationRow[];
  /** the case's data with the form that captured it; the field paths changed since the previous round */
  /** the unit's other open cases (those the reader may read); a publicity review's persons with their registry */
  related?: {
    openCases: Array<{ id: string; number: string; processId: string; processName: string; status: string; submittedAt: string; waitingAt: string[] }>;
    persons?: Array<{
      name: string;
      idNumber: string;
      qualifications: Array<{ item: string; certificateNo: string; issueDate: string; expiryDate: string }>;
      records: Array<{ unitName: string; items: string[]; status: 'valid' | 'expired' | 'ended'; startDate: string; validUntil: string; certificateNo: string | null; endReason: string | null }>;
    }>;
  };
  /** ID card numbers are whole only to the reviewer holding the task */
  idNumbersMasked?: boolean;
  submission?: { form: { key: string; version: number; schema: Record<string, unknown> }; data: Record<string, unknown>; round: number; changed: string[] } | null;
}

/** GET /api/applications/:id: the case's progress for its diagram. */
export interface CaseProgress {
  progress: { state: string | null; active: string[]; completed: string[] };
}

/** One line of a case's history (the audit), by the server's codes: shown by name. */
export interface HistoryRow {
  actor: string | null;
  action: string;
  from_status?: string | null;
  to_status?: string | null;
  toStatus?: string | null;
  /** the step's name from the model, its decision and the opinion given (the case history) */
  step?: string | null;
  decision?: string | null;
  opinion?: string | null;
  at: string;
}
