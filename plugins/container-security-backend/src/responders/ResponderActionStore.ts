import {
  LambdaInvocationType,
  ResponderAction,
  ResponderActionPage,
  ResponderActionStatus,
  ResponderInvocationResult,
  ResponderRuleMode,
  ResponderSuppression,
  ResponderTarget,
  ResponderTrigger,
} from '@containersec/plugin-container-security-common';

/** An action to record. `id` is its idempotency key. */
export interface NewResponderAction {
  id: string;
  ruleName?: string;
  /** Position of the action in the rule's actions (part of the idempotency key). */
  actionIndex?: number;
  actionName: string;
  actionner: string;
  functionName: string;
  qualifier: string;
  invocationType: LambdaInvocationType;
  mode: ResponderRuleMode | 'manual';
  /** The status it starts in, if no limit stops it. */
  status: ResponderActionStatus;
  suppressedBy?: ResponderSuppression;
  entityRef?: string;
  target: ResponderTarget;
  trigger?: ResponderTrigger;
  requestedBy: string;
  /** Redacted. */
  payload: unknown;
  expiresAt?: Date;
}

/**
 * The limits a new or approved action is checked against, in the database and under
 * one lock so they hold across replicas. An action that starts `running` (a real
 * invocation) or `pending-approval` is checked; others are recorded as they are.
 */
export interface ResponderLimitCheck {
  /** Per (rule, entity): an earlier running, finished or pending action of the rule on the entity. */
  ruleCooldownMs?: number;
  /** Per entity: an earlier rule-started action of any rule. */
  serviceCooldownMs?: number;
  /** Real invocations started in the last hour, across replicas. */
  maxActionsPerHour?: number;
}

/**
 * Statuses that count for cooldowns: the action ran, runs or may run. For a dry run
 * (`DryRun`, held only by dry runs) `dry-run` counts too.
 */
export const COOLDOWN_STATUSES: ResponderActionStatus[] = [
  'pending-approval',
  'running',
  'succeeded',
  'failed',
];

/**
 * What `createAction` resolves with: the row, and when a cooldown suppressed it, when
 * the newest action holding that cooldown was recorded (the window lasts from then for
 * the cooldown's length, whichever replica recorded it).
 */
export type CreatedResponderAction = ResponderAction & { cooldownSince?: Date };

/** Matches dropped in a cooldown window, counted in memory, to be recorded in one row. */
export interface CooldownSuppression {
  action: NewResponderAction;
  suppressedBy: 'rule-cooldown' | 'service-cooldown';
  since: Date;
  count: number;
}

/** Storage of responder actions; safe for several replicas on one database. */
export interface ResponderActionStore {
  /**
   * Records an action unless one exists for the same (rule, trigger, action index);
   * resolves undefined in that case (a redelivery, or another replica was first).
   * When `limits` are given and the action would run or wait for approval, they are
   * checked first and a limit that stops it records it as `suppressed`. A cooldown
   * records one suppression per (rule, entity, cooldown window): the first match of
   * the window is inserted with `suppressedCount` 1, later ones add to its count (and
   * it is what resolves).
   */
  createAction(
    action: NewResponderAction,
    options: { now: Date; limits?: ResponderLimitCheck },
  ): Promise<CreatedResponderAction | undefined>;

  /**
   * For each suppression: counts `count` matches that a replica dropped because it knows
   * the cooldown holds (it recorded the holder itself, at `since`) into the window's
   * suppression row, or inserts that row from `action` (the first of them). All in one
   * transaction: with many rules, a flush covers many (rule, service) windows at once.
   * Resolves with the rows written.
   */
  recordCooldownSuppressions(
    suppressions: CooldownSuppression[],
    options: { now: Date },
  ): Promise<ResponderAction[]>;

  getAction(id: string): Promise<ResponderAction | undefined>;

  /**
   * Moves a pending action (not expired at `now`) to `running` (approve, when the
   * hourly limit allows; else `suppressed`) or `rejected`, recording who decided.
   * Resolves undefined when it is no longer pending.
   */
  decide(
    id: string,
    decision: {
      approve: boolean;
      by: string;
      now: Date;
      maxActionsPerHour?: number;
      /** Set when the kill switch is on: an approval is recorded as suppressed. */
      killSwitch?: boolean;
    },
  ): Promise<ResponderAction | undefined>;

  /** Records the outcome of a `running` action. */
  finish(
    id: string,
    outcome: {
      status: ResponderActionStatus;
      result: ResponderInvocationResult;
      now: Date;
    },
  ): Promise<ResponderAction | undefined>;

  /** Newest first, keyset-paged. */
  listActions(query: {
    entityRef?: string;
    status?: ResponderActionStatus;
    limit: number;
    cursor?: string;
  }): Promise<ResponderActionPage>;

  /** Real invocations started since `since`. */
  countStartedSince(since: Date): Promise<number>;

  /** Marks pending actions whose time is up as `expired`; resolves with them. */
  expirePending(now: Date): Promise<ResponderAction[]>;

  /**
   * Retention: deletes actions created before `before` that are settled (not pending
   * and not running). Resolves with how many went.
   */
  deleteSettledBefore(before: Date): Promise<number>;
}
