import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CostOverviewResponse,
  CostTotals,
  EntityCostResponse,
  EntityWorkloadSelector,
  selectsWorkload,
  ServiceCostSummary,
  TeamCostSummary,
  WorkloadCost,
  WorkloadRef,
  WorkloadSummary,
} from '@containersec/plugin-container-security-common';
import {
  assessWorkloadCost,
  sortCostHints,
  summarizeWorkloadMetrics,
  WorkloadMetricsResult,
  WorkloadMetricsSource,
} from '@containersec/plugin-container-security-node';
import { WorkloadStore } from '../workloads';
import { CostConfig } from './config';
import { ClusterCostResult, CostStore, StoredWorkloadCost } from './CostStore';

/** The scheduler task id of the metrics pull. */
export const COST_PULL_TASK_ID = 'container-security-cost-metrics';

const round2 = (n: number) => Math.round(n * 100) / 100;
const workloadKey = (cluster: string, namespace: string, name: string) =>
  `${cluster}\u0000${namespace}\u0000${name}`;

/**
 * Pulls workload metrics on a schedule, computes cost estimates and hints, stores them,
 * and answers the cost routes from the store alone.
 */
export class CostService {
  constructor(
    private readonly deps: {
      sources: WorkloadMetricsSource[];
      store: CostStore;
      workloads: WorkloadStore;
      config: CostConfig;
      logger: LoggerService;
    },
  ) {}

  /** Schedules the pull with global scope: one replica pulls, every replica reads. */
  async start(scheduler: SchedulerService): Promise<void> {
    if (this.deps.sources.length === 0) return;
    await scheduler.scheduleTask({
      id: COST_PULL_TASK_ID,
      ...this.deps.config.schedule,
      scope: 'global',
      fn: async () => {
        await this.pull();
      },
    });
  }

  /** Reads every source once and stores what it found. */
  async pull(now = new Date()): Promise<void> {
    const { config, logger, store } = this.deps;
    const { items } = await this.deps.workloads.listWorkloads({});
    const known = new Map<string, WorkloadSummary>();
    for (const w of items) {
      known.set(workloadKey(w.cluster, w.namespace, w.name), w);
    }
    const refs: WorkloadRef[] = [...known.values()].map(w => ({
      cluster: w.cluster,
      namespace: w.namespace,
      kind: w.kind,
      name: w.name,
    }));
    const request = {
      start: new Date(now.getTime() - config.windowMs),
      end: now,
      periodSeconds: config.periodSeconds,
      workloads: refs,
    };
    for (const source of this.deps.sources) {
      let results: WorkloadMetricsResult[];
      try {
        results = await source.readMetrics(request);
      } catch (e) {
        // A source that throws keeps its last figures, marked stale.
        const previous = (await store.listSourceStatuses()).filter(
          s => s.source === source.id,
        );
        const message = `metrics source failed: ${
          (e as Error)?.name ?? 'error'
        }`;
        logger.warn('metrics source failed', {
          source: source.id,
          error: (e as Error)?.message,
        });
        results = (previous.length ? previous : [{ cluster: '*' }]).map(p => ({
          cluster: p.cluster,
          ok: false,
          message,
          series: [],
        }));
      }
      const computedAt = now.toISOString();
      const clusterResults: ClusterCostResult[] = results.map(result => ({
        cluster: result.cluster,
        ok: result.ok,
        message: result.message,
        costs: result.series.map(series => {
          const stats = summarizeWorkloadMetrics(series, config.businessHours);
          const kind =
            series.kind ||
            known.get(
              workloadKey(series.cluster, series.namespace, series.workload),
            )?.kind ||
            '';
          const capacityType =
            config.capacityTypes.get(series.cluster) ?? 'ec2';
          const assessment = assessWorkloadCost({
            workload: {
              cluster: series.cluster,
              namespace: series.namespace,
              kind,
              name: series.workload,
            },
            stats,
            prices: config.prices,
            capacityType,
            businessHours: config.businessHours,
            thresholds: config.thresholds,
          });
          return {
            source: source.id,
            cluster: series.cluster,
            namespace: series.namespace,
            workload: series.workload,
            kind,
            capacityType,
            replicas: assessment.replicas,
            monthlyCost: assessment.monthlyCost,
            potentialSavings: assessment.potentialSavings,
            currency: config.prices.currency,
            stats,
            hints: assessment.hints,
            computedAt,
          };
        }),
      }));
      await store.recordPull(source.id, clusterResults, now);
      logger.info('pulled workload metrics', {
        source: source.id,
        clusters: results.length,
        failed: results.filter(r => !r.ok).length,
        workloads: clusterResults.reduce((n, r) => n + r.costs.length, 0),
      });
    }
  }

