import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('files', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('owner_account_id').references('accounts.id');
    t.string('original_name', 255).notNullable();
    t.string('mime_type', 100).notNullable(); // decided from the content, not the name
    t.integer('size_bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('drafts', (t) => {
    t.bigIncrements('id');
    t.uuid('account_id').notNullable().references('accounts.id');
    t.string('scope', 100).notNullable(); // task:<user task key> | start:<process id>
    t.jsonb('data').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['account_id', 'scope']);
  });

  await knex.schema.createTable('unit_qualifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('unit_id').notNullable().references('units.id');
    t.uuid('application_id').notNullable().unique().references('applications.id');
    t.string('qualification_type', 50).notNullable();
    t.string('certificate_no', 60).notNullable();
    t.date('issue_date').notNullable();
    t.date('expiry_date').notNullable();
    t.specificType('file_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.string('status', 20).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('unit_qualifications');
  await knex.schema.dropTableIfExists('drafts');
  await knex.schema.dropTableIfExists('files');
}
