import type { Knex } from 'knex';

/**
 * 许可管理: the production licences a unit holds (one row per licence number, its current scope and
 * validity, valid / cancelled), the history of each licence's scope (the first issue, then every
 * change or upgrade with the scope it replaced), and on a licence case its application category
 * (首次 first / 变更 change / 升级 upgrade) and the licence a change or upgrade starts from.
 * Licences issued before this are carried over from their cases.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('production_licences', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('number', 40).notNullable().unique();
    t.uuid('unit_id').notNullable().references('units.id');
    t.string('category', 40).notNullable();
    t.specificType('item_codes', 'text[]').notNullable();
    t.text('item_scope');
    t.string('authority_name', 100).notNullable();
    t.date('issued_on').notNullable();
    t.date('valid_until').notNullable();
    t.string('status', 20).notNullable().defaultTo('valid'); // valid | cancelled | revoked
    // the case that issued or last changed it
    t.uuid('application_id').references('applications.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['unit_id', 'valid_until']);
  });
  await knex.schema.createTable('production_licence_history', (t) => {
    t.bigIncrements('id');
    t.uuid('licence_id').notNullable().references('production_licences.id').onDelete('CASCADE');
    t.uuid('application_id').references('applications.id');
    t.string('kind', 20).notNullable(); // first | change | upgrade
    // the scope before this change or upgrade (null for the first issue)
    t.jsonb('previous');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // a retried issue job records once
    t.unique(['licence_id', 'application_id']);
  });
  await knex.schema.alterTable('licence_cases', (t) => {
    t.string('application_kind', 20).notNullable().defaultTo('first');
    t.uuid('licence_id').references('production_licences.id');
    // a change or upgrade is issued under the number of the licence it changes
    t.dropUnique(['licence_number']);
    t.index(['licence_number']);
  });
  await knex.raw(`
    INSERT INTO production_licences (number, unit_id, category, item_codes, item_scope, authority_name, issued_on, valid_until, application_id)
    SELECT lc.licence_number, a.unit_id, lc.category, lc.item_codes, a.data->>'itemScope', lc.authority_name,
           (coalesce(a.decided_at, a.updated_at) AT TIME ZONE 'Asia/Shanghai')::date,
           ((coalesce(a.decided_at, a.updated_at) AT TIME ZONE 'Asia/Shanghai') + interval '4 years')::date,
           a.id
      FROM licence_cases lc JOIN applications a ON a.id = lc.application_id
     WHERE lc.licence_number IS NOT NULL AND a.unit_id IS NOT NULL AND a.status = 'approved'
    ON CONFLICT (number) DO NOTHING`);
  await knex.raw(`
    INSERT INTO production_licence_history (licence_id, application_id, kind, at)
    SELECT id, application_id, 'first', created_at FROM production_licences`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('licence_cases', (t) => {
    t.dropColumn('licence_id');
    t.dropColumn('application_kind');
    t.dropIndex(['licence_number']);
    t.unique(['licence_number']);
  });
  await knex.schema.dropTable('production_licence_history');
  await knex.schema.dropTable('production_licences');
}
