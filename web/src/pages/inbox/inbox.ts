/**
 * The reviewer inbox's data: the task row as GET /api/tasks answers it, the filter, the filters a
 * reviewer saved (kept in this browser: the server has no saved filters), and the live stream of
 * inbox changes (GET /api/tasks/stream, Server-Sent Events) that reloads the list.
 */
export interface TaskRow {
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
  dueDate: string | null;
  workingDaysLeft: number | null;
  overdue: boolean;
  state: string;
  createdAt: string;
  completedAt: string | null;
}

export interface InboxFilter {
  candidateGroup: string;
  assignee: '' | 'me' | 'none';
  processId: string;
  text: string;
  overdue: boolean;
  dueBefore: string;
}

export const emptyFilter = (): InboxFilter => ({ candidateGroup: '', assignee: '', processId: '', text: '', overdue: false, dueBefore: '' });

export interface SavedFilter {
  name: string;
  filter: InboxFilter;
}

const KEY = 'pf.inbox.filters';

export function savedFilters(): SavedFilter[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as SavedFilter[];
    return Array.isArray(list) ? list.filter((f) => f && typeof f.name === 'string' && f.filter) : [];
  } catch {
    return [];
  }
}

export function saveFilters(list: SavedFilter[]): void {
  localStorage.setItem(KEY, JSON.stringify(list.slice(0, 20)));
}

/** Follows the inbox stream; calls onChange (debounced) for every change; returns the closer. */
export function followInbox(onOpen: () => void, onChange: () => void): () => void {
  const es = new EventSource('/api/tasks/stream');
  let timer: ReturnType<typeof setTimeout> | undefined;
  es.addEventListener('open', onOpen);
  es.addEventListener('task', () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 150);
  });
  return () => {
    clearTimeout(timer);
    es.close();
  };
}
