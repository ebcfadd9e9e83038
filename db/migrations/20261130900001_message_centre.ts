import type { Knex } from 'knex';

/**
 * The message centre: every e-mail and SMS sent about a case keeps what it said (title and
 * text), and each account marks what it has read.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.text('body');
  });
  await knex.schema.createTable('notification_reads', (t) => {
    t.uuid('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.bigInteger('notification_id').notNullable().references('notifications.id').onDelete('CASCADE');
    t.timestamp('read_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['account_id', 'notification_id']);
  });
  await knex.raw('CREATE INDEX notifications_application_sent ON notifications (application_id, sent_at DESC) WHERE sent_at IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS notifications_application_sent');
  await knex.schema.dropTable('notification_reads');
  await knex.schema.alterTable('notifications', (t) => t.dropColumn('body'));
}
