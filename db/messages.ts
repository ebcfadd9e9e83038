/**
 * The message centre: the e-mails and SMS sent about an account's cases (decisions, returns with
 * their reasons, reminders, deadlines), as they were sent, with read and unread per account.
 * An account sees what went to its own address or mobile, and a unit's accounts what went to the
 * unit's addresses about the unit's cases; reminders sent to staff about the same case are not
 * the applicant's.
 */
import type { Knex } from 'knex';
import type { Db } from '../core/db';
import type { Message, MessagePage } from '../types/api';

export interface MessageViewer {
  accountId: string;
  login: string;
  kind: string;
  unitId: string | null;
}

export type { Message };

/** (wrapped: a query builder is a thenable, and returning it from an async function would run it) */
async function visible(db: Db, viewer: MessageViewer): Promise<{ q: Knex.QueryBuilder }> {
  const me = await db('accounts').where({ id: viewer.accountId }).first('email', 'mobile');
  const own = [me?.email, me?.mobile].filter(Boolean) as string[];
  const q = db('notifications as n')
    .join('applications as a', 'a.id', 'n.application_id')
    .whereNotNull('n.sent_at')
    .whereNotNull('n.body');
  q.where((w) => {
    if (own.length) w.whereIn('n.recipient', own);
    else w.whereRaw('false');
    if (viewer.unitId && (viewer.kind === 'unit-main' || viewer.kind === 'unit-sub')) {
      w.orWhere((u) =>
        u.where('a.unit_id', viewer.unitId).where((r) =>
          r
            .whereIn('n.recipient', db('accounts').where({ unit_id: viewer.unitId }).whereNotNull('email').select('email'))
            .orWhereIn('n.recipient', db('accounts').where({ unit_id: viewer.unitId }).whereNotNull('mobile').select('mobile'))
            .orWhereRaw("n.recipient = a.data->'contact'->>'email'")
            .orWhereRaw("n.recipient = a.data->'contact'->>'mobile'"),
        ),
      );
    }
    if (viewer.kind === 'person') w.orWhere('a.applicant_login', viewer.login);
  });
  return { q };
}

interface MessageRow {
  id: string;
  channel: 'email' | 'sms';
  subject: string | null;
  body: string;
  sent_at: Date;
  read_at: Date | null;
  application_id: string;
  number: string;
  process_id: string;
}

export async function listMessages(db: Db, viewer: MessageViewer, opts: { unreadOnly?: boolean; limit: number; offset: number }): Promise<MessagePage> {
  const { q: base } = await visible(db, viewer);
  base.leftJoin('notification_reads as r', (j: Knex.JoinClause) => j.on('r.notification_id', 'n.id').andOn('r.account_id', db.raw('?', [viewer.accountId])));
  const [{ total, unread }] = await base.clone().select(db.raw('count(*)::int as total'), db.raw('count(*) filter (where r.read_at is null)::int as unread'));
  const page = base.clone();
  if (opts.unreadOnly) page.whereNull('r.read_at');
  const rows = await page
    .orderBy([{ column: 'n.sent_at', order: 'desc' }, { column: 'n.id', order: 'desc' }])
    .limit(opts.limit)
    .offset(opts.offset)
    .select('n.id', 'n.channel', 'n.subject', 'n.body', 'n.sent_at', 'r.read_at', 'a.id as application_id', 'a.number', 'a.process_id');
  return {
    total,
    unread,
    items: (rows as MessageRow[]).map((r) => ({
      id: String(r.id),
      channel: r.channel,
      title: r.subject,
      body: r.body,
      sentAt: new Date(r.sent_at).toISOString(),
      read: r.read_at !== null,
      application: { id: r.application_id, number: r.number, processId: r.process_id },
    })),
  };
}

/** Marks messages read (those the viewer may see; others are ignored); returns how many were marked. */
export async function markRead(db: Db, viewer: MessageViewer, ids: string[] | 'all'): Promise<number> {
  const { q } = await visible(db, viewer);
  q.select('n.id');
  if (ids !== 'all') q.whereIn('n.id', ids.filter((id) => /^\d{1,18}$/.test(id)));
  const rows = (await q) as Array<{ id: string }>;
  if (!rows.length) return 0;
  const inserted = await db('notification_reads')
    .insert(rows.map((r) => ({ account_id: viewer.accountId, notification_id: r.id })))
    .onConflict(['account_id', 'notification_id'])
    .ignore()
    .returning('notification_id');
  return inserted.length;
}
