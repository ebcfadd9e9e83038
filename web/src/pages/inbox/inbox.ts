/**
 * The reviewer inbox's data: the task row as GET /api/tasks answers it, the filter, the filters a
 * reviewer saved (kept with the account: /api/inbox/filters), and the live stream of inbox changes
 * (GET /api/tasks/stream, Server-Sent Events) that reloads the list.
 */
import { api, get, post } from '../../api/client';
import type { TaskRow } from '../../api/types';

export type { TaskRow };

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

type SavedList = { items: SavedFilter[] };

export async function savedFilters(): Promise<SavedFilter[]> {
  return (await get<SavedList>('/api/inbox/filters')).items;
}

/** Saves the filter under its name (replacing one of that name); the list after the save. */
export async function saveFilter(name: string, filter: InboxFilter): Promise<SavedFilter[]> {
  return (await post<SavedList>('/api/inbox/filters', { name, filter })).items;
}

export async function forgetFilter(name: string): Promise<SavedFilter[]> {
  return (await api<SavedList>('DELETE', `/api/inbox/filters/${encodeURIComponent(name)}`)).items;
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
