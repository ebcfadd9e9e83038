import type { Knex } from 'knex';

/**
 * Self-registration for licensing: an enterprise may give its 9-character organisation code
 * instead of a USCC, says whether it is a legal person and its enterprise type, and need not give a
 * legal representative or postcode (the manual's form asks for neither); a person's account, and an
 * enterprise contact, keep the resident ID number they signed up with (one person account each).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.string('org_code', 9).unique();
    t.string('entity_kind', 20);
    t.string('enterprise_type', 40);
  });
  await knex.raw('ALTER TABLE units ALTER COLUMN legal_representative DROP NOT NULL');
  await knex.raw('ALTER TABLE units ALTER COLUMN postcode DROP NOT NULL');
  await knex.schema.alterTable('accounts', (t) => t.string('id_number', 18));
  await knex.raw("CREATE UNIQUE INDEX accounts_person_id_number ON accounts (id_number) WHERE kind = 'person'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS accounts_person_id_number');
  await knex.schema.alterTable('accounts', (t) => t.dropColumn('id_number'));
  await knex.raw("UPDATE units SET legal_representative = '' WHERE legal_representative IS NULL");
  await knex.raw("UPDATE units SET postcode = '000000' WHERE postcode IS NULL");
  await knex.raw('ALTER TABLE units ALTER COLUMN legal_representative SET NOT NULL');
  await knex.raw('ALTER TABLE units ALTER COLUMN postcode SET NOT NULL');
  await knex.schema.alterTable('units', (t) => {
    t.dropColumn('enterprise_type');
    t.dropColumn('entity_kind');
    t.dropColumn('org_code');
  });
}
