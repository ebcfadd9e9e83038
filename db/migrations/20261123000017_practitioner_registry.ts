import type { Knex } from 'knex';

/**
 * Practitioner registry (PROCESSES.md §B): persons with the mobile they registered
 * themselves, their qualifications, their publicity records (at most one active per person), the
 * history of every change, the per-person rows of publicity applications (initial / change /
 * renewal / add / cancel), manual identity verifications, and per-year gap-free number counters.
 */
export async function up(knex: Knex): Promise<void> {
  // A unit that went bankrupt or was dissolved: its practitioners may change unit within a year.
  await knex.schema.alterTable('units', (t) => t.timestamp('dissolved_at', { useTz: true }));

  await knex.schema.createTable('practitioners', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('name', 100).notNullable();
    t.string('id_number', 18).notNullable().unique(); // GB 11643, upper-case X
    t.string('mobile', 11); // registered by the person; the three-element check compares with it
    t.string('gender', 10);
    t.integer('work_years');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX practitioners_name ON practitioners (name)');

  await knex.schema.createTable('practitioner_qualifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('practitioner_id').notNullable().references('practitioners.id').index();
    t.string('item_code', 20).notNullable(); // domain/publicity.ts ITEMS
    t.smallint('grade').notNullable(); // 1 检验员 / 2 检验师 / 3 高级检验师
    t.string('certificate_no', 60).notNullable();
    t.date('issue_date').notNullable();
    t.date('expiry_date').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['practitioner_id', 'item_code', 'grade', 'certificate_no']);
  });

  await knex.schema.createTable('publicity_records', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('practitioner_id').notNullable().references('practitioners.id').index();
    t.uuid('unit_id').notNullable().references('units.id').index();
    t.string('type', 20).notNullable(); // the application type that started it: initial | change | renewal | add
    t.jsonb('items').notNullable(); // [{ itemCode, grade }]
    t.string('status', 20).notNullable(); // active | ended
    t.date('start_date').notNullable(); // practising at the unit since (kept across renewals and additions)
    t.date('valid_until').notNullable(); // renewal due
    t.string('certificate_no', 40);
    t.uuid('application_id').references('applications.id'); // the latest application that changed it
    t.timestamp('ended_at', { useTz: true });
    t.string('end_reason', 30); // cancelled | changed-unit | expired | unit-dissolved
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // A person practises at one unit only.
  await knex.raw("CREATE UNIQUE INDEX publicity_records_one_active ON publicity_records (practitioner_id) WHERE status = 'active'");

  await knex.schema.createTable('publicity_history', (t) => {
    t.bigIncrements('id');
    t.uuid('practitioner_id').notNullable().references('practitioners.id').index();
    t.uuid('record_id').references('publicity_records.id');
    t.uuid('unit_id').references('units.id');
    t.uuid('application_id').references('applications.id');
    t.string('action', 30).notNullable(); // registered | changed | renewed | items-added | cancelled | ended | imported
    t.jsonb('details');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // One row per person of a publicity application (initial/change/renewal: one; add/cancel: many).
  await knex.schema.createTable('publicity_applications', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('applications.id');
    t.uuid('practitioner_id').notNullable().references('practitioners.id').index();
    t.uuid('unit_id').notNullable().references('units.id');
    t.string('type', 20).notNullable(); // initial | change | renewal | add | cancel
    t.jsonb('items').notNullable().defaultTo('[]');
    t.uuid('previous_unit_id').references('units.id');
    t.uuid('previous_record_id').references('publicity_records.id');
    t.uuid('resignation_file_id').references('files.id');
    t.text('reason'); // cancel: the reason for this person
    t.string('mobile', 11); // the mobile the SMS goes to (may be corrected once)
    t.smallint('mobile_corrections').notNullable().defaultTo(0);
    t.smallint('identity_mismatches').notNullable().defaultTo(0);
    t.string('identity_status', 20).notNullable().defaultTo('unchecked'); // unchecked | passed | mismatch | manual-pending | manual-passed | manual-failed
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['application_id', 'practitioner_id']);
  });

  // 公示人员实名验证: a manual check of name + ID number + mobile.
  await knex.schema.createTable('identity_verifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('practitioner_id').references('practitioners.id').index();
    t.string('name', 100).notNullable();
    t.string('id_number', 18).notNullable();
    t.string('mobile', 11).notNullable();
    t.uuid('proof_file_id').references('files.id');
    t.uuid('source_application_id').references('applications.id').index(); // the publicity application that needed it
    t.string('system_result', 30); // e.g. mismatch: 系统自动验证不一致
    t.string('status', 20).notNullable(); // pending | passed | failed
    t.string('decided_by', 64);
    t.text('reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('decided_at', { useTz: true });
  });

  // Gap-free numbers per prefix and year: the row is updated in the transaction that uses the number.
  await knex.schema.createTable('number_counters', (t) => {
    t.string('prefix', 10).notNullable();
    t.integer('year').notNullable();
    t.integer('last').notNullable().defaultTo(0);
    t.primary(['prefix', 'year']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['number_counters', 'identity_verifications', 'publicity_applications', 'publicity_history', 'publicity_records', 'practitioner_qualifications', 'practitioners']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('units', (t) => t.dropColumn('dissolved_at'));
}
