import type { Knex } from 'knex';

/** Keep each deployed model's XML: versions can be downloaded and compared. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deployments', (t) => t.text('content'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deployments', (t) => t.dropColumn('content'));
}
