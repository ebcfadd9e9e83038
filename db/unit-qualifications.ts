/**
 * The unit's qualifications list (000 §3.2.5) as one query: its recorded qualifications with their
 * expiry status (active · expiring within `expiringDays` · expired) and its qualification
 * applications still pending or rejected, filtered by status, type and certificate number and paged
 * in PostgreSQL (open applications first, newest first; then the records, soonest expiry first).
 */
import type { Knex } from 'knex';
import { containsPattern, type Db } from '../core/db';
import { APPLICATION_STATUS, PROCESS, QUALIFICATION_STATUS } from '../domain/registry';

export const QUALIFICATION_LIST_STATUSES = ['pending', 'rejected', 'active', 'expiring', 'expired'] as const;

export interface QualificationListRow {
  id: string | null;
  type: string;
  certificate_no: string;
  issuer: string | null;
  issue_date: string | null;
  expiry_date: string;
  status: (typeof QUALIFICATION_LIST_STATUSES)[number];
  reason: string | null;
  application_id: string;
  application_number: string | null;
  submitted_at: Date | null;
  from_registration: boolean;
  file_ids: string[];
}

/** `today` and `soon` are the local days (YYYY-MM-DD) the expiry status is measured against. */
export function qualificationList(
  db: Db, unitId: string, days: { today: string; soon: string },
  c: { status?: string; type?: string; certificateNo?: string },
): Knex.QueryBuilder {
  const both = db.raw(
    `(select q.id, q.qualification_type as type, q.certificate_no, q.issuer, q.issue_date::text as issue_date, q.expiry_date::text as expiry_date,
        case when q.status = ? or q.expiry_date < ?::date then 'expired' when q.expiry_date <= ?::date then 'expiring' else 'active' end as status,
        null::text as reason, q.application_id, a.number as application_number, null::timestamptz as submitted_at, q.registration_index is not null as from_registration,
        q.file_ids, 1 as open_last, q.expiry_date as sort_day
      from unit_qualifications q left join applications a on a.id = q.application_id where q.unit_id = ?
     union all
     select null::uuid, coalesce(a.data->>'qualificationType', ''), coalesce(a.data->>'certificateNo', ''), a.data->>'issuer', a.data->>'issueDate', coalesce(a.data->>'expiryDate', ''),
        case when a.status = ? then 'rejected' else 'pending' end, a.decision_reason, a.id, a.number, a.created_at, false, '{}'::uuid[], 0, null
      from applications a where a.unit_id = ? and a.process_id = ? and a.status in (?, ?, ?)) as l`,
    [QUALIFICATION_STATUS.expired, days.today, days.soon, unitId, APPLICATION_STATUS.rejected, unitId, PROCESS.unitQualification,
      APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview, APPLICATION_STATUS.rejected],
  );
  const q = db.queryBuilder().from(both);
  if (c.status) q.where('l.status', c.status);
  if (c.type) q.where('l.type', c.type);
  if (c.certificateNo?.trim()) q.whereRaw('l.certificate_no ilike ?', [containsPattern(c.certificateNo.trim())]);
  return q;
}

/** Open applications first (newest first), then the records by expiry (`order` turns the records' order round). */
export const qualificationListOrder = (q: Knex.QueryBuilder, order: 'asc' | 'desc' = 'asc') =>
  q.orderBy([{ column: 'l.open_last' }, { column: 'l.submitted_at', order: 'desc' }, { column: 'l.sort_day', order }, { column: 'l.application_id' }, { column: 'l.id' }]).select('l.*');
