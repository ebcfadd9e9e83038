import type { Knex } from 'knex';

/**
 * Power-facility permits: the statutory limit of a case acts as timers in the review
 * (power-permit-review): a reminder before the limit and an overdue marker at it. The latest of
 * the two is kept on the application, so the reviewer inbox shows it beside the task; each one is
 * also an audit row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    // null, 'reminded' or 'overdue'
    t.text('statutory_alert');
    t.timestamp('statutory_alert_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    t.dropColumn('statutory_alert');
    t.dropColumn('statutory_alert_at');
  });
}
