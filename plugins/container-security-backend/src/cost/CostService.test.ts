import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import {
  WorkloadMetricsRequest,
  WorkloadMetricsSource,
} from '@containersec/plugin-container-security-node';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { WorkloadStore } from '../workloads/WorkloadStore';
import { readCostConfig } from './config';
import { CostService } from './CostService';
import { DatabaseCostStore } from './DatabaseCostStore';

jest.setTimeout(60_000);
const databases = createTestDatabases();

const workload = (name: string, kind = 'Deployment'): WorkloadSummary => ({
  cluster: 'prod',
  namespace: 'shop',
  kind,
  name,
  labels: {},
  containers: [],
  source: 'k8s',
  observedAt: '2026-11-22T00:00:00Z',
});

const workloads = (items: WorkloadSummary[]): WorkloadStore => ({
  recordSync: jest.fn(),
  listWorkloads: async () => ({ items, totalCount: items.length }),
  listSourceStatuses: async () => [],
});

const points = Array.from({ length: 24 }, (_, i) => ({
  timestamp: new Date(
    Date.parse('2026-11-16T00:00:00Z') + i * 3600_000,
  ).toISOString(),
  cpuUsageCores: 0.1,
  memoryUsageBytes: 100 * 1024 ** 2,
  cpuRequestCores: 1,
  memoryRequestBytes: 1024 ** 3,
  replicas: 2,
}));

describe.each(databases.eachSupportedId())('CostService on %p', id => {
  it('pulls, takes the kind from the workload store, applies the capacity type and asks for known workloads', async () => {
    const knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    const seen: WorkloadMetricsRequest[] = [];
    const source: WorkloadMetricsSource = {
      id: 'fake',
      async readMetrics(request) {
        seen.push(request);
        return [
          {
            cluster: 'prod',
            ok: true,
            series: [
              {
                cluster: 'prod',
                namespace: 'shop',
                workload: 'api',
                periodSeconds: 3600,
                points,
              },
            ],
          },
        ];
      },
    };
    const config = readCostConfig(
      new ConfigReader({
        containerSecurity: {
          cost: {
            window: { days: 7 },
            period: { minutes: 15 },
            clusters: [{ name: 'prod', capacityType: 'fargate' }],
          },
        },
      }),
    );
    const store = DatabaseCostStore.create(knex);
    const service = new CostService({
      sources: [source],
      store,
      workloads: workloads([workload('api')]),
      config,
      logger: mockServices.logger.mock(),
    });
    const now = new Date('2026-11-22T12:00:00Z');
    await service.pull(now);
    expect(seen[0]).toEqual({
      start: new Date('2026-11-15T12:00:00Z'),
      end: now,
      periodSeconds: 900,
      workloads: [
        { cluster: 'prod', namespace: 'shop', kind: 'Deployment', name: 'api' },
      ],
    });
    const [stored] = await store.listCosts();
    expect(stored).toMatchObject({
      kind: 'Deployment',
      capacityType: 'fargate',
    });
    expect(stored.hints.map(h => h.type)).toContain('spot');
    expect(stored.hints.find(h => h.type === 'spot')!.suggested).toBe(
      'Fargate Spot',
    );
  });

  it('keeps the last figures of a source that throws, marked failed', async () => {
    const knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    let fail = false;
    const source: WorkloadMetricsSource = {
      id: 'flaky',
      async readMetrics() {
        if (fail) throw new TypeError('boom');
        return [
          {
            cluster: 'prod',
            ok: true,
            series: [
              {
                cluster: 'prod',
                namespace: 'shop',
                workload: 'api',
                periodSeconds: 3600,
                points,
              },
            ],
          },
        ];
      },
    };
    const store = DatabaseCostStore.create(knex);
    const service = new CostService({
      sources: [source],
      store,
      workloads: workloads([workload('api')]),
      config: readCostConfig(new ConfigReader({})),
      logger: mockServices.logger.mock(),
    });
    await service.pull(new Date('2026-11-22T10:00:00Z'));
    fail = true;
    await service.pull(new Date('2026-11-22T11:00:00Z'));
    expect(await store.listCosts()).toHaveLength(1);
    expect(await store.listSourceStatuses()).toEqual([
      {
        source: 'flaky',
        cluster: 'prod',
        ok: false,
        message: 'metrics source failed: TypeError',
        syncedAt: '2026-11-22T11:00:00.000Z',
        workloadCount: 1,
      },
    ]);
    const answer = await service.getEntityCost('component:default/api', [
      workload('api'),
      workload('api-cron', 'CronJob'),
    ]);
    expect(answer.workloads).toHaveLength(1);
    expect(answer.workloadsWithoutMetrics.map(w => w.name)).toEqual([
      'api-cron',
    ]);
    expect(answer.sources[0].ok).toBe(false);
  });
});

describe('readCostConfig', () => {
  it('defaults to 14 days of 5-minute periods, us-east-1 prices and no sources', () => {
    const config = readCostConfig(new ConfigReader({}));
    expect(config.windowMs).toBe(14 * 24 * 3600_000);
    expect(config.periodSeconds).toBe(300);
    expect(config.prices.ec2OnDemand.vcpuHour).toBe(0.0334);
    expect(config.cloudwatch).toEqual([]);
    expect(config.businessHours.timezone).toBe('UTC');
  });

  it('reads overrides and rejects bad values', () => {
    const config = readCostConfig(
      new ConfigReader({
        containerSecurity: {
          cost: {
            prices: { currency: 'EUR', ec2Spot: { vcpuHour: 0.01 } },
            businessHours: { timezone: 'Europe/Berlin', days: [1, 2, 3] },
            thresholds: { headroom: 1.5 },
            cloudwatch: {
              accounts: [
                {
                  accountId: '123456789012',
                  regions: ['eu-west-1'],
                  clusters: ['prod'],
                },
              ],
            },
          },
        },
      }),
    );
    expect(config.prices.currency).toBe('EUR');
    expect(config.prices.ec2Spot).toEqual({
      vcpuHour: 0.01,
      gibHour: 0.001464,
    });
    expect(config.businessHours.days).toEqual([1, 2, 3]);
    expect(config.thresholds).toEqual({ headroom: 1.5 });
    expect(config.cloudwatch[0].clusters).toEqual(['prod']);
    expect(() =>
      readCostConfig(
        new ConfigReader({
          containerSecurity: {
            cost: { businessHours: { timezone: 'Mars/Olympus' } },
          },
        }),
      ),
    ).toThrow(RangeError);
    expect(() =>
      readCostConfig(
        new ConfigReader({
          containerSecurity: { cost: { businessHours: { days: [0, 8] } } },
        }),
      ),
    ).toThrow('ISO weekdays');
    expect(() =>
      readCostConfig(
        new ConfigReader({
          containerSecurity: {
            cost: { clusters: [{ name: 'x', capacityType: 'gke' }] },
          },
        }),
      ),
    ).toThrow('ec2 or fargate');
  });
});
