import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WorkloadMetricPoint,
  WorkloadMetricSeries,
  WorkloadMetricsRequest,
  WorkloadMetricsResult,
  WorkloadMetricsSource,
} from '@containersec/plugin-container-security-node';

type Labels = Record<string, string>;
type PromMatrix = Array<{ metric: Labels; values: Array<[number, string]> }>;
type PromVector = Array<{ metric: Labels; value: [number, string] }>;

const CONTAINERS = 'container!="", container!="POD"';

/**
 * The queries, each summed per pod. cAdvisor gives usage, kube-state-metrics the
 * requests and limits; both are rolled up to workloads here, through `kube_pod_owner`
 * and `kube_replicaset_owner`, rather than in PromQL.
 */
export const PROMETHEUS_QUERIES = {
  cpuUsage: `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${CONTAINERS}}[5m]))`,
  memoryUsage: `sum by (namespace, pod) (container_memory_working_set_bytes{${CONTAINERS}})`,
  cpuRequest: `sum by (namespace, pod) (kube_pod_container_resource_requests{resource="cpu"})`,
  memoryRequest: `sum by (namespace, pod) (kube_pod_container_resource_requests{resource="memory"})`,
  cpuLimit: `sum by (namespace, pod) (kube_pod_container_resource_limits{resource="cpu"})`,
  memoryLimit: `sum by (namespace, pod) (kube_pod_container_resource_limits{resource="memory"})`,
} as const;

/** Instant queries over the whole window, so pods replaced during it still map. */
export const ownerQueries = (windowSeconds: number) => ({
  podOwner: `max by (namespace, pod, owner_kind, owner_name) (max_over_time(kube_pod_owner[${windowSeconds}s]))`,
  replicaSetOwner: `max by (namespace, replicaset, owner_kind, owner_name) (max_over_time(kube_replicaset_owner[${windowSeconds}s]))`,
  pvcPods: `max by (namespace, pod) (max_over_time(kube_pod_spec_volumes_persistentvolumeclaims_info[${windowSeconds}s]))`,
});

class PrometheusError extends Error {}

/**
 * Reads one cluster's workload metrics from Prometheus over its HTTP API: cAdvisor usage
 * and kube-state-metrics requests and limits per pod, rolled up to the owning workload
 * (a pod's ReplicaSet's Deployment, or its StatefulSet, DaemonSet or Job).
 */
export class PrometheusMetricsSource implements WorkloadMetricsSource {
  readonly id: string;

  constructor(
    private readonly options: {
      cluster: string;
      baseUrl: string;
      token?: string;
      logger: LoggerService;
      fetch?: typeof fetch;
    },
  ) {
    this.id = `prometheus:${options.cluster}`;
  }

  async readMetrics(
    request: WorkloadMetricsRequest,
  ): Promise<WorkloadMetricsResult[]> {
    const { cluster } = this.options;
    try {
      return [{ cluster, ok: true, series: await this.read(request) }];
    } catch (e) {
      const message =
        e instanceof PrometheusError
          ? e.message
          : `Prometheus unreachable: ${(e as Error)?.name ?? 'error'}`;
      this.options.logger.warn('Prometheus metrics read failed', {
        source: this.id,
        error: message,
      });
      return [{ cluster, ok: false, message, series: [] }];
    }
  }

