import { WorkloadRef } from '@containersec/plugin-container-security-common';

/**
 * One sample of a workload's metrics. CPU and memory figures are per pod (the average
 * pod of the workload over the period), CPU in cores and memory in bytes; `replicas`
 * is the number of running pods. Any figure may be missing where the source had no data.
 *
 * @public
 */
export interface WorkloadMetricPoint {
  /** The start of the period (ISO 8601). */
  timestamp: string;
  cpuUsageCores?: number;
  memoryUsageBytes?: number;
  cpuRequestCores?: number;
  memoryRequestBytes?: number;
  cpuLimitCores?: number;
  memoryLimitBytes?: number;
  replicas?: number;
}

/**
 * A workload's metrics over a window, as a metrics source reports them. `workload` is
 * the workload's name (a Deployment, StatefulSet, …), not a pod's.
 *
 * @public
 */
export interface WorkloadMetricSeries {
  cluster: string;
  namespace: string;
  workload: string;
  /** The workload kind when the source knows it. */
  kind?: string;
  /** Whether its pods mount PersistentVolumeClaims, when the source knows. */
  usesPersistentVolumes?: boolean;
  periodSeconds: number;
  /** Oldest first. */
  points: WorkloadMetricPoint[];
}

/**
 * What the scheduled pull asks a metrics source for.
 *
 * @public
 */
export interface WorkloadMetricsRequest {
  start: Date;
  end: Date;
  periodSeconds: number;
  /**
   * The workloads the suite knows. Sources that must name each metric they query
   * (CloudWatch) read these; sources that can list everything (Prometheus, files) may
   * ignore them.
   */
  workloads: WorkloadRef[];
}

/**
 * The outcome of reading one cluster. A failed cluster keeps its last stored metrics;
 * `partial` marks an answer with some series missing (named in `message`).
 *
 * @public
 */
export interface WorkloadMetricsResult {
  cluster: string;
  ok: boolean;
  partial?: boolean;
  /** Safe to show to any reader: no secrets, no stack traces. */
  message?: string;
  series: WorkloadMetricSeries[];
}

/**
 * A source of per-workload CPU and memory metrics: CloudWatch Container Insights,
 * Prometheus, metric snapshot files, or one an adopter adds through
 * `containerSecurityMetricsSourcesExtensionPoint`.
 *
 * @public
 */
export interface WorkloadMetricsSource {
  /** Unique among sources, e.g. `cloudwatch:123456789012:eu-west-1`. */
  readonly id: string;
  readMetrics(
    request: WorkloadMetricsRequest,
  ): Promise<WorkloadMetricsResult[]>;
}
