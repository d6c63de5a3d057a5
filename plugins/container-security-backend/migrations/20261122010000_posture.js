// @ts-check

/**
 * Posture: the raw findings of the last scan of each source and cluster, the exemptions
 * read from annotations in that scan, and per-entity snapshots for trends and scorecards.
 * Rules and exemption expiry are applied when findings are read, so a rule change or an
 * exemption running out takes effect without a rescan.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('container_security_resources', table => {
    table.comment('Every object the posture engine evaluated in the last scan');
    table.string('source', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table
      .string('namespace', 255)
      .notNullable()
      .comment("'' for cluster-scoped kinds");
    table.string('kind', 63).notNullable();
    table.string('name', 255).notNullable();
    table.boolean('is_workload').notNullable();
    table.text('labels').notNullable().comment('JSON object');
    table
      .text('findings')
      .notNullable()
      .comment('JSON array of raw findings (default severities)');
    table
      .text('exemptions')
      .notNullable()
      .comment('JSON array of exemptions from annotations');
    table.primary(['source', 'cluster', 'namespace', 'kind', 'name']);
    table.index(['namespace'], 'container_security_resources_namespace_idx');
  });

  await knex.schema.createTable(
    'container_security_posture_snapshots',
    table => {
      table.comment('Posture of each entity over time');
      table.bigIncrements('id');
      table.string('entity_ref', 255).notNullable();
      table.timestamp('taken_at', { useTz: true }).notNullable();
      table.integer('score').notNullable();
      table.string('grade', 1).notNullable();
      table.integer('critical').notNullable();
      table.integer('high').notNullable();
      table.integer('medium').notNullable();
      table.integer('low').notNullable();
      table.integer('info').notNullable();
      table.integer('workload_count').notNullable();
      table.index(
        ['entity_ref', 'taken_at'],
        'container_security_snapshots_entity_idx',
      );
      table.index(['taken_at'], 'container_security_snapshots_taken_idx');
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_posture_snapshots');
  await knex.schema.dropTable('container_security_resources');
};
