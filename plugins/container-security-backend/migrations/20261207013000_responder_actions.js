// @ts-check

/**
 * Responder actions: one row per Lambda invocation the suite made, would make (dry run,
 * pending approval) or was stopped from making (suppressed). The row's id is the
 * idempotency key handed to the function.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'container_security_responder_actions',
    table => {
      table.comment('Responder actions (Lambda invocations) and their results');
      table.string('id', 64).primary().notNullable();
      table
        .string('rule_name', 255)
        .nullable()
        .comment('null for manual actions');
      table.string('trigger_kind', 16).nullable();
      table.string('trigger_id', 255).nullable();
      table
        .integer('action_index')
        .nullable()
        .comment(
          "position of the action in the rule's actions; null for manual",
        );
      table.string('action_name', 255).notNullable();
      table.string('actionner', 255).notNullable();
      table.string('function_name', 255).notNullable();
      table.string('qualifier', 128).notNullable();
      table.string('invocation_type', 32).notNullable();
      table.string('mode', 16).notNullable();
      table.string('status', 32).notNullable();
      table.string('suppressed_by', 32).nullable();
      table.string('entity_ref', 255).nullable();
      table.string('requested_by', 512).notNullable();
      table.text('target').notNullable().comment('JSON ResponderTarget');
      table.text('trigger').nullable().comment('JSON ResponderTrigger');
      table.text('payload').notNullable().comment('JSON, redacted');
      table
        .text('result')
        .nullable()
        .comment('JSON ResponderInvocationResult, redacted');
      table.string('decided_by', 512).nullable();
      table.timestamp('decided_at', { useTz: true }).nullable();
      table.timestamp('expires_at', { useTz: true }).nullable();
      table
        .timestamp('started_at', { useTz: true })
        .nullable()
        .comment(
          'when a real (not dry-run) invocation began: what the hourly limit counts',
        );
      table.timestamp('created_at', { useTz: true }).notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable();
      // One action per (rule, trigger, action of the rule): redelivered alerts and replicas
      // racing on the same alert insert one row (NULLs never collide, so manual ones don't).
      table.unique(
        ['rule_name', 'trigger_kind', 'trigger_id', 'action_index'],
        {
          indexName: 'cs_responder_actions_rule_trigger_uq',
        },
      );
      // Keyset paging newest first, per entity and by status, and org-wide.
      table.index(
        ['entity_ref', 'created_at', 'id'],
        'cs_responder_actions_entity_idx',
      );
      table.index(
        ['status', 'created_at', 'id'],
        'cs_responder_actions_status_idx',
      );
      table.index(['created_at', 'id'], 'cs_responder_actions_created_idx');
      // Cooldowns and the hourly limit.
      table.index(
        ['entity_ref', 'rule_name', 'created_at'],
        'cs_responder_actions_cooldown_idx',
      );
      table.index(['started_at'], 'cs_responder_actions_started_idx');
    },
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('container_security_responder_actions');
};
