import type { Knex } from 'knex';

/** Service ratings (好差评) per finished case, and self-inspection campaigns (企业自查). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rating_links', (t) => {
    t.string('token', 64).primary();
    t.uuid('application_id').notNullable().unique().references('applications.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('ratings', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('applications.id');
    t.string('mobile', 20).notNullable();
    t.smallint('stars').notNullable();
    t.string('comment', 1000);
    t.timestamp('rated_at', { useTz: true }).notNullable();
    t.index(['application_id']);
  });
  await knex.schema.createTable('self_inspection_campaigns', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.integer('year').notNullable();
    t.string('title', 200).notNullable();
    t.string('launched_by', 64).notNullable();
    t.string('process_instance_key', 30);
    t.integer('enterprise_count').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // each enterprise's self-inspection is an application (process self-inspection-campaign) linked here
  await knex.schema.alterTable('applications', (t) => {
    t.uuid('campaign_id').references('self_inspection_campaigns.id');
    t.index(['campaign_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => t.dropColumn('campaign_id'));
  await knex.schema.dropTable('self_inspection_campaigns');
  await knex.schema.dropTable('ratings');
  await knex.schema.dropTable('rating_links');
}
