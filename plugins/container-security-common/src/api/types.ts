/**
 * Where a workload lives. `cluster` is the cluster name from the `kubernetes`
 * config, or the manifest source's name for workloads read from files.
 *
 * @public
 */
export interface WorkloadRef {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
}

/**
 * One container of a workload's pod template.
 *
 * @public
 */
export interface ContainerSummary {
  name: string;
  image: string;
  /** `init` for init containers, `ephemeral` for debug containers. */
  type: 'app' | 'init' | 'ephemeral';
}

/**
 * A workload as the suite stores and serves it.
 *
 * @public
 */
export interface WorkloadSummary extends WorkloadRef {
  labels: Record<string, string>;
  containers: ContainerSummary[];
  /** The id of the workload source that reported it. */
  source: string;
  /** When the source last reported it (ISO 8601). */
  observedAt: string;
}

/**
 * The outcome of the last sync of one source (and one cluster, where a source has several).
 * A failed part degrades the answer instead of failing it.
 *
 * @public
 */
export interface SourceStatus {
  source: string;
  cluster: string;
  ok: boolean;
  /** What went wrong, in words safe to show to any reader (no secrets, no stack traces). */
  message?: string;
  syncedAt: string;
  workloadCount: number;
}

/**
 * `GET /health`.
 *
 * @public
 */
export interface HealthResponse {
  status: 'ok';
}

/**
 * `GET /entities/:namespace/:kind/:name/workloads`.
 *
 * @public
 */
export interface EntityWorkloadsResponse {
  entityRef: string;
  workloads: WorkloadSummary[];
  sources: SourceStatus[];
}

/**
 * `GET /workloads`: the org-wide list, paged.
 *
 * @public
 */
export interface WorkloadListResponse {
  items: WorkloadSummary[];
  totalCount: number;
  sources: SourceStatus[];
}

/**
 * `POST /entities/:namespace/:kind/:name/refresh`.
 *
 * @public
 */
export interface RefreshResponse {
  status: 'scheduled';
}

/**
 * The signal channel on which the backend announces that a workload sync finished (every
 * source read, posture snapshots taken): a page that asked for a rescan reloads then.
 *
 * @public
 */
export const WORKLOAD_SYNC_SIGNAL_CHANNEL = 'container-security:workload-sync';

/**
 * The message of {@link WORKLOAD_SYNC_SIGNAL_CHANNEL}: when the sync finished, nothing
 * else (pages refetch through the permission-checked routes).
 *
 * @public
 */
export type WorkloadSyncSignalMessage = {
  type: 'workload-sync';
  finishedAt: string;
};
