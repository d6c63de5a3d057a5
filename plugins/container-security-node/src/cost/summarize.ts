import { BusinessHours, isBusinessHour } from './businessHours';
import { WorkloadMetricPoint, WorkloadMetricSeries } from './types';

/**
 * Distribution of one usage figure over the window.
 *
 * @public
 */
export interface UsageDistribution {
  p50: number;
  p95: number;
  max: number;
  mean: number;
  samples: number;
}

/**
 * Per-pod usage, request and limit of one resource. Request and limit are the latest
 * values the source saw (the current settings).
 *
 * @public
 */
export interface ResourceStats {
  request?: number;
  limit?: number;
  usage?: UsageDistribution;
}

/**
 * What the hint engine needs to know about one workload: per-pod CPU (cores) and memory
 * (bytes) statistics, replicas, and CPU usage split by business hours.
 *
 * @public
 */
export interface WorkloadUsageStats {
  cluster: string;
  namespace: string;
  workload: string;
  kind?: string;
  usesPersistentVolumes?: boolean;
  windowStart: string;
  windowEnd: string;
  periodSeconds: number;
  /** Undefined when the source reported no replica counts. */
  replicas?: { mean: number; min: number; max: number };
  cpu: ResourceStats;
  memory: ResourceStats;
  /** Workload CPU (per pod × replicas) in business hours and outside them. */
  businessHoursCpu?: UsageDistribution;
  offHoursCpu?: UsageDistribution;
}

/**
 * The q-th percentile (0–1) of `values` by linear interpolation between closest ranks;
 * undefined for no values.
 *
 * @public
 */
export function percentile(list: number[], q: number): number | undefined {
  if (list.length === 0) return undefined;
  const sorted = [...list].sort((a, b) => a - b);
  const rank = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

function distribution(list: number[]): UsageDistribution | undefined {
  if (list.length === 0) return undefined;
  return {
    p50: percentile(list, 0.5)!,
    p95: percentile(list, 0.95)!,
    max: list.reduce((a, b) => Math.max(a, b), -Infinity),
    mean: list.reduce((a, b) => a + b, 0) / list.length,
    samples: list.length,
  };
}

const finite = (v: number | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0;

function values(
  points: WorkloadMetricPoint[],
  pick: (p: WorkloadMetricPoint) => number | undefined,
): number[] {
  return points.map(pick).filter(finite);
}

function latest(
  points: WorkloadMetricPoint[],
  pick: (p: WorkloadMetricPoint) => number | undefined,
): number | undefined {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = pick(points[i]);
    if (finite(v)) return v;
  }
  return undefined;
}

/**
 * Reduces a metric series to the statistics the hint engine reads. Points with
 * invalid timestamps or values (negative, NaN) are ignored.
 *
 * @public
 */
export function summarizeWorkloadMetrics(
  series: WorkloadMetricSeries,
  businessHours: BusinessHours,
): WorkloadUsageStats {
  const points = series.points
    .filter(p => !Number.isNaN(Date.parse(p.timestamp)))
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const replicaValues = values(points, p => p.replicas);
  const business: number[] = [];
  const off: number[] = [];
  for (const p of points) {
    if (!finite(p.cpuUsageCores)) continue;
    // Without a replica count the pod figure stands for the workload (one pod).
    const total = p.cpuUsageCores * (finite(p.replicas) ? p.replicas : 1);
    (isBusinessHour(new Date(p.timestamp), businessHours)
      ? business
      : off
    ).push(total);
  }
  return {
    cluster: series.cluster,
    namespace: series.namespace,
    workload: series.workload,
    kind: series.kind,
    usesPersistentVolumes: series.usesPersistentVolumes,
    windowStart: points[0]?.timestamp ?? '',
    windowEnd: points[points.length - 1]?.timestamp ?? '',
    periodSeconds: series.periodSeconds,
    replicas: replicaValues.length
      ? {
          mean: replicaValues.reduce((a, b) => a + b, 0) / replicaValues.length,
          min: replicaValues.reduce((a, b) => Math.min(a, b), Infinity),
          max: replicaValues.reduce((a, b) => Math.max(a, b), -Infinity),
        }
      : undefined,
    cpu: {
      request: latest(points, p => p.cpuRequestCores),
      limit: latest(points, p => p.cpuLimitCores),
      usage: distribution(values(points, p => p.cpuUsageCores)),
    },
    memory: {
      request: latest(points, p => p.memoryRequestBytes),
      limit: latest(points, p => p.memoryLimitBytes),
      usage: distribution(values(points, p => p.memoryUsageBytes)),
    },
    businessHoursCpu: distribution(business),
    offHoursCpu: distribution(off),
  };
}
