import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deployments', (t) => {
    t.string('deployed_by', 64); // null: deployed at start from bpmn/ and forms/
  });
  // every admin action (deploy, incident retry, case cancel)
  await knex.schema.createTable('admin_audit', (t) => {
    t.bigIncrements('id');
    t.string('actor', 64).notNullable();
    t.string('action', 50).notNullable();
    t.jsonb('details');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('admin_audit');
  await knex.schema.alterTable('deployments', (t) => t.dropColumn('deployed_by'));
}
