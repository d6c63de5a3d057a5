import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  FALCO_PRIORITIES,
  falcoPriorityRank,
  FalcoPriority,
} from '@containersec/plugin-container-security-common';
import { FalcoNotificationConfig } from './config';
import { NotificationWindowStore } from './NotificationWindowStore';
import { plainText } from './plainText';

/** An alert to consider for notification, attributed to `entityRef`. */
export interface NotifiableAlert {
  entityRef: string;
  rule: string;
  priority: FalcoPriority;
  output: string;
  pod?: string;
  container?: string;
  time?: string;
}

const priorityOfRank = (rank: number): FalcoPriority =>
  FALCO_PRIORITIES[FALCO_PRIORITIES.length - 1 - rank] ?? 'Debug';

function severityOf(priority: FalcoPriority): NotificationSeverity {
  const rank = falcoPriorityRank(priority);
  if (rank >= falcoPriorityRank('Critical')) return 'critical';
  if (rank >= falcoPriorityRank('Error')) return 'high';
  if (rank >= falcoPriorityRank('Warning')) return 'normal';
  return 'low';
}

/** The entity page's Security tab, relative to the app. */
function securityLink(ref: CompoundEntityRef): string {
  return `/catalog/${[
    ref.namespace,
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
  ]
    .map(encodeURIComponent)
    .join('/')}/security`;
}

/**
 * Notifies the owning group of alerts at or above the configured priority, at most once
 * per entity, rule and window; further alerts of the window are counted in the database
 * and sent as one digest when it ends (`sendDueDigests`, run by a global scheduled task).
 * Every text from the event is attacker-controlled: it is flattened and truncated by
 * `plainText` and only ever sent as plain text.
 */
export class FalcoAlertNotifier {
  constructor(
    private readonly deps: {
      config: FalcoNotificationConfig;
      windows: NotificationWindowStore;
      notifications: NotificationService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  /** The entity's owner as a full ref, or undefined when it has none or is gone. */
  private async ownerOf(entityRef: string): Promise<string | undefined> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    const owner = (entity?.spec as { owner?: unknown } | undefined)?.owner;
    if (typeof owner !== 'string' || !owner) return undefined;
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity?.metadata.namespace ?? 'default',
      }),
    );
  }

  /** Considers newly stored, attributed alerts. */
  async handle(alerts: NotifiableAlert[]): Promise<void> {
    const { config, windows, logger } = this.deps;
    if (!config.enabled) return;
    const minRank = falcoPriorityRank(config.minPriority);
    const groups = new Map<string, NotifiableAlert[]>();
    for (const a of alerts) {
      if (falcoPriorityRank(a.priority) < minRank) continue;
      const key = JSON.stringify([a.entityRef, a.rule]);
      const group = groups.get(key);
      if (group) group.push(a);
      else groups.set(key, [a]);
    }
    const now = this.now();
    const windowStart = Math.floor(now / config.windowMs) * config.windowMs;
    for (const group of groups.values()) {
      // The most severe alert of the batch speaks for it.
      const lead = group.reduce((a, b) =>
        falcoPriorityRank(b.priority) > falcoPriorityRank(a.priority) ? b : a,
      );
      try {
        const { first } = await windows.record({
          entityRef: lead.entityRef,
          rule: lead.rule,
          windowStart,
          windowEnd: windowStart + config.windowMs,
          count: group.length,
          maxPriorityRank: falcoPriorityRank(lead.priority),
        });
        if (first) await this.sendFirst(lead, group.length, windowStart);
      } catch (e) {
        logger.warn('could not notify about a Falco alert', {
          entityRef: lead.entityRef,
          error: String(e),
        });
      }
    }
  }

  private async sendFirst(
    alert: NotifiableAlert,
    batchSize: number,
    windowStart: number,
  ) {
    const owner = await this.ownerOf(alert.entityRef);
    if (!owner) {
      this.deps.logger.info('Falco alert not notified: entity has no owner', {
        entityRef: alert.entityRef,
      });
      return;
    }
    const ref = parseEntityRef(alert.entityRef);
    const rule = plainText(alert.rule, 120);
    const where = [
      alert.pod && `pod ${plainText(alert.pod, 80)}`,
      alert.container && `container ${plainText(alert.container, 80)}`,
    ]
      .filter(Boolean)
      .join(', ');
    const windowMinutes = Math.round(this.deps.config.windowMs / 60_000);
    const description = [
      plainText(alert.output, 400),
      where && `(${where})`,
      batchSize > 1
        ? `${
            batchSize - 1
          } more alert(s) of this rule arrived at the same time.`
        : '',
      `Further alerts of this rule for ${ref.name} in the next ${windowMinutes} min are sent as one digest.`,
    ]
      .filter(Boolean)
      .join(' ');
    await this.deps.notifications.send({
      recipients: { type: 'entity', entityRef: owner },
      payload: {
        title: `Falco ${alert.priority}: ${rule} in ${ref.name}`,
        description,
        link: securityLink(ref),
        severity: severityOf(alert.priority),
        topic: 'container-security:falco',
        scope: `container-security:falco:${alert.entityRef}:${windowStart}:${rule}`,
      },
    });
  }

  /** Sends the digest of every ended window with held-back alerts, once across replicas. */
  async sendDueDigests(): Promise<number> {
    const { windows, logger, config } = this.deps;
    const now = this.now();
    let sent = 0;
    for (const due of await windows.listDue(now)) {
      if (!(await windows.claimDigest(due, now))) continue;
      try {
        const owner = await this.ownerOf(due.entityRef);
        if (!owner) continue;
        const ref = parseEntityRef(due.entityRef);
        const priority = priorityOfRank(due.maxPriorityRank);
        const rule = plainText(due.rule, 120);
        await this.deps.notifications.send({
          recipients: { type: 'entity', entityRef: owner },
          payload: {
            title: `Falco digest: ${rule} fired ${due.suppressedCount} more time(s) in ${ref.name}`,
            description: `Between ${new Date(
              due.windowStart,
            ).toISOString()} and ${new Date(due.windowEnd).toISOString()}, ${
              due.suppressedCount
            } further alert(s) of this rule (highest priority ${priority}) were held back by the rate limit. Open the Security tab for each one.`,
            link: securityLink(ref),
            severity: severityOf(priority),
            topic: 'container-security:falco',
            scope: `container-security:falco:${due.entityRef}:${due.windowStart}:${rule}:digest`,
          },
        });
        sent++;
      } catch (e) {
        logger.warn('could not send a Falco alert digest', {
          entityRef: due.entityRef,
          error: String(e),
        });
      }
    }
    // Keep a day of windows for inspection; older ones are done with.
    await windows.deleteEndedBefore(
      now - Math.max(config.windowMs, 86_400_000),
    );
    return sent;
  }
}
