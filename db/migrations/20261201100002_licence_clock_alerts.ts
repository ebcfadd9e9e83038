import type { Knex } from 'knex';

/**
 * The statutory clock acts: when the limit of a production licence ends (working days, the time at
 * the appraisal agency excluded), when the authority was reminded before it, and when the case was
 * marked overdue after it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('licence_cases', (t) => {
    t.timestamp('statutory_due_at', { useTz: true });
    t.timestamp('clock_reminded_at', { useTz: true });
    t.timestamp('overdue_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('licence_cases', (t) => {
    t.dropColumn('statutory_due_at');
    t.dropColumn('clock_reminded_at');
    t.dropColumn('overdue_at');
  });
}
