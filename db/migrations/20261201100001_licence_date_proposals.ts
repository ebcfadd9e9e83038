import type { Knex } from 'knex';

/**
 * The appraisal-date negotiation of a production licence (协商鉴定评审时间), as the manual has it:
 * the applicant's letter proposes a date range with its contact block, the appraisal agency
 * answers with its opinion and the final dates (最终确定的鉴定评审日期) or returns the proposal.
 * One row per letter (round); the answer is written onto it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('licence_date_proposals', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('applications.id').onDelete('CASCADE');
    t.integer('round').notNullable();
    t.string('proposed_from', 10).notNullable();
    t.string('proposed_to', 10).notNullable();
    t.string('contact_name', 50).notNullable();
    t.string('contact_phone', 20).notNullable();
    t.string('contact_address', 200).notNullable();
    t.string('postcode', 6);
    t.string('email', 100);
    t.text('note');
    t.string('proposed_by', 64).notNullable();
    t.timestamp('proposed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // the agency's answer: accept (with the final dates) or return (with its opinion)
    t.string('decision', 10);
    t.text('opinion');
    t.string('final_from', 10);
    t.string('final_to', 10);
    t.string('answered_by', 64);
    t.timestamp('answered_at', { useTz: true });
    t.unique(['application_id', 'round']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('licence_date_proposals');
}
