/**
 * The single completion path of every user task: the form's own validation, then the task's
 * behaviour (api/tasks/contract.ts) phase by phase. The business rows, the audit row and the
 * engine's completion share one transaction: when the engine refuses, nothing is written.
 */
import type { Db } from '../../core/db';
import { FormComponent, FormDefinition, validateSubmission, visible } from '../../domain/formio';
import { missingOpinion } from '../../domain/form-lint';
import { audit, getApplication, type ApplicationRow } from '../../db/applications';
import type { TaskRow } from '../../db/tasks';
import type { SessionUser } from '../auth';
import { ApiError, validationFailed } from '../errors';
import type { RelatedRecords, TaskBehaviour, TaskBehaviours, TaskCtx, TaskDetail } from './contract';
import { otherOpenCases } from './related';
import { TaskEngine, withEngine } from './engine';
import { TASK_BEHAVIOURS } from './index';

export interface PipelineDeps {
  db: Db;
  engine: TaskEngine;
  /** the behaviours by form key (tests pass their own) */
  behaviours?: TaskBehaviours;
  now?: () => Date;
}

const behaviourOf = (deps: Pick<PipelineDeps, 'behaviours'>, task: TaskRow): TaskBehaviour<unknown> | undefined => {
  const all = deps.behaviours ?? TASK_BEHAVIOURS;
  return task.form_key && Object.hasOwn(all, task.form_key) ? all[task.form_key] : undefined;
};

/** The behaviour's context: the task's case read here, unless the caller read it already (`loaded`). */
async function contextOf(deps: Pick<PipelineDeps, 'db' | 'now'>, task: TaskRow, user: SessionUser, raw: unknown, loaded?: { app: ApplicationRow | undefined }): Promise<TaskCtx> {
  const app = loaded ? loaded.app : task.application_id ? await getApplication(deps.db, task.application_id) : undefined;
  return { db: deps.db, task, user, app, now: deps.now?.() ?? new Date(), raw };
}

/** What the task page shows besides the case: the behaviour's detail, or nothing. `loaded`: the task's case, when the caller has read it. */
export async function taskDetail(deps: Pick<PipelineDeps, 'db' | 'behaviours' | 'now'>, task: TaskRow, user: SessionUser, loaded?: { app: ApplicationRow | undefined }): Promise<TaskDetail> {
  const b = behaviourOf(deps, task);
  return b?.detail ? b.detail(await contextOf(deps, task, user, undefined, loaded)) : {};
}

/** The records related to the task's case: the unit's other open cases, and the behaviour's own (empty without a case). */
export async function taskRelated(deps: Pick<PipelineDeps, 'db' | 'behaviours' | 'now'>, task: TaskRow, user: SessionUser, loaded?: { app: ApplicationRow | undefined }): Promise<RelatedRecords> {
  const ctx = await contextOf(deps, task, user, undefined, loaded);
  if (!ctx.app) return { openCases: [] };
  const own = await behaviourOf(deps, task)?.related?.(ctx);
  return { openCases: await otherOpenCases(deps.db, ctx.app, user), ...own };
}

/**
 * Completes an open task the user may complete (the route checked who may): validates the
 * submission against the task's form, runs the behaviour, claims the task for the user when
 * nobody holds it, and completes it in the engine inside the transaction of the task's writes.
 */
export async function completeTask(deps: PipelineDeps, task: TaskRow, user: SessionUser, raw: unknown): Promise<void> {
  const b = behaviourOf(deps, task) ?? {};
  if (b.elsewhere) throw new ApiError(409, b.elsewhere.code, b.elsewhere.message);
  const form = task.form_key ? await deps.db('forms').where({ key: task.form_key }).first() : undefined;
  if (!form) throw new ApiError(500, 'FORM_MISSING', `form ${task.form_key} is not deployed`);
  const checked = checkDecisionForm(form.schema as FormDefinition, raw);
  if (Object.keys(checked.errors).length) throw validationFailed(checked.errors);
  const values = checked.values;
  const ctx = await contextOf(deps, task, user, raw);

  const plan = b.check ? await b.check(ctx, values) : undefined;
  const variables = b.variables ? b.variables(ctx, values, plan) : values;
  const details = b.audit ? b.audit(ctx, values, plan) : { elementId: task.element_id, ...values };

  if (!task.assignee) {
    await withEngine(() => deps.engine.assignUserTask({ userTaskKey: task.user_task_key, assignee: user.login, allowOverride: false }));
  }
  await deps.db.transaction(async (trx) => {
    await b.write?.(trx, ctx, values, plan);
    if (task.application_id) await audit(trx, { applicationId: task.application_id, actor: user.login, action: 'task-complete', taskKey: task.user_task_key, details });
    await withEngine(() => deps.engine.completeUserTask({ userTaskKey: task.user_task_key, variables }));
  });
  await b.afterComplete?.(ctx, values, plan);
}

export const OPINION_REQUIRED = '退回、驳回或要求整改时须填写意见，申请人将看到 / A rejection, return or correction needs an opinion; the applicant will read it';

/**
 * The server's check of a task's submission: the form's own rules, and the opinion a rejection,
 * return or correction owes the applicant (named among the other field errors, so one answer
 * lists every field to fix).
 */
export function checkDecisionForm(schema: FormDefinition, raw: unknown): { values: Record<string, unknown>; errors: Record<string, string> } {
  const { values, errors } = validateSubmission(schema, raw ?? {});
  const opinion = missingOpinion(values, componentKeys(schema, raw ?? {}));
  return { values, errors: opinion && !errors[opinion] ? { ...errors, [opinion]: OPINION_REQUIRED } : errors };
}

/**
 * The keys of a form's own values shown for this submission, at any depth of its layout (a
 * list's columns are the list's, not the form's; a field hidden for this decision is not asked for).
 */
function componentKeys(form: FormDefinition, data: unknown): string[] {
  const out: string[] = [];
  const walk = (cs: unknown): void => {
    if (!Array.isArray(cs)) return;
    for (const c of cs as Array<FormComponent & { columns?: unknown }>) {
      if (!visible(c, data)) continue;
      if (typeof c.key === 'string') out.push(c.key);
      if (c.type === 'datagrid' || c.type === 'editgrid') continue;
      walk(c.components);
      if (Array.isArray(c.columns)) for (const col of c.columns as Array<{ components?: unknown }>) walk(col.components);
    }
  };
  walk(form.components);
  return out;
}
