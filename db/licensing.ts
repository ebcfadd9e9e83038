/** Special-equipment licensing: case rows, correction notices and the statutory clock's periods. */
import type { Knex } from 'knex';
import type { Db } from '../core/db';
import { ClockPeriod, statutoryClock, StatutoryClock } from '../domain/statutory-clock';
import { LICENCE_STATUTORY_WORKING_DAYS } from '../domain/licensing/rules';
import type { CorrectionItem } from '../domain/licensing/rules';

type Conn = Db | Knex.Transaction;

export interface LicenceCaseRow {
  application_id: string;
  category: string;
  item_codes: string[];
  authority_level: string;
  authority_group: string;
  authority_name: string;
  correction_round: number;
  acceptance_number: string | null;
  accepted_at: Date | null;
  /** 是否收费 and 接收材料时间, entered on acceptance */
  fee_charged: boolean | null;
  materials_received_on: string | null;
  appraisal_from: string | null;
  appraisal_to: string | null;
  dates_returned: number;
  appraisal_conclusion: string | null;
  feedback: Record<string, unknown> | null;
  feedback_at: Date | null;
  licence_number: string | null;
  statutory_due_at: Date | null;
  clock_reminded_at: Date | null;
  overdue_at: Date | null;
  application_kind: string;
  licence_id: string | null;
}

export interface CorrectionRow {
  id: string;
  application_id: string;
  round: number;
  items: CorrectionItem[];
  created_by: string;
  created_at: Date;
  resolved_at: Date | null;
}

export async function getLicenceCase(db: Conn, applicationId: string): Promise<LicenceCaseRow | undefined> {
  return db<LicenceCaseRow>('licence_cases').where({ application_id: applicationId }).first();
}

/**
 * The case row as the task that started this job left it: the acceptance's receipt (fee, receipt
 * date) is written in the same transaction as the task's completion in the engine, which may
 * start the job before that transaction commits. FOR SHARE waits for the commit.
 */
export async function getLicenceCaseAfterTask(db: Conn, applicationId: string): Promise<LicenceCaseRow | undefined> {
  return db<LicenceCaseRow>('licence_cases').where({ application_id: applicationId }).forShare().first();
}

/** The notice the applicant is answering now (none once resolved). */
export async function openCorrection(db: Conn, applicationId: string): Promise<CorrectionRow | undefined> {
  return db<CorrectionRow>('licence_corrections').where({ application_id: applicationId }).whereNull('resolved_at').orderBy('round', 'desc').first();
}

/** Writes the notice of the next round (or replaces the unanswered one: a retried completion). */
export async function recordCorrection(db: Conn, applicationId: string, items: CorrectionItem[], by: string): Promise<CorrectionRow> {
  const open = await openCorrection(db, applicationId);
  if (open) {
    const [row] = await db('licence_corrections').where({ id: open.id }).update({ items: JSON.stringify(items), created_by: by }).returning('*');
    return row;
  }
  const last = await db('licence_corrections').where({ application_id: applicationId }).max('round as round').first();
  const [row] = await db('licence_corrections')
    .insert({ application_id: applicationId, round: Number(last?.round ?? 0) + 1, items: JSON.stringify(items), created_by: by })
    .returning('*');
  return row;
}

export async function clockPeriods(db: Conn, applicationId: string): Promise<ClockPeriod[]> {
  const rows = await db('case_clock_periods').where({ application_id: applicationId }).orderBy('id');
  return rows.map((r) => ({ kind: r.kind, startedAt: new Date(r.started_at), endedAt: r.ended_at ? new Date(r.ended_at) : null }));
}

/**
 * Closes the open period and opens one of `kind` (none for a stop), once per `key` (the job's
 * element instance): a retried job changes nothing.
 */
export async function switchClock(trx: Knex.Transaction, applicationId: string, kind: 'counting' | 'paused' | null, key: string, at: Date): Promise<void> {
  if (await trx('case_clock_periods').where({ opened_by: key }).first()) return;
  await trx('case_clock_periods').where({ application_id: applicationId }).whereNull('ended_at').update({ ended_at: at });
  // a stop leaves a closed, empty marker so that the key is remembered
  await trx('case_clock_periods').insert({ application_id: applicationId, kind: kind ?? 'paused', started_at: at, ended_at: kind ? null : at, opened_by: key });
}

export async function caseClock(db: Conn, applicationId: string, now: Date): Promise<StatutoryClock | null> {
  const periods = await clockPeriods(db, applicationId);
  if (!periods.length) return null;
  return statutoryClock(periods, LICENCE_STATUTORY_WORKING_DAYS, now);
}

