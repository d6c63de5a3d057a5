// @ts-check

/**
 * Cooldown suppressions are recorded once per (rule, service, cooldown window): the row
 * counts the matches it stands for instead of one row per alert.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable(
    'container_security_responder_actions',
    table => {
      table
        .integer('suppressed_count')
        .nullable()
        .comment(
          'cooldown suppressions: how many matches of the rule on the service this row stands for',
        );
    },
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable(
    'container_security_responder_actions',
    table => {
      table.dropColumn('suppressed_count');
    },
  );
};
