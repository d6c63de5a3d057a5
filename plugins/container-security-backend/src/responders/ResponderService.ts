import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  EntityResponders,
  LambdaInvocationType,
  RESPONDERS_ANNOTATION,
  RESPONDERS_ORG_SIGNAL_CHANNEL,
  ResponderAction,
  ResponderActionPage,
  ResponderActionStatus,
  ResponderRuleMode,
  ResponderSignalMessage,
  ResponderSuppression,
  ResponderTarget,
  RespondersOverview,
  responderSignalChannel,
} from '@containersec/plugin-container-security-common';
import {
  TalonEvent,
  TalonMatcher,
  TalonResolvedAction,
} from '@containersec/plugin-container-security-node';
import { randomUUID } from 'crypto';
import { Request } from 'express';
import { RespondersConfig } from './config';
import {
  invocationSucceeded,
  ResponderInvoker,
} from './LambdaResponderInvoker';
import { redactSecrets } from './redact';
import {
  NewResponderAction,
  ResponderActionStore,
} from './ResponderActionStore';
import { ResponderTriggerEvent } from './triggers';

/** Matched triggers waiting for their actions, per replica, before new ones are dropped. */
const MAX_QUEUED_TRIGGERS = 10_000;
/** Matched triggers handled in one batch. */
const TRIGGER_BATCH = 100;
/** How often the cooldown suppressions counted in memory are written (at most). */
const SUPPRESSION_FLUSH_MS = 1_000;

/** A cooldown this replica knows holds: it recorded the action that holds it. */
interface KnownCooldown {
  /** When the holder was recorded (the window's start) and when the cooldown ends. */
  since: Date;
  until: number;
  /** The holder's trigger: later actions of the same match are not held back. */
  trigger: string;
}

/** Matches dropped by a known cooldown, waiting to be counted in the database. */
interface CountedSuppression {
  action: NewResponderAction;
  suppressedBy: 'rule-cooldown' | 'service-cooldown';
  since: Date;
  count: number;
}

function triggerKey(event: ResponderTriggerEvent) {
  return `${event.trigger.kind}:${event.trigger.id}`;
}

/** The JSON every responder function receives. */
export interface ResponderPayload {
  idempotencyKey: string;
  dryRun: boolean;
  action: {
    name: string;
    actionner: string;
    parameters: Record<string, unknown>;
  };
  rule: string | null;
  requestedBy: string;
  entityRef: string | null;
  target: Required<{ [K in keyof ResponderTarget]: ResponderTarget[K] | null }>;
  event: TalonEvent | null;
}

function payloadTarget(target: ResponderTarget): ResponderPayload['target'] {
  return {
    cluster: target.cluster ?? null,
    namespace: target.namespace ?? null,
    kind: target.kind ?? null,
    name: target.name ?? null,
    pod: target.pod ?? null,
    accessKeyId: target.accessKeyId ?? null,
    userName: target.userName ?? null,
  };
}

/** The functions a service opted in to automatic runs of, from its annotation. */
export function optedInFunctions(entity: Entity | undefined): Set<string> {
  const value = entity?.metadata.annotations?.[RESPONDERS_ANNOTATION] ?? '';
  return new Set(
    value
      .split(',')
      .map(s => s.trim())
      .filter(Boolean),
  );
}

/** A manual request, after the router checked the caller's permission on the entity. */
export interface ManualInvocation {
  entityRef: string;
  functionName: string;
  alertId?: string;
  target?: ResponderTarget;
  dryRun: boolean;
  qualifier?: string;
}

/**
 * Decides, records and runs responder actions: rule matches on stored alerts and risky
 * audit events (automatic path, queued off the ingest path), manual invocations,
 * approvals, expiry and retention. Every invocation is recorded as `running` and
 * audited (initiated) before it acts, and its result stored and audited after.
 */
