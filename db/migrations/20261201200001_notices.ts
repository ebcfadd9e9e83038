import type { Knex } from 'knex';

/**
 * Notices (公示通知 / 会员通知) that admins publish and every unit reads on its home page. A notice
 * is published or withdrawn (unpublished); deleting one removes it. Who wrote and changed it is on
 * the row, every action in admin_audit.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notices', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('kind', 20).notNullable(); // publicity | member
    t.string('title', 200).notNullable();
    t.text('body').notNullable();
    t.string('status', 20).notNullable().defaultTo('published'); // published | unpublished
    t.timestamp('published_at', { useTz: true });
    t.string('created_by', 64).notNullable();
    t.string('updated_by', 64);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX notices_published ON notices (kind, published_at DESC) WHERE status = \'published\'');
  await knex.raw('CREATE INDEX notices_created ON notices (created_at DESC, id DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notices');
}