  /** The cost of one entity's workloads, from the store. */
  async getEntityCost(
    entityRef: string,
    workloads: WorkloadSummary[],
  ): Promise<EntityCostResponse> {
    const namespaces = [...new Set(workloads.map(w => w.namespace))];
    const [costs, sources] = await Promise.all([
      this.deps.store.listCosts({ namespaces }),
      this.deps.store.listSourceStatuses(),
    ]);
    const { matched, missing } = this.match(workloads, indexCosts(costs));
    const totals = totalsOf(matched);
    return {
      entityRef,
      currency: this.deps.config.prices.currency,
      monthlyCost: totals.monthlyCost,
      potentialSavings: totals.potentialSavings,
      workloads: matched.map(toWorkloadCost),
      hints: sortCostHints(matched.flatMap(c => c.hints)),
      workloadsWithoutMetrics: missing,
      sources,
    };
  }

  /** Savings totals by owning team and by service, over every annotated entity. */
  async getOverview(
    entities: Array<{ entity: Entity; selector: EntityWorkloadSelector }>,
  ): Promise<CostOverviewResponse> {
    const [{ items }, costs, sources] = await Promise.all([
      this.deps.workloads.listWorkloads({}),
      this.deps.store.listCosts(),
      this.deps.store.listSourceStatuses(),
    ]);
    const index = indexCosts(costs);
    const byService: ServiceCostSummary[] = [];
    for (const { entity, selector } of entities) {
      const own = items.filter(w => selectsWorkload(selector, w));
      const { matched } = this.match(own, index);
      if (matched.length === 0) continue;
      byService.push({
        entityRef: stringifyEntityRef(entity),
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        ...ownerOf(entity),
        ...totalsOf(matched),
      });
    }
    const teams = new Map<string, TeamCostSummary>();
    for (const s of byService) {
      const owner = s.owner ?? 'unowned';
      const team = teams.get(owner) ?? {
        owner,
        serviceCount: 0,
        monthlyCost: 0,
        potentialSavings: 0,
        hintCount: 0,
      };
      team.serviceCount += 1;
      team.monthlyCost = round2(team.monthlyCost + s.monthlyCost);
      team.potentialSavings = round2(
        team.potentialSavings + s.potentialSavings,
      );
      team.hintCount += s.hintCount;
      teams.set(owner, team);
    }
    const bySavings = <T extends CostTotals>(list: T[]) =>
      list.sort(
        (a, b) =>
          b.potentialSavings - a.potentialSavings ||
          b.monthlyCost - a.monthlyCost,
      );
    const all = byService.reduce(
      (t, s) => ({
        monthlyCost: round2(t.monthlyCost + s.monthlyCost),
        potentialSavings: round2(t.potentialSavings + s.potentialSavings),
        hintCount: t.hintCount + s.hintCount,
      }),
      { monthlyCost: 0, potentialSavings: 0, hintCount: 0 },
    );
    return {
      currency: this.deps.config.prices.currency,
      totals: all,
      byTeam: bySavings([...teams.values()]),
      byService: bySavings(byService),
      sources,
    };
  }

