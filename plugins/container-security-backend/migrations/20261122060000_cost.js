// @ts-check

/**
 * Cost hints: the latest metrics statistics of each workload with the cost estimate and
 * hints computed from them, and the outcome of each metrics source's last pull. Pages
 * read these rows; nothing calls CloudWatch or Prometheus on a page load.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('container_security_workload_costs', table => {
    table.comment(
      'Latest metrics statistics, cost estimate and hints per workload',
    );
    table.string('source', 255).notNullable().comment('Metrics source id');
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('workload', 255).notNullable().comment('Workload name');
    table
      .string('kind', 63)
      .notNullable()
      .comment(
        "Workload kind, '' when neither source nor workload store knew it",
      );
    table.string('capacity_type', 16).notNullable().comment('ec2 or fargate');
    table.double('replicas').notNullable().comment('Mean running replicas');
    table.double('monthly_cost').notNullable();
    table.double('potential_savings').notNullable();
    table.string('currency', 3).notNullable();
    table.text('stats').notNullable().comment('JSON WorkloadUsageStats');
    table.text('hints').notNullable().comment('JSON array of CostHint');
    table.timestamp('window_start', { useTz: true }).nullable();
    table.timestamp('window_end', { useTz: true }).nullable();
    table.timestamp('computed_at', { useTz: true }).notNullable();
    table.primary(['source', 'cluster', 'namespace', 'workload']);
    table.index(
      ['cluster', 'namespace', 'workload'],
      'container_security_workload_costs_workload_idx',
    );
  });

  await knex.schema.createTable(
    'container_security_cost_source_status',
    table => {
      table.comment(
        'Outcome of the last metrics pull of each source and cluster',
      );
      table.string('source', 255).notNullable();
      table.string('cluster', 255).notNullable();
      table.boolean('ok').notNullable();
      table.text('message').nullable();
      table.integer('workload_count').notNullable();
      table.timestamp('synced_at', { useTz: true }).notNullable();
      table.primary(['source', 'cluster']);
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_cost_source_status');
  await knex.schema.dropTable('container_security_workload_costs');
};
