import { SourceStatus, WorkloadRef } from './types';

/**
 * What a cost hint is about.
 *
 * - `right-size`: requests far above the p95 usage; lower them to the suggested value.
 * - `limit-risk`: a limit at or below observed peaks; CPU throttling or OOM kills (no savings).
 * - `idle`: near-zero usage over the whole window; scale to zero or remove.
 * - `spot`: a stateless workload that could run on spot capacity.
 * - `schedule`: idle outside business hours; a scheduled scale-down would save.
 *
 * @public
 */
export type CostHintType =
  | 'right-size'
  | 'limit-risk'
  | 'idle'
  | 'spot'
  | 'schedule';

/**
 * The resource a hint is about; `workload` for hints about the whole workload.
 *
 * @public
 */
export type CostHintResource = 'cpu' | 'memory' | 'workload';

/**
 * How a workload's capacity is billed.
 *
 * @public
 */
export type CapacityType = 'ec2' | 'fargate';

/**
 * One cost hint for one workload.
 *
 * @public
 */
export interface CostHint {
  type: CostHintType;
  workload: WorkloadRef;
  resource: CostHintResource;
  /** One line, e.g. "Lower the CPU request of payments-api". */
  title: string;
  /** The current setting in words, e.g. "500m CPU per pod". */
  current: string;
  /** The suggested setting in words, e.g. "150m CPU per pod". */
  suggested: string;
  /** Estimated monthly savings in `currency`; 0 for risk hints. */
  monthlySavings: number;
  /** Why: the figures the hint rests on. */
  why: string;
}

/**
 * Per-pod usage of one resource over the metrics window, with the pod's request and
 * limit. CPU in cores, memory in bytes. Usage figures are undefined without data.
 *
 * @public
 */
export interface ResourceUsageSummary {
  request?: number;
  limit?: number;
  p50?: number;
  p95?: number;
  max?: number;
}

/**
 * The current cost estimate and usage of one workload.
 *
 * @public
 */
export interface WorkloadCost {
  workload: WorkloadRef;
  /** The metrics source the figures come from. */
  source: string;
  capacityType: CapacityType;
  /** Mean running replicas over the window. */
  replicas: number;
  cpu: ResourceUsageSummary;
  memory: ResourceUsageSummary;
  /** Estimated monthly cost at the current requests and replicas. */
  monthlyCost: number;
  /** Sum of the savings of this workload's hints. */
  potentialSavings: number;
  /** The metrics window (ISO 8601). */
  windowStart: string;
  windowEnd: string;
  /** When the hints were computed (ISO 8601). */
  computedAt: string;
}

/**
 * The outcome of the last metrics pull of one source and cluster: the same shape as a
 * workload source's status, with `workloadCount` counting workloads with metrics.
 *
 * @public
 */
export type CostSourceStatus = SourceStatus;

/**
 * `GET /entities/:namespace/:kind/:name/cost`.
 *
 * @public
 */
export interface EntityCostResponse {
  entityRef: string;
  /** ISO 4217, from the price table. */
  currency: string;
  /** Estimated monthly cost of the entity's workloads that have metrics. */
  monthlyCost: number;
  potentialSavings: number;
  workloads: WorkloadCost[];
  /** Sorted by savings, largest first; risk hints after. */
  hints: CostHint[];
  /** The entity's workloads the metrics sources reported nothing for. */
  workloadsWithoutMetrics: WorkloadRef[];
  sources: CostSourceStatus[];
}

/**
 * Cost figures of one group of services.
 *
 * @public
 */
export interface CostTotals {
  monthlyCost: number;
  potentialSavings: number;
  hintCount: number;
}

/**
 * One service in the cost overview.
 *
 * @public
 */
export interface ServiceCostSummary extends CostTotals {
  entityRef: string;
  title?: string;
  /** The owner's full entity ref, e.g. `group:default/payments-team`. */
  owner?: string;
}

/**
 * One owning team in the cost overview.
 *
 * @public
 */
export interface TeamCostSummary extends CostTotals {
  /** The owner's full entity ref; `unowned` for services without an owner. */
  owner: string;
  serviceCount: number;
}

/**
 * `GET /cost/overview`: savings totals by owning team and by service.
 *
 * @public
 */
export interface CostOverviewResponse {
  currency: string;
  totals: CostTotals;
  /** Sorted by potential savings, largest first. */
  byTeam: TeamCostSummary[];
  /** Sorted by potential savings, largest first. */
  byService: ServiceCostSummary[];
  sources: CostSourceStatus[];
}
