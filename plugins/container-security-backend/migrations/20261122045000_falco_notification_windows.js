// @ts-check

/**
 * Rate-limit windows of Falco alert notifications, shared by every backend replica: the
 * first alert of a rule for an entity in a window is notified at once (whoever inserts
 * the window row sends it); later ones are counted here and sent as one digest when the
 * window ends (whoever claims `digest_sent_at` sends it).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'container_security_falco_notification_windows',
    table => {
      table.comment('Per entity and rule notification windows of Falco alerts');
      table.string('entity_ref', 255).notNullable();
      table.string('rule', 255).notNullable();
      table
        .bigInteger('window_start')
        .notNullable()
        .comment('Epoch milliseconds, a multiple of the window length');
      table
        .bigInteger('window_end')
        .notNullable()
        .comment('Epoch milliseconds');
      table
        .integer('suppressed_count')
        .notNullable()
        .defaultTo(0)
        .comment('Alerts held back for the digest');
      table
        .smallint('max_priority')
        .notNullable()
        .comment('Highest falcoPriorityRank held back');
      table
        .bigInteger('digest_sent_at')
        .nullable()
        .comment('Epoch milliseconds the digest was claimed');
      table.primary(['entity_ref', 'rule', 'window_start']);
      table.index(
        ['digest_sent_at', 'window_end'],
        'container_security_falco_notification_windows_due_idx',
      );
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_falco_notification_windows');
};
