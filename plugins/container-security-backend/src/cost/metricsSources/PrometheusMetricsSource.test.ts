import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ownerQueries,
  PROMETHEUS_QUERIES,
  PrometheusMetricsSource,
} from './PrometheusMetricsSource';

const BASE = 'https://prometheus.example.com/prom';
const TOKEN = ['prom', 'token', 'value'].join('-');
const server = setupServer();
registerMswTestHooks(server);
const logger = mockServices.logger.mock();

const T0 = Date.parse('2026-11-16T10:00:00Z') / 1000;
const request = {
  start: new Date('2026-11-16T09:00:00Z'),
  end: new Date('2026-11-16T10:05:00Z'),
  periodSeconds: 300,
  workloads: [],
};
const WINDOW = 65 * 60;

const vector = (items: Array<Record<string, string>>) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: items.map(metric => ({ metric, value: [T0 + 300, '1'] })),
  },
});
const matrix = (
  items: Array<{ ns: string; pod: string; values: Array<number | undefined> }>,
) => ({
  status: 'success',
  data: {
    resultType: 'matrix',
    result: items.map(({ ns, pod, values }) => ({
      metric: { namespace: ns, pod },
      values: values.flatMap((v, i) =>
        v === undefined ? [] : [[T0 + i * 300, String(v)]],
      ),
    })),
  },
});

// Deployment api: two pods of the current ReplicaSet at T0, one of them replaced by a
// pod of the next ReplicaSet at T0+300. StatefulSet db-0 with a claim. A bare pod.
const OLD = 'api-7d9f8b6c5d';
const NEW = 'api-5b8c9d7f6a';
const answers: Record<string, unknown> = {
  [ownerQueries(WINDOW).podOwner]: vector([
    {
      namespace: 'shop',
      pod: `${OLD}-x2k4p`,
      owner_kind: 'ReplicaSet',
      owner_name: OLD,
    },
    {
      namespace: 'shop',
      pod: `${OLD}-q9w8e`,
      owner_kind: 'ReplicaSet',
      owner_name: OLD,
    },
    {
      namespace: 'shop',
      pod: `${NEW}-m3n4b`,
      owner_kind: 'ReplicaSet',
      owner_name: NEW,
    },
    {
      namespace: 'shop',
      pod: 'db-0',
      owner_kind: 'StatefulSet',
      owner_name: 'db',
    },
    {
      namespace: 'shop',
      pod: 'debug',
      owner_kind: '<none>',
      owner_name: '<none>',
    },
  ]),
  [ownerQueries(WINDOW).replicaSetOwner]: vector([
    {
      namespace: 'shop',
      replicaset: OLD,
      owner_kind: 'Deployment',
      owner_name: 'api',
    },
    {
      namespace: 'shop',
      replicaset: NEW,
      owner_kind: 'Deployment',
      owner_name: 'api',
    },
  ]),
  [ownerQueries(WINDOW).pvcPods]: vector([{ namespace: 'shop', pod: 'db-0' }]),
  [PROMETHEUS_QUERIES.cpuUsage]: matrix([
    { ns: 'shop', pod: `${OLD}-x2k4p`, values: [0.1, 0.2] },
    { ns: 'shop', pod: `${OLD}-q9w8e`, values: [0.3] },
    { ns: 'shop', pod: `${NEW}-m3n4b`, values: [undefined, 0.4] },
    { ns: 'shop', pod: 'db-0', values: [0.5, 0.5] },
    { ns: 'shop', pod: 'debug', values: [9, 9] },
  ]),
  [PROMETHEUS_QUERIES.memoryUsage]: matrix([
    { ns: 'shop', pod: `${OLD}-x2k4p`, values: [100e6, 100e6] },
    { ns: 'shop', pod: `${OLD}-q9w8e`, values: [300e6] },
    { ns: 'shop', pod: `${NEW}-m3n4b`, values: [undefined, 200e6] },
    { ns: 'shop', pod: 'db-0', values: [1e9, 1e9] },
  ]),
  [PROMETHEUS_QUERIES.cpuRequest]: matrix([
    { ns: 'shop', pod: `${OLD}-x2k4p`, values: [0.5, 0.5] },
    { ns: 'shop', pod: `${OLD}-q9w8e`, values: [0.5] },
    { ns: 'shop', pod: `${NEW}-m3n4b`, values: [undefined, 0.25] },
  ]),
  [PROMETHEUS_QUERIES.memoryRequest]: matrix([]),
  [PROMETHEUS_QUERIES.cpuLimit]: matrix([
    { ns: 'shop', pod: 'db-0', values: [1, 1] },
  ]),
  [PROMETHEUS_QUERIES.memoryLimit]: matrix([]),
};

