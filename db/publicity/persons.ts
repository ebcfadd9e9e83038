/**
 * 注册人员管理 / 注册证书管理 (manual 000 menus): the unit's registered persons (its publicity
 * records, current and ended) queried with conditions and paged on the server, the certificates
 * with their validity, and the counts by status and by item.
 */
import type { Knex } from 'knex';
import { containsPattern, type Db } from '../../core/db';
import { PUBLICITY_RECORD_STATUS } from '../../domain/registry';
import { addDays } from '../../domain/publicity/rules';

type Conn = Db | Knex.Transaction;

/** A record's state for the unit: valid (active, not past its end), expired (active, past it), ended. */
export const PERSON_STATUSES = ['valid', 'expired', 'ended'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export interface PersonConditions {
  name?: string;
  idNumber?: string;
  certificateNo?: string;
  itemCode?: string;
  status?: string;
  validFrom?: string;
  validTo?: string;
}

/** The status of a record on `today`, in SQL (the record table as `r`). */
const statusSql = "CASE WHEN r.status <> 'active' THEN 'ended' WHEN r.valid_until < ? THEN 'expired' ELSE 'valid' END";

/** The unit's records with the conditions (a new builder each call, for pageOf). */
export function unitRecords(db: Conn, unitId: string, today: string, c: PersonConditions): Knex.QueryBuilder {
  const q = db('publicity_records as r').join('practitioners as p', 'p.id', 'r.practitioner_id').where('r.unit_id', unitId);
  if (c.name?.trim()) q.whereRaw('p.name ilike ?', [containsPattern(c.name.trim())]);
  if (c.idNumber?.trim()) q.where('p.id_number', c.idNumber.trim().toUpperCase());
  if (c.certificateNo?.trim()) q.whereRaw('r.certificate_no ilike ?', [containsPattern(c.certificateNo.trim())]);
  if (c.itemCode) q.whereRaw('r.items @> ?::jsonb', [JSON.stringify([{ itemCode: c.itemCode }])]);
  if (c.status === 'ended') q.whereNot('r.status', PUBLICITY_RECORD_STATUS.active);
  else if (c.status === 'expired') q.where('r.status', PUBLICITY_RECORD_STATUS.active).where('r.valid_until', '<', today);
  else if (c.status === 'valid') q.where('r.status', PUBLICITY_RECORD_STATUS.active).where('r.valid_until', '>=', today);
  if (c.validFrom) q.where('r.valid_until', '>=', c.validFrom);
  if (c.validTo) q.where('r.valid_until', '<=', c.validTo);
  return q;
}

export interface PersonRow {
  record_id: string;
  name: string;
  id_number: string;
  mobile: string | null;
  items: Array<{ itemCode: string; grade: number }>;
  type: string;
  certificate_no: string | null;
  start_date: string;
  valid_until: string;
  person_status: PersonStatus;
  end_reason: string | null;
  ended_on: string | null;
}

/** The columns of a listed record: dates as YYYY-MM-DD (ended_on in China's day). */
export const personColumns = (db: Conn, today: string) => [
  'r.id as record_id', 'p.name', 'p.id_number', 'p.mobile', 'r.items', 'r.type', 'r.certificate_no', 'r.end_reason',
  db.raw("to_char(r.start_date, 'YYYY-MM-DD') AS start_date"),
  db.raw("to_char(r.valid_until, 'YYYY-MM-DD') AS valid_until"),
  db.raw("to_char(r.ended_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS ended_on"),
  db.raw(`${statusSql} AS person_status`, [today]),
];

export interface PersonStatistics {
  total: number;
  byStatus: Record<PersonStatus, number>;
  /** current (not ended) records per item and grade */
  byItem: Array<{ itemCode: string; grade: number; valid: number; expired: number }>;
  /** certificates of current records: valid, of which ending within `soonDays`, and expired */
  certificates: { valid: number; expiringSoon: number; expired: number; soonDays: number };
}

export async function personStatistics(db: Conn, unitId: string, today: string, soonDays = 90): Promise<PersonStatistics> {
  const soon = addDays(today, soonDays);
  const [status, items, certs] = await Promise.all([
    db('publicity_records as r').where('r.unit_id', unitId).select(db.raw(`${statusSql} AS s`, [today])).count<{ s: string; n: string }[]>({ n: '*' }).groupBy('s'),
    db('publicity_records as r')
      .crossJoin(db.raw('jsonb_array_elements(r.items) AS i'))
      .where({ 'r.unit_id': unitId, 'r.status': PUBLICITY_RECORD_STATUS.active })
      .select(db.raw("i->>'itemCode' AS item_code"), db.raw("(i->>'grade')::int AS grade"))
      .select(db.raw('count(*) FILTER (WHERE r.valid_until >= ?) AS valid', [today]), db.raw('count(*) FILTER (WHERE r.valid_until < ?) AS expired', [today]))
      .groupByRaw("i->>'itemCode', (i->>'grade')::int")
      .orderByRaw("i->>'itemCode', (i->>'grade')::int"),
    db('publicity_records as r')
      .where({ 'r.unit_id': unitId, 'r.status': PUBLICITY_RECORD_STATUS.active })
      .whereNotNull('r.certificate_no')
      .first(
        db.raw('count(*) FILTER (WHERE r.valid_until >= ?) AS valid', [today]),
        db.raw('count(*) FILTER (WHERE r.valid_until >= ? AND r.valid_until <= ?) AS soon', [today, soon]),
        db.raw('count(*) FILTER (WHERE r.valid_until < ?) AS expired', [today]),
      ),
  ]);
  const byStatus: Record<PersonStatus, number> = { valid: 0, expired: 0, ended: 0 };
  for (const r of status as Array<{ s: PersonStatus; n: string }>) byStatus[r.s] = Number(r.n);
  return {
    total: byStatus.valid + byStatus.expired + byStatus.ended,
    byStatus,
    byItem: (items as Array<{ item_code: string; grade: number; valid: string; expired: string }>).map((r) => ({ itemCode: r.item_code, grade: Number(r.grade), valid: Number(r.valid), expired: Number(r.expired) })),
    certificates: { valid: Number(certs?.valid ?? 0), expiringSoon: Number(certs?.soon ?? 0), expired: Number(certs?.expired ?? 0), soonDays },
  };
}
