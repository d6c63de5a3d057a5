// @ts-check

/**
 * Falco runtime alerts as received from Falco's http_output, Falcosidekick's webhook or
 * NATS JetStream, plus the history of status changes people make to them.
 *
 * Sized for ≤ 1 KB per alert on PostgreSQL (heap + indexes): the bulky, rarely filtered
 * parts of an event (output line, output_fields, unknown top-level fields) live in one
 * compressed `details` blob (see src/falco/ingest/detailsCodec.ts); everything lists and
 * filters need is a plain column. Times are integers (epoch milliseconds) so both
 * databases compare and index them the same way; Falco's nanoseconds are kept exactly in
 * `time_ns`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('container_security_falco_alerts', table => {
    table.comment('Falco runtime alerts, one row per distinct event');
    table
      .uuid('id')
      .primary()
      .comment(
        "The de-duplication key: Falcosidekick's uuid when the event has one, else a UUID derived from a SHA-256 of the canonical event",
      );
    table
      .bigInteger('time_ms')
      .notNullable()
      .comment('Event time (epoch milliseconds), for ordering and ranges');
    table
      .integer('time_ns')
      .notNullable()
      .comment('Nanoseconds within time_ms (0..999999): the exact Falco time');
    table.string('rule', 255).notNullable();
    table
      .smallint('priority')
      .notNullable()
      .comment('falcoPriorityRank: 7 Emergency … 0 Debug');
    table.string('source', 63).nullable().comment("Falco's event source");
    table.string('hostname', 255).nullable();
    table.string('cluster', 255).nullable();
    table.string('namespace', 255).nullable().comment('k8s.ns.name');
    table.string('pod', 255).nullable().comment('k8s.pod.name');
    table
      .string('container', 255)
      .nullable()
      .comment('container.name, else container.id');
    table
      .text('tags')
      .nullable()
      .comment('JSON array of rule tags, null when none');
    table
      .binary('details')
      .notNullable()
      .comment(
        'Compressed JSON {output, outputFields, extraFields}; exact integers kept',
      );
    table
      .string('ingest_source', 127)
      .nullable()
      .comment(
        'Which configured source delivered it (source id, token subject, nats)',
      );
    table
      .bigInteger('received_at')
      .notNullable()
      .comment('Epoch milliseconds of the first delivery');
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('Attributed catalog entity; null while unattributed');
    table.string('workload_kind', 63).nullable();
    table.string('workload_name', 255).nullable();
    table
      .string('status', 16)
      .notNullable()
      .defaultTo('open')
      .comment('open | acknowledged | resolved');
    table.string('status_by', 255).nullable();
    table.bigInteger('status_at').nullable().comment('Epoch milliseconds');
    table.text('status_comment').nullable();
    table.index(
      ['entity_ref', 'time_ms'],
      'container_security_falco_alerts_entity_time_idx',
    );
    table.index(['time_ms'], 'container_security_falco_alerts_time_idx');
  });

  await knex.schema.createTable(
    'container_security_falco_alert_status_changes',
    table => {
      table.comment('Who changed the status of which alert, when and why');
      table.bigIncrements('id').primary();
      table
        .uuid('alert_id')
        .notNullable()
        .references('id')
        .inTable('container_security_falco_alerts')
        .onDelete('CASCADE');
      table.string('status', 16).notNullable();
      table.text('comment').notNullable();
      table.string('by', 255).notNullable();
      table.bigInteger('at').notNullable().comment('Epoch milliseconds');
      table.index(
        ['alert_id'],
        'container_security_falco_alert_status_changes_alert_idx',
      );
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_falco_alert_status_changes');
  await knex.schema.dropTable('container_security_falco_alerts');
};
