/**
 * Queries over the practitioner registry (db/practitioners.ts) for the batch add, the cancellation,
 * the renewals due, and the anonymous public query.
 */
import type { Knex } from 'knex';
import { containsPattern, type Db } from '../../core/db';
import { PUBLICITY_RECORD_STATUS } from '../../domain/registry';
import { addDays, PublicityItem, unitCategories } from '../../domain/publicity/rules';
import { HeldQualification, pendingItems, PublicRow } from '../../domain/publicity/ops';
import { maskIdNumber, maskMobile } from '../../domain/validators';
import { activeRecordsOfUnit, FINISHED_STATUSES, unitProfileForPublicity } from './practitioners';

type Conn = Db | Knex.Transaction;

export interface RegisteredPerson {
  personId: string;
  recordId: string;
  name: string;
  /** masked: 110101********1234 */
  idNumber: string;
  mobile: string | null;
  items: PublicityItem[];
  startDate: string;
  validUntil: string;
  /** a publicity application of the person that has not finished, if any */
  inProgress: string | null;
}

/** Valid qualifications of many persons at once, dates as YYYY-MM-DD. */
async function qualificationsByPerson(db: Conn, ids: string[]): Promise<Map<string, HeldQualification[]>> {
  const out = new Map<string, HeldQualification[]>();
  if (!ids.length) return out;
  const rows = await db('practitioner_qualifications')
    .whereIn('practitioner_id', ids)
    .select('practitioner_id', 'item_code', 'grade', db.raw("to_char(issue_date, 'YYYY-MM-DD') AS issue_date"), db.raw("to_char(expiry_date, 'YYYY-MM-DD') AS expiry_date"));
  for (const r of rows) {
    const list = out.get(r.practitioner_id) ?? [];
    list.push({ item_code: r.item_code, grade: Number(r.grade), issue_date: r.issue_date, expiry_date: r.expiry_date });
    out.set(r.practitioner_id, list);
  }
  return out;
}

/** The number of each person's unfinished publicity application (one query for many persons). */
async function inProgressByPerson(db: Conn, ids: string[], exceptApplicationId?: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const q = db('publicity_applications as pa')
    .join('applications as a', 'a.id', 'pa.application_id')
    .whereIn('pa.practitioner_id', ids)
    .whereNotIn('a.status', FINISHED_STATUSES)
    .select('pa.practitioner_id', 'a.number');
  if (exceptApplicationId) q.whereNot('pa.application_id', exceptApplicationId);
  for (const r of await q) out.set(r.practitioner_id, r.number);
  return out;
}

/** The unit's registered persons (active records), with whether an application of theirs is running. */
export async function registeredPersons(db: Conn, unitId: string, opts: { exceptApplicationId?: string } = {}): Promise<RegisteredPerson[]> {
  const records = await activeRecordsOfUnit(db, unitId);
  const running = await inProgressByPerson(db, records.map((r) => r.practitioner_id), opts.exceptApplicationId);
  return records.map((r) => ({
    personId: r.practitioner_id,
    recordId: r.id,
    name: r.name,
    idNumber: maskIdNumber(r.id_number),
    mobile: r.mobile ? maskMobile(r.mobile) : null,
    items: r.items,
    startDate: r.start_date,
    validUntil: r.valid_until,
    inProgress: running.get(r.practitioner_id) ?? null,
  }));
}

export interface AddCandidate extends RegisteredPerson {
  /** the items this batch would add (new items, or a higher grade of one held) */
  pending: PublicityItem[];
  /** the record's items after the addition */
  merged: PublicityItem[];
}

/**
 * 待追加人员: registered persons of the unit, with a record still valid today, no application in
 * progress, and at least one pending item.
 */
export async function addCandidates(db: Conn, unitId: string, today: string, opts: { exceptApplicationId?: string } = {}): Promise<AddCandidate[]> {
  const unit = await unitProfileForPublicity(db, unitId, today);
  if (!unit) return [];
  const categories = unitCategories(unit.institutionType, unit.qualificationTypes);
  const persons = (await registeredPersons(db, unitId, opts)).filter((p) => p.validUntil >= today && !p.inProgress);
  const held = await qualificationsByPerson(db, persons.map((p) => p.personId));
  return persons
    .map((p) => ({ ...p, ...pendingItems(held.get(p.personId) ?? [], p.items, categories, today) }))
    .filter((p) => p.pending.length > 0);
}

/** 续期: the unit's registered persons whose publicity ends within `days` (or has ended) and who have nothing running. */
export async function renewalCandidates(db: Conn, unitId: string, today: string, days: number): Promise<Array<RegisteredPerson & { expired: boolean; daysLeft: number }>> {
  const until = addDays(today, days);
  const dayMs = 86_400_000;
  return (await registeredPersons(db, unitId))
    .filter((p) => p.validUntil <= until && !p.inProgress)
    .map((p) => ({ ...p, expired: p.validUntil < today, daysLeft: Math.round((Date.parse(p.validUntil) - Date.parse(today)) / dayMs) }))
    .sort((a, b) => a.validUntil.localeCompare(b.validUntil));
}


/** The public query: only active records valid today (started, not past their end). */
function validRecords(db: Conn, today: string) {
  return db('publicity_records as r')
    .join('practitioners as p', 'p.id', 'r.practitioner_id')
    .join('units as u', 'u.id', 'r.unit_id')
    .where('r.status', PUBLICITY_RECORD_STATUS.active)
    .where('r.start_date', '<=', today)
    .where('r.valid_until', '>=', today)
    .select(
      'p.name', 'p.id_number', 'u.name as unit_name', 'r.items', 'r.certificate_no', 'r.type',
      db.raw("to_char(r.start_date, 'YYYY-MM-DD') AS start_date"), db.raw("to_char(r.valid_until, 'YYYY-MM-DD') AS valid_until"),
    );
}

export async function publicByPerson(db: Conn, name: string, idNumber: string, today: string): Promise<PublicRow[]> {
  return validRecords(db, today).where({ 'p.name': name.trim(), 'p.id_number': idNumber.trim().toUpperCase() });
}

/** By unit: the exact USCC, or a part of the unit's name (LIKE wildcards in the input are literal). */
export async function publicByUnit(db: Conn, unit: string, today: string, limit: number): Promise<PublicRow[]> {
  const q = unit.trim();
  const like = containsPattern(q);
  return validRecords(db, today)
    .where((w) => w.where('u.uscc', q.toUpperCase()).orWhereRaw("u.name LIKE ? ESCAPE '\\'", [like]))
    .whereNull('u.dissolved_at')
    .orderBy([{ column: 'u.name' }, { column: 'p.name' }])
    .limit(limit);
}
