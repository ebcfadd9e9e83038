import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pgcrypto');

  await knex.schema.createTable('units', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('uscc', 18).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('legal_representative', 100).notNullable();
    t.string('province', 6).notNullable();
    t.string('city', 6).notNullable();
    t.string('district', 6).notNullable();
    t.string('address', 300).notNullable();
    t.string('postcode', 6).notNullable();
    t.string('phone', 30).notNullable();
    t.string('institution_type', 50);
    t.string('status', 20).notNullable();
    t.uuid('registration_application_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('activated_at', { useTz: true });
  });

  await knex.schema.createTable('accounts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('unit_id').references('units.id');
    t.string('login', 64).notNullable().unique();
    t.text('password_hash').notNullable();
    t.string('kind', 20).notNullable(); // unit-main | unit-sub | reviewer | admin
    t.string('display_name', 100).notNullable();
    t.string('email', 254);
    t.string('mobile', 11);
    t.string('title', 100);
    t.specificType('groups', 'text[]').notNullable().defaultTo('{}');
    t.string('status', 20).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.raw('CREATE SEQUENCE application_number_seq');
  await knex.schema.createTable('applications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('number', 32).notNullable().unique();
    t.string('process_id', 64).notNullable();
    t.string('status', 20).notNullable();
    t.string('subject_key', 64).index(); // e.g. the USCC a registration is about
    t.uuid('unit_id').references('units.id');
    t.jsonb('data').notNullable(); // the submitted form, without secrets
    t.text('secret_hash'); // e.g. the chosen password, hashed at once
    t.string('process_instance_key', 32).index();
    t.string('decision', 20);
    t.text('decision_reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('decided_at', { useTz: true });
  });

  await knex.schema.createTable('audit', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').references('applications.id').index();
    t.string('actor', 100).notNullable();
    t.string('action', 50).notNullable();
    t.string('from_status', 20);
    t.string('to_status', 20);
    t.string('task_key', 32);
    t.jsonb('details');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.string('idempotency_key', 120).notNullable().unique();
    t.uuid('application_id').references('applications.id').index();
    t.string('channel', 10).notNullable();
    t.string('recipient', 254).notNullable();
    t.string('template', 60).notNullable();
    t.string('subject', 300);
    t.string('message_id', 300);
    t.timestamp('sent_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // The inbox: a mirror of the engine's user tasks, written by the inbox.sync listener worker.
  await knex.schema.createTable('tasks', (t) => {
    t.string('user_task_key', 32).primary();
    t.string('process_instance_key', 32).notNullable().index();
    t.string('process_definition_id', 64).notNullable();
    t.string('element_id', 64).notNullable();
    t.string('element_instance_key', 32);
    t.uuid('application_id').index();
    t.string('form_key', 64);
    t.specificType('candidate_groups', 'text[]').notNullable().defaultTo('{}');
    t.specificType('candidate_users', 'text[]').notNullable().defaultTo('{}');
    t.string('assignee', 64);
    t.integer('priority').notNullable().defaultTo(50);
    t.timestamp('due_date', { useTz: true });
    t.timestamp('follow_up_date', { useTz: true });
    t.string('state', 20).notNullable();
    t.string('last_event', 20).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX tasks_open_due ON tasks (state, due_date, user_task_key)');

  await knex.schema.createTable('deployments', (t) => {
    t.bigIncrements('id');
    t.string('resource_name', 200).notNullable();
    t.string('kind', 10).notNullable(); // bpmn | form
    t.string('sha256', 64).notNullable();
    t.string('engine_key', 32);
    t.integer('version');
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['resource_name', 'sha256']);
  });

  await knex.schema.createTable('forms', (t) => {
    t.string('key', 64).primary();
    t.integer('version').notNullable();
    t.string('sha256', 64).notNullable();
    t.jsonb('schema').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['forms', 'deployments', 'tasks', 'notifications', 'audit', 'applications', 'accounts', 'units']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP SEQUENCE IF EXISTS application_number_seq');
}
