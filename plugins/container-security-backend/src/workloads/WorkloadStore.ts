import {
  EntityWorkloadSelector,
  SourceStatus,
  WorkloadSummary,
} from '@containersec/plugin-container-security-common';
import { ClusterReadResult } from '@containersec/plugin-container-security-node';

/** Filters for reading stored workloads. */
export interface WorkloadQuery {
  namespace?: string;
  kind?: string;
  /** Only the workloads of one entity (an empty selector matches none). */
  selector?: EntityWorkloadSelector;
  limit?: number;
  offset?: number;
}

/** Storage of workloads and source statuses. */
export interface WorkloadStore {
  /**
   * Records one sync of a source. Clusters read successfully replace what the source
   * stored for them; failed clusters keep their last known workloads; clusters the source
   * no longer reports are forgotten.
   */
  recordSync(
    source: string,
    results: ClusterReadResult[],
    syncedAt: Date,
  ): Promise<void>;
  listWorkloads(
    query: WorkloadQuery,
  ): Promise<{ items: WorkloadSummary[]; totalCount: number }>;
  listSourceStatuses(): Promise<SourceStatus[]>;
}