  /**
   * Pairs workloads with their stored costs by cluster, namespace and name (CloudWatch
   * knows workloads by name only). A workload reported by two sources counts once.
   */
  private match(
    workloads: WorkloadSummary[],
    index: Map<string, StoredWorkloadCost[]>,
  ): { matched: StoredWorkloadCost[]; missing: WorkloadRef[] } {
    const matched: StoredWorkloadCost[] = [];
    const missing: WorkloadRef[] = [];
    const seen = new Set<string>();
    for (const w of workloads) {
      const key = `${workloadKey(w.cluster, w.namespace, w.name)}\u0000${
        w.kind
      }`;
      if (seen.has(key)) continue;
      seen.add(key);
      const cost = (
        index.get(workloadKey(w.cluster, w.namespace, w.name)) ?? []
      ).find(c => !c.kind || c.kind === w.kind);
      if (cost) {
        matched.push(cost.kind === w.kind ? cost : this.reassess(cost, w.kind));
      } else {
        missing.push({
          cluster: w.cluster,
          namespace: w.namespace,
          kind: w.kind,
          name: w.name,
        });
      }
    }
    return { matched, missing };
  }

  /**
   * Recomputes the hints of a pull that did not know the workload's kind (it ran before
   * the workload sync had seen the workload): spot and schedule hints depend on it.
   */
  private reassess(cost: StoredWorkloadCost, kind: string): StoredWorkloadCost {
    const { config } = this.deps;
    const assessment = assessWorkloadCost({
      workload: {
        cluster: cost.cluster,
        namespace: cost.namespace,
        kind,
        name: cost.workload,
      },
      stats: cost.stats,
      prices: config.prices,
      capacityType: cost.capacityType,
      businessHours: config.businessHours,
      thresholds: config.thresholds,
    });
    return {
      ...cost,
      kind,
      replicas: assessment.replicas,
      monthlyCost: assessment.monthlyCost,
      potentialSavings: assessment.potentialSavings,
      hints: assessment.hints,
    };
  }
}

function indexCosts(costs: StoredWorkloadCost[]) {
  const index = new Map<string, StoredWorkloadCost[]>();
  for (const c of costs) {
    const key = workloadKey(c.cluster, c.namespace, c.workload);
    index.set(key, [...(index.get(key) ?? []), c]);
  }
  // The most recent figures first when several sources report a workload.
  for (const list of index.values()) {
    list.sort((a, b) => b.computedAt.localeCompare(a.computedAt));
  }
  return index;
}

function totalsOf(costs: StoredWorkloadCost[]): CostTotals {
  return {
    monthlyCost: round2(costs.reduce((n, c) => n + c.monthlyCost, 0)),
    potentialSavings: round2(costs.reduce((n, c) => n + c.potentialSavings, 0)),
    hintCount: costs.reduce((n, c) => n + c.hints.length, 0),
  };
}

function ownerOf(entity: Entity): { owner?: string } {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return {};
  try {
    return {
      owner: stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    };
  } catch {
    return {};
  }
}

function toWorkloadCost(c: StoredWorkloadCost): WorkloadCost {
  const summary = (r: StoredWorkloadCost['stats']['cpu']) => ({
    request: r.request,
    limit: r.limit,
    p50: r.usage?.p50,
    p95: r.usage?.p95,
    max: r.usage?.max,
  });
  return {
    workload: {
      cluster: c.cluster,
      namespace: c.namespace,
      kind: c.kind,
      name: c.workload,
    },
    source: c.source,
    capacityType: c.capacityType,
    replicas: round2(c.replicas),
    cpu: summary(c.stats.cpu),
    memory: summary(c.stats.memory),
    monthlyCost: c.monthlyCost,
    potentialSavings: c.potentialSavings,
    windowStart: c.stats.windowStart,
    windowEnd: c.stats.windowEnd,
    computedAt: c.computedAt,
  };
}
