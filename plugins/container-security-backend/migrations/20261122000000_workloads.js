// @ts-check

/**
 * Workloads as the sources last reported them, and the outcome of each source's last sync.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('container_security_workloads', table => {
    table.comment('Workloads last reported by each workload source');
    table.string('source', 255).notNullable().comment('Workload source id');
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('kind', 63).notNullable();
    table.string('name', 255).notNullable();
    table
      .text('labels')
      .notNullable()
      .comment('JSON object of the workload labels');
    table.text('containers').notNullable().comment('JSON array of containers');
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.primary(['source', 'cluster', 'namespace', 'kind', 'name']);
    table.index(['namespace'], 'container_security_workloads_namespace_idx');
  });

  await knex.schema.createTable('container_security_source_status', table => {
    table.comment('Outcome of the last sync of each source and cluster');
    table.string('source', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table.boolean('ok').notNullable();
    table.text('message').nullable();
    table.integer('workload_count').notNullable();
    table.timestamp('synced_at', { useTz: true }).notNullable();
    table.primary(['source', 'cluster']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_source_status');
  await knex.schema.dropTable('container_security_workloads');
};
