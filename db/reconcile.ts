/**
 * Compares the inbox mirror with the engine's user tasks (Camunda REST search) and repairs drift:
 * open engine tasks missing from the mirror are added, changed attributes are copied, and rows
 * open in the mirror but closed in the engine are closed. `npm run inbox:reconcile` runs it.
 */
import type { RestClient } from '../core/camunda';
import type { Db } from '../core/db';
import { TASK_STATE } from '../domain/registry';
import type { TaskRow } from './tasks';

interface EngineTask {
  userTaskKey: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionId: string;
  state: string;
  assignee?: string | null;
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueDate?: string | null;
  followUpDate?: string | null;
  priority?: number;
  creationDate?: string;
  completionDate?: string | null;
  externalFormReference?: string | null;
}

export interface ReconcileReport {
  engineOpen: number;
  mirrorOpen: number;
  inserted: string[];
  updated: string[];
  closed: string[];
}

const sameDate = (a: Date | null, b?: string | null) => (a ? a.getTime() : null) === (b ? new Date(b).getTime() : null);
const sameList = (a: string[], b?: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...(b ?? [])].sort());

async function openEngineTasks(rest: RestClient): Promise<EngineTask[]> {
  const out: EngineTask[] = [];
  for (let from = 0; ; from += 1000) {
    const page = (await rest.searchUserTasks({ filter: { state: 'CREATED' }, page: { from, limit: 1000 } })) as unknown as { items: EngineTask[] };
    out.push(...page.items);
    if (page.items.length < 1000) return out;
  }
}

export async function reconcileInbox(db: Db, rest: RestClient, now = new Date()): Promise<ReconcileReport> {
  const engine = await openEngineTasks(rest);
  const mirror = await db<TaskRow>('tasks').where({ state: TASK_STATE.created });
  const byKey = new Map(mirror.map((t) => [t.user_task_key, t]));
  const report: ReconcileReport = { engineOpen: engine.length, mirrorOpen: mirror.length, inserted: [], updated: [], closed: [] };

  for (const e of engine) {
    const attrs = {
      assignee: e.assignee ?? null,
      candidate_groups: e.candidateGroups ?? [],
      candidate_users: e.candidateUsers ?? [],
      due_date: e.dueDate ? new Date(e.dueDate) : null,
      follow_up_date: e.followUpDate ? new Date(e.followUpDate) : null,
      priority: e.priority ?? 50,
    };
    const m = byKey.get(e.userTaskKey);
    byKey.delete(e.userTaskKey);
    if (!m) {
      const app = await db('applications').where({ process_instance_key: e.processInstanceKey }).first('id');
      await db('tasks')
        .insert({
          user_task_key: e.userTaskKey, process_instance_key: e.processInstanceKey, process_definition_id: e.processDefinitionId,
          element_id: e.elementId, element_instance_key: e.elementInstanceKey, application_id: app?.id ?? null,
          form_key: e.externalFormReference ?? null, ...attrs,
          state: TASK_STATE.created, last_event: 'reconciled', created_at: e.creationDate ? new Date(e.creationDate) : now, updated_at: now,
        })
        .onConflict('user_task_key')
        .merge();
      report.inserted.push(e.userTaskKey);
    } else if (
      m.assignee !== attrs.assignee || !sameList(m.candidate_groups, attrs.candidate_groups) || !sameList(m.candidate_users, attrs.candidate_users) ||
      !sameDate(m.due_date, e.dueDate) || !sameDate(m.follow_up_date, e.followUpDate) || m.priority !== attrs.priority
    ) {
      await db('tasks').where({ user_task_key: e.userTaskKey }).update({ ...attrs, last_event: 'reconciled', updated_at: now });
      report.updated.push(e.userTaskKey);
    }
  }

  // Open in the mirror, not open in the engine: close with the engine's state (or CANCELED if it is gone).
  for (const m of byKey.values()) {
    let state: string = TASK_STATE.canceled;
    let closedAt: Date = now;
    try {
      const t = (await rest.getUserTask(m.user_task_key)) as unknown as EngineTask;
      if (t.state === 'CREATED') continue; // opened after our search: leave it
      state = t.state === 'COMPLETED' ? TASK_STATE.completed : TASK_STATE.canceled;
      if (t.completionDate) closedAt = new Date(t.completionDate);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    await db('tasks').where({ user_task_key: m.user_task_key }).update({ state, completed_at: closedAt, last_event: 'reconciled', updated_at: now });
    report.closed.push(m.user_task_key);
  }
  return report;
}
