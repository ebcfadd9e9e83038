import type { Knex } from 'knex';

/**
 * A unit's sub-account may belong to one of its secondary units (000 §3.2.2 所属单位): shown and
 * queried by it. The account still acts for the unit itself (a secondary unit's business is done
 * under its parent, 000 §3.2.3), so its unit stays the parent's.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.uuid('branch_unit_id').references('units.id');
  });
  await knex.raw('CREATE INDEX IF NOT EXISTS accounts_unit_created ON accounts (unit_id, created_at)');
  await knex.raw('CREATE INDEX IF NOT EXISTS units_parent_created ON units (parent_unit_id, created_at) WHERE parent_unit_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS units_parent_created');
  await knex.raw('DROP INDEX IF EXISTS accounts_unit_created');
  await knex.schema.alterTable('accounts', (t) => t.dropColumn('branch_unit_id'));
}
