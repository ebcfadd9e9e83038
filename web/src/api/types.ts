/** Shapes of the API's answers the pages share; those the server declares come from types/api.ts. */
import type { InboxTask } from '../../../types/api';

/** A task as the inbox answers it (the server's InboxTask). */
export type TaskRow = InboxTask;

export interface CaseRow {
  id: string;
  number: string;
  processId: string;
  status: string;
  reason?: string | null;
  submittedAt: string;
  updatedAt?: string;
  decidedAt?: string | null;
}

export interface CaseDetail extends CaseRow {
  data: Record<string, unknown>;
  history: Array<{ at: string; actor: string; action: string; elementId?: string | null; step?: string | null; decision?: string | null; opinion?: string | null; toStatus?: string | null; to_status?: string | null }>;
  progress: { state: string | null; active: string[]; completed: string[] };
  licence?: import('../components/case/LicenceBox.vue').Licence | null;
  statutoryClock?: import('../components/case/LicenceBox.vue').StatutoryClock | null;
}
