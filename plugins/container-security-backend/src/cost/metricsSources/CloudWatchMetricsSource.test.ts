import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataCommandInput,
  MetricDataQuery,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { mockServices } from '@backstage/backend-test-utils';
import { WorkloadRef } from '@containersec/plugin-container-security-common';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CloudWatchMetricsSource,
  MAX_QUERIES_PER_CALL,
} from './CloudWatchMetricsSource';

const cloudwatch = mockClient(CloudWatchClient);
const logger = mockServices.logger.mock();

const T0 = new Date('2026-11-16T10:00:00Z');
const T1 = new Date('2026-11-16T10:05:00Z');
const request = (workloads: WorkloadRef[]) => ({
  start: new Date('2026-11-02T10:00:00Z'),
  end: new Date('2026-11-16T10:10:00Z'),
  periodSeconds: 300,
  workloads,
});
const deployment = (name: string, cluster = 'prod'): WorkloadRef => ({
  cluster,
  namespace: 'shop',
  kind: 'Deployment',
  name,
});

const source = (clusters = ['prod']) =>
  new CloudWatchMetricsSource({
    accountId: '123456789012',
    region: 'eu-west-1',
    clusters,
    logger,
    client: async () => new CloudWatchClient({ region: 'eu-west-1' }),
  });

const dimension = (q: MetricDataQuery, name: string) =>
  q.MetricStat?.Metric?.Dimensions?.find(d => d.Name === name)?.Value;

/**
 * A fake CloudWatch: node capacity 4 cores and 8 GiB; every pod at 10 % of node CPU,
 * 25 % reserved, 20 % of its limit; memory at 5 % of the node, 12.5 % reserved; three
 * pods (15 samples per 5 minutes). `values` overrides per metric name.
 */
function answer(
  q: MetricDataQuery,
  values: Record<string, number | undefined> = {},
): MetricDataResult {
  const name = q.MetricStat!.Metric!.MetricName!;
  const stat = q.MetricStat!.Stat;
  const key = stat === 'SampleCount' ? `${name}:SampleCount` : name;
  const defaults: Record<string, number | undefined> = {
    node_cpu_limit: 4000,
    node_memory_limit: 8 * 1024 ** 3,
    pod_cpu_utilization: 10,
    'pod_cpu_utilization:SampleCount': 15,
    pod_cpu_reserved_capacity: 25,
    pod_cpu_utilization_over_pod_limit: 20,
    pod_memory_utilization: 5,
    pod_memory_reserved_capacity: 12.5,
    pod_memory_utilization_over_pod_limit: 50,
    service_number_of_running_pods: undefined,
  };
  const v = key in values ? values[key] : defaults[key];
  return {
    Id: q.Id,
    StatusCode: 'Complete',
    Timestamps: v === undefined ? [] : [T0, T1],
    Values: v === undefined ? [] : [v, v],
  };
}

const calls = () =>
  cloudwatch
    .commandCalls(GetMetricDataCommand)
    .map(c => c.args[0].input as GetMetricDataCommandInput);

