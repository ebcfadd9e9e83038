import type { Knex } from 'knex';

/** The done list (已办): a reviewer's completed tasks, the newest completion first, one index walk a page. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX tasks_done_by_assignee ON tasks (assignee, completed_at DESC, user_task_key DESC) WHERE state = 'COMPLETED'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS tasks_done_by_assignee');
}
