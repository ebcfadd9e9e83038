/**
 * The one contract of a user task's behaviour, keyed by form key (api/tasks/<area>.ts). A task whose
 * form needs nothing more than the generic path has no entry: its checked values become the
 * variables. api/tasks/pipeline.ts runs the phases in this order and nothing else extends completion:
 *
 *   (elsewhere: refused) → form validation → check → variables → [transaction: write → audit row → engine completion] → afterComplete
 *
 * Reading, for the task page: `detail` (prefill, a replaced form, the case's own details) and
 * `related` (records beside the case, added to the unit's other open cases every task with a case shows).
 *
 * `check` may return a plan (what it found out while checking) that the later phases receive, so
 * nothing is computed twice and nothing is written before the transaction.
 */
import type { Knex } from 'knex';
import type { Db } from '../../core/db';
import type { ApplicationRow } from '../../db/applications';
import type { TaskRow } from '../../db/tasks';
import type { SessionUser } from '../auth';

export type Values = Record<string, unknown>;

export interface TaskCtx {
  db: Db;
  task: TaskRow;
  user: SessionUser;
  /** the case the task belongs to (undefined for a task without an application) */
  app: ApplicationRow | undefined;
  now: Date;
  /** the submission as sent, before the form's validation kept only the form's own keys */
  raw: unknown;
}

/** What GET /api/tasks/:id adds besides the case: prefilled values, a replaced form, the case's own details. */
export interface TaskDetail {
  prefill?: Values;
  form?: unknown;
  [extra: string]: unknown;
}

/** One of the unit's (or the person's) other cases still under way, as the task page lists it. */
export interface RelatedCase {
  id: string;
  number: string;
  processId: string;
  processName: string;
  status: string;
  submittedAt: Date;
  /** the steps it waits at, by name */
  waitingAt: string[];
}

/** A person the case is about, with their qualifications and publicity records (names, not codes alone). */
export interface RelatedPerson {
  name: string;
  idNumber: string;
  qualifications: Array<{ item: string; certificateNo: string; issueDate: string; expiryDate: string }>;
  /** status: valid · expired · ended; endReason by name */
  records: Array<{ unitName: string; items: string[]; status: 'valid' | 'expired' | 'ended'; startDate: string; validUntil: string; certificateNo: string | null; endReason: string | null }>;
}

/**
 * What the task page shows beside the case: the unit's other open cases (every task with a case,
 * those the user may read), and what the task's behaviour adds (`related`).
 */
export interface RelatedRecords {
  openCases: RelatedCase[];
  persons?: RelatedPerson[];
}

export interface TaskBehaviour<Plan = void> {
  /** The task is completed through its own endpoint only: the generic completion answers 409 with this. */
  elsewhere?: { code: string; message: string };
  detail?(ctx: TaskCtx): Promise<TaskDetail>;
  /** Records related to the case the reviewer decides with (the persons of a publicity case); read-only. */
  related?(ctx: TaskCtx): Promise<Omit<RelatedRecords, 'openCases'>>;
  /** Throws field errors (400) or other ApiErrors; writes nothing. */
  check?(ctx: TaskCtx, values: Values): Promise<Plan>;
  /** The variables to complete the task with: ids and decisions only. Default: the checked values. */
  variables?(ctx: TaskCtx, values: Values, plan: Plan): Values;
  /** The details of the task-complete audit row. Default: the element id and the checked values. */
  audit?(ctx: TaskCtx, values: Values, plan: Plan): Values;
  /**
   * Business rows, in the transaction that completes the task in the engine (rolled back when it
   * refuses). The engine may start the next job before this transaction commits: a job that reads
   * a row written here reads it FOR SHARE, which waits for the commit (the row stays locked until then).
   */
  write?(trx: Knex.Transaction, ctx: TaskCtx, values: Values, plan: Plan): Promise<void>;
  /** After the engine completed the task; must be idempotent (a retried request runs it again). */
  afterComplete?(ctx: TaskCtx, values: Values, plan: Plan): Promise<void>;
}

/** Declares a behaviour with its plan type checked across the phases. */
export const behaviour = <Plan = void>(b: TaskBehaviour<Plan>): TaskBehaviour<unknown> => b as TaskBehaviour<unknown>;

export type TaskBehaviours = Record<string, TaskBehaviour<unknown>>;

/** Keeps the listed submitted values (ids and decisions) for the engine. */
export const pick = (values: Values, keys: readonly string[]): Values => Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
