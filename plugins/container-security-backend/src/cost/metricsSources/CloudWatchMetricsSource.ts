import {
  CloudWatchClient,
  GetMetricDataCommand,
  MetricDataQuery,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { LoggerService } from '@backstage/backend-plugin-api';
import { WorkloadRef } from '@containersec/plugin-container-security-common';
import {
  WorkloadMetricPoint,
  WorkloadMetricSeries,
  WorkloadMetricsRequest,
  WorkloadMetricsResult,
  WorkloadMetricsSource,
} from '@containersec/plugin-container-security-node';

// A reservation of 0 % means no request was set.
const nonZero = (v: number | undefined) => (v ? v : undefined);

/** GetMetricData accepts at most 500 metric queries a call. */
export const MAX_QUERIES_PER_CALL = 500;
/** Container Insights publishes one data point per pod every 60 seconds. */
const COLLECTION_INTERVAL_SECONDS = 60;
const NAMESPACE = 'ContainerInsights';

/** Kinds whose pods Container Insights names after the workload (`PodName`). */
const POD_OWNER_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
]);

type PodMetric =
  | 'cpu'
  | 'mem'
  | 'cpuReserved'
  | 'memReserved'
  | 'cpuOverLimit'
  | 'memOverLimit'
  | 'samples'
  | 'servicePods';

const POD_METRICS: Array<{
  key: PodMetric;
  metric: string;
  stat: string;
  service?: boolean;
}> = [
  { key: 'cpu', metric: 'pod_cpu_utilization', stat: 'Average' },
  { key: 'mem', metric: 'pod_memory_utilization', stat: 'Average' },
  { key: 'cpuReserved', metric: 'pod_cpu_reserved_capacity', stat: 'Average' },
  {
    key: 'memReserved',
    metric: 'pod_memory_reserved_capacity',
    stat: 'Average',
  },
  {
    key: 'cpuOverLimit',
    metric: 'pod_cpu_utilization_over_pod_limit',
    stat: 'Average',
  },
  {
    key: 'memOverLimit',
    metric: 'pod_memory_utilization_over_pod_limit',
    stat: 'Average',
  },
  // Every running pod reports once a minute: samples per period ÷ 60 s = pods.
  { key: 'samples', metric: 'pod_cpu_utilization', stat: 'SampleCount' },
  {
    key: 'servicePods',
    metric: 'service_number_of_running_pods',
    stat: 'Average',
    service: true,
  },
];

type Series = Map<number, number>;

interface QueryTarget {
  cluster: string;
  /** Undefined for the cluster-wide node capacity queries. */
  workload?: WorkloadRef;
  key: PodMetric | 'nodeCpu' | 'nodeMem';
}

/** Names an AWS error in words safe to show, without request ids or secrets. */
export function describeCloudWatchError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  switch (e?.name) {
    case 'AccessDenied':
    case 'AccessDeniedException':
    case 'UnauthorizedOperation':
      return 'access denied: the role needs cloudwatch:GetMetricData';
    case 'Throttling':
    case 'ThrottlingException':
    case 'TooManyRequestsException':
      return 'throttled by CloudWatch (GetMetricData) after retries; the next pull tries again';
    case 'InvalidParameterValue':
    case 'InvalidParameterCombination':
    case 'InvalidParameterValueException':
      return `CloudWatch rejected the query: ${e.name}`;
    case 'CredentialsProviderError':
      return 'no AWS credentials for this account: check the aws integration config';
    default:
      return `GetMetricData failed: ${e?.name ?? 'unknown error'}`;
  }
}

/**
 * Pulls CloudWatch Container Insights metrics of the workloads the suite knows, through
 * `GetMetricData`: up to 500 metric queries a call, every page of each call.
 *
 * Semantics: the `PodName` dimension holds the workload's name (a Deployment's pods all
 * report as the Deployment), and `pod_*_utilization` / `pod_*_reserved_capacity` are
 * percentages of the node's capacity, so usage in cores is utilisation × `node_cpu_limit`
 * (millicores) and usage against requests is utilisation ÷ reserved capacity. The limit
 * follows from `pod_*_utilization_over_pod_limit` (usage as a percentage of the limit).
 * Replicas come from `service_number_of_running_pods` where a Service of the same name
 * exists, else from the samples per period (each pod reports once a minute).
 */
