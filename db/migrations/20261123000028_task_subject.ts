import type { Knex } from 'knex';

/**
 * What one task of a multi-instance is about (e.g. the person joining or leaving in a personnel
 * change, each reviewed on its own): the listener stores the task's `subject` variable here, so
 * the reviewer sees which item the task is for.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.jsonb('subject');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => t.dropColumn('subject'));
}
