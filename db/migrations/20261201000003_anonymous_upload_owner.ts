import type { Knex } from 'knex';

/** An anonymous upload keeps the hash of its browser's uploader token (api/anonymous-uploads.ts). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('files', (t) => {
    t.string('anon_owner_hash', 64);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('files', (t) => t.dropColumn('anon_owner_hash'));
}
