import type { Knex } from 'knex';

/**
 * A notification is claimed before it is sent: a job handed out again while its first run is still
 * sending (the first run outlived the job's timeout) waits for that run instead of sending a second
 * copy. The claim lapses after a while, so a run that died while sending does not block it for good.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.timestamp('claimed_until', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => t.dropColumn('claimed_until'));
}