  private async read(
    request: WorkloadMetricsRequest,
  ): Promise<WorkloadMetricSeries[]> {
    const step = request.periodSeconds;
    const windowSeconds = Math.max(
      step,
      Math.round((request.end.getTime() - request.start.getTime()) / 1000),
    );
    const owners = ownerQueries(windowSeconds);
    const [podOwner, rsOwner, pvcPods, ...ranges] = await Promise.all([
      this.instant(owners.podOwner, request.end),
      this.instant(owners.replicaSetOwner, request.end),
      this.instant(owners.pvcPods, request.end),
      ...Object.values(PROMETHEUS_QUERIES).map(q =>
        this.range(q, request.start, request.end, step),
      ),
    ]);
    const [
      cpuUsage,
      memoryUsage,
      cpuRequest,
      memoryRequest,
      cpuLimit,
      memoryLimit,
    ] = ranges;

    const deploymentOf = new Map<string, string>();
    for (const { metric } of rsOwner) {
      if (metric.owner_kind === 'Deployment') {
        deploymentOf.set(
          `${metric.namespace}/${metric.replicaset}`,
          metric.owner_name,
        );
      }
    }
    const workloadOf = new Map<string, { kind: string; name: string }>();
    for (const { metric } of podOwner) {
      const key = `${metric.namespace}/${metric.pod}`;
      if (metric.owner_kind === 'ReplicaSet') {
        const deployment = deploymentOf.get(
          `${metric.namespace}/${metric.owner_name}`,
        );
        workloadOf.set(
          key,
          deployment
            ? { kind: 'Deployment', name: deployment }
            : { kind: 'ReplicaSet', name: metric.owner_name },
        );
      } else if (metric.owner_kind && metric.owner_kind !== '<none>') {
        workloadOf.set(key, {
          kind: metric.owner_kind,
          name: metric.owner_name,
        });
      }
    }
    const pvc = new Set(
      pvcPods
        .filter(s => Number(s.value[1]) > 0)
        .map(s => `${s.metric.namespace}/${s.metric.pod}`),
    );

    // workload → timestamp → per-pod values of this step
    type Sums = Record<keyof typeof PROMETHEUS_QUERIES, Map<string, number>>;
    const workloads = new Map<
      string,
      {
        namespace: string;
        kind: string;
        name: string;
        pvc: boolean;
        steps: Map<number, Sums>;
      }
    >();
    const keys = Object.keys(PROMETHEUS_QUERIES) as Array<keyof Sums>;
    const matrices = [
      cpuUsage,
      memoryUsage,
      cpuRequest,
      memoryRequest,
      cpuLimit,
      memoryLimit,
    ];
    matrices.forEach((matrix, i) => {
      const key = keys[i];
      for (const series of matrix) {
        const podKey = `${series.metric.namespace}/${series.metric.pod}`;
        const owner = workloadOf.get(podKey);
        if (!owner) continue;
        const id = `${series.metric.namespace}/${owner.kind}/${owner.name}`;
        let w = workloads.get(id);
        if (!w) {
          w = {
            namespace: series.metric.namespace,
            kind: owner.kind,
            name: owner.name,
            pvc: false,
            steps: new Map(),
          };
          workloads.set(id, w);
        }
        if (pvc.has(podKey)) w.pvc = true;
        for (const [t, v] of series.values) {
          const value = Number(v);
          if (!Number.isFinite(value)) continue;
          let sums = w.steps.get(t);
          if (!sums) {
            sums = Object.fromEntries(
              keys.map(k => [k, new Map()]),
            ) as unknown as Sums;
            w.steps.set(t, sums);
          }
          sums[key].set(series.metric.pod, value);
        }
      }
    });

    const perPod = (m: Map<string, number>) =>
      m.size ? [...m.values()].reduce((a, b) => a + b, 0) / m.size : undefined;
    return [...workloads.values()]
      .map(w => ({
        cluster: this.options.cluster,
        namespace: w.namespace,
        workload: w.name,
        kind: w.kind,
        usesPersistentVolumes: w.pvc,
        periodSeconds: step,
        points: [...w.steps.entries()]
          .sort(([a], [b]) => a - b)
          .map(
            ([t, s]): WorkloadMetricPoint => ({
              timestamp: new Date(t * 1000).toISOString(),
              cpuUsageCores: perPod(s.cpuUsage),
              memoryUsageBytes: perPod(s.memoryUsage),
              cpuRequestCores: perPod(s.cpuRequest),
              memoryRequestBytes: perPod(s.memoryRequest),
              cpuLimitCores: perPod(s.cpuLimit),
              memoryLimitBytes: perPod(s.memoryLimit),
              // Pods that reported usage in this step are the ones running.
              replicas:
                Math.max(s.cpuUsage.size, s.memoryUsage.size) || undefined,
            }),
          )
          .filter(
            p =>
              p.cpuUsageCores !== undefined || p.memoryUsageBytes !== undefined,
          ),
      }))
      .filter(s => s.points.length > 0);
  }

  private async instant(query: string, time: Date): Promise<PromVector> {
    return (await this.call('query', {
      query,
      time: String(time.getTime() / 1000),
    })) as PromVector;
  }

  private async range(
    query: string,
    start: Date,
    end: Date,
    step: number,
  ): Promise<PromMatrix> {
    return (await this.call('query_range', {
      query,
      start: String(Math.floor(start.getTime() / 1000)),
      end: String(Math.floor(end.getTime() / 1000)),
      step: `${step}s`,
    })) as PromMatrix;
  }

  private async call(
    endpoint: 'query' | 'query_range',
    params: Record<string, string>,
  ): Promise<unknown> {
    const fetchImpl = this.options.fetch ?? fetch;
    const url = `${this.options.baseUrl.replace(
      /\/+$/,
      '',
    )}/api/v1/${endpoint}`;
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(this.options.token
          ? { authorization: `Bearer ${this.options.token}` }
          : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    if (response.status === 401 || response.status === 403) {
      throw new PrometheusError(
        `Prometheus refused the request (${response.status}): check the token`,
      );
    }
    let body: {
      status?: string;
      data?: { result?: unknown };
      errorType?: string;
      error?: string;
    };
    try {
      body = await response.json();
    } catch {
      throw new PrometheusError(
        `Prometheus answered ${response.status} without a JSON body`,
      );
    }
    if (!response.ok || body.status !== 'success') {
      throw new PrometheusError(
        `Prometheus query failed (${response.status}${
          body.errorType ? `, ${body.errorType}` : ''
        })${body.error ? `: ${body.error.slice(0, 200)}` : ''}`,
      );
    }
    return body.data?.result ?? [];
  }
}
