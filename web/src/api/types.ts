/** Shapes of the API's answers the pages share. */
export interface TaskRow {
  id: string;
  processId: string;
  processName: string;
  elementId: string;
  elementName: string;
  applicationId: string | null;
  applicationNumber: string | null;
  applicantName: string | null;
  unitName: string | null;
  candidateGroups: string[];
  assignee: string | null;
  dueDate: string | null;
  overdue?: boolean;
  workingDaysLeft?: number | null;
  state?: string;
  createdAt?: string;
  completedAt?: string | null;
}

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
