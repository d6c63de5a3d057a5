// @ts-check

/**
 * The scoring model a snapshot's score was computed with. Rows from before this column
 * stay NULL: model 1, where penalties were subtracted from 100 and floored at 0. Their
 * scores cannot be recomputed (a snapshot keeps counts, not each workload's findings), so
 * the trend marks where the model changed instead of mixing the two silently.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const name of [
    'container_security_posture_snapshots',
    'container_security_scorecards',
  ]) {
    await knex.schema.alterTable(name, table => {
      table
        .integer('score_model')
        .nullable()
        .comment('scoring model version; NULL: model 1 (floored penalties)');
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of [
    'container_security_scorecards',
    'container_security_posture_snapshots',
  ]) {
    await knex.schema.alterTable(name, table => {
      table.dropColumn('score_model');
    });
  }
};