export interface DateProposalRow {
  id: string;
  application_id: string;
  round: number;
  proposed_from: string;
  proposed_to: string;
  contact_name: string;
  contact_phone: string;
  contact_address: string;
  postcode: string | null;
  email: string | null;
  note: string | null;
  proposed_by: string;
  proposed_at: Date;
  decision: string | null;
  opinion: string | null;
  final_from: string | null;
  final_to: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

/** The applicant's letters proposing appraisal dates, oldest first, each with the agency's answer. */
export async function dateProposals(db: Conn, applicationId: string): Promise<DateProposalRow[]> {
  return db<DateProposalRow>('licence_date_proposals').where({ application_id: applicationId }).orderBy('round');
}

/** The letter the agency has not answered yet. */
export async function openProposal(db: Conn, applicationId: string): Promise<DateProposalRow | undefined> {
  return db<DateProposalRow>('licence_date_proposals').where({ application_id: applicationId }).whereNull('decision').orderBy('round', 'desc').first();
}

/** 许可管理: a production licence the unit holds, with its current scope and validity. */
export interface ProductionLicenceRow {
  id: string;
  number: string;
  unit_id: string;
  category: string;
  item_codes: string[];
  item_scope: string | null;
  authority_name: string;
  issued_on: string | Date;
  valid_until: string | Date;
  status: string;
  application_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The application categories (申请类别): first-time, change of a held licence, upgrade of it. */
export const APPLICATION_KIND = { first: 'first', change: 'change', upgrade: 'upgrade' } as const;
export type ApplicationKind = (typeof APPLICATION_KIND)[keyof typeof APPLICATION_KIND];

/** A DATE column as YYYY-MM-DD (the driver reads it as local midnight). */
export const dayOf = (v: unknown): string =>
  v instanceof Date ? new Date(v.getTime() - v.getTimezoneOffset() * 60000).toISOString().slice(0, 10) : String(v ?? '').slice(0, 10);

/** A licence's status as the list shows it: cancelled/revoked as recorded, else valid until it expires. */
export type LicenceStatus = 'valid' | 'expired' | 'cancelled' | 'revoked';
export function licenceStatus(row: Pick<ProductionLicenceRow, 'status' | 'valid_until'>, today: string): LicenceStatus {
  if (row.status === 'cancelled' || row.status === 'revoked') return row.status;
  return dayOf(row.valid_until) < today ? 'expired' : 'valid';
}

/** Limits a query on production_licences to those of one status on `today` (a local date). */
export function whereLicenceStatus(q: Knex.QueryBuilder, status: LicenceStatus, today: string): Knex.QueryBuilder {
  if (status === 'cancelled' || status === 'revoked') return q.where('production_licences.status', status);
  q.whereNotIn('production_licences.status', ['cancelled', 'revoked']);
  return status === 'expired' ? q.where('production_licences.valid_until', '<', today) : q.where('production_licences.valid_until', '>=', today);
}

/** The unit's licences valid on `today`. */
export function validLicences(db: Conn, unitId: string, today: string) {
  return whereLicenceStatus(db<ProductionLicenceRow>('production_licences').where({ unit_id: unitId }), 'valid', today);
}

/**
 * Records the approved case's licence: a first-time case issues a new one; a change or upgrade
 * replaces the scope of the licence it started from (same number and validity), the scope it
 * replaced kept in the licence's history. Once per case: a retried issue writes nothing more.
 */
export async function recordLicence(
  trx: Knex.Transaction,
  lc: Pick<LicenceCaseRow, 'application_id' | 'category' | 'item_codes' | 'authority_name'> & { application_kind: string; licence_id: string | null },
  issue: { number: string; unitId: string; itemScope: string | null; issuedOn: string; validUntil: string },
): Promise<ProductionLicenceRow> {
  if (lc.licence_id) {
    const held = await trx<ProductionLicenceRow>('production_licences').where({ id: lc.licence_id }).forUpdate().first();
    if (!held) throw new Error(`licence ${lc.licence_id} does not exist`);
    if (await trx('production_licence_history').where({ licence_id: held.id, application_id: lc.application_id }).first()) return held;
    await trx('production_licence_history').insert({
      licence_id: held.id,
      application_id: lc.application_id,
      kind: lc.application_kind,
      previous: JSON.stringify({ category: held.category, itemCodes: held.item_codes, itemScope: held.item_scope, authorityName: held.authority_name, applicationId: held.application_id }),
    });
    const [row] = await trx('production_licences')
      .where({ id: held.id })
      .update({ category: lc.category, item_codes: lc.item_codes, item_scope: issue.itemScope, authority_name: lc.authority_name, application_id: lc.application_id, updated_at: trx.fn.now() })
      .returning('*');
    return row;
  }
  await trx('production_licences')
    .insert({ number: issue.number, unit_id: issue.unitId, category: lc.category, item_codes: lc.item_codes, item_scope: issue.itemScope, authority_name: lc.authority_name, issued_on: issue.issuedOn, valid_until: issue.validUntil, application_id: lc.application_id })
    .onConflict('number')
    .ignore();
  const row = (await trx<ProductionLicenceRow>('production_licences').where({ number: issue.number }).first())!;
  await trx('production_licence_history').insert({ licence_id: row.id, application_id: lc.application_id, kind: APPLICATION_KIND.first }).onConflict(['licence_id', 'application_id']).ignore();
  return row;
}
