// @ts-check

/**
 * Scorecards: catalog context and failing checks on every snapshot (for roll-ups, levels
 * and campaign history), and the latest snapshot of each entity in a table of its own so
 * the scorecard API reads one row per entity.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable(
    'container_security_posture_snapshots',
    table => {
      table.string('kind', 63).nullable();
      table.string('title', 255).nullable();
      table.string('owner', 255).nullable();
      table.string('system', 255).nullable();
      table.string('domain', 255).nullable();
      table.string('lifecycle', 63).nullable();
      table
        .text('failing_checks')
        .nullable()
        .comment('JSON array of check ids');
    },
  );

  await knex.schema.createTable('container_security_scorecards', table => {
    table.comment('The latest posture snapshot of each entity');
    table.string('entity_ref', 255).primary();
    table.string('kind', 63).notNullable();
    table.string('title', 255).nullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.string('domain', 255).nullable();
    table.string('lifecycle', 63).nullable();
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table.integer('score').notNullable();
    table.string('grade', 1).notNullable();
    table.integer('critical').notNullable();
    table.integer('high').notNullable();
    table.integer('medium').notNullable();
    table.integer('low').notNullable();
    table.integer('info').notNullable();
    table.integer('workload_count').notNullable();
    table.text('failing_checks').notNullable();
    table.integer('previous_score').nullable();
    table.index(['owner'], 'container_security_scorecards_owner_idx');
    table.index(['system'], 'container_security_scorecards_system_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_scorecards');
  await knex.schema.alterTable(
    'container_security_posture_snapshots',
    table => {
      table.dropColumn('kind');
      table.dropColumn('title');
      table.dropColumn('owner');
      table.dropColumn('system');
      table.dropColumn('domain');
      table.dropColumn('lifecycle');
      table.dropColumn('failing_checks');
    },
  );
};
