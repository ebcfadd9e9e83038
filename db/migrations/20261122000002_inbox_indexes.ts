import type { Knex } from 'knex';

/** Inbox list queries: by group membership, by creation order, by assignee. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX tasks_candidate_groups ON tasks USING gin (candidate_groups)');
  await knex.raw('CREATE INDEX tasks_open_created ON tasks (state, created_at, user_task_key)');
  await knex.raw('CREATE INDEX tasks_assignee ON tasks (assignee) WHERE assignee IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS tasks_candidate_groups');
  await knex.raw('DROP INDEX IF EXISTS tasks_open_created');
  await knex.raw('DROP INDEX IF EXISTS tasks_assignee');
}
