import type { Knex } from 'knex';

/** The inbox filters a reviewer saved by name: kept with the account, so they follow it to any browser. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('inbox_saved_filters', (t) => {
    t.uuid('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.jsonb('filter').notNullable();
    t.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['account_id', 'name']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('inbox_saved_filters');
}
