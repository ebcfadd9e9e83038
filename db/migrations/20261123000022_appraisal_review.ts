import type { Knex } from 'knex';

/**
 * appraisal-review: the project's temporary files 临时性文件 (every letter issued and every file
 * uploaded, with the step it belongs to), the applicant's rating of the review team 评审评价, and
 * the association's published appraisal documents 鉴定评审文件.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('appraisal_files', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('applications.id');
    t.string('step', 64).notNullable(); // the BPMN element id (edit-project, upload-stamped-letter, …)
    t.string('kind', 20).notNullable(); // letter | upload
    t.uuid('file_id').references('files.id');
    t.uuid('document_id'); // documents.id (issued letters)
    t.string('title', 255).notNullable();
    t.string('task_key', 30); // the user task (uploads) or element instance (letters) it came from
    t.string('actor', 100);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['application_id', 'id']);
  });
  // one row per file per task, and one per letter: a retried request or job adds nothing
  await knex.raw('CREATE UNIQUE INDEX appraisal_files_upload_once ON appraisal_files (application_id, task_key, file_id) WHERE file_id IS NOT NULL');
  await knex.raw('CREATE UNIQUE INDEX appraisal_files_letter_once ON appraisal_files (document_id) WHERE document_id IS NOT NULL');

  await knex.schema.createTable('appraisal_ratings', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().unique().references('applications.id');
    t.string('team_leader', 100);
    t.smallint('score_professionalism').notNullable();
    t.smallint('score_attitude').notNullable();
    t.smallint('score_discipline').notNullable();
    t.smallint('score_efficiency').notNullable();
    t.smallint('score_overall').notNullable();
    t.text('comment');
    t.uuid('rated_by').references('accounts.id');
    t.string('task_key', 30);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('appraisal_publications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('title', 255).notNullable();
    t.string('doc_number', 100);
    t.string('category', 50).notNullable().defaultTo('notice');
    t.text('summary');
    t.uuid('file_id').references('files.id');
    t.string('published_by', 100);
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['published_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('appraisal_publications');
  await knex.schema.dropTableIfExists('appraisal_ratings');
  await knex.schema.dropTableIfExists('appraisal_files');
}
