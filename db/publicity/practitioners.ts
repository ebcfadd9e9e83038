/**
 * Practitioner registry: typed access to persons, their qualifications, publicity records, history,
 * the per-person rows of publicity applications, manual identity verifications and the per-year
 * gap-free number counters. Writes that belong together take a transaction.
 */
import type { Knex } from 'knex';
import type { Db } from '../../core/db';
import {
  APPLICATION_STATUS, PUBLICITY_HISTORY_ACTION, PUBLICITY_RECORD_STATUS,
  type IdentityStatus, type PublicityRecordStatus, type PublicityType, type VerificationStatus,
} from '../../domain/registry';
import { evaluateEligibility, type EligibilityResult } from '../../domain/publicity/eligibility';
import { localDate, type PublicityItem } from '../../domain/publicity/rules';

type Conn = Db | Knex.Transaction;

export interface PractitionerRow {
  id: string;
  name: string;
  id_number: string;
  mobile: string | null;
  gender: string | null;
  work_years: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface QualificationRow {
  id: string;
  practitioner_id: string;
  item_code: string;
  grade: number;
  certificate_no: string;
  issue_date: string; // YYYY-MM-DD
  expiry_date: string; // YYYY-MM-DD
}

export interface PublicityRecordRow {
  id: string;
  practitioner_id: string;
  unit_id: string;
  type: PublicityType;
  items: PublicityItem[];
  status: PublicityRecordStatus;
  start_date: string;
  valid_until: string;
  certificate_no: string | null;
  application_id: string | null;
  ended_at: Date | null;
  end_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface HistoryRow {
  id: string;
  practitioner_id: string;
  record_id: string | null;
  unit_id: string | null;
  application_id: string | null;
  action: string;
  details: Record<string, unknown> | null;
  at: Date;
}

export interface PublicityApplicationRow {
  id: string;
  application_id: string;
  practitioner_id: string;
  unit_id: string;
  type: PublicityType;
  items: PublicityItem[];
  previous_unit_id: string | null;
  previous_record_id: string | null;
  resignation_file_id: string | null;
  reason: string | null;
  mobile: string | null;
  mobile_corrections: number;
  identity_mismatches: number;
  identity_status: IdentityStatus;
  created_at: Date;
  updated_at: Date;
}

export interface IdentityVerificationRow {
  id: string;
  practitioner_id: string | null;
  name: string;
  id_number: string;
  mobile: string;
  proof_file_id: string | null;
  source_application_id: string | null;
  system_result: string | null;
  status: VerificationStatus;
  decided_by: string | null;
  reason: string | null;
  created_at: Date;
  decided_at: Date | null;
}

/** Application statuses that are finished: anything else is "in progress". */
export const FINISHED_STATUSES: string[] = [APPLICATION_STATUS.approved, APPLICATION_STATUS.rejected, APPLICATION_STATUS.failed, APPLICATION_STATUS.ineligible, APPLICATION_STATUS.deleted, 'cancelled'];

// dates come back as YYYY-MM-DD strings, never as JS Dates shifted by the time zone
const dateCol = (db: Conn, col: string, alias = col.replace(/^.*\./, '')) => db.raw(`to_char(${col}, 'YYYY-MM-DD') AS ${alias}`);

// ---- persons ----------------------------------------------------------------------------------

export const normaliseIdNumber = (id: string): string => id.trim().toUpperCase();

export async function getPractitioner(db: Conn, id: string): Promise<PractitionerRow | undefined> {
  return db<PractitionerRow>('practitioners').where({ id }).first();
}

export async function findPractitionerByIdNumber(db: Conn, idNumber: string): Promise<PractitionerRow | undefined> {
  return db<PractitionerRow>('practitioners').where({ id_number: normaliseIdNumber(idNumber) }).first();
}

/** Person search 人员检索: name and ID number must both match (查无此人或身份证和姓名不匹配 otherwise). */
export async function searchPractitioner(db: Conn, name: string, idNumber: string): Promise<PractitionerRow | undefined> {
  return db<PractitionerRow>('practitioners').where({ id_number: normaliseIdNumber(idNumber), name: name.trim() }).first();
}

export async function upsertPractitioner(
  db: Conn,
  p: { name: string; idNumber: string; mobile?: string | null; gender?: string | null; workYears?: number | null },
): Promise<{ row: PractitionerRow; created: boolean }> {
  const existing = await findPractitionerByIdNumber(db, p.idNumber);
  if (existing) return { row: existing, created: false };
  const [row] = await db<PractitionerRow>('practitioners')
    .insert({ name: p.name.trim(), id_number: normaliseIdNumber(p.idNumber), mobile: p.mobile ?? null, gender: p.gender ?? null, work_years: p.workYears ?? null })
    .returning('*');
  return { row, created: true };
}

/** The person changes the mobile they registered (e.g. after a manual verification). */
export async function setPractitionerMobile(db: Conn, id: string, mobile: string): Promise<void> {
  await db('practitioners').where({ id }).update({ mobile, updated_at: db.fn.now() });
}

// ---- qualifications ---------------------------------------------------------------------------

export async function qualificationsOf(db: Conn, practitionerId: string): Promise<QualificationRow[]> {
  return db('practitioner_qualifications')
    .where({ practitioner_id: practitionerId })
    .select('id', 'practitioner_id', 'item_code', 'grade', 'certificate_no', dateCol(db, 'issue_date'), dateCol(db, 'expiry_date'))
    .orderBy([
    'item_code',
    { column: 'grade', order: 'desc' },
  ]);
}

export async function addQualification(
  db: Conn,
  q: { practitionerId: string; itemCode: string; grade: number; certificateNo: string; issueDate: string; expiryDate: string },
): Promise<boolean> {
  const rows = await db('practitioner_qualifications')
    .insert({ practitioner_id: q.practitionerId, item_code: q.itemCode, grade: q.grade, certificate_no: q.certificateNo, issue_date: q.issueDate, expiry_date: q.expiryDate })
    .onConflict(['practitioner_id', 'item_code', 'grade', 'certificate_no'])
    .ignore()
    .returning('id');
  return rows.length > 0;
}

// ---- publicity records ------------------------------------------------------------------------

const RECORD_COLS = ['id', 'practitioner_id', 'unit_id', 'type', 'items', 'status', 'certificate_no', 'application_id', 'ended_at', 'end_reason', 'created_at', 'updated_at'];
const recordQuery = (db: Conn) => db('publicity_records').select(...RECORD_COLS, dateCol(db, 'start_date'), dateCol(db, 'valid_until'));

export async function activeRecordOf(db: Conn, practitionerId: string): Promise<PublicityRecordRow | undefined> {
  return recordQuery(db).where({ practitioner_id: practitionerId, status: PUBLICITY_RECORD_STATUS.active }).first();
}

export async function getRecord(db: Conn, id: string): Promise<PublicityRecordRow | undefined> {
  return recordQuery(db).where({ id }).first();
}

/** All records of a person, newest first (ended ones included). */
export async function recordsOf(db: Conn, practitionerId: string): Promise<PublicityRecordRow[]> {
  return recordQuery(db).where({ practitioner_id: practitionerId }).orderBy('created_at', 'desc');
}

/** The records of these persons (ended ones included), each with its unit's name, newest first. */
export async function recordsWithUnits(db: Conn, practitionerIds: string[]): Promise<Array<PublicityRecordRow & { unit_name: string }>> {
  if (!practitionerIds.length) return [];
  return db('publicity_records as r')
    .join('units as u', 'u.id', 'r.unit_id')
    .whereIn('r.practitioner_id', practitionerIds)
    .select(...RECORD_COLS.map((c) => `r.${c}`), dateCol(db, 'r.start_date'), dateCol(db, 'r.valid_until'), 'u.name as unit_name')
    .orderBy('r.created_at', 'desc');
}

/** The unit's currently registered persons (已注册), with each person. */
export async function activeRecordsOfUnit(db: Conn, unitId: string): Promise<Array<PublicityRecordRow & { name: string; id_number: string; mobile: string | null }>> {
  return db('publicity_records as r')
    .join('practitioners as p', 'p.id', 'r.practitioner_id')
    .where({ 'r.unit_id': unitId, 'r.status': PUBLICITY_RECORD_STATUS.active })
    .select(...RECORD_COLS.map((c) => `r.${c}`), dateCol(db, 'r.start_date'), dateCol(db, 'r.valid_until'), 'p.name', 'p.id_number', 'p.mobile')
    .orderBy('p.name');
}

/**
 * `items` is the record's whole item list afterwards (for an addition: the current items plus the
 * added ones). The start date of an existing record at the same unit is kept.
 *
 * Makes the person's record at the unit active (a new record, or the existing one updated for a
 * renewal / addition) and ends an active record at another unit; writes the history. One call per
 * approved application, in the approving transaction.
 */
export async function activateRecord(
  trx: Knex.Transaction,
  r: { practitionerId: string; unitId: string; type: PublicityType; items: PublicityItem[]; startDate: string; validUntil: string; certificateNo?: string | null; applicationId?: string | null; action?: string },
): Promise<PublicityRecordRow> {
  const current = await trx('publicity_records').where({ practitioner_id: r.practitionerId, status: PUBLICITY_RECORD_STATUS.active }).forUpdate().first();
  let id: string;
  if (current && current.unit_id === r.unitId) {
    await trx('publicity_records')
      .where({ id: current.id })
      .update({ items: JSON.stringify(r.items), valid_until: r.validUntil, type: r.type, certificate_no: r.certificateNo ?? current.certificate_no, application_id: r.applicationId ?? null, updated_at: trx.fn.now() });
    id = current.id;
  } else {
    if (current) await endRecord(trx, { recordId: current.id, reason: 'changed-unit', applicationId: r.applicationId ?? null });
    const [row] = await trx('publicity_records')
      .insert({
        practitioner_id: r.practitionerId, unit_id: r.unitId, type: r.type, items: JSON.stringify(r.items), status: PUBLICITY_RECORD_STATUS.active,
        start_date: r.startDate, valid_until: r.validUntil, certificate_no: r.certificateNo ?? null, application_id: r.applicationId ?? null,
      })
      .returning('id');
    id = row.id;
  }
  const action =
    r.action ?? (r.type === 'renewal' ? PUBLICITY_HISTORY_ACTION.renewed : r.type === 'add' ? PUBLICITY_HISTORY_ACTION.itemsAdded : r.type === 'change' ? PUBLICITY_HISTORY_ACTION.changed : PUBLICITY_HISTORY_ACTION.registered);
  await addHistory(trx, { practitionerId: r.practitionerId, recordId: id, unitId: r.unitId, applicationId: r.applicationId ?? null, action, details: { type: r.type, items: r.items, validUntil: r.validUntil } });
  return (await getRecord(trx, id))!;
}

/** Ends an active record (cancelled, changed unit, expired, unit dissolved) with a history row. */
export async function endRecord(trx: Knex.Transaction, e: { recordId: string; reason: string; applicationId?: string | null; at?: Date }): Promise<boolean> {
  const rec = await trx('publicity_records').where({ id: e.recordId }).forUpdate().first();
  if (!rec || rec.status !== PUBLICITY_RECORD_STATUS.active) return false;
  await trx('publicity_records')
    .where({ id: e.recordId })
    .update({ status: PUBLICITY_RECORD_STATUS.ended, ended_at: e.at ?? trx.fn.now(), end_reason: e.reason, updated_at: trx.fn.now() });
  await addHistory(trx, {
    practitionerId: rec.practitioner_id, recordId: rec.id, unitId: rec.unit_id, applicationId: e.applicationId ?? null,
    action: e.reason === 'cancelled' ? PUBLICITY_HISTORY_ACTION.cancelled : PUBLICITY_HISTORY_ACTION.ended, details: { reason: e.reason },
  });
  return true;
}

// ---- history ----------------------------------------------------------------------------------

export async function addHistory(
  db: Conn,
  h: { practitionerId: string; recordId?: string | null; unitId?: string | null; applicationId?: string | null; action: string; details?: unknown },
): Promise<void> {
  await db('publicity_history').insert({
    practitioner_id: h.practitionerId, record_id: h.recordId ?? null, unit_id: h.unitId ?? null, application_id: h.applicationId ?? null,
    action: h.action, details: h.details === undefined ? null : JSON.stringify(h.details),
  });
}

export async function historyOf(db: Conn, practitionerId: string): Promise<HistoryRow[]> {
  return db<HistoryRow>('publicity_history').where({ practitioner_id: practitionerId }).orderBy('id');
}

// ---- publicity applications (per person) --------------------------------------------------------

export async function addPublicityApplicationRow(
  trx: Conn,
  r: { applicationId: string; practitionerId: string; unitId: string; type: PublicityType; items?: PublicityItem[]; previousUnitId?: string | null; previousRecordId?: string | null; resignationFileId?: string | null; reason?: string | null; mobile?: string | null },
): Promise<PublicityApplicationRow> {
  const [row] = await trx('publicity_applications')
    .insert({
      application_id: r.applicationId, practitioner_id: r.practitionerId, unit_id: r.unitId, type: r.type, items: JSON.stringify(r.items ?? []),
      previous_unit_id: r.previousUnitId ?? null, previous_record_id: r.previousRecordId ?? null, resignation_file_id: r.resignationFileId ?? null,
      reason: r.reason ?? null, mobile: r.mobile ?? null,
    })
    .returning('*');
  return row;
}

export async function publicityRowsOf(db: Conn, applicationId: string): Promise<PublicityApplicationRow[]> {
  return db<PublicityApplicationRow>('publicity_applications').where({ application_id: applicationId }).orderBy('id');
}

export async function updatePublicityRow(db: Conn, id: string, set: Partial<Omit<PublicityApplicationRow, 'id'>>): Promise<void> {
  await db('publicity_applications').where({ id }).update({ ...set, updated_at: db.fn.now() });
}

/** The person's publicity applications that are not finished, with the applying unit. */
export async function applicationsInProgress(db: Conn, practitionerId: string, exceptApplicationId?: string): Promise<Array<{ application_id: string; number: string; unit_id: string; type: PublicityType; status: string }>> {
  const q = db('publicity_applications as pa')
    .join('applications as a', 'a.id', 'pa.application_id')
    .where('pa.practitioner_id', practitionerId)
    .whereNotIn('a.status', FINISHED_STATUSES)
    .select('pa.application_id', 'a.number', 'pa.unit_id', 'pa.type', 'a.status');
  if (exceptApplicationId) q.whereNot('pa.application_id', exceptApplicationId);
  return q;
}

// ---- identity verifications -------------------------------------------------------------------

export async function createIdentityVerification(
  db: Conn,
  v: { practitionerId?: string | null; name: string; idNumber: string; mobile: string; proofFileId?: string | null; sourceApplicationId?: string | null; systemResult?: string | null },
): Promise<IdentityVerificationRow> {
  const [row] = await db('identity_verifications')
    .insert({
      practitioner_id: v.practitionerId ?? null, name: v.name, id_number: normaliseIdNumber(v.idNumber), mobile: v.mobile, proof_file_id: v.proofFileId ?? null,
      source_application_id: v.sourceApplicationId ?? null, system_result: v.systemResult ?? null, status: 'pending',
    })
    .returning('*');
  return row;
}

export async function getIdentityVerification(db: Conn, id: string): Promise<IdentityVerificationRow | undefined> {
  return db<IdentityVerificationRow>('identity_verifications').where({ id }).first();
}

/**
 * The identity verification a case is about: a verification requested on its own (its case's
 * submission names it), or the latest one a publicity application's identity check opened.
 */
export async function verificationOfCase(db: Conn, applicationId: string): Promise<IdentityVerificationRow | undefined> {
  const submitted = await db('audit').where({ application_id: applicationId, action: 'submit' }).whereRaw("details->>'verificationId' is not null").orderBy('id', 'desc').first('details');
  const id = (submitted?.details as { verificationId?: unknown } | null)?.verificationId;
  if (typeof id === 'string') return getIdentityVerification(db, id);
  return db<IdentityVerificationRow>('identity_verifications').where({ source_application_id: applicationId }).orderBy('created_at', 'desc').first();
}

export async function decideIdentityVerification(db: Conn, id: string, d: { status: 'passed' | 'failed'; decidedBy: string; reason?: string | null }): Promise<boolean> {
  const n = await db('identity_verifications').where({ id, status: 'pending' }).update({ status: d.status, decided_by: d.decidedBy, reason: d.reason ?? null, decided_at: db.fn.now() });
  return n > 0;
}

// ---- gap-free per-year numbers ------------------------------------------------------------------

/**
 * The next number of a prefix in a year: the counter row is created or incremented (row-locked)
 * in the caller's transaction, so a rolled-back application leaves no gap and two concurrent
 * ones never share a number.
 */
export async function nextCounter(trx: Knex.Transaction, prefix: string, year: number): Promise<number> {
  const { rows } = await trx.raw<{ rows: Array<{ last: number }> }>(
    `INSERT INTO number_counters (prefix, year, last) VALUES (?, ?, 1)
     ON CONFLICT (prefix, year) DO UPDATE SET last = number_counters.last + 1 RETURNING last`,
    [prefix, year],
  );
  return Number(rows[0].last);
}

// ---- everything the eligibility rules need about one person ----------------------------------

export interface RegistrySnapshot {
  practitioner: PractitionerRow;
  qualifications: QualificationRow[];
  activeRecord: PublicityRecordRow | null;
  /** The unit of the active record, or of the last ended record when there is no active one. */
  previousUnit: { id: string; name: string; dissolved: boolean } | null;
  lastRecord: PublicityRecordRow | null;
  everRegistered: boolean;
  inProgress: Array<{ application_id: string; number: string; unit_id: string; type: PublicityType; status: string }>;
}

export async function registrySnapshot(db: Conn, practitionerId: string, opts: { exceptApplicationId?: string } = {}): Promise<RegistrySnapshot | undefined> {
  const practitioner = await getPractitioner(db, practitionerId);
  if (!practitioner) return undefined;
  const [qualifications, records, inProgress] = await Promise.all([
    qualificationsOf(db, practitionerId),
    recordsOf(db, practitionerId),
    applicationsInProgress(db, practitionerId, opts.exceptApplicationId),
  ]);
  const activeRecord = records.find((r) => r.status === PUBLICITY_RECORD_STATUS.active) ?? null;
  const lastRecord = activeRecord ?? records[0] ?? null;
  let previousUnit: RegistrySnapshot['previousUnit'] = null;
  if (lastRecord) {
    const u = await db('units').where({ id: lastRecord.unit_id }).first();
    if (u) previousUnit = { id: u.id, name: u.name, dissolved: !!u.dissolved_at };
  }
  return { practitioner, qualifications, activeRecord, previousUnit, lastRecord, everRegistered: records.length > 0, inProgress };
}

/** What the rules need about the applying unit: its institution type and active qualification types. */
export async function unitProfileForPublicity(db: Conn, unitId: string, today: string): Promise<{ id: string; name: string; institutionType: string | null; qualificationTypes: string[] } | undefined> {
  const u = await db('units').where({ id: unitId }).first();
  if (!u) return undefined;
  const quals = await db('unit_qualifications').where({ unit_id: unitId }).where('expiry_date', '>=', today).select('qualification_type');
  return { id: u.id, name: u.name, institutionType: u.institution_type ?? null, qualificationTypes: quals.map((q: { qualification_type: string }) => q.qualification_type) };
}

// ---- the eligibility rules on registry data ------------------------------------------------------

/**
 * Runs domain/publicity-eligibility.ts on the registry's view of a person and a unit (the worker
 * and the API's preview use the same call). undefined when the person or unit does not exist.
 */
export async function checkEligibility(
  db: Conn,
  q: { practitionerId: string; unitId: string; today: string; requestedItems?: PublicityItem[]; exceptApplicationId?: string },
): Promise<(EligibilityResult & { snapshot: RegistrySnapshot }) | undefined> {
  const [snap, unit] = await Promise.all([registrySnapshot(db, q.practitionerId, { exceptApplicationId: q.exceptApplicationId }), unitProfileForPublicity(db, q.unitId, q.today)]);
  if (!snap || !unit) return undefined;
  const ended = snap.activeRecord ? null : snap.lastRecord;
  const result = evaluateEligibility({
    today: q.today,
    unit: { id: unit.id, institutionType: unit.institutionType, qualificationTypes: unit.qualificationTypes },
    person: {
      qualifications: snap.qualifications.map((x) => ({ itemCode: x.item_code, grade: x.grade, issueDate: x.issue_date, expiryDate: x.expiry_date })),
      activeRecord: snap.activeRecord ? { unitId: snap.activeRecord.unit_id, startDate: snap.activeRecord.start_date, validUntil: snap.activeRecord.valid_until, items: snap.activeRecord.items } : null,
      lastEndedRecord: ended
        ? { unitId: ended.unit_id, startDate: ended.start_date, endedOn: ended.ended_at ? localDate(new Date(ended.ended_at)) : q.today, endReason: ended.end_reason }
        : null,
      previousUnitDissolved: !!snap.previousUnit?.dissolved,
      inProgress: snap.inProgress.map((a) => ({ unitId: a.unit_id, number: a.number })),
    },
    requestedItems: q.requestedItems,
  });
  return { ...result, snapshot: snap };
}
