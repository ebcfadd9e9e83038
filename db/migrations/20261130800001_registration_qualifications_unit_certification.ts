import type { Knex } from 'knex';

/**
 * A unit's registration keeps what step 3 holds: its qualifications become unit qualifications
 * (several rows from the one registration application, each by its place in the registration's
 * list; still one row per qualification application), and the level, industry and business
 * licence image are kept on the unit. Units activated earlier take theirs from their stored
 * registration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('unit_qualifications', (t) => {
    t.dropUnique(['application_id']);
    // the place in the registration's list; null for a row from a qualification application
    t.smallint('registration_index');
    t.string('issuer', 100);
    t.unique(['application_id', 'registration_index'], { indexName: 'unit_qualifications_registration_row' });
  });
  await knex.raw('CREATE UNIQUE INDEX unit_qualifications_one_per_application ON unit_qualifications (application_id) WHERE registration_index IS NULL');
  await knex.raw('CREATE INDEX unit_qualifications_unit ON unit_qualifications (unit_id, expiry_date)');

  await knex.schema.alterTable('units', (t) => {
    t.string('level', 50);
    t.string('industry', 100);
    t.uuid('business_licence_file_id').references('files.id');
  });
  await knex.raw(`
    UPDATE units u SET
      level = nullif(a.data #>> '{certification,level}', ''),
      industry = nullif(a.data #>> '{certification,industry}', ''),
      business_licence_file_id = f.id
    FROM applications a
    LEFT JOIN files f ON f.id::text = coalesce(a.data #>> '{certification,businessLicence,0,id}', a.data #>> '{certification,businessLicenceFileId}')
    WHERE a.id = u.registration_application_id`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.dropColumn('business_licence_file_id');
    t.dropColumn('industry');
    t.dropColumn('level');
  });
  await knex.raw('DROP INDEX IF EXISTS unit_qualifications_unit');
  await knex.raw('DROP INDEX IF EXISTS unit_qualifications_one_per_application');
  await knex('unit_qualifications').whereNotNull('registration_index').delete();
  await knex.schema.alterTable('unit_qualifications', (t) => {
    t.dropUnique(['application_id', 'registration_index'], 'unit_qualifications_registration_row');
    t.dropColumn('issuer');
    t.dropColumn('registration_index');
    t.unique(['application_id']);
  });
}
