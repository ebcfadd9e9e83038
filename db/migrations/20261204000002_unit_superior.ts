import type { Knex } from 'knex';

/**
 * The superior enterprise (上级企业) a unit is associated with (004 §2, 企业注册 and 企业信息修改):
 * another registered, active unit chosen by name. Not a secondary unit (parent_unit_id): the
 * superior is a unit of its own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.uuid('superior_unit_id').references('units.id').onDelete('SET NULL');
    t.index(['superior_unit_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => t.dropColumn('superior_unit_id'));
}
