import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  alertSignalChannel,
  ALERTS_ORG_SIGNAL_CHANNEL,
  AlertSignalMessage,
  falcoPriorityRank,
  FalcoPriority,
} from '@containersec/plugin-container-security-common';

/**
 * Tells open pages that alerts arrived or changed: one signal per entity with new
 * alerts and one on the org channel. The message carries counts and the highest
 * priority only, never event text; pages refetch through the permission-checked routes.
 */
export class AlertSignalPublisher {
  constructor(
    private readonly deps: { signals: SignalsService; logger: LoggerService },
  ) {}

  async publish(
    alerts: Array<{ entityRef?: string; priority: FalcoPriority }>,
  ): Promise<void> {
    if (alerts.length === 0) return;
    const groups = new Map<string | undefined, FalcoPriority[]>();
    for (const a of alerts) {
      const group = groups.get(a.entityRef);
      if (group) group.push(a.priority);
      else groups.set(a.entityRef, [a.priority]);
    }
    const message = (
      priorities: FalcoPriority[],
      entityRef?: string,
    ): AlertSignalMessage => ({
      type: 'alerts',
      ...(entityRef ? { entityRef } : {}),
      count: priorities.length,
      maxPriority: priorities.reduce((max, p) =>
        falcoPriorityRank(p) > falcoPriorityRank(max) ? p : max,
      ),
    });
    const sends: Array<Promise<void>> = [];
    for (const [entityRef, priorities] of groups) {
      if (!entityRef) continue;
      sends.push(
        this.deps.signals.publish({
          recipients: { type: 'broadcast' },
          channel: alertSignalChannel(entityRef),
          message: { ...message(priorities, entityRef) },
        }),
      );
    }
    sends.push(
      this.deps.signals.publish({
        recipients: { type: 'broadcast' },
        channel: ALERTS_ORG_SIGNAL_CHANNEL,
        message: { ...message(alerts.map(a => a.priority)) },
      }),
    );
    const results = await Promise.allSettled(sends);
    for (const r of results) {
      if (r.status === 'rejected') {
        // Live updates are best effort; the alerts are stored either way.
        this.deps.logger.warn('could not publish an alert signal', {
          error: String(r.reason),
        });
      }
    }
  }
}
