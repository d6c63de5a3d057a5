// @ts-check

/**
 * The latest vulnerability report of each image from each source, refreshed on every sync.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'container_security_image_vulnerabilities',
    table => {
      table.comment('Latest vulnerability report per image and source');
      table.string('image', 512).notNullable();
      table.string('source', 255).notNullable();
      table.timestamp('scanned_at', { useTz: true }).nullable();
      table
        .text('report')
        .notNullable()
        .comment('JSON ImageVulnerabilityReport');
      table.timestamp('synced_at', { useTz: true }).notNullable();
      table.primary(['image', 'source']);
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_image_vulnerabilities');
};
