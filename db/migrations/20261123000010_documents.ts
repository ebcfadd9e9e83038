import type { Knex } from 'knex';

/**
 * Generated documents (application forms, letters, certificates, permits): the PDF lies in the
 * file store under its id; the row holds its hash and the short code printed on it, by which
 * anyone can check that a paper or a file is authentic and still valid.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('documents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // what made it (e.g. "<kind>:<element instance key>"): the same job issues one document
    t.string('idempotency_key', 200).notNullable().unique();
    t.string('kind', 60).notNullable();
    t.string('title', 200).notNullable();
    t.string('code', 20).notNullable().unique();
    t.uuid('application_id').references('applications.id');
    t.uuid('unit_id').references('units.id');
    t.string('number', 60);
    t.string('sha256', 64).notNullable();
    t.integer('size_bytes').notNullable();
    t.string('status', 20).notNullable().defaultTo('valid'); // valid | revoked
    t.string('revoked_reason', 500);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
    t.index(['application_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('documents');
}
