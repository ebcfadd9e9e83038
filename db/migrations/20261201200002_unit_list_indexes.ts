import type { Knex } from 'knex';

/**
 * A unit's lists of one process, newest first (the 申报单 list, the cancellation requests), walk
 * one index; a request's persons are found by the request (the count on each row, the person
 * conditions) rather than by scanning every person row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX IF NOT EXISTS applications_unit_process_created ON applications (unit_id, process_id, created_at DESC, id DESC)');
  await knex.raw('CREATE INDEX IF NOT EXISTS publicity_applications_application ON publicity_applications (application_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS publicity_applications_application');
  await knex.raw('DROP INDEX IF EXISTS applications_unit_process_created');
}
