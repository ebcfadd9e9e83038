import type { Knex } from 'knex';

/**
 * 注册人员综合查询 / 证书查询: a unit's publicity records by status and end date walk one index
 * (the certificate query is ordered by the end date); the item condition (items @> [{ itemCode }])
 * uses a GIN index on the items.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX IF NOT EXISTS publicity_records_unit_status_until ON publicity_records (unit_id, status, valid_until)');
  await knex.raw('CREATE INDEX IF NOT EXISTS publicity_records_items ON publicity_records USING gin (items jsonb_path_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS publicity_records_items');
  await knex.raw('DROP INDEX IF EXISTS publicity_records_unit_status_until');
}