export class ResponderService {
  private readonly allowList: Map<string, string | undefined>;
  private readonly pending: Array<{
    event: ResponderTriggerEvent;
    matches: ReturnType<TalonMatcher['match']>;
  }> = [];
  private draining?: Promise<void>;
  /** Cooldowns held by actions this replica recorded, by (rule, entity) and entity. */
  private readonly cooldowns = new Map<string, KnownCooldown>();
  private readonly suppressions = new Map<string, CountedSuppression>();
  private lastFlush = 0;
  private flushTimer?: ReturnType<typeof setTimeout>;
  /** Services' opt-ins looked up since the last flush (at most a second ago). */
  private readonly optedInLookups = new Map<string, Promise<Set<string>>>();

  constructor(
    private readonly deps: {
      config: RespondersConfig;
      rules: TalonMatcher;
      store: ResponderActionStore;
      invoker: ResponderInvoker;
      auditor: AuditorService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      notifications?: NotificationService;
      signals?: SignalsService;
      /** Looks up a stored Falco alert for manual actions that name one. */
      getAlertTrigger?: (
        alertId: string,
      ) => Promise<ResponderTriggerEvent | undefined>;
      now?: () => Date;
      newId?: () => string;
      /** Bound of the automatic queue (matched triggers); 10,000 by default. */
      maxQueuedTriggers?: number;
    },
  ) {
    this.allowList = new Map(
      deps.config.functions.map(f => [f.name, f.description]),
    );
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  private newId() {
    return this.deps.newId?.() ?? randomUUID();
  }

  // ---- automatic path -------------------------------------------------------------

  /**
   * Queues rule evaluation and the resulting actions for these triggers and returns at
   * once: the ingest acknowledgement never waits for Lambda. The queue is bounded and
   * handled in batches; errors are logged.
   */
  submit(events: ResponderTriggerEvent[]): void {
    if (!events.length || !this.deps.rules.rules.length) return;
    // Matching is cheap and synchronous; only matched events are queued.
    const matched = events.flatMap(event => {
      const matches = this.deps.rules.match(event.event);
      return matches.length ? [{ event, matches }] : [];
    });
    if (!matched.length) return;
    const max = this.deps.maxQueuedTriggers ?? MAX_QUEUED_TRIGGERS;
    if (this.pending.length + matched.length > max) {
      // A flood of matching alerts must not exhaust memory; the alerts stay stored.
      this.deps.logger.error('responder queue full, matched triggers dropped', {
        dropped: matched.length,
        queued: this.pending.length,
      });
      return;
    }
    this.pending.push(...matched);
    if (!this.draining) this.draining = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, TRIGGER_BATCH);
        for (const { event, matches } of batch) {
          try {
            await this.handleMatches(event, matches);
          } catch (e) {
            this.deps.logger.error('responder actions failed for a trigger', {
              trigger: triggerKey(event),
              error: String(e),
            });
          }
        }
        // Counted suppressions are written at most once a second, not per batch: a
        // serial ingest hands over one trigger at a time.
        if (this.now().getTime() - this.lastFlush >= SUPPRESSION_FLUSH_MS) {
          await this.flushSuppressions();
        }
      }
    } finally {
      this.draining = undefined;
      if (this.suppressions.size && !this.flushTimer) {
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined;
          this.flushSuppressions().catch(() => {});
        }, SUPPRESSION_FLUSH_MS);
        this.flushTimer.unref?.();
      }
    }
  }

  /** Whether any rule matches the event (to skip lookups for events no rule wants). */
  matchesAnyRule(event: ResponderTriggerEvent): boolean {
    return this.deps.rules.match(event.event).length > 0;
  }

  /**
   * Resolves when every queued trigger has been handled and the suppressions counted
   * are written (tests, shutdown).
   */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
    await this.flushSuppressions();
  }

  /** Evaluates the rules on one trigger and acts on every match, now. */
  async handle(event: ResponderTriggerEvent): Promise<void> {
    try {
      await this.handleMatches(event, this.deps.rules.match(event.event));
    } finally {
      await this.flushSuppressions();
    }
  }

  /**
   * The cooldown this replica knows holds for a rule's action on the entity at `now`:
   * it recorded the holder itself, so the database holds it too (and the advisory lock
   * would suppress the match). Other replicas' actions are left to the database.
   */
  private knownCooldown(
    event: ResponderTriggerEvent,
    ruleName: string,
    dryRun: boolean,
    checkService: boolean,
    now: number,
  ): { by: 'rule-cooldown' | 'service-cooldown'; since: Date } | undefined {
    const holds = (key: string) => {
      const known = this.cooldowns.get(key);
      return known && now < known.until && known.trigger !== triggerKey(event)
        ? known
        : undefined;
    };
    const rule = holds(JSON.stringify([dryRun, event.entityRef, ruleName]));
    if (rule) return { by: 'rule-cooldown', since: rule.since };
    const service = checkService
      ? holds(JSON.stringify([dryRun, event.entityRef]))
      : undefined;
    if (service) return { by: 'service-cooldown', since: service.since };
    return undefined;
  }

  private rememberCooldown(
    action: ResponderAction,
    event: ResponderTriggerEvent,
    limits: { ruleCooldownMs?: number; serviceCooldownMs?: number },
    now: Date,
  ) {
    if (!action.ruleName || !event.entityRef) return;
    const dryRun = action.invocationType === 'DryRun';
    const remember = (key: string, ms?: number) => {
      if (ms) {
        this.cooldowns.set(key, {
          since: now,
          until: now.getTime() + ms,
          trigger: triggerKey(event),
        });
      }
    };
    remember(
      JSON.stringify([dryRun, event.entityRef, action.ruleName]),
      limits.ruleCooldownMs,
    );
    remember(
      JSON.stringify([dryRun, event.entityRef]),
      limits.serviceCooldownMs,
    );
  }

  private learnCooldown(
    action: ResponderAction,
    event: ResponderTriggerEvent,
    by: 'rule-cooldown' | 'service-cooldown',
    since: Date,
    limits: { ruleCooldownMs?: number; serviceCooldownMs?: number },
  ) {
    if (!action.ruleName || !event.entityRef) return;
    const dryRun = action.invocationType === 'DryRun';
    const [key, ms] =
      by === 'rule-cooldown'
        ? [
            JSON.stringify([dryRun, event.entityRef, action.ruleName]),
            limits.ruleCooldownMs,
          ]
        : [JSON.stringify([dryRun, event.entityRef]), limits.serviceCooldownMs];
    if (!ms) return;
    // The holder is another trigger's action (the store never counts a trigger's own).
    this.cooldowns.set(key, {
      since,
      until: since.getTime() + ms,
      trigger: '',
    });
  }

  /** Writes the suppressions counted in memory: one row per (rule, entity, window), all in one transaction. */
  private async flushSuppressions() {
    this.optedInLookups.clear();
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    this.lastFlush = this.now().getTime();
    if (!this.suppressions.size) return;
    const counted = [...this.suppressions.values()];
    this.suppressions.clear();
    const now = this.now();
    for (const [key, known] of this.cooldowns) {
      if (known.until <= now.getTime()) this.cooldowns.delete(key);
    }
    try {
      const rows = await this.deps.store.recordCooldownSuppressions(
        counted.map(s => ({
          action: s.action,
          suppressedBy: s.suppressedBy,
          since: s.since,
          count: s.count,
        })),
        { now },
      );
      for (const row of rows) await this.changed(row);
    } catch (e) {
      this.deps.logger.error('could not record responder suppressions', {
        windows: counted.length,
        suppressed: counted.reduce((sum, s) => sum + s.count, 0),
        error: String(e),
      });
    }
  }

  private async handleMatches(
    event: ResponderTriggerEvent,
    matches: ReturnType<TalonMatcher['match']>,
  ) {
    let optedIn: Set<string> | undefined;
    for (const match of matches) {
      const mode: ResponderRuleMode = match.dryRun
        ? 'dry-run'
        : this.deps.config.ruleModes[match.rule.name] ?? 'dry-run';
      if (mode === 'automatic' && !optedIn) {
        optedIn = await this.optedIn(event.entityRef);
      }
      for (const [index, action] of match.actions.entries()) {
        const outcome = await this.ruleAction(
          event,
          match.rule.name,
          index,
          action,
          mode,
          optedIn,
        );
        // Talon: a failed action stops the rule's later ones unless it ignores errors.
        if (outcome === 'failed' && !action.ignoreErrors) break;
        // The cooldown that held this action holds the rule's later ones as well: the
        // match is counted once in the window's suppression.
        if (outcome === 'cooldown') break;
      }
    }
  }

  private async optedIn(entityRef?: string): Promise<Set<string>> {
    if (!entityRef) return new Set();
    // One catalog lookup per service per flush interval (a second), not one per match
    // (each is a call with a service token).
    let lookup = this.optedInLookups.get(entityRef);
    if (!lookup) {
      lookup = this.deps.auth
        .getOwnServiceCredentials()
        .then(credentials =>
          this.deps.catalog.getEntityByRef(entityRef, { credentials }),
        )
        .then(optedInFunctions);
      this.optedInLookups.set(entityRef, lookup);
      lookup.catch(() => this.optedInLookups.delete(entityRef));
    }
    return lookup;
  }

  private async ruleAction(
    event: ResponderTriggerEvent,
    ruleName: string,
    index: number,
    action: TalonResolvedAction,
    mode: ResponderRuleMode,
    optedIn: Set<string> | undefined,
  ): Promise<ResponderActionStatus | 'cooldown' | undefined> {
    const { config } = this.deps;
    let suppressedBy: ResponderSuppression | undefined;
    if (!this.allowList.has(action.functionName)) {
      suppressedBy = 'not-allow-listed';
    } else if (config.killSwitch) {
      suppressedBy = 'kill-switch';
    } else if (mode === 'automatic' && !event.trusted) {
      suppressedBy = 'untrusted-source';
    } else if (mode === 'automatic' && !optedIn?.has(action.functionName)) {
      suppressedBy = 'not-opted-in';
    } else if (mode === 'approval' && !event.entityRef) {
      // Nobody could approve it: approval is a permission on the service.
      suppressedBy = 'not-opted-in';
    }
    const now = this.now();
    const invocationType: LambdaInvocationType =
      mode === 'dry-run' ? 'DryRun' : action.invocationType;
    // A dry-run rule simulates automatic: its dry runs keep the rule's cooldown (per
    // rule and service) among themselves; they never hold back a real action.
    const limits =
      mode === 'dry-run'
        ? { ruleCooldownMs: config.limits.ruleCooldownMs }
        : {
            ruleCooldownMs: config.limits.ruleCooldownMs,
            serviceCooldownMs: config.limits.serviceCooldownMs,
            maxActionsPerHour: config.limits.maxActionsPerHour,
          };
    // Built only for matches that reach the database (or start a counted suppression):
    // the payload's redaction is the costly part of a match.
    const build = () => {
      const id = this.newId();
      const requestedBy = `rule:${ruleName}`;
      const payload = this.payload({
        id,
        dryRun: invocationType === 'DryRun',
        action: action.action,
        actionner: action.actionner,
        parameters: action.parameters,
        rule: ruleName,
        requestedBy,
        entityRef: event.entityRef,
        target: event.target,
        event: event.event,
      });
      const newAction: NewResponderAction = {
        id,
        ruleName,
        actionIndex: index,
        actionName: action.action,
        actionner: action.actionner,
        functionName: action.functionName,
        qualifier: action.qualifier,
        invocationType,
        mode,
        status: initialStatus(suppressedBy, mode),
        suppressedBy,
        entityRef: event.entityRef,
        target: event.target,
        trigger: event.trigger,
        requestedBy,
        payload: redactSecrets(payload),
        expiresAt:
          mode === 'approval'
            ? new Date(now.getTime() + config.approvalTimeoutMs)
            : undefined,
      };
      return { payload, newAction };
    };
    if (!suppressedBy && event.entityRef) {
      // Fast path: a cooldown this replica started itself certainly holds; count the
      // match and write the count once per batch, with no database work per match.
      const known = this.knownCooldown(
        event,
        ruleName,
        invocationType === 'DryRun',
        mode !== 'dry-run',
        now.getTime(),
      );
      if (known) {
        const key = JSON.stringify([
          invocationType === 'DryRun',
          event.entityRef,
          ruleName,
          known.by,
          known.since.getTime(),
        ]);
        const counted = this.suppressions.get(key);
        if (counted) counted.count += 1;
        else {
          // The first match of the batch is the row's trigger (payload built once).
          const { newAction } = build();
          this.suppressions.set(key, {
            action: {
              ...newAction,
              status: 'suppressed',
              suppressedBy: known.by,
            },
            suppressedBy: known.by,
            since: known.since,
            count: 1,
          });
        }
        return 'cooldown';
      }
    }
    const { payload, newAction } = build();
    const created = await this.deps.store.createAction(newAction, {
      now,
      limits,
    });
    // Another replica, or an earlier delivery, recorded it already.
    if (!created) return undefined;
    if (created.status === 'running' || created.status === 'pending-approval') {
      this.rememberCooldown(created, event, limits, now);
    }
    const cooldown =
      created.suppressedBy === 'rule-cooldown' ||
      created.suppressedBy === 'service-cooldown';
    if (cooldown && created.cooldownSince) {
      // A cooldown another replica (or an earlier process) started: its window is now
      // known here too, so the next matches in it take the fast path.
      this.learnCooldown(
        created,
        event,
        created.suppressedBy as 'rule-cooldown' | 'service-cooldown',
        created.cooldownSince,
        limits,
      );
    }
    if (cooldown && (created.suppressedCount ?? 1) > 1) {
      // Counted into the window's suppression; logged once, when it was recorded.
      await this.changed(created);
      return 'cooldown';
    }
    this.deps.logger.info('responder action recorded', {
      actionId: created.id,
      rule: ruleName,
      functionName: created.functionName,
      status: created.status,
      ...(created.suppressedBy ? { suppressedBy: created.suppressedBy } : {}),
    });
    await this.changed(created);
    if (created.status === 'pending-approval') {
      await this.notifyOwner(created, 'pending');
      return created.status;
    }
    if (cooldown) return 'cooldown';
    if (created.status !== 'running') return created.status;
    const finished = await this.execute(created, payload);
    return finished.status;
  }

  // ---- manual path ----------------------------------------------------------------

  /**
   * Runs a function by hand on a service (a dry run unless `dryRun` is false). The
   * caller's permission on the entity was checked by the router.
   */
  async invokeManually(
    request: ManualInvocation,
    credentials: BackstageCredentials,
    httpRequest?: Request,
  ): Promise<ResponderAction> {
    const { config } = this.deps;
    let trigger: ResponderTriggerEvent | undefined;
    if (request.alertId) {
      trigger = await this.deps.getAlertTrigger?.(request.alertId);
      if (!trigger || trigger.entityRef !== request.entityRef) {
        throw new NotFoundError(
          `No alert ${request.alertId} on ${request.entityRef}`,
        );
      }
    }
    const target: ResponderTarget = {
      ...(trigger?.target ?? {}),
      ...(request.target ?? {}),
    };
    if (!trigger && !request.target) {
      throw new InputError(
        'Invalid body: name an alertId or a target to respond to',
      );
    }
    const requestedBy = principalRef(credentials);
    const invocationType: LambdaInvocationType = request.dryRun
      ? 'DryRun'
      : 'RequestResponse';
    let suppressedBy: ResponderSuppression | undefined;
    if (!this.allowList.has(request.functionName)) {
      suppressedBy = 'not-allow-listed';
    } else if (config.killSwitch) {
      suppressedBy = 'kill-switch';
    }
    const id = this.newId();
    const payload = this.payload({
      id,
      dryRun: request.dryRun,
      action: 'manual',
      actionner: 'aws:lambda',
      parameters: {},
      rule: null,
      requestedBy,
      entityRef: request.entityRef,
      target,
      event: trigger?.event ?? null,
    });
    const created = await this.deps.store.createAction(
      {
        id,
        actionName: 'manual',
        actionner: 'aws:lambda',
        functionName: request.functionName,
        qualifier: request.qualifier ?? '$LATEST',
        invocationType,
        mode: 'manual',
        status: suppressedBy ? 'suppressed' : 'running',
        suppressedBy,
        entityRef: request.entityRef,
        target,
        trigger: trigger?.trigger,
        requestedBy,
        payload: redactSecrets(payload),
      },
      {
        now: this.now(),
        // A person acting is not held by cooldowns; the hourly limit still holds.
        limits: request.dryRun
          ? undefined
          : { maxActionsPerHour: config.limits.maxActionsPerHour },
      },
    );
    if (!created) throw new Error('manual action was not recorded');
    await this.changed(created);
    if (created.status !== 'running') return created;
    return this.execute(created, payload, httpRequest);
  }

  // ---- approvals ------------------------------------------------------------------

  /** Approves (and runs) or rejects a pending action; ConflictError when no longer pending. */
  async decide(
    id: string,
    approve: boolean,
    credentials: BackstageCredentials,
    httpRequest?: Request,
  ): Promise<ResponderAction> {
    const decided = await this.deps.store.decide(id, {
      approve,
      by: principalRef(credentials),
      now: this.now(),
      maxActionsPerHour: this.deps.config.limits.maxActionsPerHour,
      killSwitch: this.deps.config.killSwitch,
    });
    if (!decided) {
      const current = await this.deps.store.getAction(id);
      if (!current) throw new NotFoundError(`No responder action ${id}`);
      throw new ConflictError(
        current.status === 'pending-approval'
          ? `Responder action ${id} has expired`
          : `Responder action ${id} is ${current.status}, not pending approval`,
      );
    }
    await this.changed(decided);
    if (decided.status !== 'running') return decided;
    // The stored payload is redacted; the target is kept as it was, so the function
    // gets what it acts on.
    const stored = decided.payload as ResponderPayload;
    const payload: ResponderPayload = {
      ...stored,
      idempotencyKey: decided.id,
      dryRun: false,
      target: payloadTarget(decided.target),
    };
    return this.execute(decided, payload, httpRequest);
  }

  /** Reads an action (for the router's permission check); NotFoundError when unknown. */
  async getAction(id: string): Promise<ResponderAction> {
    const action = await this.deps.store.getAction(id);
    if (!action) throw new NotFoundError(`No responder action ${id}`);
    return action;
  }

  // ---- scheduled ------------------------------------------------------------------

  /** Expires pending approvals whose time is up, and deletes actions past retention. */
  async expireAndPrune(): Promise<{ expired: number; deleted: number }> {
    const now = this.now();
    const expired = await this.deps.store.expirePending(now);
    for (const action of expired) await this.changed(action);
    const deleted = await this.deps.store.deleteSettledBefore(
      new Date(now.getTime() - this.deps.config.retentionMs),
    );
    if (expired.length || deleted) {
      this.deps.logger.info('responder actions expired and pruned', {
        expired: expired.length,
        deleted,
      });
    }
    return { expired: expired.length, deleted };
  }

  // ---- reads ----------------------------------------------------------------------

  listActions(query: {
    entityRef?: string;
    status?: ResponderActionStatus;
    limit: number;
    cursor?: string;
  }): Promise<ResponderActionPage> {
    return this.deps.store.listActions(query);
  }

  async getEntityResponders(entity: Entity): Promise<EntityResponders> {
    const opted = optedInFunctions(entity);
    const pending = await this.deps.store.listActions({
      entityRef: stringifyEntityRef(entity),
      status: 'pending-approval',
      limit: 100,
    });
    return {
      enabled: !this.deps.config.killSwitch,
      functions: [...this.allowList].map(([functionName, description]) => ({
        functionName,
        ...(description ? { description } : {}),
        automatic: opted.has(functionName),
      })),
      pending: pending.items,
    };
  }

  async getOverview(): Promise<RespondersOverview> {
    const { config, rules } = this.deps;
    const now = this.now();
    return {
      enabled: !config.killSwitch,
      killSwitch: config.killSwitch,
      rules: rules.rules.map(rule => ({
        name: rule.name,
        mode: rule.dryRun
          ? 'dry-run'
          : config.ruleModes[rule.name] ?? 'dry-run',
        source: rule.source,
        actions: rule.actions.map(a => a.action),
      })),
      allowedFunctions: [...this.allowList.keys()],
      limits: {
        ruleCooldownSeconds: Math.round(config.limits.ruleCooldownMs / 1000),
        serviceCooldownSeconds: Math.round(
          config.limits.serviceCooldownMs / 1000,
        ),
        maxActionsPerHour: config.limits.maxActionsPerHour,
        actionsLastHour: await this.deps.store.countStartedSince(
          new Date(now.getTime() - 3_600_000),
        ),
      },
      approvalTimeoutSeconds: Math.round(config.approvalTimeoutMs / 1000),
    };
  }

  // ---- internals ------------------------------------------------------------------

  private payload(p: {
    id: string;
    dryRun: boolean;
    action: string;
    actionner: string;
    parameters: Record<string, unknown>;
    rule: string | null;
    requestedBy: string;
    entityRef?: string;
    target: ResponderTarget;
    event: TalonEvent | null;
  }): ResponderPayload {
    return {
      idempotencyKey: p.id,
      dryRun: p.dryRun,
      action: {
        name: p.action,
        actionner: p.actionner,
        parameters: p.parameters,
      },
      rule: p.rule,
      requestedBy: p.requestedBy,
      entityRef: p.entityRef ?? null,
      target: payloadTarget(p.target),
      event: p.event,
    };
  }

  /**
   * Invokes a `running` action: audit record (initiated) first, then Lambda, then the
   * stored result and the audit outcome. Never throws for a failed invocation.
   */
  private async execute(
    action: ResponderAction,
    payload: ResponderPayload,
    httpRequest?: Request,
  ): Promise<ResponderAction> {
    const meta = {
      actionId: action.id,
      functionName: action.functionName,
      qualifier: action.qualifier,
      invocationType: action.invocationType,
      mode: action.mode,
      requestedBy: action.requestedBy,
      entityRef: action.entityRef ?? null,
      rule: action.ruleName ?? null,
      trigger: action.trigger
        ? `${action.trigger.kind}:${action.trigger.id}`
        : null,
    };
    let auditEvent;
    try {
      auditEvent = await this.deps.auditor.createEvent({
        eventId: 'responder-invoke',
        severityLevel: action.invocationType === 'DryRun' ? 'medium' : 'high',
        ...(httpRequest ? { request: httpRequest } : {}),
        meta,
      });
    } catch (e) {
      // No trail, no action.
      const failed = await this.deps.store.finish(action.id, {
        status: 'failed',
        result: { error: 'The audit record could not be written; not invoked' },
        now: this.now(),
      });
      this.deps.logger.error('responder action not run: auditor failed', {
        actionId: action.id,
        error: String(e),
      });
      await this.changed(failed ?? action);
      return failed ?? action;
    }
    const result = await this.deps.invoker.invoke({
      functionName: action.functionName,
      qualifier: action.qualifier,
      invocationType: action.invocationType,
      payload,
    });
    const ok = invocationSucceeded(result);
    let status: ResponderActionStatus = 'failed';
    if (ok) {
      status = action.invocationType === 'DryRun' ? 'dry-run' : 'succeeded';
    }
    const finished =
      (await this.deps.store.finish(action.id, {
        status,
        result,
        now: this.now(),
      })) ?? action;
    const outcome = {
      status,
      statusCode: result.statusCode ?? null,
      functionError: result.functionError ?? null,
      durationMs: result.durationMs ?? null,
    };
    if (ok) {
      await auditEvent.success({ meta: outcome });
    } else {
      await auditEvent.fail({
        meta: outcome,
        error: new Error(
          result.error ??
            `Function error: ${result.functionError ?? 'unknown'}`,
        ),
      });
    }
    this.deps.logger.info('responder action finished', {
      actionId: action.id,
      functionName: action.functionName,
      status,
    });
    await this.changed(finished);
    if (action.invocationType !== 'DryRun') {
      await this.notifyOwner(finished, 'finished');
    }
    return finished;
  }

  /** Live signal to pages showing the entity or the org-wide view. Best effort. */
  private async changed(action: ResponderAction) {
    const { signals } = this.deps;
    if (!signals) return;
    const message: ResponderSignalMessage = {
      type: 'responder-action',
      actionId: action.id,
      ...(action.entityRef ? { entityRef: action.entityRef } : {}),
      status: action.status,
    };
    const channels = [RESPONDERS_ORG_SIGNAL_CHANNEL];
    if (action.entityRef)
      channels.push(responderSignalChannel(action.entityRef));
    const results = await Promise.allSettled(
      channels.map(channel =>
        signals.publish({
          recipients: { type: 'broadcast' },
          channel,
          message: { ...message },
        }),
      ),
    );
    for (const r of results) {
      if (r.status === 'rejected') {
        this.deps.logger.warn('could not publish a responder signal', {
          error: String(r.reason),
        });
      }
    }
  }

  /** Notifies the owning group of a pending approval or a finished action. Best effort. */
  private async notifyOwner(
    action: ResponderAction,
    what: 'pending' | 'finished',
  ) {
    const { notifications, catalog, auth, logger } = this.deps;
    if (!notifications || !action.entityRef) return;
    try {
      const credentials = await auth.getOwnServiceCredentials();
      const entity = await catalog.getEntityByRef(action.entityRef, {
        credentials,
      });
      const owner = (entity?.spec as { owner?: unknown } | undefined)?.owner;
      if (typeof owner !== 'string' || !owner) return;
      const ownerRef = stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity?.metadata.namespace ?? 'default',
        }),
      );
      const ref = parseEntityRef(action.entityRef);
      const where = [
        action.target.namespace,
        action.target.pod ?? action.target.name,
      ]
        .filter(Boolean)
        .join('/');
      const by = action.ruleName
        ? `rule '${action.ruleName}'`
        : action.requestedBy;
      // The outcome also goes to whoever asked for it or approved it.
      const outcomeRecipients = [
        ...new Set([
          ownerRef,
          ...[action.requestedBy, action.decidedBy].filter(
            (r): r is string => !!r && r.startsWith('user:'),
          ),
        ]),
      ];
      await notifications.send({
        recipients: {
          type: 'entity',
          entityRef: what === 'pending' ? ownerRef : outcomeRecipients,
        },
        payload:
          what === 'pending'
            ? {
                title: `Approval needed: ${action.functionName} on ${ref.name}`,
                description: `${by} wants to run ${action.functionName}${
                  where ? ` on ${where}` : ''
                }. It expires at ${action.expiresAt}.`,
                link: securityLink(ref),
                severity: 'high',
                topic: 'container-security:responders',
                scope: `container-security:responders:${action.id}`,
              }
            : {
                title: `Responder ${action.status}: ${action.functionName} on ${ref.name}`,
                description: `${by} ran ${action.functionName}${
                  where ? ` on ${where}` : ''
                }: ${action.status}${
                  action.result?.error ? ` (${action.result.error})` : ''
                }.`,
                link: securityLink(ref),
                severity: action.status === 'succeeded' ? 'normal' : 'high',
                topic: 'container-security:responders',
                scope: `container-security:responders:${action.id}`,
              },
      });
    } catch (e) {
      logger.warn('could not notify about a responder action', {
        actionId: action.id,
        error: String(e),
      });
    }
  }
}

function initialStatus(
  suppressedBy: ResponderSuppression | undefined,
  mode: ResponderRuleMode,
): ResponderActionStatus {
  if (suppressedBy) return 'suppressed';
  return mode === 'approval' ? 'pending-approval' : 'running';
}

function securityLink(ref: { namespace: string; kind: string; name: string }) {
  return `/catalog/${[
    ref.namespace,
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
  ]
    .map(encodeURIComponent)
    .join('/')}/security`;
}

/** `user:default/jane`, or `service:<subject>` for a service principal. */
export function principalRef(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return `service:${p.subject}`;
  return 'unknown';
}