export class CloudWatchMetricsSource implements WorkloadMetricsSource {
  readonly id: string;

  constructor(
    private readonly options: {
      accountId?: string;
      region: string;
      clusters: string[];
      client: () => Promise<Pick<CloudWatchClient, 'send'>>;
      logger: LoggerService;
    },
  ) {
    this.id = `cloudwatch:${options.accountId ?? 'default'}:${options.region}`;
  }

  async readMetrics(
    request: WorkloadMetricsRequest,
  ): Promise<WorkloadMetricsResult[]> {
    const { clusters, logger } = this.options;
    const targets: QueryTarget[] = [];
    const queries: MetricDataQuery[] = [];
    const add = (target: QueryTarget, query: Omit<MetricDataQuery, 'Id'>) => {
      targets.push(target);
      queries.push({ Id: `q${queries.length}`, ...query });
    };
    const period = request.periodSeconds;
    for (const cluster of clusters) {
      for (const [key, metric] of [
        ['nodeCpu', 'node_cpu_limit'],
        ['nodeMem', 'node_memory_limit'],
      ] as const) {
        add(
          { cluster, key },
          {
            MetricStat: {
              Metric: {
                Namespace: NAMESPACE,
                MetricName: metric,
                Dimensions: [{ Name: 'ClusterName', Value: cluster }],
              },
              Period: period,
              Stat: 'Average',
            },
          },
        );
      }
      const workloads = request.workloads.filter(
        w => w.cluster === cluster && POD_OWNER_KINDS.has(w.kind),
      );
      for (const workload of workloads) {
        for (const m of POD_METRICS) {
          add(
            { cluster, workload, key: m.key },
            {
              MetricStat: {
                Metric: {
                  Namespace: NAMESPACE,
                  MetricName: m.metric,
                  Dimensions: [
                    { Name: 'ClusterName', Value: cluster },
                    { Name: 'Namespace', Value: workload.namespace },
                    m.service
                      ? { Name: 'Service', Value: workload.name }
                      : { Name: 'PodName', Value: workload.name },
                  ],
                },
                Period: period,
                Stat: m.stat,
              },
            },
          );
        }
      }
    }

    const data = new Map<number, Series>();
    const failedClusters = new Map<string, string>();
    const partial = new Map<string, Set<string>>();
    let client: Pick<CloudWatchClient, 'send'>;
    try {
      client = await this.options.client();
    } catch (e) {
      const message = describeCloudWatchError(e);
      return clusters.map(cluster => ({
        cluster,
        ok: false,
        message,
        series: [],
      }));
    }

    for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) {
      const batch = queries.slice(i, i + MAX_QUERIES_PER_CALL);
      const batchClusters = new Set(
        batch.map(q => targets[Number(q.Id!.slice(1))].cluster),
      );
      if ([...batchClusters].every(c => failedClusters.has(c))) continue;
      try {
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new GetMetricDataCommand({
              MetricDataQueries: batch,
              StartTime: request.start,
              EndTime: request.end,
              ScanBy: 'TimestampAscending',
              NextToken: nextToken,
            }),
          );
          for (const result of page.MetricDataResults ?? []) {
            this.collect(result, targets, data, partial);
          }
          nextToken = page.NextToken;
        } while (nextToken);
      } catch (e) {
        const message = describeCloudWatchError(e);
        logger.warn('CloudWatch GetMetricData failed', {
          source: this.id,
          error: (e as Error)?.name,
        });
        for (const cluster of batchClusters)
          failedClusters.set(cluster, message);
      }
    }

    return clusters.map(cluster => {
      const failed = failedClusters.get(cluster);
      if (failed) return { cluster, ok: false, message: failed, series: [] };
      const missing = partial.get(cluster);
      return {
        cluster,
        ok: true,
        ...(missing?.size
          ? {
              partial: true,
              message: `CloudWatch returned incomplete data for: ${[...missing]
                .sort()
                .join(', ')}`,
            }
          : {}),
        series: this.assemble(cluster, targets, data, period),
      };
    });
  }

  private collect(
    result: MetricDataResult,
    targets: QueryTarget[],
    data: Map<number, Series>,
    partial: Map<string, Set<string>>,
  ) {
    const index = Number(result.Id?.slice(1));
    const target = targets[index];
    if (!target) return;
    let series = data.get(index);
    if (!series) {
      series = new Map();
      data.set(index, series);
    }
    const timestamps = result.Timestamps ?? [];
    const values = result.Values ?? [];
    timestamps.forEach((t, j) => {
      if (values[j] !== undefined)
        series!.set(new Date(t).getTime(), values[j]);
    });
    // PartialData only means "more on the next page"; anything else is a real gap.
    if (
      result.StatusCode &&
      result.StatusCode !== 'Complete' &&
      result.StatusCode !== 'PartialData'
    ) {
      const name = target.workload
        ? `${target.workload.namespace}/${target.workload.name}`
        : 'node capacity';
      let set = partial.get(target.cluster);
      if (!set) partial.set(target.cluster, (set = new Set()));
      set.add(name);
    }
  }

  private assemble(
    cluster: string,
    targets: QueryTarget[],
    data: Map<number, Series>,
    period: number,
  ): WorkloadMetricSeries[] {
    const byKey = new Map<
      string,
      Partial<Record<QueryTarget['key'], Series>>
    >();
    const node: { cpu: Series; mem: Series } = {
      cpu: new Map(),
      mem: new Map(),
    };
    targets.forEach((target, index) => {
      if (target.cluster !== cluster) return;
      const series = data.get(index) ?? new Map();
      if (target.key === 'nodeCpu') node.cpu = series;
      else if (target.key === 'nodeMem') node.mem = series;
      else {
        const id = `${target.workload!.namespace}/${target.workload!.kind}/${
          target.workload!.name
        }`;
        const entry = byKey.get(id) ?? {};
        entry[target.key] = series;
        byKey.set(id, entry);
      }
    });
    const mean = (s: Series) =>
      s.size ? [...s.values()].reduce((a, b) => a + b, 0) / s.size : undefined;
    const nodeCpuMean = mean(node.cpu);
    const nodeMemMean = mean(node.mem);

    const result: WorkloadMetricSeries[] = [];
    for (const [id, m] of byKey) {
      const [namespace, kind, workload] = id.split('/');
      const times = new Set<number>();
      for (const key of ['cpu', 'mem', 'samples'] as const) {
        for (const t of m[key]?.keys() ?? []) times.add(t);
      }
      if (times.size === 0) continue;
      const points: WorkloadMetricPoint[] = [...times]
        .sort((a, b) => a - b)
        .map(t => {
          // node_cpu_limit is in millicores; fall back to the window mean for gaps.
          const cores = (node.cpu.get(t) ?? nodeCpuMean ?? NaN) / 1000;
          const bytes = node.mem.get(t) ?? nodeMemMean ?? NaN;
          const pct = (key: PodMetric) => m[key]?.get(t);
          const of = (p: number | undefined, capacity: number) =>
            p === undefined || Number.isNaN(capacity)
              ? undefined
              : (p / 100) * capacity;
          const cpuUsage = of(pct('cpu'), cores);
          const memUsage = of(pct('mem'), bytes);
          const overCpu = pct('cpuOverLimit');
          const overMem = pct('memOverLimit');
          const samples = pct('samples');
          const servicePods = pct('servicePods');
          return {
            timestamp: new Date(t).toISOString(),
            cpuUsageCores: cpuUsage,
            memoryUsageBytes: memUsage,
            cpuRequestCores: nonZero(of(pct('cpuReserved'), cores)),
            memoryRequestBytes: nonZero(of(pct('memReserved'), bytes)),
            cpuLimitCores:
              cpuUsage !== undefined && overCpu
                ? cpuUsage / (overCpu / 100)
                : undefined,
            memoryLimitBytes:
              memUsage !== undefined && overMem
                ? memUsage / (overMem / 100)
                : undefined,
            replicas:
              servicePods ??
              (samples !== undefined
                ? Math.round(samples / (period / COLLECTION_INTERVAL_SECONDS))
                : undefined),
          };
        });
      result.push({
        cluster,
        namespace,
        workload,
        kind,
        periodSeconds: period,
        points,
      });
    }
    return result;
  }
}
