// @ts-check

/**
 * Network: the objects the network-policy engine needs (policies, network sets,
 * namespaces, service accounts and workloads with their pod labels and ports), as the
 * last sync of each source and cluster read them. The posture resources table keeps only
 * labels, not the policy specs, so these are stored whole (workloads trimmed).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('container_security_network_objects', table => {
    table.comment('Network-relevant objects of the last sync of each cluster');
    table.string('source', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table
      .string('namespace', 255)
      .notNullable()
      .comment("'' for cluster-scoped kinds");
    table
      .string('api_group', 255)
      .notNullable()
      .comment("'' for the core group; Calico and Kubernetes share kind names");
    table.string('kind', 63).notNullable();
    table.string('name', 255).notNullable();
    table.text('object').notNullable().comment('JSON of the (trimmed) object');
    table.primary([
      'source',
      'cluster',
      'namespace',
      'api_group',
      'kind',
      'name',
    ]);
    table.index(['cluster'], 'container_security_network_objects_cluster_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_network_objects');
};
