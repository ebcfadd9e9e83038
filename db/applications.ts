/** Applications and their audit trail: every status change writes an audit row in the same transaction. */
import type { Knex } from 'knex';
import type { Db } from '../core/db';
import { NOT_OPEN_STATUSES, TASK_STATE, type ApplicationStatus } from '../domain/registry';

export interface ApplicationRow {
  id: string;
  number: string;
  process_id: string;
  status: ApplicationStatus;
  subject_key: string | null;
  unit_id: string | null;
  /** the secondary unit the application is made for (publicity), if any */
  branch_unit_id?: string | null;
  /** who submitted it (persons have no unit) */
  applicant_login: string | null;
  data: Record<string, unknown>;
  secret_hash: string | null;
  process_instance_key: string | null;
  decision: string | null;
  decision_reason: string | null;
  created_at: Date;
  updated_at: Date;
  decided_at: Date | null;
}

/** e.g. REG20261122-00042: prefix, local date (Asia/Shanghai), and a sequence number. */
export async function nextApplicationNumber(db: Db | Knex.Transaction, prefix: string, now = new Date()): Promise<string> {
  const { rows } = await db.raw<{ rows: Array<{ n: string }> }>("SELECT nextval('application_number_seq') AS n");
  const local = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `${prefix}${local}-${String(rows[0].n).padStart(5, '0')}`;
}

export async function audit(
  trx: Db | Knex.Transaction,
  /** applicationId null: an action on no case (e.g. a person search) */
  row: { applicationId: string | null; actor: string; action: string; from?: string | null; to?: string | null; taskKey?: string; details?: unknown },
): Promise<void> {
  await trx('audit').insert({
    application_id: row.applicationId,
    actor: row.actor,
    action: row.action,
    from_status: row.from ?? null,
    to_status: row.to ?? null,
    task_key: row.taskKey ?? null,
    details: row.details === undefined ? null : JSON.stringify(row.details),
  });
}

export async function getApplication(db: Db | Knex.Transaction, id: string): Promise<ApplicationRow | undefined> {
  return db<ApplicationRow>('applications').where({ id }).first();
}

/**
 * Moves an application to a new status (with an audit row), only from one of the allowed states.
 * Returns false, changing nothing, when it is already in the target state (a redelivered job).
 */
export async function transition(
  trx: Knex.Transaction,
  id: string,
  to: ApplicationStatus,
  opts: { from: ApplicationStatus[]; actor: string; action: string; taskKey?: string; set?: Record<string, unknown>; details?: unknown },
): Promise<boolean> {
  const app = await trx<ApplicationRow>('applications').where({ id }).forUpdate().first();
  if (!app) throw new Error(`application ${id} does not exist`);
  if (app.status === to) return false;
  if (!opts.from.includes(app.status)) {
    throw new Error(`application ${app.number} is ${app.status}; cannot move to ${to}`);
  }
  await trx('applications')
    .where({ id })
    .update({ status: to, updated_at: trx.fn.now(), ...(opts.set ?? {}) });
  await audit(trx, { applicationId: id, actor: opts.actor, action: opts.action, from: app.status, to, taskKey: opts.taskKey, details: opts.details });
  return true;
}

/**
 * The other cases of an application's unit (or of its applicant, for a person) that are under way,
 * newest first, limited by `scope` (who may read them), each with the elements of its open tasks.
 */
export async function openCasesBeside(
  db: Db,
  app: Pick<ApplicationRow, 'id' | 'unit_id' | 'applicant_login'>,
  scope: (q: Knex.QueryBuilder) => void,
  limit = 20,
): Promise<Array<Pick<ApplicationRow, 'id' | 'number' | 'process_id' | 'status' | 'created_at'> & { waiting: Array<{ process_definition_id: string; element_id: string }> }>> {
  if (!app.unit_id && !app.applicant_login) return [];
  const rows: Array<Pick<ApplicationRow, 'id' | 'number' | 'process_id' | 'status' | 'created_at'>> = await db('applications')
    .where(app.unit_id ? { 'applications.unit_id': app.unit_id } : { 'applications.applicant_login': app.applicant_login })
    .whereNot('applications.id', app.id)
    .whereNotIn('applications.status', NOT_OPEN_STATUSES)
    .modify(scope)
    .orderBy('applications.created_at', 'desc')
    .limit(limit)
    .select('applications.id', 'applications.number', 'applications.process_id', 'applications.status', 'applications.created_at');
  const tasks: Array<{ application_id: string; process_definition_id: string; element_id: string }> = rows.length
    ? await db('tasks').whereIn('application_id', rows.map((r) => r.id)).where({ state: TASK_STATE.created }).orderBy('created_at').select('application_id', 'process_definition_id', 'element_id')
    : [];
  return rows.map((r) => ({ ...r, waiting: tasks.filter((t) => t.application_id === r.id) }));
}
