import type { Knex } from 'knex';

/**
 * The inbox sorts by coalesce(due_date, far future): an index on exactly that expression lets
 * PostgreSQL read the first page in order instead of sorting every open task (bench/inbox:
 * first page p50 88.8 ms → see the issue note). Trigram indexes serve the free-text search.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX tasks_open_due_sort ON tasks (state, (coalesce(due_date, '9999-12-31T00:00:00Z'::timestamptz)), user_task_key)`);
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw('CREATE INDEX applications_number_trgm ON applications USING gin (number gin_trgm_ops)');
  await knex.raw(`CREATE INDEX applications_contact_name_trgm ON applications USING gin ((data->'contact'->>'name') gin_trgm_ops)`);
  await knex.raw(`CREATE INDEX applications_unit_name_trgm ON applications USING gin ((data->'unit'->>'name') gin_trgm_ops)`);
  await knex.raw('CREATE INDEX units_name_trgm ON units USING gin (name gin_trgm_ops)');
}

export async function down(knex: Knex): Promise<void> {
  for (const i of ['tasks_open_due_sort', 'applications_number_trgm', 'applications_contact_name_trgm', 'applications_unit_name_trgm', 'units_name_trgm']) await knex.raw(`DROP INDEX IF EXISTS ${i}`);
}
