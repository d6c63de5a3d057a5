import { InputError } from '@backstage/errors';
import {
  ResponderAction,
  ResponderActionPage,
  ResponderActionStatus,
  ResponderInvocationResult,
  ResponderSuppression,
} from '@containersec/plugin-container-security-common';
import { Knex } from 'knex';
import {
  COOLDOWN_STATUSES,
  CooldownSuppression,
  CreatedResponderAction,
  NewResponderAction,
  ResponderActionStore,
  ResponderLimitCheck,
} from './ResponderActionStore';

const TABLE = 'container_security_responder_actions';
// Key of the PostgreSQL advisory lock that serialises limit checks across replicas.
const LIMITS_LOCK_KEY = 7_310_201_307;
const HOUR_MS = 3_600_000;

function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value as string);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function iso(value: unknown): string | undefined {
  return toDate(value)?.toISOString();
}

function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value ?? undefined;
}

function toAction(row: any): ResponderAction {
  return {
    id: row.id,
    ...(row.rule_name ? { ruleName: row.rule_name } : {}),
    actionName: row.action_name,
    actionner: row.actionner,
    functionName: row.function_name,
    qualifier: row.qualifier,
    invocationType: row.invocation_type,
    mode: row.mode,
    status: row.status,
    ...(row.suppressed_by ? { suppressedBy: row.suppressed_by } : {}),
    ...(row.suppressed_count !== null && row.suppressed_count !== undefined
      ? { suppressedCount: Number(row.suppressed_count) }
      : {}),
    ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
    target: json(row.target) as ResponderAction['target'],
    ...(row.trigger ? { trigger: json(row.trigger) as any } : {}),
    requestedBy: row.requested_by,
    payload: json(row.payload),
    ...(row.result ? { result: json(row.result) as any } : {}),
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at ? { decidedAt: iso(row.decided_at) } : {}),
    ...(row.expires_at ? { expiresAt: iso(row.expires_at) } : {}),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

function encodeCursor(action: ResponderAction): string {
  return Buffer.from(`${action.createdAt}|${action.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { time: Date; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const at = text.indexOf('|');
  const time = new Date(text.slice(0, at));
  if (at < 0 || Number.isNaN(time.getTime()) || !text.slice(at + 1)) {
    throw new InputError('Invalid cursor');
  }
  return { time, id: text.slice(at + 1) };
}

/** {@link ResponderActionStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseResponderActionStore implements ResponderActionStore {
  static create(db: Knex): DatabaseResponderActionStore {
    return new DatabaseResponderActionStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Runs `fn` in a transaction that holds the limits lock: an advisory lock on
   * PostgreSQL (replicas wait for each other), the database's single writer on SQLite.
   */
  private async locked<T>(fn: (tx: Knex.Transaction) => Promise<T>) {
    return this.db.transaction(async tx => {
      if (this.db.client.config.client === 'pg') {
        await tx.raw('SELECT pg_advisory_xact_lock(?)', [LIMITS_LOCK_KEY]);
      }
      return fn(tx);
    });
  }

  private async count(query: Knex.QueryBuilder): Promise<number> {
    const [{ count }] = await query.count({ count: '*' });
    return Number(count);
  }

  private async hourlyLimitReached(
    tx: Knex.Transaction,
    now: Date,
    max: number | undefined,
  ) {
    if (max === undefined) return false;
    const started = await this.count(
      tx(TABLE).where('started_at', '>', new Date(now.getTime() - HOUR_MS)),
    );
    return started >= max;
  }

  /**
   * The newest action that holds a cooldown for `action`, matching `scope`. A dry run
   * (`DryRun`) is held only by dry runs and a real invocation only by real ones: a rule
   * in dry-run simulates its own cooldown and never holds back a real action.
   */
  private async cooldownHolder(
    tx: Knex.Transaction,
    action: NewResponderAction,
    now: Date,
    cooldownMs: number,
    scope: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<Date | undefined> {
    const dryRun = action.invocationType === 'DryRun';
    const q = scope(
      tx(TABLE)
        .where('entity_ref', action.entityRef!)
        .whereIn(
          'status',
          dryRun ? [...COOLDOWN_STATUSES, 'dry-run'] : COOLDOWN_STATUSES,
        )
        .where('created_at', '>', new Date(now.getTime() - cooldownMs)),
    );
    if (dryRun) q.where('invocation_type', 'DryRun');
    else q.whereNot('invocation_type', 'DryRun');
    // Actions of the same match (its later actions) are not held back by the first.
    if (action.trigger) {
      q.whereNot(w =>
        w
          .where('trigger_kind', action.trigger!.kind)
          .where('trigger_id', action.trigger!.id),
      );
    }
    const row = await q.max({ newest: 'created_at' }).first();
    return toDate(row?.newest);
  }

  private async limitReached(
    tx: Knex.Transaction,
    action: NewResponderAction,
    now: Date,
    limits: ResponderLimitCheck,
  ): Promise<{ by: ResponderSuppression; since?: Date } | undefined> {
    if (action.entityRef && action.ruleName && limits.ruleCooldownMs) {
      const since = await this.cooldownHolder(
        tx,
        action,
        now,
        limits.ruleCooldownMs,
        q => q.where('rule_name', action.ruleName!),
      );
      if (since) return { by: 'rule-cooldown', since };
    }
    if (action.entityRef && action.ruleName && limits.serviceCooldownMs) {
      const since = await this.cooldownHolder(
        tx,
        action,
        now,
        limits.serviceCooldownMs,
        q => q.whereNotNull('rule_name'),
      );
      if (since) return { by: 'service-cooldown', since };
    }
    if (
      action.status === 'running' &&
      (await this.hourlyLimitReached(tx, now, limits.maxActionsPerHour))
    ) {
      return { by: 'hourly-limit' };
    }
    return undefined;
  }

  /**
   * Counts `count` matches into the suppression row of the cooldown window that began
   * with the holder at `since` (same rule, service, limit and kind of invocation), and
   * resolves with it; undefined when the window has none yet.
   */
  private async countIntoWindow(
    tx: Knex.Transaction,
    action: NewResponderAction,
    suppressedBy: ResponderSuppression,
    since: Date,
    count: number,
    now: Date,
  ): Promise<ResponderAction | undefined> {
    const q = tx(TABLE)
      .where('rule_name', action.ruleName!)
      .where('entity_ref', action.entityRef!)
      .where('status', 'suppressed')
      .where('suppressed_by', suppressedBy)
      .where('created_at', '>=', since);
    if (action.invocationType === 'DryRun')
      q.where('invocation_type', 'DryRun');
    else q.whereNot('invocation_type', 'DryRun');
    const row = await q.orderBy('created_at', 'desc').first();
    if (!row) return undefined;
    const changes = {
      suppressed_count: Number(row.suppressed_count ?? 1) + count,
      updated_at: now,
    };
    await tx(TABLE).where({ id: row.id }).update(changes);
    return toAction({ ...row, ...changes });
  }

  private async insert(
    tx: Knex.Transaction,
    action: NewResponderAction,
    now: Date,
    status: ResponderActionStatus,
    suppressedBy: ResponderSuppression | undefined,
    suppressedCount: number | undefined,
  ): Promise<ResponderAction | undefined> {
    const row = {
      id: action.id,
      rule_name: action.ruleName ?? null,
      trigger_kind: action.trigger?.kind ?? null,
      trigger_id: action.trigger?.id ?? null,
      action_index: action.actionIndex ?? null,
      action_name: action.actionName,
      actionner: action.actionner,
      function_name: action.functionName,
      qualifier: action.qualifier,
      invocation_type: action.invocationType,
      mode: action.mode,
      status,
      suppressed_by: suppressedBy ?? null,
      suppressed_count: suppressedCount ?? null,
      entity_ref: action.entityRef ?? null,
      requested_by: action.requestedBy,
      target: JSON.stringify(action.target),
      trigger: action.trigger ? JSON.stringify(action.trigger) : null,
      payload: JSON.stringify(action.payload ?? null),
      result: null,
      expires_at:
        status === 'pending-approval' ? action.expiresAt ?? null : null,
      // Only real invocations count against the hourly limit.
      started_at:
        status === 'running' && action.invocationType !== 'DryRun' ? now : null,
      created_at: now,
      updated_at: now,
    };
    // The unique key backs the check above should a lock ever be missing.
    const insert = tx(TABLE)
      .insert(row)
      .onConflict(['rule_name', 'trigger_kind', 'trigger_id', 'action_index'])
      .ignore();
    if (this.db.client.config.client === 'pg') {
      const inserted = await insert.returning('id');
      if (!inserted.length) return undefined;
    } else {
      await insert;
    }
    return toAction(row);
  }

  async createAction(
    action: NewResponderAction,
    options: { now: Date; limits?: ResponderLimitCheck },
  ): Promise<CreatedResponderAction | undefined> {
    const { now, limits } = options;
    return this.locked(async tx => {
      if (action.ruleName && action.trigger) {
        const existing = await tx(TABLE)
          .where({
            rule_name: action.ruleName,
            trigger_kind: action.trigger.kind,
            trigger_id: action.trigger.id,
            action_index: action.actionIndex ?? null,
          })
          .first('id');
        if (existing) return undefined;
      }
      let status = action.status;
      let suppressedBy = action.suppressedBy;
      let suppressedCount: number | undefined;
      if (limits && (status === 'running' || status === 'pending-approval')) {
        const stopped = await this.limitReached(tx, action, now, limits);
        if (stopped) {
          status = 'suppressed';
          suppressedBy = stopped.by;
          if (stopped.since) {
            // A cooldown: one row per window, counting the matches.
            const counted = await this.countIntoWindow(
              tx,
              action,
              stopped.by,
              stopped.since,
              1,
              now,
            );
            if (counted) return { ...counted, cooldownSince: stopped.since };
            const inserted = await this.insert(
              tx,
              action,
              now,
              status,
              suppressedBy,
              1,
            );
            return inserted && { ...inserted, cooldownSince: stopped.since };
          }
        }
      }
      return this.insert(
        tx,
        action,
        now,
        status,
        suppressedBy,
        suppressedCount,
      );
    });
  }

  async recordCooldownSuppressions(
    suppressions: CooldownSuppression[],
    options: { now: Date },
  ): Promise<ResponderAction[]> {
    const { now } = options;
    const valid = suppressions.filter(
      s => s.action.ruleName && s.action.entityRef && s.count >= 1,
    );
    if (!valid.length) return [];
    return this.locked(async tx => {
      const written: ResponderAction[] = [];
      for (const { action, suppressedBy, since, count } of valid) {
        const row =
          (await this.countIntoWindow(
            tx,
            action,
            suppressedBy,
            since,
            count,
            now,
          )) ??
          (await this.insert(
            tx,
            action,
            now,
            'suppressed',
            suppressedBy,
            count,
          ));
        if (row) written.push(row);
      }
      return written;
    });
  }

  async getAction(id: string): Promise<ResponderAction | undefined> {
    const row = await this.db(TABLE).where({ id }).first();
    return row ? toAction(row) : undefined;
  }

  async decide(
    id: string,
    decision: {
      approve: boolean;
      by: string;
      now: Date;
      maxActionsPerHour?: number;
      killSwitch?: boolean;
    },
  ): Promise<ResponderAction | undefined> {
    const { now } = decision;
    return this.locked(async tx => {
      const row = await tx(TABLE)
        .where({ id, status: 'pending-approval' })
        .where(q => q.whereNull('expires_at').orWhere('expires_at', '>', now))
        .first();
      if (!row) return undefined;
      let update: Record<string, unknown>;
      if (!decision.approve) {
        update = { status: 'rejected' };
      } else if (decision.killSwitch) {
        update = { status: 'suppressed', suppressed_by: 'kill-switch' };
      } else if (
        await this.hourlyLimitReached(tx, now, decision.maxActionsPerHour)
      ) {
        update = { status: 'suppressed', suppressed_by: 'hourly-limit' };
      } else {
        update = { status: 'running', started_at: now };
      }
      const changes = {
        ...update,
        decided_by: decision.by,
        decided_at: now,
        updated_at: now,
      };
      await tx(TABLE).where({ id }).update(changes);
      return toAction({ ...row, ...changes });
    });
  }

  async finish(
    id: string,
    outcome: {
      status: ResponderActionStatus;
      result: ResponderInvocationResult;
      now: Date;
    },
  ): Promise<ResponderAction | undefined> {
    await this.db(TABLE)
      .where({ id, status: 'running' })
      .update({
        status: outcome.status,
        result: JSON.stringify(outcome.result),
        updated_at: outcome.now,
      });
    return this.getAction(id);
  }

  async listActions(query: {
    entityRef?: string;
    status?: ResponderActionStatus;
    limit: number;
    cursor?: string;
  }): Promise<ResponderActionPage> {
    const q = this.db(TABLE);
    if (query.entityRef) q.where('entity_ref', query.entityRef);
    if (query.status) q.where('status', query.status);
    if (query.cursor) {
      const { time, id } = decodeCursor(query.cursor);
      q.where(w =>
        w
          .where('created_at', '<', time)
          .orWhere(w2 => w2.where('created_at', time).where('id', '<', id)),
      );
    }
    const rows = await q
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit + 1);
    const items = rows.slice(0, query.limit).map(toAction);
    return {
      items,
      ...(rows.length > query.limit
        ? { nextCursor: encodeCursor(items[items.length - 1]) }
        : {}),
    };
  }

  async countStartedSince(since: Date): Promise<number> {
    return this.count(this.db(TABLE).where('started_at', '>', since));
  }

  async expirePending(now: Date): Promise<ResponderAction[]> {
    return this.db.transaction(async tx => {
      const rows = await tx(TABLE)
        .where('status', 'pending-approval')
        .where('expires_at', '<=', now);
      if (!rows.length) return [];
      const ids = rows.map(r => r.id);
      // Only those still pending: an approval may have won the race.
      await tx(TABLE)
        .whereIn('id', ids)
        .where('status', 'pending-approval')
        .update({ status: 'expired', updated_at: now });
      const updated = await tx(TABLE)
        .whereIn('id', ids)
        .where('status', 'expired');
      return updated.map(toAction);
    });
  }

  async deleteSettledBefore(before: Date): Promise<number> {
    return this.db(TABLE)
      .where('created_at', '<', before)
      .whereNotIn('status', ['pending-approval', 'running'])
      .delete();
  }
}
