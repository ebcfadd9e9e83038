import type { Knex } from 'knex';

/**
 * Power-facility permits (承装（修、试）电力设施许可): the permits themselves, the
 * free-trade-zone flag on the unit, the credit table behind the default credit-check provider,
 * and the violations recorded when missing materials are not delivered in time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    // in a free-trade-zone pilot: shorter statutory limits, no committee review
    t.boolean('free_trade_zone').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('power_permits', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('unit_id').notNullable().references('units.id');
    t.string('number', 40).notNullable().unique();
    // [{ category: install|repair|test, level: '1'..'5' }]
    t.jsonb('categories').notNullable();
    t.date('issued_on').notNullable();
    t.date('valid_until').notNullable();
    t.string('status', 20).notNullable().defaultTo('active'); // active | cancelled
    t.uuid('application_id').references('applications.id'); // the last application that changed it
    t.uuid('document_id').references('documents.id'); // the current permit PDF
    t.jsonb('personnel').notNullable().defaultTo('[]'); // registered people: [{ role, name, idNumber }]
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // one active permit per unit
  await knex.raw("CREATE UNIQUE INDEX power_permits_one_active ON power_permits (unit_id) WHERE status = 'active'");
  await knex.raw('CREATE SEQUENCE power_permit_number_seq');
  await knex.schema.createTable('enterprise_credit', (t) => {
    t.uuid('unit_id').primary().references('units.id');
    t.string('rating', 20).notNullable(); // good | poor
    t.string('source', 100).notNullable().defaultTo('manual');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('missing_materials_violations', (t) => {
    t.bigIncrements('id');
    t.uuid('unit_id').notNullable().references('units.id');
    t.uuid('application_id').notNullable().references('applications.id').unique();
    t.timestamp('due_at', { useTz: true });
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.index(['unit_id', 'recorded_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('missing_materials_violations');
  await knex.schema.dropTable('enterprise_credit');
  await knex.raw('DROP SEQUENCE power_permit_number_seq');
  await knex.schema.dropTable('power_permits');
  await knex.schema.alterTable('units', (t) => t.dropColumn('free_trade_zone'));
}
