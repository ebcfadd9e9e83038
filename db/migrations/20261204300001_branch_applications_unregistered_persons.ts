import type { Knex } from 'knex';

/**
 * Secondary units applying for publicity of their own (000 §3.2.3 申请新单位公示): an application
 * records the secondary unit it is made for (the practitioner's unit stays the parent, whose
 * business it is). 未注册人员管理: the persons a unit has entered for publicity who are not
 * registered practitioners yet, one row per unit and ID number.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    t.uuid('branch_unit_id').references('units.id');
  });
  await knex.raw('CREATE INDEX IF NOT EXISTS applications_branch ON applications (branch_unit_id) WHERE branch_unit_id IS NOT NULL');
  await knex.raw('CREATE INDEX IF NOT EXISTS accounts_branch ON accounts (branch_unit_id) WHERE branch_unit_id IS NOT NULL');
  await knex.schema.createTable('unregistered_persons', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('unit_id').notNullable().references('units.id');
    t.string('name', 50).notNullable();
    t.string('id_number', 18).notNullable();
    t.string('gender', 4);
    t.string('mobile', 11);
    t.string('note', 200);
    t.string('created_by', 100).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['unit_id', 'id_number']);
    t.index(['unit_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('unregistered_persons');
  await knex.raw('DROP INDEX IF EXISTS accounts_branch');
  await knex.raw('DROP INDEX IF EXISTS applications_branch');
  await knex.schema.alterTable('applications', (t) => t.dropColumn('branch_unit_id'));
}