describe('PrometheusMetricsSource', () => {
  const source = (token?: string) =>
    new PrometheusMetricsSource({
      cluster: 'onprem',
      baseUrl: `${BASE}/`,
      token,
      logger,
    });

  it('rolls pods up to their workloads through ReplicaSets, per pod and per step', async () => {
    const auth: Array<string | null> = [];
    const rangeForms: URLSearchParams[] = [];
    const handler = async ({ request: req }: { request: Request }) => {
      auth.push(req.headers.get('authorization'));
      const form = new URLSearchParams(await req.text());
      const body = answers[form.get('query')!];
      if (!body)
        return HttpResponse.json(
          { status: 'error', errorType: 'bad_data', error: 'unexpected query' },
          { status: 400 },
        );
      if (req.url.endsWith('query_range')) {
        rangeForms.push(form);
      }
      return HttpResponse.json(body);
    };
    server.use(
      http.post(`${BASE}/api/v1/query`, handler),
      http.post(`${BASE}/api/v1/query_range`, handler),
    );
    const [result] = await source(TOKEN).readMetrics(request);
    expect(auth.every(a => a === `Bearer ${TOKEN}`)).toBe(true);
    expect(auth).toHaveLength(9);
    expect(rangeForms).toHaveLength(6);
    for (const form of rangeForms) {
      expect(form.get('step')).toBe('300s');
      expect(form.get('start')).toBe(
        String(Date.parse('2026-11-16T09:00:00Z') / 1000),
      );
    }
    expect(result).toMatchObject({ cluster: 'onprem', ok: true });
    const byName = Object.fromEntries(result.series.map(s => [s.workload, s]));
    expect(Object.keys(byName).sort()).toEqual(['api', 'db']);
    expect(byName.api).toMatchObject({
      kind: 'Deployment',
      usesPersistentVolumes: false,
    });
    expect(byName.db).toMatchObject({
      kind: 'StatefulSet',
      usesPersistentVolumes: true,
    });
    const [p0, p1] = byName.api.points;
    expect(p0.replicas).toBe(2);
    expect(p0.cpuUsageCores).toBeCloseTo(0.2); // (0.1 + 0.3) ÷ 2 pods
    expect(p0.memoryUsageBytes).toBeCloseTo(200e6);
    expect(p0.cpuRequestCores).toBeCloseTo(0.5);
    expect(p0.memoryRequestBytes).toBeUndefined();
    expect(p1.replicas).toBe(2);
    expect(p1.cpuUsageCores).toBeCloseTo(0.3); // (0.2 + 0.4) ÷ 2
    expect(p1.cpuRequestCores).toBeCloseTo(0.375);
    expect(byName.db.points[0].cpuLimitCores).toBe(1);
  });

  it('fails the cluster with a safe message when Prometheus refuses the token', async () => {
    server.use(
      http.post(
        `${BASE}/api/v1/*`,
        () => new HttpResponse('unauthorized', { status: 401 }),
      ),
    );
    const [result] = await source(TOKEN).readMetrics(request);
    expect(result).toEqual({
      cluster: 'onprem',
      ok: false,
      message: 'Prometheus refused the request (401): check the token',
      series: [],
    });
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(TOKEN);
  });

  it('passes on the query error Prometheus names', async () => {
    server.use(
      http.post(`${BASE}/api/v1/*`, () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'execution',
            error: 'query timed out in expression evaluation',
          },
          { status: 503 },
        ),
      ),
    );
    const [result] = await source().readMetrics(request);
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      'Prometheus query failed (503, execution): query timed out in expression evaluation',
    );
  });

  it('fails the cluster when Prometheus is unreachable', async () => {
    server.use(http.post(`${BASE}/api/v1/*`, () => HttpResponse.error()));
    const [result] = await source().readMetrics(request);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Prometheus unreachable/);
  });
});
