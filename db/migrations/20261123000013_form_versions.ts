import type { Knex } from 'knex';

/**
 * Every version of every form: loaded from forms/ ('file') or saved in the form editor
 * ('editor'), with who saved it. The forms table keeps serving the newest version of each key.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('form_versions', (t) => {
    t.bigIncrements('id');
    t.string('key', 64).notNullable();
    t.integer('version').notNullable();
    t.string('sha256', 64).notNullable();
    t.jsonb('schema').notNullable();
    t.string('source', 16).notNullable(); // file | editor
    t.string('saved_by', 128);
    t.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['key', 'version']);
    t.index(['key', 'sha256']);
  });
  // the versions loaded so far: their current content, from the file
  await knex.raw(`INSERT INTO form_versions (key, version, sha256, schema, source, saved_at) SELECT key, version, sha256, schema, 'file', updated_at FROM forms`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('form_versions');
}