describe('CloudWatchMetricsSource', () => {
  beforeEach(() => cloudwatch.reset());

  it('converts percentages of node capacity into cores and bytes per pod', async () => {
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => ({
        MetricDataResults: input.MetricDataQueries!.map(q => answer(q)),
      }));
    const [result] = await source().readMetrics(request([deployment('api')]));
    expect(result).toMatchObject({ cluster: 'prod', ok: true });
    expect(result.partial).toBeUndefined();
    const [series] = result.series;
    expect(series).toMatchObject({
      cluster: 'prod',
      namespace: 'shop',
      workload: 'api',
      kind: 'Deployment',
      periodSeconds: 300,
    });
    expect(series.points).toHaveLength(2);
    const p = series.points[0];
    expect(p.timestamp).toBe(T0.toISOString());
    expect(p.cpuUsageCores).toBeCloseTo(0.4); // 10 % of 4 cores
    expect(p.cpuRequestCores).toBeCloseTo(1); // 25 % of 4 cores
    expect(p.cpuLimitCores).toBeCloseTo(2); // 0.4 cores is 20 % of the limit
    expect(p.memoryUsageBytes).toBeCloseTo(0.4 * 1024 ** 3);
    expect(p.memoryRequestBytes).toBeCloseTo(1024 ** 3);
    expect(p.memoryLimitBytes).toBeCloseTo(0.8 * 1024 ** 3);
    expect(p.replicas).toBe(3); // 15 samples ÷ (300 s ÷ 60 s)

    const [input] = calls();
    expect(input.ScanBy).toBe('TimestampAscending');
    const pod = input.MetricDataQueries!.find(
      q => q.MetricStat?.Metric?.MetricName === 'pod_cpu_utilization',
    )!;
    expect(pod.MetricStat!.Metric!.Namespace).toBe('ContainerInsights');
    // PodName carries the workload's name, not a pod's.
    expect(dimension(pod, 'PodName')).toBe('api');
    expect(dimension(pod, 'Namespace')).toBe('shop');
    expect(dimension(pod, 'ClusterName')).toBe('prod');
  });

  it('prefers service_number_of_running_pods for replicas, and leaves unset requests undefined', async () => {
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => ({
        MetricDataResults: input.MetricDataQueries!.map(q =>
          answer(q, {
            service_number_of_running_pods: 5,
            pod_cpu_reserved_capacity: 0,
            pod_cpu_utilization_over_pod_limit: undefined,
          }),
        ),
      }));
    const [result] = await source().readMetrics(request([deployment('api')]));
    const p = result.series[0].points[0];
    expect(p.replicas).toBe(5);
    expect(p.cpuRequestCores).toBeUndefined();
    expect(p.cpuLimitCores).toBeUndefined();
  });

  it('batches at most 500 queries a call and queries only workloads of its clusters and kinds', async () => {
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => ({
        MetricDataResults: input.MetricDataQueries!.map(q => answer(q)),
      }));
    const workloads = [
      ...Array.from({ length: 70 }, (_, i) => deployment(`w${i}`)),
      { ...deployment('nightly'), kind: 'CronJob' },
      deployment('elsewhere', 'other-cluster'),
    ];
    const [result] = await source().readMetrics(request(workloads));
    const sizes = calls().map(c => c.MetricDataQueries!.length);
    // 2 node queries + 70 workloads × 8 metrics = 562.
    expect(sizes).toEqual([MAX_QUERIES_PER_CALL, 62]);
    const ids = calls().flatMap(c => c.MetricDataQueries!.map(q => q.Id!));
    expect(new Set(ids).size).toBe(562);
    expect(ids.every(id => /^[a-z][a-zA-Z0-9_]*$/.test(id))).toBe(true);
    expect(result.series.map(s => s.workload).sort()).toEqual(
      workloads
        .slice(0, 70)
        .map(w => w.name)
        .sort(),
    );
    // Node capacity came in the first batch and applies to workloads of the second.
    const last = result.series.find(s => s.workload === 'w69')!;
    expect(last.points[0].cpuUsageCores).toBeCloseTo(0.4);
  });

  it('follows NextToken until the last page and merges the pages', async () => {
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFakeOnce((input: GetMetricDataCommandInput) => ({
        MetricDataResults: input.MetricDataQueries!.map(q => ({
          ...answer(q),
          Timestamps: [T0],
          Values: [answer(q).Values![0]],
          StatusCode: 'PartialData',
        })),
        NextToken: 'page-2',
      }))
      .callsFakeOnce((input: GetMetricDataCommandInput) => ({
        MetricDataResults: input.MetricDataQueries!.map(q => ({
          ...answer(q, { pod_cpu_utilization: 20 }),
          Timestamps: [T1],
          Values: [answer(q, { pod_cpu_utilization: 20 }).Values![0]],
        })),
      }));
    const [result] = await source().readMetrics(request([deployment('api')]));
    expect(calls().map(c => c.NextToken)).toEqual([undefined, 'page-2']);
    const points = result.series[0].points;
    expect(points.map(p => p.timestamp)).toEqual([
      T0.toISOString(),
      T1.toISOString(),
    ]);
    expect(points[1].cpuUsageCores).toBeCloseTo(0.8);
    // PartialData on a page that has a next page is not a gap.
    expect(result.partial).toBeUndefined();
  });

  it('reports series CloudWatch could not complete as partial data', async () => {
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => ({
        MetricDataResults: input.MetricDataQueries!.map(q =>
          dimension(q, 'PodName') === 'b'
            ? { ...answer(q), StatusCode: 'InternalError' }
            : answer(q),
        ),
      }));
    const [result] = await source().readMetrics(
      request([deployment('a'), deployment('b')]),
    );
    expect(result.ok).toBe(true);
    expect(result.partial).toBe(true);
    expect(result.message).toBe(
      'CloudWatch returned incomplete data for: shop/b',
    );
  });

  it('fails the clusters of a batch CloudWatch refuses, with a message naming the permission', async () => {
    const denied = Object.assign(new Error('User is not authorized'), {
      name: 'AccessDenied',
      $metadata: {},
    });
    cloudwatch.on(GetMetricDataCommand).rejects(denied);
    const results = await source(['prod', 'staging']).readMetrics(
      request([deployment('api'), deployment('web', 'staging')]),
    );
    expect(results).toEqual([
      {
        cluster: 'prod',
        ok: false,
        message: 'access denied: the role needs cloudwatch:GetMetricData',
        series: [],
      },
      {
        cluster: 'staging',
        ok: false,
        message: 'access denied: the role needs cloudwatch:GetMetricData',
        series: [],
      },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'CloudWatch GetMetricData failed',
      expect.objectContaining({ error: 'AccessDenied' }),
    );
  });

  it('keeps the clusters of successful batches when a later batch fails', async () => {
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFakeOnce((input: GetMetricDataCommandInput) => ({
        MetricDataResults: input.MetricDataQueries!.map(q => answer(q)),
      }))
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), {
          name: 'Throttling',
          $metadata: {},
        }),
      );
    // prod fills the first batch exactly (2 + 62 × 8 = 498); staging lands in the second.
    const prod = Array.from({ length: 62 }, (_, i) => deployment(`p${i}`));
    const results = await source(['prod', 'staging']).readMetrics(
      request([...prod, deployment('web', 'staging')]),
    );
    expect(results[0]).toMatchObject({ cluster: 'prod', ok: true });
    expect(results[0].series).toHaveLength(62);
    expect(results[1]).toMatchObject({
      cluster: 'staging',
      ok: false,
      message: expect.stringContaining('throttled'),
    });
  });

  it('fails every cluster when no client can be made (no credentials)', async () => {
    const results = await new CloudWatchMetricsSource({
      region: 'eu-west-1',
      clusters: ['prod'],
      logger,
      client: async () => {
        throw Object.assign(new Error('no creds'), {
          name: 'CredentialsProviderError',
        });
      },
    }).readMetrics(request([deployment('api')]));
    expect(results).toEqual([
      {
        cluster: 'prod',
        ok: false,
        message:
          'no AWS credentials for this account: check the aws integration config',
        series: [],
      },
    ]);
  });
});
