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
