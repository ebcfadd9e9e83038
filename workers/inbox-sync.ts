/**
 * inbox.sync.<event> — the user task listener that keeps the `tasks` mirror in step with the
 * engine. The engine holds the task transition until this job completes, so the mirror row is
 * written before the task is visible anywhere. Idempotent: an upsert keyed by the user task key.
 */
import { formKeyOf } from '../db/models';
import { INBOX_EVENTS, InboxEvent, inboxSyncJobType, TASK_STATE } from '../domain/registry';
import { Deps, Handler, JobContext, defineJob } from './types';

const H = 'io.camunda.zeebe:';

function list(raw: string | undefined): string[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return raw.split(',').map((s) => s.trim()).filter(Boolean);
  }
}

function date(raw: string | undefined): Date | null {
  if (!raw) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function eventOf(jobType: string): InboxEvent {
  const event = INBOX_EVENTS.find((e) => inboxSyncJobType(e) === jobType);
  if (!event) throw new Error(`not an inbox listener job type: ${jobType}`);
  return event;
}

/** The task's attributes as the listener job carries them in its headers. */
export function taskFromJob(job: JobContext): Record<string, unknown> {
  const h = job.headers;
  return {
    candidate_groups: list(h[`${H}candidateGroups`]),
    candidate_users: list(h[`${H}candidateUsers`]),
    assignee: h[`${H}assignee`] || null,
    priority: h[`${H}priority`] ? Number(h[`${H}priority`]) : 50,
    due_date: date(h[`${H}dueDate`]),
    follow_up_date: date(h[`${H}followUpDate`]),
  };
}

export const inboxSyncJob: Handler<{ applicationId?: string; subject?: unknown }, Record<string, never>> = async (vars, job, deps) => {
  await writeMirror(vars, job, deps);
  const row = await deps.db('tasks').where({ user_task_key: job.headers[`${H}userTaskKey`] }).first();
  if (row && deps.publishInbox) {
    await deps
      .publishInbox({ event: eventOf(job.type), key: row.user_task_key, state: row.state, assignee: row.assignee, candidateGroups: row.candidate_groups, candidateUsers: row.candidate_users })
      .catch((err) => deps.log.warn('could not publish the inbox change', { error: err as Error }));
  }
  return {};
};

/** The full mirror row for a task, from the listener job (with any changes on top). */
function rowFromJob(vars: { applicationId?: string; subject?: unknown }, job: JobContext, userTaskKey: string, now: Date, formKey: string | null, over: Record<string, unknown>): Record<string, unknown> {
  return {
    // what this one task is about, when the model says (a multi-instance item): shown to the reviewer
    subject: vars.subject === undefined || vars.subject === null ? null : JSON.stringify(vars.subject),
    user_task_key: userTaskKey,
    process_instance_key: job.processInstanceKey,
    process_definition_id: job.bpmnProcessId,
    element_id: job.elementId,
    element_instance_key: job.elementInstanceKey,
    application_id: vars.applicationId ?? null,
    form_key: formKey,
    ...taskFromJob(job),
    state: TASK_STATE.created,
    created_at: now,
    updated_at: now,
    ...over,
  };
}

async function writeMirror(vars: { applicationId?: string; subject?: unknown }, job: JobContext, deps: Deps): Promise<void> {
  const event = eventOf(job.type);
  const userTaskKey = job.headers[`${H}userTaskKey`];
  if (!userTaskKey) throw new Error(`listener job ${job.key} has no user task key header`);
  const now = deps.now();
  const formKey = () => formKeyOf(deps.db, { processDefinitionKey: job.processDefinitionKey, processId: job.bpmnProcessId, elementId: job.elementId });
  if (event === 'creating') {
    await deps.db('tasks')
      .insert(rowFromJob(vars, job, userTaskKey, now, await formKey(), { last_event: event }))
      .onConflict('user_task_key')
      .merge(['candidate_groups', 'candidate_users', 'assignee', 'priority', 'due_date', 'follow_up_date', 'updated_at']);
    return;
  }
  const change: Record<string, unknown> = { last_event: event, updated_at: now };
  if (event === 'assigning' || event === 'updating') Object.assign(change, taskFromJob(job));
  if (event === 'completing') Object.assign(change, { state: TASK_STATE.completed, completed_at: now });
  if (event === 'canceling') Object.assign(change, { state: TASK_STATE.canceled, completed_at: now });
  const updated = await deps.db('tasks').where({ user_task_key: userTaskKey }).update(change);
  if (updated === 0) {
    // The mirror missed the creation (e.g. a database restore): the reconciliation job repairs it;
    // failing here would block the reviewer, so record what we know.
    deps.log.warn('inbox mirror had no row for the task; inserting from the listener', { userTaskKey, event });
    await deps.db('tasks').insert(rowFromJob(vars, job, userTaskKey, now, await formKey(), change)).onConflict('user_task_key').merge();
  }
}

/** The jobs above, with the variables each fetches. */
export const inboxSyncJobs = [
  defineJob({ type: INBOX_EVENTS.map(inboxSyncJobType), fetch: ['applicationId', 'subject'], handler: inboxSyncJob }),
];
