import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.string('password_set_token_hash', 64); // sha256 of a one-time password-set link
    t.timestamp('password_set_expires_at', { useTz: true });
  });
  await knex.schema.alterTable('files', (t) => {
    t.uuid('attached_application_id'); // set when an anonymous upload is used by an application
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('files', (t) => t.dropColumn('attached_application_id'));
  await knex.schema.alterTable('accounts', (t) => {
    t.dropColumn('password_set_token_hash');
    t.dropColumn('password_set_expires_at');
  });
}
