/**
 * The inbox load of the benches: `tasks` open tasks straight into the inbox mirror (`tasks`), one
 * `applications` row each, in batches (see bench/README.md, bench/inbox "What it does" 1). Used by
 * bench/inbox.ts and bench/api.ts. Run ANALYZE tasks, applications afterwards.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../core/db';

export const BENCH_GROUPS = ['bench-a', 'bench-b', 'bench-c'];
/** The first task's key; task i has key FIRST_TASK_KEY + i. */
export const FIRST_TASK_KEY = 7_000_000_000_000;

export async function seedInboxTasks(
  db: Db,
  opts: { tasks: number; batch: number; reviewerLogin: string; say?: (m: string) => void },
): Promise<void> {
  const { tasks: TASKS, batch: BATCH, reviewerLogin } = opts;
  const now = Date.now();
  for (let from = 0; from < TASKS; from += BATCH) {
    const apps: Array<Record<string, unknown>> = [];
    const tasks: Array<Record<string, unknown>> = [];
    for (let i = from; i < Math.min(TASKS, from + BATCH); i++) {
      const id = randomUUID();
      const created = new Date(now - (TASKS - i) * 1000);
      apps.push({
        id,
        number: `BEN${String(i).padStart(7, '0')}`,
        process_id: 'bench-inbox',
        status: 'in_review',
        data: JSON.stringify({ contact: { name: i % 100 === 0 ? `欧阳${i}` : `申请人${i}` }, unit: { name: `基准单位${i % 997}` } }),
      });
      tasks.push({
        user_task_key: String(FIRST_TASK_KEY + i),
        process_instance_key: String(6_000_000_000_000 + i),
        process_definition_id: 'bench-inbox',
        element_id: 'review',
        application_id: id,
        form_key: 'unit-registration-review',
        candidate_groups: [BENCH_GROUPS[i % 3]],
        candidate_users: [],
        assignee: i % 7 === 0 ? reviewerLogin : i % 11 === 0 ? 'someone-else' : null,
        // some overdue, most not, a fifth without a due date (sorted last), ties possible
        due_date: i % 5 === 0 ? null : new Date(now + (((i * 7919) % 40000) - 8000) * 60_000),
        state: 'CREATED',
        last_event: 'creating',
        created_at: created,
        updated_at: created,
      });
    }
    await db('applications').insert(apps);
    await db('tasks').insert(tasks);
    if ((from / BATCH) % 10 === 9) opts.say?.(`seeded ${from + BATCH}`);
  }
}
