import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CloudWatchMetricsSource } from './CloudWatchMetricsSource';

// The installed CloudWatch client speaks AWS JSON 1.0 (query-compatible): POST / with
// X-Amz-Target GraniteServiceVersion20100801.GetMetricData, epoch-second timestamps.
const ENDPOINT = 'https://monitoring.eu-west-1.amazonaws.com/';
const server = setupServer();
registerMswTestHooks(server);

const logger = mockServices.logger.mock();
const T0 = Date.parse('2026-11-16T10:00:00Z') / 1000;

type Query = {
  Id: string;
  MetricStat: { Metric: { MetricName: string }; Stat: string };
};
type Body = {
  MetricDataQueries: Query[];
  NextToken?: string;
  StartTime: number;
  ScanBy: string;
};

const source = (maxAttempts = 3) =>
  new CloudWatchMetricsSource({
    region: 'eu-west-1',
    clusters: ['prod'],
    logger,
    client: async () =>
      new CloudWatchClient({
        region: 'eu-west-1',
        maxAttempts,
        credentials: {
          accessKeyId: ['AKIA', 'TESTTEST'].join(''),
          secretAccessKey: 'x',
        },
      }),
  });

const request = {
  start: new Date('2026-11-02T10:00:00Z'),
  end: new Date('2026-11-16T10:10:00Z'),
  periodSeconds: 300,
  workloads: [
    { cluster: 'prod', namespace: 'shop', kind: 'Deployment', name: 'api' },
  ],
};

const value = (q: Query) =>
  ({
    node_cpu_limit: 2000,
    node_memory_limit: 4 * 1024 ** 3,
    pod_cpu_utilization: q.MetricStat.Stat === 'SampleCount' ? 10 : 5,
    pod_cpu_reserved_capacity: 20,
  }[q.MetricStat.Metric.MetricName]);

const json = (
  body: Record<string, unknown>,
  status = 200,
  headers: Record<string, string> = {},
) =>
  HttpResponse.json(body as Record<string, any>, {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', ...headers },
  });

describe('CloudWatchMetricsSource on the wire', () => {
  it('sends JSON 1.0 GetMetricData requests and follows NextToken', async () => {
    const seen: Body[] = [];
    server.use(
      http.post(ENDPOINT, async ({ request: req }) => {
        expect(req.headers.get('x-amz-target')).toBe(
          'GraniteServiceVersion20100801.GetMetricData',
        );
        expect(req.headers.get('authorization')).toContain('AWS4-HMAC-SHA256');
        const body = (await req.json()) as Body;
        seen.push(body);
        const first = !body.NextToken;
        return json({
          MetricDataResults: body.MetricDataQueries.map(q => ({
            Id: q.Id,
            StatusCode: first ? 'PartialData' : 'Complete',
            Timestamps: value(q) === undefined ? [] : [first ? T0 : T0 + 300],
            Values: value(q) === undefined ? [] : [value(q)],
          })),
          ...(first ? { NextToken: 'tok-2' } : {}),
          Messages: [],
        });
      }),
    );
    const [result] = await source().readMetrics(request);
    expect(seen).toHaveLength(2);
    expect(seen[1].NextToken).toBe('tok-2');
    expect(seen[0].StartTime).toBe(Date.parse('2026-11-02T10:00:00Z') / 1000);
    expect(seen[0].ScanBy).toBe('TimestampAscending');
    expect(seen[0].MetricDataQueries).toHaveLength(10);
    expect(result.ok).toBe(true);
    const points = result.series[0].points;
    expect(points.map(p => p.timestamp)).toEqual([
      '2026-11-16T10:00:00.000Z',
      '2026-11-16T10:05:00.000Z',
    ]);
    expect(points[0].cpuUsageCores).toBeCloseTo(0.1); // 5 % of 2 cores
    expect(points[0].cpuRequestCores).toBeCloseTo(0.4);
    expect(points[0].replicas).toBe(2);
  });

  it('retries a throttled call and loses no data', async () => {
    let calls = 0;
    server.use(
      http.post(ENDPOINT, async ({ request: req }) => {
        calls += 1;
        if (calls === 1) {
          return json(
            {
              __type: 'com.amazonaws.cloudwatch#Throttling',
              message: 'Rate exceeded',
            },
            400,
            { 'x-amzn-query-error': 'Throttling;Sender' },
          );
        }
        const body = (await req.json()) as Body;
        return json({
          MetricDataResults: body.MetricDataQueries.map(q => ({
            Id: q.Id,
            StatusCode: 'Complete',
            Timestamps: value(q) === undefined ? [] : [T0],
            Values: value(q) === undefined ? [] : [value(q)],
          })),
        });
      }),
    );
    const [result] = await source().readMetrics(request);
    expect(calls).toBe(2);
    expect(result.ok).toBe(true);
    expect(result.series[0].points).toHaveLength(1);
  });

  it('gives up after the retries with a throttling status', async () => {
    let calls = 0;
    server.use(
      http.post(ENDPOINT, () => {
        calls += 1;
        return json(
          {
            __type: 'com.amazonaws.cloudwatch#Throttling',
            message: 'Rate exceeded',
          },
          400,
          { 'x-amzn-query-error': 'Throttling;Sender' },
        );
      }),
    );
    const [result] = await source(2).readMetrics(request);
    expect(calls).toBe(2);
    expect(result).toEqual({
      cluster: 'prod',
      ok: false,
      message:
        'throttled by CloudWatch (GetMetricData) after retries; the next pull tries again',
      series: [],
    });
  });

  it('reports access denied without retrying', async () => {
    let calls = 0;
    server.use(
      http.post(ENDPOINT, () => {
        calls += 1;
        return json(
          {
            __type: 'com.amazonaws.cloudwatch#AccessDenied',
            message:
              'User: arn:aws:sts::123456789012:assumed-role/x is not authorized',
          },
          403,
          { 'x-amzn-query-error': 'AccessDenied;Sender' },
        );
      }),
    );
    const [result] = await source().readMetrics(request);
    expect(calls).toBe(1);
    expect(result.ok).toBe(false);
    // The ARN in AWS's message stays out of what readers see.
    expect(result.message).toBe(
      'access denied: the role needs cloudwatch:GetMetricData',
    );
  });
});
