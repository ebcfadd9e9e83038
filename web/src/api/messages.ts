/**
 * The message centre's shared state: the signed-in account's unread count, read by the header's
 * bell and refreshed on each page change and after marking read (no timers).
 */
import { ref } from 'vue';
import { get, post, qs } from './client';
import { session } from './session';
import type { Message, MessagePage } from '../../../types/api';

export type { Message, MessagePage };

export const unread = ref(0);

export async function loadMessages(opts: { limit: number; offset?: number; unread?: boolean }): Promise<MessagePage> {
  const page = await get<MessagePage>(`/api/messages${qs({ limit: opts.limit, offset: opts.offset, unread: opts.unread })}`);
  unread.value = page.unread;
  return page;
}

/** The unread count, or 0 for a visitor. */
export async function refreshUnread(): Promise<void> {
  if (!session.user) {
    unread.value = 0;
    return;
  }
  await loadMessages({ limit: 1 }).catch(() => undefined);
}

export async function markRead(which: string[] | 'all'): Promise<number> {
  const r = await post<{ marked: number }>('/api/messages/read', which === 'all' ? { all: true } : { ids: which });
  await refreshUnread();
  return r.marked;
}
