import { LoggerService } from '@backstage/backend-plugin-api';
import { NewFalcoAlert } from '../FalcoAlertStore';
import { FalcoAlertNotifier } from '../notifications/FalcoAlertNotifier';
import { AlertSignalPublisher } from '../signals/AlertSignalPublisher';
import {
  AttributedAlert,
  FalcoAttributionService,
} from './FalcoAttributionService';

/**
 * What happens to alerts once they are committed: attribution to their service, a live
 * signal to open pages, then notifications to the owners. Registered as the ingest's
 * `onAlertsStored` listener and fed by re-attribution passes.
 */
export class AlertPostProcessor {
  private readonly attributedListeners: Array<
    (attributed: AttributedAlert[]) => void
  > = [];

  constructor(
    private readonly deps: {
      attribution: FalcoAttributionService;
      signals?: AlertSignalPublisher;
      notifier?: FalcoAlertNotifier;
      logger: LoggerService;
      /** Re-attributed alerts older than this are published but not notified. */
      notifyMaxAgeMs?: number;
      now?: () => number;
    },
  ) {}

  /**
   * Registers a listener for alerts that were just stored and attributed, or recently
   * re-attributed (those notified). Called synchronously and not awaited: a listener
   * that has slow work to do (responders) queues it. A listener that throws is logged.
   */
  onAlertsAttributed(listener: (attributed: AttributedAlert[]) => void) {
    this.attributedListeners.push(listener);
  }

  /** For newly stored alerts. */
  async onAlertsStored(alerts: NewFalcoAlert[]): Promise<void> {
    let attributed: AttributedAlert[];
    try {
      attributed = await this.deps.attribution.attributeNew(alerts);
    } catch (e) {
      // They stay unattributed; the scheduled pass tries again.
      this.deps.logger.warn('could not attribute new Falco alerts', {
        alerts: alerts.length,
        error: String(e),
      });
      attributed = alerts.map(alert => ({ alert }));
    }
    await this.deliver(attributed, attributed);
  }

  /** For alerts a re-attribution pass gave an owner. */
  async onReattributed(attributed: AttributedAlert[]): Promise<void> {
    const now = this.deps.now?.() ?? Date.now();
    const maxAge = this.deps.notifyMaxAgeMs ?? 3_600_000;
    await this.deliver(
      attributed,
      attributed.filter(a => now - a.alert.receivedAt <= maxAge),
    );
  }

  private async deliver(
    publish: AttributedAlert[],
    notify: AttributedAlert[],
  ): Promise<void> {
    for (const listener of this.attributedListeners) {
      try {
        listener(notify);
      } catch (e) {
        this.deps.logger.warn('an attributed-alerts listener failed', {
          error: String(e),
        });
      }
    }
    await this.deps.signals?.publish(
      publish.map(a => ({
        entityRef: a.entityRef,
        priority: a.alert.priority,
      })),
    );
    await this.deps.notifier?.handle(
      notify.flatMap(({ alert, entityRef }) =>
        entityRef
          ? [
              {
                entityRef,
                rule: alert.rule,
                priority: alert.priority,
                output: alert.output,
                pod: alert.pod,
                container: alert.container,
              },
            ]
          : [],
      ),
    );
  }
}
