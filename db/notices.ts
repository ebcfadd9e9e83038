/**
 * Notices (公示通知 / 会员通知): admins write, publish, withdraw and delete them; units read the
 * published ones. Lists are filtered and paged in the database (pageOf).
 */
import { containsPattern, pageOf, type Db } from '../core/db';
import { NOTICE_STATUS, type NoticeKind } from '../domain/registry';

export interface NoticeRow {
  id: string;
  kind: NoticeKind;
  title: string;
  body: string;
  status: string;
  published_at: Date | null;
  created_by: string;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export const presentNotice = (n: NoticeRow) => ({
  id: n.id, kind: n.kind, title: n.title, body: n.body, status: n.status, publishedAt: n.published_at,
  createdBy: n.created_by, updatedBy: n.updated_by, createdAt: n.created_at, updatedAt: n.updated_at,
});

export interface NoticeQuery {
  title?: string;
  kind?: string;
  status?: string;
  page?: string;
  pageSize?: string;
}

/** Every notice (admins): a part of the title, the kind, the status; newest first. */
export function listNotices(db: Db, q: NoticeQuery) {
  const filtered = () => {
    const s = db('notices');
    if (q.title?.trim()) s.whereRaw('title ilike ?', [containsPattern(q.title.trim())]);
    if (q.kind) s.where({ kind: q.kind });
    if (q.status) s.where({ status: q.status });
    return s;
  };
  return pageOf<NoticeRow>(filtered, q, (s) => s.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('*'));
}

/** The published notices (units, anyone): of one kind or both, latest first. */
export function listPublished(db: Db, q: { kind?: string; page?: string; pageSize?: string }) {
  const filtered = () => {
    const s = db('notices').where({ status: NOTICE_STATUS.published });
    if (q.kind) s.where({ kind: q.kind });
    return s;
  };
  return pageOf<NoticeRow>(filtered, q, (s) => s.orderBy([{ column: 'published_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('*'));
}

export async function getNotice(db: Db, id: string): Promise<NoticeRow | undefined> {
  return db<NoticeRow>('notices').where({ id }).first();
}
