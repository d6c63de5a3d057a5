// @ts-check

/**
 * CloudTrail events (deduplicated by event id), the resource keys each touched (how events
 * are matched to services at query time) and each audit source's per account/region
 * checkpoint and status.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('container_security_audit_events', table => {
    table.comment('CloudTrail events, one row per event id');
    table.string('event_id', 128).primary().notNullable();
    table.timestamp('event_time', { useTz: true }).notNullable();
    table.string('event_name', 255).notNullable();
    table.string('event_source', 255).notNullable();
    table.string('account_id', 32).notNullable();
    table.string('region', 64).notNullable();
    table.string('principal', 1024).notNullable().comment('ARN or name');
    table.string('principal_key', 1024).notNullable();
    table.string('error_code', 255).nullable();
    table.boolean('risky').notNullable().defaultTo(false);
    table.text('event').notNullable().comment('JSON AuditEvent');
    table.string('source', 255).notNullable();
    // Keyset paging runs newest first on (event_time, event_id).
    table.index(['event_time', 'event_id'], 'cs_audit_events_time_idx');
    table.index(['risky', 'event_time'], 'cs_audit_events_risky_idx');
    table.index(
      ['principal_key', 'event_time'],
      'cs_audit_events_principal_idx',
    );
  });
  await knex.schema.createTable(
    'container_security_audit_event_resources',
    table => {
      table.comment('Resource keys of each event, for matching services');
      table.string('resource_key', 1024).notNullable();
      table
        .string('event_id', 128)
        .notNullable()
        .references('event_id')
        .inTable('container_security_audit_events')
        .onDelete('CASCADE');
      table.timestamp('event_time', { useTz: true }).notNullable();
      table.primary(['resource_key', 'event_id']);
      table.index(['event_id'], 'cs_audit_resources_event_idx');
    },
  );
  await knex.schema.createTable('container_security_audit_sources', table => {
    table.comment('Checkpoint and status per audit source, account and region');
    table.string('source', 255).notNullable();
    table.string('account_id', 32).notNullable();
    table.string('region', 64).notNullable();
    table
      .string('checkpoint', 1024)
      .nullable()
      .comment('Opaque: a timestamp or an S3 key');
    table.timestamp('synced_until', { useTz: true }).nullable();
    table.string('status', 32).notNullable();
    table.text('message').nullable();
    table.timestamp('last_run_at', { useTz: true }).nullable();
    table.primary(['source', 'account_id', 'region']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_audit_event_resources');
  await knex.schema.dropTable('container_security_audit_events');
  await knex.schema.dropTable('container_security_audit_sources');
};
