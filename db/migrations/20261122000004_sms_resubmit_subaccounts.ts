import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The outbox SMS provider (development and tests) keeps every message here.
  await knex.schema.createTable('sms_outbox', (t) => {
    t.bigIncrements('id');
    t.string('recipient', 20).notNullable().index();
    t.text('text').notNullable();
    t.string('idempotency_key', 120).unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('applications', (t) => {
    t.string('resubmit_token_hash', 64); // sha256 of the link sent with a rejection
  });
  await knex.schema.alterTable('accounts', (t) => {
    t.specificType('permissions', 'text[]').notNullable().defaultTo('{}'); // areas a sub-account may act in
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => t.dropColumn('permissions'));
  await knex.schema.alterTable('applications', (t) => t.dropColumn('resubmit_token_hash'));
  await knex.schema.dropTableIfExists('sms_outbox');
}
