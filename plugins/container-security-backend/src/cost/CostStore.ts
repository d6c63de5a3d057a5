import {
  CapacityType,
  CostHint,
  CostSourceStatus,
} from '@containersec/plugin-container-security-common';
import { WorkloadUsageStats } from '@containersec/plugin-container-security-node';

/** One workload's latest metrics statistics with the cost estimate and hints computed from them. */
export interface StoredWorkloadCost {
  source: string;
  cluster: string;
  namespace: string;
  workload: string;
  /** '' when unknown. */
  kind: string;
  capacityType: CapacityType;
  replicas: number;
  monthlyCost: number;
  potentialSavings: number;
  currency: string;
  stats: WorkloadUsageStats;
  hints: CostHint[];
  computedAt: string;
}

/** What one metrics pull found for one cluster. */
export interface ClusterCostResult {
  cluster: string;
  ok: boolean;
  message?: string;
  costs: StoredWorkloadCost[];
}

/** Storage of workload costs and metrics source statuses. */
export interface CostStore {
  /**
   * Records one pull of a source. Clusters read successfully replace what the source
   * stored for them; failed clusters keep their last known figures (and say why in
   * their status); clusters the source no longer reports are forgotten.
   */
  recordPull(
    source: string,
    results: ClusterCostResult[],
    syncedAt: Date,
  ): Promise<void>;
  /** Every stored workload cost, optionally only in some namespaces. */
  listCosts(query?: { namespaces?: string[] }): Promise<StoredWorkloadCost[]>;
  listSourceStatuses(): Promise<CostSourceStatus[]>;
}
