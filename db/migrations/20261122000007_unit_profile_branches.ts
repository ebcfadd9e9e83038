import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.jsonb('invoice'); // invoicing information the unit maintains itself
    t.uuid('parent_unit_id').references('units.id'); // secondary units (branches)
  });
  await knex.raw('ALTER TABLE units ALTER COLUMN uscc DROP NOT NULL'); // a branch may have none of its own
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.dropColumn('invoice');
    t.dropColumn('parent_unit_id');
  });
}
