import type { Knex } from 'knex';

/**
 * A practitioner registers or changes the mobile used for codes and the three-element check
 * (001 §4) from their own personal account: the account is tied to the practitioner the first time
 * (name and ID number, the new mobile confirmed by SMS code), and from then on only that account
 * changes that practitioner's mobile.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.uuid('practitioner_id').references('practitioners.id');
  });
  await knex.raw('CREATE UNIQUE INDEX accounts_one_per_practitioner ON accounts (practitioner_id) WHERE practitioner_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS accounts_one_per_practitioner');
  await knex.schema.alterTable('accounts', (t) => t.dropColumn('practitioner_id'));
}
