import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AlertWorkloadRef } from '@containersec/plugin-container-security-common';
import {
  AlertAttributor,
  falcoKubernetesFields,
} from '@containersec/plugin-container-security-node';
import { WorkloadStore } from '../../workloads';
import { listAnnotatedEntities } from '../../workloads';
import {
  FalcoAlertAttribution,
  FalcoAlertStore,
  NewFalcoAlert,
} from '../FalcoAlertStore';

/** An alert with the entity it was attributed to (undefined when none). */
export interface AttributedAlert {
  alert: NewFalcoAlert;
  entityRef?: string;
  /** The workload attribution matched, when it found one. */
  workload?: AlertWorkloadRef;
}

/**
 * Attributes alerts to catalog entities through the known workloads (see
 * `AlertAttributor`), for new alerts as they are stored and again for unattributed ones
 * once workloads or entities change. The attributor is a cache of the database and the
 * catalog, rebuilt after each workload sync and at most `maxAgeMs` (15 s) old, so replicas
 * never depend on each other's memory.
 */
export class FalcoAttributionService {
  private attributor?: { built: number; value: Promise<AlertAttributor> };

  constructor(
    private readonly deps: {
      alerts: FalcoAlertStore;
      workloads: WorkloadStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      maxAgeMs?: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  /** Forgets the cached mapping, so the next alert sees the latest workloads. */
  invalidate() {
    this.attributor = undefined;
  }

  private async build(): Promise<AlertAttributor> {
    const { deps } = this;
    const credentials = await deps.auth.getOwnServiceCredentials();
    const [{ items }, { entities }] = await Promise.all([
      deps.workloads.listWorkloads({}),
      listAnnotatedEntities(deps.catalog, credentials),
    ]);
    return new AlertAttributor(
      items,
      entities.map(e => ({
        entityRef: stringifyEntityRef(e.entity),
        selector: e.selector,
      })),
    );
  }

  private getAttributor(): Promise<AlertAttributor> {
    const maxAge = this.deps.maxAgeMs ?? 15_000;
    const cached = this.attributor;
    if (cached && this.now() - cached.built < maxAge) return cached.value;
    const value = this.build();
    this.attributor = { built: this.now(), value };
    // A failed build is not cached.
    value.catch(() => {
      if (this.attributor?.value === value) this.attributor = undefined;
    });
    return value;
  }

  private decide(
    attributor: AlertAttributor,
    alert: NewFalcoAlert,
  ): FalcoAlertAttribution | undefined {
    // The ingest already resolved namespace and pod (from `k8s.*`, or the target of a
    // Kubernetes audit event); labels and the container name come from the output fields.
    const fields = falcoKubernetesFields(alert.outputFields, alert.cluster);
    const result = attributor.attribute({
      ...fields,
      namespace: alert.namespace ?? fields.namespace,
      pod: alert.pod ?? fields.pod,
    });
    if (!result.entityRef && !result.workload) return undefined;
    return {
      id: alert.id,
      entityRef: result.entityRef ?? null,
      workload: result.workload,
    };
  }

  /** Attributes newly stored alerts and records the decisions. */
  async attributeNew(alerts: NewFalcoAlert[]): Promise<AttributedAlert[]> {
    if (alerts.length === 0) return [];
    const attributor = await this.getAttributor();
    const updates: FalcoAlertAttribution[] = [];
    const result = alerts.map(alert => {
      const decision = this.decide(attributor, alert);
      if (decision) updates.push(decision);
      return {
        alert,
        entityRef: decision?.entityRef ?? undefined,
        workload: decision?.workload,
      };
    });
    if (updates.length) await this.deps.alerts.setAttribution(updates);
    return result;
  }

  /**
   * Tries again every unattributed alert newer than `sinceMs` with a freshly built
   * mapping. Resolves with the alerts that now have an owner.
   */
  async reattribute(sinceMs?: number): Promise<AttributedAlert[]> {
    this.invalidate();
    const attributor = await this.getAttributor();
    const attributed: AttributedAlert[] = [];
    let afterId: string | undefined;
    let scanned = 0;
    for (;;) {
      const page = await this.deps.alerts.listUnattributed({
        afterId,
        limit: 500,
        fromMs: sinceMs,
      });
      if (page.length === 0) break;
      scanned += page.length;
      const updates: FalcoAlertAttribution[] = [];
      for (const alert of page) {
        const decision = this.decide(attributor, alert);
        if (decision?.entityRef) {
          updates.push(decision);
          attributed.push({
            alert,
            entityRef: decision.entityRef,
            workload: decision.workload,
          });
        }
      }
      if (updates.length) await this.deps.alerts.setAttribution(updates);
      afterId = page[page.length - 1].id;
      if (page.length < 500) break;
    }
    if (attributed.length) {
      this.deps.logger.info('re-attributed Falco alerts', {
        scanned,
        attributed: attributed.length,
      });
    }
    return attributed;
  }

  /** Re-attributes on a schedule, once across all replicas per run. */
  async schedule(
    scheduler: SchedulerService,
    schedule: SchedulerServiceTaskScheduleDefinition,
    sinceMs: () => number | undefined,
    onAttributed: (alerts: AttributedAlert[]) => Promise<void>,
  ) {
    await scheduler.scheduleTask({
      id: 'container-security-falco-reattribute',
      scope: 'global',
      ...schedule,
      fn: async () => {
        const attributed = await this.reattribute(sinceMs());
        if (attributed.length) await onAttributed(attributed);
      },
    });
  }
}
