import type { Knex } from 'knex';

/**
 * The acceptance decision (受理决定书) records whether the licensing is charged for (是否收费) and
 * the day the authority received the materials (接收材料时间), as the authority enters them on acceptance.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('licence_cases', (t) => {
    t.boolean('fee_charged');
    t.string('materials_received_on', 10);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('licence_cases', (t) => {
    t.dropColumn('fee_charged');
    t.dropColumn('materials_received_on');
  });
}
